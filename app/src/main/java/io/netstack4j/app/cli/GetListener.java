package io.netstack4j.app.cli;

import io.netstack4j.api.SocketAddress4;
import io.netstack4j.app.http.HttpFields;
import io.netstack4j.app.http.StatusLine;
import io.netstack4j.app.http.client.CloseReason;
import io.netstack4j.app.http.client.HttpClient;
import io.netstack4j.socket.dns.DnsResult;
import io.netstack4j.wire.Ipv4Address;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code get} shows on standard error: with {@code -v}, curl's way — {@code *} for the
 * connection's steps, {@code >} for the request head, {@code <} for the response head — and, when
 * standard error is a terminal and the body is large (or of unknown length), a progress bar redrawn
 * at most ten times a second.
 */
final class GetListener implements HttpClient.Listener {
    /** Bodies from this size on (or of unknown size) get a progress bar. */
    static final long LARGE = 1 << 20;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final boolean verbose;
    private final boolean progress;
    private long startNanos;
    private long lastDraw;
    private boolean drawn;

    GetListener(PrintStream err, boolean verbose, boolean progress) {
        this.err = err;
        this.verbose = verbose;
        this.progress = progress;
    }

    /** True if file descriptor 2 is a terminal (Linux: a link to /dev/pts/N or /dev/ttyN). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private void info(String s) {
        if (verbose) {
            err.println("* " + s);
        }
    }

    @Override
    public void resolving(String host) {
        info("resolving " + host);
    }

    @Override
    public void resolved(String host, Ipv4Address address, DnsResult.Source source, DnsResult result) {
        if (source == DnsResult.Source.LITERAL) {
            return;
        }
        info(host + " is " + address + " (" + switch (source) {
            case CACHE -> "from the resolver's cache";
            case HOSTS -> "from the hosts table";
            default -> "DNS answer from " + result.server() + (result.overTcp() ? " over TCP" : "") + ", "
                    + (result.completedAt() - result.startedAt()) / 1_000_000 + " ms";
        } + ")");
    }

    @Override
    public void socketCreated(int fd) {
        info("socket: descriptor " + fd);
    }

    @Override
    public void connecting(int fd, SocketAddress4 remote) {
        info("connecting to " + remote + " (SYN)");
    }

    @Override
    public void connected(int fd, SocketAddress4 local, SocketAddress4 remote) {
        info("connected " + local + " -> " + remote);
    }

    @Override
    public void connectionReused(int fd, SocketAddress4 local, SocketAddress4 remote, int previousRequests) {
        info("reusing connection " + local + " -> " + remote + " (descriptor " + fd + ", " + previousRequests
                + " request(s) on it so far)");
    }

    @Override
    public void requestHeadWritten(int fd, String head, int bytes) {
        if (verbose) {
            for (String line : head.split("\r\n", -1)) {
                if (!line.isEmpty()) {
                    err.println("> " + line);
                }
            }
            err.println(">");
        }
    }

    @Override
    public void requestBodyWritten(int fd, long bytes) {
        info("request body: " + bytes + " bytes written");
    }

    @Override
    public void responseStatus(int fd, StatusLine status) {
        if (verbose) {
            err.println("< " + status);
        }
    }

    @Override
    public void responseHeaders(int fd, HttpFields headers, int headBytes) {
        if (verbose) {
            for (HttpFields.Field f : headers.list()) {
                err.println("< " + f.name() + ": " + f.value());
            }
            err.println("<");
        }
        startNanos = System.nanoTime();
    }

    @Override
    public void bodyProgress(int fd, long received, long expected) {
        if (!progress || (expected >= 0 && expected < LARGE)) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && received != expected) {
            return;
        }
        lastDraw = now;
        drawn = true;
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        String rate = size(received / seconds) + "/s";
        if (expected > 0) {
            int width = 30;
            int filled = (int) (width * received / expected);
            err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                    + String.format(Locale.ROOT, "%3d%%", 100 * received / expected) + "  " + size(received) + " / "
                    + size(expected) + "  " + rate + "   ");
        } else {
            err.print("\r" + size(received) + "  " + rate + "   ");
        }
        err.flush();
    }

    /** Ends the progress line, if one was drawn. */
    void finishProgress() {
        if (drawn) {
            err.println();
            drawn = false;
        }
    }

    @Override
    public void responseComplete(int fd, int status, long bodyBytes) {
        info("response complete: " + bodyBytes + " body bytes");
    }

    @Override
    public void endOfStream(int fd) {
        info("the server closed its side: read reports the end of the stream");
    }

    @Override
    public void connectionKept(int fd, int idleConnections) {
        info("connection kept for reuse (descriptor " + fd + ")");
    }

    @Override
    public void connectionClosed(int fd, CloseReason reason) {
        info("connection closed (descriptor " + fd + ", " + reason.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")");
    }

    @Override
    public void retrying(int fd, String why) {
        info("the kept connection failed (" + why + "): sending again on a new one");
    }

    @Override
    public void redirected(int status, URI from, URI to, String method) {
        info("redirect " + status + ": " + method + " " + to);
    }

    static String size(double bytes) {
        if (bytes < 1024) {
            return String.format(Locale.ROOT, "%.0f B", bytes);
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024 * 1024));
    }
}
