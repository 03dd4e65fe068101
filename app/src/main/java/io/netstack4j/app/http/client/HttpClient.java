package io.netstack4j.app.http.client;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.Resolver;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.app.http.HeaderLimits;
import io.netstack4j.app.http.HttpFields;
import io.netstack4j.app.http.StatusLine;
import io.netstack4j.socket.dns.DnsResult;
import io.netstack4j.wire.Ipv4Address;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An HTTP/1.1 client (the story's browser) on a netstack4j host: URL → resolve (the stack's
 * {@link Resolver}; an address literal skips it) → socket → connect → write → read → close, on
 * {@link io.netstack4j.api.TcpSocket}. Persistent connections are kept in a small bounded pool per
 * origin and reused; redirects are followed up to a bound; connect, read and total timeouts.
 *
 * <pre>{@code
 * try (HttpClient client = HttpClient.builder(net).resolver(resolver).build();
 *      HttpResponse r = client.send(HttpRequest.get(URI.create("http://www.example.test/")))) {
 *     r.body().transferTo(out);              // streamed; the connection goes back to the pool
 * }
 * }</pre>
 *
 * <p>Errors: {@link io.netstack4j.api.ResolverException} or {@link java.net.UnknownHostException}
 * (name), {@link java.net.ConnectException} (refused, unreachable), {@link java.net.SocketTimeoutException}
 * (connect or read timeout; {@link TotalTimeoutException} for the total one),
 * {@link io.netstack4j.app.http.MalformedMessageException} for every malformed response,
 * {@link TooManyRedirectsException}, {@link UnsupportedUrlException}. Thread-safe; one thread per
 * request (blocking calls; virtual threads are fine).
 */
public final class HttpClient implements AutoCloseable {
    /**
     * The steps of a fetch, in the order of the story (DESIGN.md §1), for narration and {@code -v}.
     * Every method has a no-op default. Called on the requesting thread (or the reading thread, for
     * the body), in order for one connection; {@code fd} names the connection throughout. Calls
     * must be quick and must not throw; the per-chunk one, {@link #bodyProgress}, takes only
     * primitives.
     */
    public interface Listener {
        /** The resolver is asked for {@code host}'s address. */
        default void resolving(String host) {
        }

        /**
         * {@code host} is {@code address}: from {@code source} (LITERAL: the URL held an address, no
         * lookup; HOSTS; CACHE; DNS); {@code result} is the resolver's whole answer (null for a literal).
         */
        default void resolved(String host, Ipv4Address address, DnsResult.Source source, DnsResult result) {
        }

        /** {@code socket()} returned descriptor {@code fd}. */
        default void socketCreated(int fd) {
        }

        /** {@code connect()} starts: SYN to {@code remote}. */
        default void connecting(int fd, SocketAddress4 remote) {
        }

        /** The three-way handshake completed. */
        default void connected(int fd, SocketAddress4 local, SocketAddress4 remote) {
        }

        /** A kept connection is used again (no resolve, no handshake); {@code previousRequests} on it so far. */
        default void connectionReused(int fd, SocketAddress4 local, SocketAddress4 remote, int previousRequests) {
        }

        /** The request line and header fields were written ({@code head} as sent, {@code bytes} long). */
        default void requestHeadWritten(int fd, String head, int bytes) {
        }

        /** The request body was written. */
        default void requestBodyWritten(int fd, long bytes) {
        }

        /** A status line arrived (also an interim 1xx one). */
        default void responseStatus(int fd, StatusLine status) {
        }

        /** The response's header section arrived; {@code headBytes} counts the status line too. */
        default void responseHeaders(int fd, HttpFields headers, int headBytes) {
        }

        /** Body bytes read so far (decoded), and the announced total or -1. */
        default void bodyProgress(int fd, long received, long expected) {
        }

        /** The body ended (or there was none). */
        default void responseComplete(int fd, int status, long bodyBytes) {
        }

        /** {@code read} reported the end of the stream: the server closed its side (its FIN arrived). */
        default void endOfStream(int fd) {
        }

