package io.netstack4j.app.cli;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.Sockets;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The data path of {@code listen} and {@code connect}, as netcat's: standard input goes to the
 * peer and, at its end, the sending half is shut down (a FIN); what the peer sends goes to
 * standard output until its stream ends. Each direction runs on a virtual thread of its own and
 * moves up to {@value #BUFFER} bytes per call. {@link #run} returns when both directions are done,
 * or throws the first failure (a reset, a broken pipe) at once, without waiting for the other.
 */
final class StreamPipe {
    /** Bytes per read and write: large, so a bulk transfer costs few calls. */
    static final int BUFFER = 64 * 1024;

    private final Sockets sockets;
    private final int fd;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();

    StreamPipe(Sockets sockets, int fd) {
        this.sockets = sockets;
        this.fd = fd;
    }

    /** A failure on standard output (the reader went away): no socket error, but the end all the same. */
    static final class OutputClosed extends IOException {
        OutputClosed(String message) {
            super(message);
        }
    }

    /**
     * Moves bytes both ways until both directions are done.
     *
     * @throws SocketException the socket failed (reset, timed out, ...)
     * @throws IOException     standard input or output failed
     */
    void run(InputStream in, OutputStream out) throws IOException, InterruptedException {
        CompletableFuture<Void> up = new CompletableFuture<>();
        CompletableFuture<Void> down = new CompletableFuture<>();
        Thread.ofVirtual().name("pipe-up-fd" + fd).start(() -> complete(up, () -> send(in)));
        Thread.ofVirtual().name("pipe-down-fd" + fd).start(() -> complete(down, () -> receive(out)));
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        up.whenComplete((v, t) -> {
            if (t != null) {
                outcome.completeExceptionally(t);
            }
        });
        down.whenComplete((v, t) -> {
            if (t != null) {
                outcome.completeExceptionally(t);
            }
        });
        // Both done: success, or the failure (should it win the race against the handlers above).
        CompletableFuture.allOf(up, down).whenComplete((v, t) -> {
            if (t == null) {
                outcome.complete(null);
            } else {
                outcome.completeExceptionally(t instanceof CompletionException ce && ce.getCause() != null
                        ? ce.getCause() : t);
            }
        });
        try {
            outcome.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    private interface Work {
        void run() throws IOException;
    }

    private static void complete(CompletableFuture<Void> f, Work w) {
        try {
            w.run();
            f.complete(null);
        } catch (Throwable t) {
            f.completeExceptionally(t);
        }
    }

    private void send(InputStream in) throws IOException {
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = in.read(buf, 0, buf.length)) > 0) {
            sockets.write(fd, buf, 0, n);
            sent.addAndGet(n);
        }
        try {
            sockets.shutdown(fd, Sockets.SHUT_WR);   // the half-close: our FIN follows the data
        } catch (SocketException e) {
            if (e.errno() != Errno.ENOTCONN) {
                throw e;
            }
            // The connection is already gone (reset or closed by the peer): the receiving
            // direction reports how it ended, as netcat does.
        }
    }

    private void receive(OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = sockets.read(fd, buf, 0, buf.length)) > 0) {
            out.write(buf, 0, n);
            out.flush();
            if (out instanceof PrintStream ps && ps.checkError()) {
                throw new OutputClosed("standard output closed");
            }
            received.addAndGet(n);
        }
    }

    long sent() {
        return sent.get();
    }

    long received() {
        return received.get();
    }

    /**
     * After the descriptors are closed: waits (at most {@code millis}) until no connection of
     * {@code net} is still closing — our FIN acknowledged, the peer's acknowledged — so that leaving
     * the process does not strand the peer. TIME-WAIT entries do not count.
     */
    static void awaitClosed(NetStack net, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            try {
                if (net.loop().submit(now -> net.tcp().connectionCount()).get(1, TimeUnit.SECONDS) == 0) {
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                return;
            }
            Thread.sleep(10);
        }
    }

    /** The TCP connection table (TIME-WAIT included) and counters, for {@code -v}. */
    static List<String> tcpReport(NetStack net) {
        try {
            return net.loop().submit(now -> {
                List<String> lines = new java.util.ArrayList<>(net.tcp().describe());
                lines.add("tcp " + net.tcp().stats().snapshot());
                return lines;
            }).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return List.of("tcp: " + e.getMessage());
        }
    }
}
