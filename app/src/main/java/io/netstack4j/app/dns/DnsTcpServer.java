package io.netstack4j.app.dns;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.Sockets;
import io.netstack4j.app.services.TcpAcceptor;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.dns.DnsServer;
import io.netstack4j.wire.Bytes;
import io.netstack4j.wire.DnsMessage;

import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link DnsServer} on a TCP port (RFC 7766: a DNS server MUST answer over TCP as well as UDP),
 * written against the descriptor API: a listener, an accept loop on a virtual thread, and one virtual
 * thread per connection.
 *
 * <ul>
 *   <li>Every message on a connection is behind a two-octet length (RFC 1035 §4.2.2). A client may
 *       send several queries on one connection, one after the other or all at once without waiting
 *       (pipelined, RFC 7766 §6.2.1.1); they are answered in the order they came.</li>
 *   <li>The answers are made by the {@link DnsServer} on the stack's loop thread (it has one owner,
 *       as for UDP), with no UDP size limit: only the 65,535 octets a length can say.</li>
 *   <li>A length shorter than a DNS header or longer than {@link Config#maxQueryLength()}, a message
 *       that is not a query, or a stream that ends inside a message closes the connection; the server
 *       goes on serving the others.</li>
 *   <li>A connection idle for {@link Config#idleTimeoutMillis()} (no whole query, or an answer the
 *       client does not take) is closed (RFC 7766 §6.2.3: servers close idle connections).</li>
 *   <li>At most {@link Config#maxConnections()} connections are served at once; one more is
 *       accepted and closed at once, and counted.</li>
 * </ul>
 */
public final class DnsTcpServer implements AutoCloseable {
    /** The limits of a {@link DnsTcpServer}. */
    public record Config(int maxConnections, long idleTimeoutMillis, int maxQueryLength, int backlog) {
        /** 64 connections, 10 s idle, queries up to 4,096 octets, a backlog of 64. */
        public static final Config DEFAULT = new Config(64, 10_000, 4_096, 64);

        public Config {
            if (maxConnections < 1 || idleTimeoutMillis < 1 || backlog < 1) {
                throw new IllegalArgumentException("connections, idle timeout and backlog must be positive");
            }
            if (maxQueryLength < DnsMessage.HEADER_LEN || maxQueryLength > DnsServer.MAX_TCP_LEN) {
                throw new IllegalArgumentException("max query length " + maxQueryLength + " not in 12..65535");
            }
        }

        public Config withMaxConnections(int v) {
            return new Config(v, idleTimeoutMillis, maxQueryLength, backlog);
        }

        public Config withIdleTimeoutMillis(long v) {
            return new Config(maxConnections, v, maxQueryLength, backlog);
        }
    }

    /** How long a connection's thread waits for the loop to answer one query. */
    private static final long ANSWER_WAIT_MILLIS = 5_000;

    private final NetStack net;
    private final Sockets sockets;
    private final DnsServer server;
    private final Config config;
    private final int port;
    private final PrintStream log;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong queries = new AtomicLong();
    private final AtomicLong badLength = new AtomicLong();
    private final AtomicLong notQuery = new AtomicLong();
    private final AtomicLong cutShort = new AtomicLong();
    private final AtomicLong idleClosed = new AtomicLong();
    private TcpAcceptor acceptor;

    private DnsTcpServer(NetStack net, DnsServer server, Config config, int port, PrintStream log) {
        this.net = net;
        this.sockets = net.sockets();
        this.server = server;
        this.config = config;
        this.port = port;
        this.log = log;
    }

    /**
     * Listens on {@code port} of every address of {@code net} and serves {@code server} there. The
     * server is the one the UDP port uses, if any: it is only ever called on the loop thread.
     *
     * @param log where to report unexpected errors, or null
     * @throws SocketException EADDRINUSE...
     */
    public static DnsTcpServer start(NetStack net, DnsServer server, int port, Config config, PrintStream log)
            throws SocketException {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(config, "config");
        DnsTcpServer s = new DnsTcpServer(net, server, config, port, log);
        s.acceptor = TcpAcceptor.start(net.sockets(), port, config.backlog(), "dns-tcp-" + port, log, s::admit, s::serve);
        return s;
    }

    /** A connection over the limit is closed at once and counted. */
    private boolean admit(int c) {
        if (active.incrementAndGet() > config.maxConnections()) {
            active.decrementAndGet();
            refused.incrementAndGet();
            return false;
        }
        return true;
    }

    private void serve(int c) {
        try {
            sockets.setReceiveTimeout(c, config.idleTimeoutMillis());
            sockets.setSendTimeout(c, config.idleTimeoutMillis());
            exchange(c);
        } catch (SocketException e) {
            if (e.errno() == Errno.ETIMEDOUT) {
                idleClosed.incrementAndGet();
            } else if (!acceptor.isClosed() && e.errno() != Errno.EBADF && e.errno() != Errno.ENETDOWN
                    && e.errno() != Errno.ECONNRESET && e.errno() != Errno.EPIPE) {
                log("dns tcp " + port + ": " + e.getMessage());
            }
        } finally {
            active.decrementAndGet();   // the acceptor closes the connection
        }
    }

    /**
     * Reads length-prefixed queries and writes their answers in order until the client closes, a
     * message is malformed, or the connection idles too long. What arrives is buffered, so pipelined
     * queries are taken from one read; the buffer holds one longest query and its length.
     */
    private void exchange(int c) throws SocketException {
        byte[] buf = new byte[2 + config.maxQueryLength()];
        int have = 0;
        long partialSince = 0;   // when the incomplete message at the start of buf began to arrive
        long idleNanos = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMillis());
        while (!acceptor.isClosed()) {
            int pos = 0;
            while (have - pos >= 2) {
                int len = Bytes.u16(buf, pos);
                if (len < DnsMessage.HEADER_LEN || len > config.maxQueryLength()) {
                    badLength.incrementAndGet();
                    return;
                }
                if (have - pos - 2 < len) {
                    break;
                }
                byte[] response = answer(buf, pos + 2, len);
                if (response == null) {
                    notQuery.incrementAndGet();
                    return;
                }
                queries.incrementAndGet();
                byte[] framed = new byte[2 + response.length];
                Bytes.put16(framed, 0, response.length);
                System.arraycopy(response, 0, framed, 2, response.length);
                sockets.write(c, framed, 0, framed.length);
                pos += 2 + len;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, have - pos);
                have -= pos;
                partialSince = have > 0 ? System.nanoTime() : 0;
            }
            // A read waits at most the idle timeout; a message trickling in a little at a time is
            // bounded too, so a slow sender cannot hold a connection slot for ever.
            if (have > 0 && System.nanoTime() - partialSince > idleNanos) {
                idleClosed.incrementAndGet();
                return;
            }
            int n = sockets.read(c, buf, have, buf.length - have);
            if (n == 0) {
                if (have > 0) {
                    cutShort.incrementAndGet();
                }
                return;   // the client closed: done (RFC 7766 §6.2.3, the client may close first)
            }
            if (have == 0) {
                partialSince = System.nanoTime();
            }
            have += n;
        }
    }

    /** The server's answer to the query at {@code buf[off..off+len)}, made on the loop thread; null if none. */
    private byte[] answer(byte[] buf, int off, int len) throws SocketException {
        try {
            return net.loop().submit(now -> server.handle(buf, off, len, true))
                    .get(ANSWER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketException("dns", Errno.EINTR, "interrupted");
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            throw new SocketException("dns", Errno.ENETDOWN, "the stack did not answer: " + e);
        }
    }

    private void log(String line) {
        if (log != null) {
            log.println(line);
        }
    }

    public int port() {
        return port;
    }

    public Config config() {
        return config;
    }

    /** Connections being served now. */
    public int activeConnections() {
        return acceptor.openConnections();
    }

    /** A snapshot of the counters. */
    public Stats stats() {
        return new Stats(acceptor.accepted(), refused.get(), queries.get(), badLength.get(), notQuery.get(),
                cutShort.get(), idleClosed.get());
    }

    /**
     * Counters of a {@link DnsTcpServer}.
     *
     * @param accepted   connections accepted
     * @param refused    connections closed at once: {@link Config#maxConnections()} were being served
     * @param queries    queries answered
     * @param badLength  connections closed for a length prefix below a header or above the query limit
     * @param notQuery   connections closed for a message the server does not answer (a response)
     * @param cutShort   connections the client closed inside a message
     * @param idleClosed connections closed for idling past the timeout
     */
    public record Stats(long accepted, long refused, long queries, long badLength, long notQuery, long cutShort,
                        long idleClosed) {
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        acceptor.close();
    }

    @Override
    public String toString() {
        return "dns-server tcp " + port;
    }
}