        /** The connection went into the pool for a later request; {@code idleConnections} now in it. */
        default void connectionKept(int fd, int idleConnections) {
        }

        /** The client closed the connection (its FIN, or a reset if data was left unread). */
        default void connectionClosed(int fd, CloseReason reason) {
        }

        /** A kept connection failed before any response byte; the request is sent again on a new one. */
        default void retrying(int fd, String why) {
        }

        /** A redirect is followed: {@code status} from {@code from}, now {@code method} {@code to}. */
        default void redirected(int status, URI from, URI to, String method) {
        }
    }

    private static final Listener NO_LISTENER = new Listener() {
    };

    private final NetStack net;
    private final Resolver resolver;
    private final Listener listener;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final long totalTimeoutMillis;
    private final Duration awaitServerClose;
    private final int maxRedirects;
    private final HeaderLimits limits;
    private final String userAgent;
    private final ConnectionPool pool;
    private final ScheduledExecutorService timer;
    private final Transfer transfer;

    private HttpClient(Builder b) {
        this.net = b.net;
        this.resolver = b.resolver;
        this.listener = b.listener;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.totalTimeoutMillis = b.totalTimeout.toMillis();
        this.awaitServerClose = b.awaitServerClose;
        this.maxRedirects = b.maxRedirects;
        this.limits = b.limits;
        this.userAgent = b.userAgent;
        this.pool = new ConnectionPool(b.maxIdle, b.maxIdlePerOrigin, b.idleTimeout.toNanos(), net.sockets(), listener);
        this.timer = totalTimeoutMillis > 0 ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "http-client-deadline");
            t.setDaemon(true);
            return t;
        }) : null;
        this.transfer = new Transfer(this);
    }

    public static Builder builder(NetStack net) {
        return new Builder(net);
    }

    /** GET {@code url}. */
    public HttpResponse get(String url) throws IOException {
        return send(HttpRequest.get(URI.create(url)));
    }

    /**
     * Sends {@code request}, follows redirects, and returns the final response once its head has
     * arrived; its body streams from the connection.
     */
    public HttpResponse send(HttpRequest request) throws IOException {
        Objects.requireNonNull(request, "request");
        Deadline deadline = new Deadline(timer, totalTimeoutMillis);
        List<URI> chain = new ArrayList<>();
        HttpRequest r = request;
        try {
            while (true) {
                HttpResponse response = transfer.exchange(r, deadline, chain);
                HttpRequest next = Redirects.follow(r, response.status(), response.headers());
                if (next == null || maxRedirects < 0) {
                    return response;
                }
                response.discard(64 * 1024);
                if (chain.size() == maxRedirects) {
                    throw new TooManyRedirectsException(maxRedirects, next.uri());
                }
                listener.redirected(response.status(), r.uri(), next.uri(), next.method());
                chain.add(r.uri());
                r = next;
            }
        } catch (IOException e) {
            deadline.cancel();
            throw deadline.translate(e);
        } catch (RuntimeException e) {
            deadline.cancel();
            throw e;
        }
    }

    /** Idle connections in the pool now. */
    public int idleConnections() {
        return pool.size();
    }

    /** Closes the idle connections; responses still open keep theirs until they end. */
    @Override
    public void close() {
        pool.closeAll();
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    // ---- for Transfer and ResponseBody ----

    NetStack net() {
        return net;
    }

    Resolver resolver() {
        return resolver;
    }

    Listener listener() {
        return listener;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration readTimeout() {
        return readTimeout;
    }

    HeaderLimits limits() {
        return limits;
    }

    String userAgent() {
        return userAgent;
    }

    ConnectionPool pool() {
        return pool;
    }

    /**
     * After a complete response: back to the pool, or closed. When the server was to close
     * ({@link CloseReason#SERVER_ASKED}, {@link CloseReason#CLIENT_ASKED}) the client first waits a
     * little for its FIN, so {@code read} reports the end before the client closes — the order of the
     * story's fourth phase, and no reset for bytes the server is still sending.
     */
    void release(Connection c, boolean keepAlive, CloseReason reason) throws IOException {
        if (keepAlive) {
            pool.offer(c, net.clock().nanos());
            return;
        }
        if (reason != CloseReason.BODY_UNTIL_CLOSE && !awaitServerClose.isZero() && !c.isClosed()) {
            try {
                c.socket.setSoTimeout(awaitServerClose);
                byte[] scratch = new byte[512];
                int n;
                long extra = 0;
                while ((n = c.in.read(scratch, 0, scratch.length)) > 0 && (extra += n) < 64 * 1024) {
                    // bytes after the response: dropped
                }
                if (n < 0) {
                    listener.endOfStream(c.fd);
                }
            } catch (IOException e) {
                // The server did not close in time, or reset: close from our side all the same.
            }
        }
        pool.close(c, reason);
    }

    /** Closes a connection that cannot be reused. */
    void discard(Connection c, CloseReason reason) {
        pool.close(c, reason);
    }

    /** Options; defaults in brackets. */
    public static final class Builder {
        private final NetStack net;
        private Resolver resolver;
        private Listener listener = NO_LISTENER;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration totalTimeout = Duration.ZERO;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration awaitServerClose = Duration.ofMillis(500);
        private int maxRedirects = 5;
        private int maxIdle = 4;
        private int maxIdlePerOrigin = 2;
        private HeaderLimits limits = HeaderLimits.DEFAULT;
        private String userAgent = "netstack4j/0.1";

        private Builder(NetStack net) {
            this.net = Objects.requireNonNull(net, "net");
        }

        /** The resolver for names [none: only address literals]. */
        public Builder resolver(Resolver v) {
            resolver = v;
            return this;
        }

        public Builder listener(Listener v) {
            listener = Objects.requireNonNull(v);
            return this;
        }

        /** How long a handshake may take [10 s]. */
        public Builder connectTimeout(Duration v) {
            connectTimeout = positive(v, "connectTimeout");
            return this;
        }

        /** How long a read may wait for the next bytes [30 s]. */
        public Builder readTimeout(Duration v) {
            readTimeout = positive(v, "readTimeout");
            return this;
        }

        /** Resolving, connecting, redirects, request, and the whole body [zero: no limit]. */
        public Builder totalTimeout(Duration v) {
            if (v.isNegative()) {
                throw new IllegalArgumentException("totalTimeout");
            }
            totalTimeout = v;
            return this;
        }

        /** How long a connection may stay idle in the pool [30 s]. */
        public Builder idleTimeout(Duration v) {
            idleTimeout = positive(v, "idleTimeout");
            return this;
        }

        /** How long to wait for the server's FIN after a response that closes the connection [500 ms; zero: don't]. */
        public Builder awaitServerClose(Duration v) {
            awaitServerClose = v.isNegative() ? Duration.ZERO : v;
            return this;
        }

        /** Redirects followed per request [5]; -1 follows none (the 3xx response is returned). */
        public Builder maxRedirects(int v) {
            if (v < -1 || v > 50) {
                throw new IllegalArgumentException("maxRedirects " + v);
            }
            maxRedirects = v;
            return this;
        }

        /** Idle connections kept, in all [4] and per origin [2]; 0 keeps none. */
        public Builder pool(int maxIdleConnections, int maxIdlePerOrigin) {
            if (maxIdleConnections < 0 || maxIdlePerOrigin < 0) {
                throw new IllegalArgumentException("pool bounds");
            }
            maxIdle = maxIdleConnections;
            this.maxIdlePerOrigin = maxIdlePerOrigin;
            return this;
        }

        public Builder headerLimits(HeaderLimits v) {
            limits = Objects.requireNonNull(v);
            return this;
        }

        public Builder userAgent(String v) {
            userAgent = Objects.requireNonNull(v);
            return this;
        }

        public HttpClient build() {
            return new HttpClient(this);
        }

        private static Duration positive(Duration v, String what) {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return v;
        }
    }
}
