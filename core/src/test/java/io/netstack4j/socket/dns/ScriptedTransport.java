package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsMessage;
import io.netstack4j.wire.DnsRecord;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MalformedPacketException;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A {@link DnsTransport} for unit tests: records every socket opened and every query sent; the test
 * plays the servers by delivering datagrams (or errors) to a socket by hand. With {@link #tcp} on, it
 * opens streams too ({@link Sock#stream}): the test then plays the TCP server the same way, a
 * delivered message standing for a whole length-prefixed message.
 */
final class ScriptedTransport implements DnsTransport {
    final List<Sock> opened = new ArrayList<>();
    /** Servers whose sockets cannot be opened or to which sending fails. */
    final Set<Ipv4Address> unreachable = new HashSet<>();
    /** Whether {@link #openStream} works (off: the interface's default, no TCP). */
    boolean tcp;
    /** Servers whose TCP connections cannot be begun. */
    final Set<Ipv4Address> tcpUnreachable = new HashSet<>();
    private int nextPort = 40_000;

    @Override
    public DnsSocket open(Ipv4Address server, int port) throws IOException {
        if (unreachable.contains(server)) {
            throw new IOException("connect: Network is unreachable (ENETUNREACH)");
        }
        Sock s = new Sock(server, port, nextPort++, false);
        opened.add(s);
        return s;
    }

    @Override
    public DnsSocket openStream(Ipv4Address server, int port, long now) throws IOException {
        if (!tcp) {
            return DnsTransport.super.openStream(server, port, now);
        }
        if (tcpUnreachable.contains(server)) {
            throw new IOException("connect: No route to host (EHOSTUNREACH)");
        }
        Sock s = new Sock(server, port, nextPort++, true);
        opened.add(s);
        return s;
    }

    /** The sockets opened as streams. */
    List<Sock> streams() {
        return opened.stream().filter(s -> s.stream).toList();
    }

    /** The most recently opened socket. */
    Sock last() {
        return opened.getLast();
    }

    /** Sockets still open. */
    List<Sock> open() {
        return opened.stream().filter(s -> !s.closed).toList();
    }

    final class Sock implements DnsSocket {
        final Ipv4Address server;
        final int serverPort;
        final int localPort;
        final boolean stream;
        final List<byte[]> sent = new ArrayList<>();
        final ArrayDeque<Object> inbox = new ArrayDeque<>();
        Runnable readiness;
        boolean closed;

        Sock(Ipv4Address server, int serverPort, int localPort, boolean stream) {
            this.server = server;
            this.serverPort = serverPort;
            this.localPort = localPort;
            this.stream = stream;
        }

        @Override public int localPort() {
            return localPort;
        }

        @Override public void send(byte[] b, int off, int len, long now) throws IOException {
            if (closed) {
                throw new IOException("closed");
            }
            sent.add(java.util.Arrays.copyOfRange(b, off, off + len));
        }

        @Override public Received receive() throws IOException {
            Object o = inbox.poll();
            if (o instanceof IOException e) {
                throw e;
            }
            return (Received) o;
        }

        @Override public void onReadiness(Runnable r) {
            readiness = r;
        }

        @Override public void close() {
            closed = true;
        }

        /** The last query sent on this socket, parsed. */
        DnsMessage query() {
            try {
                byte[] b = sent.getLast();
                return DnsMessage.parse(b, 0, b.length);
            } catch (MalformedPacketException e) {
                throw new AssertionError(e);
            }
        }

        /** Delivers {@code bytes} as if from {@code source:port}. */
        void deliver(Ipv4Address source, int port, byte[] bytes) {
            inbox.add(new Received(source, port, bytes));
            if (readiness != null) {
                readiness.run();
            }
        }

        /** Delivers an error (as an ICMP port unreachable on a connected socket would be). */
        void deliverError(IOException e) {
            inbox.add(e);
            if (readiness != null) {
                readiness.run();
            }
        }

        /** Answers from the server asked: the query's response with {@code rcode} and these sections, then edited. */
        void answer(int rcode, List<DnsRecord> answers, List<DnsRecord> authority, UnaryOperator<DnsMessage> edit) {
            DnsMessage r = edit.apply(query().response(rcode, false, answers, authority));
            deliver(server, serverPort, r.toBytes());
        }

        void answer(int rcode, List<DnsRecord> answers, List<DnsRecord> authority) {
            answer(rcode, answers, authority, m -> m);
        }
    }
}
