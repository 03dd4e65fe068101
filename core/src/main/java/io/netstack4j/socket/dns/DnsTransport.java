package io.netstack4j.socket.dns;

import io.netstack4j.socket.tcp.TcpLayer;
import io.netstack4j.socket.udp.UdpEndpoint;
import io.netstack4j.socket.udp.UdpLayer;
import io.netstack4j.wire.Ipv4Address;

import java.io.IOException;
import java.util.Objects;

/**
 * How a {@link DnsClient} reaches its servers: one fresh socket per query, so that every query
 * leaves from its own random source port (RFC 5452 §9.2). {@link #udp} is the real one; tests
 * script their own. Used on the stack's thread only.
 *
 * <p>A transport may also open a TCP connection for the retry of a truncated answer
 * ({@link #openStream}, RFC 7766 §5); {@link #udpAndTcp} does. One that does not keeps the
 * default, and the client uses the truncated answer for what it holds.
 */
@FunctionalInterface
public interface DnsTransport {
    /**
     * A socket on a fresh ephemeral port (chosen at random, RFC 6056), associated with
     * {@code server:port}.
     *
     * @throws IOException if no socket can be had (no route, no free port)
     */
    DnsSocket open(Ipv4Address server, int port) throws IOException;

    /**
     * A TCP connection to {@code server:port}, being opened, that carries DNS messages each behind a
     * two-octet length (RFC 1035 §4.2.2, RFC 7766 §8): {@link DnsSocket#send} frames one message
     * (sent once the connection is up), {@link DnsSocket#receive(long)} returns whole messages, its
     * {@link Received#source()} the server; the end of the stream before a whole message, a reset or
     * a refused connection are {@link IOException}s.
     *
     * @throws IOException if no connection can be begun; the default: this transport has no TCP
     */
    default DnsSocket openStream(Ipv4Address server, int port, long now) throws IOException {
        throw new IOException("DNS over TCP is not available on this transport");
    }

    /** One query's socket. */
    interface DnsSocket {
        int localPort();

        /** Sends a query to the associated server. */
        void send(byte[] b, int off, int len, long now) throws IOException;

        /**
         * The next datagram that arrived, or {@code null}.
         *
         * @throws IOException a pending error, e.g. ICMP port unreachable from the server
         */
        Received receive() throws IOException;

        /** As {@link #receive()}, at {@code now} (a TCP socket also sends what waited for the connection). */
        default Received receive(long now) throws IOException {
            return receive();
        }

        /** {@code r} runs (on the stack's thread) when a datagram or an error may be waiting. */
        void onReadiness(Runnable r);

        void close();

        /** As {@link #close()}, at {@code now} (a TCP connection sends its FIN or RST then). */
        default void close(long now) {
            close();
        }
    }

    /** A datagram as received, with who sent it. */
    record Received(Ipv4Address source, int sourcePort, byte[] data) {
        public Received {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * Queries over {@code udp}: each socket is a {@link UdpEndpoint} bound to a random ephemeral
     * port and connected to the server, as a stub resolver does with {@code connect(2)}. The
     * connection makes UDP itself drop datagrams from other sources (counted there, with an ICMP
     * port unreachable, as Linux does) and reports the server's ICMP port unreachable as
     * ECONNREFUSED, so the client fails over at once; the client still checks the source itself.
     */
    /** The receive queue of a query's socket. */
    int QUERY_QUEUE_DATAGRAMS = 8;

    static DnsTransport udp(UdpLayer udp) {
        Objects.requireNonNull(udp, "udp");
        return (server, port) -> {
            // One answer is expected: a small queue (a few spoofed or repeated answers fit too, and
            // the rest are dropped and counted), so a lookup does not make a ring of the default size.
            UdpEndpoint e = udp.open(Math.min(QUERY_QUEUE_DATAGRAMS, udp.config().receiveQueueDatagrams()));
            try {
                e.bind(Ipv4Address.ANY, 0);
                e.connect(server, port);
            } catch (IOException ex) {
                e.close();
                throw ex;
            }
            return new DnsSocket() {
                @Override public int localPort() {
                    return e.localPort();
                }

                @Override public void send(byte[] b, int off, int len, long now) throws IOException {
                    e.send(b, off, len, now);
                }

                @Override public Received receive() throws IOException {
                    var d = e.receive();
                    return d == null ? null : new Received(d.source(), d.sourcePort(), d.data());
                }

                @Override public void onReadiness(Runnable r) {
                    e.onReadiness(r);
                }

                @Override public void close() {
                    e.close();
                }
            };
        };
    }

    /**
     * Queries over {@code udp} as {@link #udp}; the retry of a truncated answer over {@code tcp}
     * ({@link DnsTcpSocket}: a fresh connection per retry, from an ephemeral port).
     */
    static DnsTransport udpAndTcp(UdpLayer udp, TcpLayer tcp) {
        DnsTransport datagrams = udp(udp);
        Objects.requireNonNull(tcp, "tcp");
        return new DnsTransport() {
            @Override public DnsSocket open(Ipv4Address server, int port) throws IOException {
                return datagrams.open(server, port);
            }

            @Override public DnsSocket openStream(Ipv4Address server, int port, long now) throws IOException {
                return DnsTcpSocket.connect(tcp, server, port, now);
            }
        };
    }
}
