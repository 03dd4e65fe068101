package io.netstack4j.app.http.server;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.Sockets;
import io.netstack4j.app.services.TcpAcceptor;
import io.netstack4j.socket.SocketException;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The story's web server: HTTP/1.1 serving one directory on a netstack4j host.
 *
 * <pre>{@code
 * try (HttpServer server = HttpServer.start(net, Path.of("site"), HttpServerConfig.DEFAULT.withPort(8080),
 *         new HttpServerListener() {
 *             public void requestCompleted(AccessLogEntry e) { System.out.println(e.toLine()); }
 *         })) {
 *     ...
 * }
 * }</pre>
 *
 * <p>It listens on the port of every address of the host through the host's {@link TcpAcceptor}: one
 * virtual thread per connection, at most {@link HttpServerConfig#maxConnections()} served at once (one
 * more is accepted and closed at once, and counted). What each connection does is in
 * {@link HttpConnection}; what it may serve, in {@link DocumentRoot}.
 */
public final class HttpServer implements AutoCloseable {
    private final NetStack net;
    private final DocumentRoot root;
    private final HttpServerConfig config;
    private final HttpServerListener listener;
    private final FormHandler forms;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final LongAdder requests = new LongAdder();
    private final LongAdder[] byClass = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
            new LongAdder()};
    private final LongAdder rejected = new LongAdder();
    private final LongAdder headerTimeouts = new LongAdder();
    private final LongAdder idleTimeouts = new LongAdder();
    private final LongAdder bodyBytes = new LongAdder();
    private final LongAdder internalErrors = new LongAdder();
    private volatile RuntimeException lastInternalError;
    private volatile boolean closed;
    /** Set once {@link TcpAcceptor#start} returns; a connection may be served before that (so not read there). */
    private volatile TcpAcceptor acceptor;

    private HttpServer(NetStack net, DocumentRoot root, HttpServerConfig config, HttpServerListener listener,
                       FormHandler forms) {
        this.net = net;
        this.root = root;
        this.config = config;
        this.listener = listener;
        this.forms = forms;
    }

    /**
     * Serves {@code dir} on {@link HttpServerConfig#port()} of every address of {@code net}.
     *
     * @param listener told what happens ({@link HttpServerListener#NONE} for nothing)
     * @throws SocketException          EADDRINUSE...
     * @throws IllegalArgumentException {@code dir} is not a directory
     */
    public static HttpServer start(NetStack net, Path dir, HttpServerConfig config, HttpServerListener listener)
            throws SocketException {
        return start(net, dir, config, listener, null);
    }

    /** As {@link #start(NetStack, Path, HttpServerConfig, HttpServerListener)}, with POST answered by {@code forms}. */
    public static HttpServer start(NetStack net, Path dir, HttpServerConfig config, HttpServerListener listener,
                                   FormHandler forms) throws SocketException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        HttpServer s = new HttpServer(net, new DocumentRoot(dir), config, listener, forms);
        s.acceptor = TcpAcceptor.start(net.sockets(), config.port(), config.backlog(), "http-" + config.port(), null,
                s::admit, s::serve);
        return s;
    }

    private boolean admit(int c) {
        int now = active.incrementAndGet();
        if (now > config.maxConnections()) {
            active.decrementAndGet();
            refused.incrementAndGet();
            listener.connectionRefused(c, now - 1);
            return false;
        }
        return true;
    }

    private void serve(int c) {
        try {
            new HttpConnection(this, c, ids.incrementAndGet()).serve();
        } finally {
            active.decrementAndGet();   // the acceptor closes the descriptor
        }
    }

    Sockets sockets() {
        return net.sockets();
    }

    HttpServerListener listener() {
        return listener;
    }

    /** The POST handler, or null. */
    FormHandler forms() {
        return forms;
    }

    public HttpServerConfig config() {
        return config;
    }

    public DocumentRoot root() {
        return root;
    }

    public int port() {
        return config.port();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Connections being served now. */
    public int activeConnections() {
        return active.get();
    }

    void countResponse(int status, long body) {
        requests.increment();
        int c = status / 100 - 1;
        if (c >= 0 && c < byClass.length) {
            byClass[c].increment();
        }
        bodyBytes.add(body);
    }

    void countRejected() {
        rejected.increment();
    }

    void countHeaderTimeout() {
        headerTimeouts.increment();
    }

    void countIdleTimeout() {
        idleTimeouts.increment();
    }

    void countInternalError(RuntimeException e) {
        internalErrors.increment();
        lastInternalError = e;
    }

    /** The last unexpected exception a connection ended with (a bug), or null. */
    public RuntimeException lastInternalError() {
        return lastInternalError;
    }

    /** A snapshot of the counters. */
    public Stats stats() {
        return new Stats(acceptor.accepted(), refused.get(), requests.sum(), byClass[1].sum(), byClass[2].sum(),
                byClass[3].sum(), byClass[4].sum(), rejected.sum(), headerTimeouts.sum(), idleTimeouts.sum(),
                bodyBytes.sum(), internalErrors.sum());
    }

    /**
     * Counters of an {@link HttpServer}.
     *
     * @param accepted       connections accepted (admitted or not)
     * @param refused        connections closed at once: {@link HttpServerConfig#maxConnections()} were being served
     * @param responses      responses written
     * @param status2xx      of them 2xx
     * @param status3xx      3xx (304)
     * @param status4xx      4xx
     * @param status5xx      5xx
     * @param rejected       requests refused for their head or framing (then the connection closed)
     * @param headerTimeouts connections cut off by the header timeout
     * @param idleTimeouts   connections closed for idling between requests
     * @param bodyBytes      response body octets written
     * @param internalErrors connections ended by an unexpected exception (a bug; none expected)
     */
    public record Stats(long accepted, long refused, long responses, long status2xx, long status3xx, long status4xx,
                        long status5xx, long rejected, long headerTimeouts, long idleTimeouts, long bodyBytes,
                        long internalErrors) {
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        closed = true;
        acceptor.close();
    }

    @Override
    public String toString() {
        return "http-server " + config.port() + " " + root.path();
    }
}
