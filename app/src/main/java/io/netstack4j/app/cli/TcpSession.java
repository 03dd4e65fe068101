package io.netstack4j.app.cli;

import io.netstack4j.api.Sockets;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * What {@code listen} and {@code connect} share once they hold a connected descriptor: the pipe
 * between standard input/output and the peer, the one-line failure, the orderly end (the
 * connection closed and acknowledged before the host goes), and the {@code -v} report.
 */
final class TcpSession {
    /** Exit status of a failed transfer or connection (usage errors are 2, as picocli's). */
    static final int FAILED = 1;
    /** Set when a signal stops the command: the host is closing, failures from then on are expected. */
    private static volatile boolean stopping;

    /** How long the end of a command waits for its FIN to be acknowledged. */
    static final long CLOSE_WAIT_MILLIS = 3_000;

    private TcpSession() {
    }

    /**
     * Pipes {@code in}/{@code out} through {@code fd} until both directions are done, then closes
     * it and waits for the close to complete.
     *
     * @return the exit status: 0, or {@link #FAILED} after printing the reason on {@code err}
     */
    static int pipe(String command, RunningHost host, int fd, String peer, boolean verbose, InputStream in,
                    PrintStream out, PrintStream err) throws InterruptedException {
        Sockets sockets = host.net().sockets();
        StreamPipe pipe = new StreamPipe(sockets, fd);
        long start = System.nanoTime();
        try {
            pipe.run(in, out);
        } catch (IOException e) {
            if (stopping) {
                return FAILED;   // SIGINT/SIGTERM: the stack is closed under us, nothing to report
            }
            err.println("netstack4j " + command + ": " + peer + ": " + describe(e));
            return FAILED;
        } finally {
            try {
                sockets.close(fd);
            } catch (SocketException alreadyClosed) {
                // the host went first (Ctrl-C)
            }
        }
        StreamPipe.awaitClosed(host.net(), CLOSE_WAIT_MILLIS);
        if (verbose) {
            double seconds = (System.nanoTime() - start) / 1e9;
            err.printf("netstack4j %s: %s: sent %d bytes, received %d bytes in %.3f s (%.1f MB/s)%n", command, peer,
                    pipe.sent(), pipe.received(), seconds, (pipe.sent() + pipe.received()) / 1e6 / Math.max(seconds, 1e-9));
            report(host, err);
        }
        return 0;
    }

    static void report(RunningHost host, PrintStream err) {
        List<String> lines = new java.util.ArrayList<>(StreamPipe.tcpReport(host.net()));
        lines.addAll(host.linkReport());
        for (String l : lines) {
            err.println("  " + l);
        }
    }

    /** A one-line reason: "connection refused (ECONNREFUSED)"; other socket errors as their message. */
    static String describe(IOException e) {
        if (e instanceof SocketException se) {
            String what = switch (se.errno()) {
                case ECONNREFUSED -> "connection refused";
                case ETIMEDOUT -> "connection timed out";
                case ECONNRESET -> "connection reset by peer";
                case EPIPE -> "connection closed by peer (broken pipe)";
                case EHOSTUNREACH, ENETUNREACH -> "unreachable";
                default -> null;
            };
            return what == null ? se.getMessage() : what + " (" + se.errno().name() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** True for the errors a closed host gives its calls (Ctrl-C while waiting). */
    static boolean hostClosed(SocketException e) {
        return e.errno() == Errno.EBADF || e.errno() == Errno.ENETDOWN || e.errno() == Errno.EINTR;
    }

    /**
     * Closes {@code host} when the JVM is asked to stop (SIGINT/SIGTERM) while the command runs,
     * so the TAP device is released; returns the hook, to remove when the command ends normally.
     */
    static Thread closeOnSignal(RunningHost host) {
        Thread hook = new Thread(() -> {
            stopping = true;
            host.close();
        }, "netstack4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running
        }
    }
}
