package io.netstack4j.socket.dns;

import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.tcp.TcpConnection;
import io.netstack4j.socket.tcp.TcpLayer;
import io.netstack4j.wire.Bytes;
import io.netstack4j.wire.Ipv4Address;

import java.io.IOException;

/**
 * DNS messages over one TCP connection of the stack (RFC 1035 §4.2.2, RFC 7766 §8): each message
 * behind a two-octet length in network order. Non-blocking, on the stack's thread: {@link #send}
 * frames a query and writes it once the connection is established (from {@link #receive(long)},
 * which the client calls whenever the connection's readiness says something changed); whole answers
 * come back from {@link #receive(long)}. The connection is the client's own, from an ephemeral port;
 * closing it sends a FIN (or a RST if the server sent more than was read).
 */
final class DnsTcpSocket implements DnsTransport.DnsSocket {
    private static final byte[] NOTHING = new byte[0];

    private final TcpConnection connection;
    private final Ipv4Address server;
    private final int port;
    /** The framed messages waiting for the connection or for room in its send buffer. */
    private byte[] out = NOTHING;
    private int outOff;
    /** The length prefix of the message being read, and how many of its two octets arrived. */
    private final byte[] prefix = new byte[2];
    private int prefixHave;
    /** The message being read (its length from the prefix), or null between messages. */
    private byte[] message;
    private int messageHave;
    private Runnable readiness;
    private boolean closed;
    /** The time of the last call that had one, for {@link #close()} without a time. */
    private long lastNow;

    private DnsTcpSocket(TcpConnection connection, Ipv4Address server, int port) {
        this.connection = connection;
        this.server = server;
        this.port = port;
    }

    /** Begins the connection to {@code server:port} (SYN sent); the answer comes through readiness. */
    static DnsTcpSocket connect(TcpLayer tcp, Ipv4Address server, int port, long now) throws IOException {
        TcpConnection c = tcp.open();
        DnsTcpSocket s = new DnsTcpSocket(c, server, port);
        s.lastNow = now;
        c.onReadiness(s::changed);
        try {
            c.connect(server.bits(), port, now);
        } catch (SocketException e) {
            c.close(now);
            throw e;
        }
        return s;
    }

    private void changed() {
        Runnable r = readiness;
        if (r != null && !closed) {
            r.run();
        }
    }

    @Override
    public int localPort() {
        return connection.localPort();
    }

    /** Queues one message behind its length and writes what the connection takes now. */
    @Override
    public void send(byte[] b, int off, int len, long now) throws IOException {
        if (closed) {
            throw new IOException("DNS over TCP to " + server + ": closed");
        }
        if (len > 0xFFFF) {
            throw new IOException("DNS message of " + len + " octets: longer than a TCP length prefix allows");
        }
        lastNow = now;
        byte[] framed = new byte[out.length - outOff + 2 + len];
        System.arraycopy(out, outOff, framed, 0, out.length - outOff);
        int at = out.length - outOff;
        Bytes.put16(framed, at, len);
        System.arraycopy(b, off, framed, at + 2, len);
        out = framed;
        outOff = 0;
        flush(now);
    }

    private void flush(long now) throws SocketException {
        while (outOff < out.length && connection.isConnected()) {
            int n = connection.write(out, outOff, out.length - outOff, now);
            if (n <= 0) {
                return;   // still connecting, or the send buffer is full: readiness brings us back
            }
            outOff += n;
        }
        if (outOff == out.length) {
            out = NOTHING;
            outOff = 0;
        }
    }

    @Override
    public DnsTransport.Received receive() throws IOException {
        return receive(lastNow);
    }

    /**
     * Writes what waited, then returns the next whole message, or null if none has arrived yet.
     *
     * @throws IOException the connection failed (refused, reset, timed out) or the server closed its
     *                     side before a whole message
     */
    @Override
    public DnsTransport.Received receive(long now) throws IOException {
        if (closed) {
            return null;
        }
        lastNow = now;
        flush(now);
        while (true) {
            if (message == null) {
                int n = connection.read(prefix, prefixHave, 2 - prefixHave, now);
                if (n == TcpConnection.WOULD_BLOCK) {
                    return null;
                }
                if (n == 0) {
                    throw new IOException("DNS over TCP: " + server + " closed the connection"
                            + (prefixHave == 0 ? " without an answer" : " inside a length prefix"));
                }
                prefixHave += n;
                if (prefixHave < 2) {
                    continue;
                }
                message = new byte[Bytes.u16(prefix, 0)];
                messageHave = 0;
                prefixHave = 0;
            }
            if (messageHave < message.length) {
                int n = connection.read(message, messageHave, message.length - messageHave, now);
                if (n == TcpConnection.WOULD_BLOCK) {
                    return null;
                }
                if (n == 0) {
                    throw new IOException("DNS over TCP: " + server + " closed the connection after "
                            + messageHave + " of " + message.length + " octets of an answer");
                }
                messageHave += n;
            }
            if (messageHave == message.length) {
                byte[] m = message;
                message = null;
                return new DnsTransport.Received(server, port, m);
            }
        }
    }

    /** Also runs {@code r} at once if the connection already failed (before anyone listened). */
    @Override
    public void onReadiness(Runnable r) {
        readiness = r;
        if (r != null && !closed && connection.error() != null) {
            r.run();
        }
    }

    @Override
    public void close() {
        close(lastNow);
    }

    @Override
    public void close(long now) {
        if (!closed) {
            closed = true;
            readiness = null;
            connection.close(now);
        }
    }

    @Override
    public String toString() {
        return "DNS over TCP " + connection;
    }
}
