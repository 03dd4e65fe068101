package io.netstack4j.socket.tcp;

import io.netstack4j.iface.FrameSink;
import io.netstack4j.iface.Stack;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.LinkCapabilities;
import io.netstack4j.wire.ArpRepr;
import io.netstack4j.wire.Bytes;
import io.netstack4j.wire.Checksum;
import io.netstack4j.wire.EtherType;
import io.netstack4j.wire.EthernetRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MacAddress;
import io.netstack4j.wire.MalformedPacketException;
import io.netstack4j.wire.TcpPacket;
import io.netstack4j.wire.TcpRepr;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Scripted TCP tests with explicit times (DESIGN §4.2): host A (198.51.100.1) runs a {@link Stack}
 * with the TCP layer; the test plays peer B (198.51.100.2) by hand. A segment from B goes in as an
 * Ethernet + IPv4 frame at time t, followed by {@code endOfInputBurst(t)} as the loop does; what A
 * sends is parsed back with {@link TcpRepr} (checksum verified). Timers run only when the test moves
 * time with {@link #advance}, one deadline at a time, so each fires with its own deadline as "now".
 */
final class TcpHarness {
    static final long MS = 1_000_000L;
    static final long SEC = 1_000_000_000L;
    static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:00:0a");
    static final MacAddress MAC_B = MacAddress.parse("02:00:00:00:00:0b");
    static final Ipv4Address IP_A = Ipv4Address.parse("198.51.100.1");
    static final Ipv4Address IP_B = Ipv4Address.parse("198.51.100.2");
    static final Ipv4Address IP_C = Ipv4Address.parse("198.51.100.3");
    static final int A = IP_A.bits();
    static final int B = IP_B.bits();
    /** A's MSS on this link: MTU 1500 - 40. */
    static final int MSS = 1460;
    static final int ACK = TcpPacket.ACK;
    static final int SYN = TcpPacket.SYN;
    static final int FIN = TcpPacket.FIN;
    static final int RST = TcpPacket.RST;
    static final int PSH = TcpPacket.PSH;

    /**
     * A segment A sent, with the time and the IP destination, and the segment size it asked the link
     * to cut it into (TSO, {@link #offerSegmentation}), else 0.
     */
    record Out(TcpRepr seg, Ipv4Address dst, long at, int segmentSize) {
    }

    final Stack stack;
    final TcpLayer tcp;
    private final List<Out> out = new ArrayList<>();
    private int ipId = 1;

    TcpHarness() {
        this(TcpConfig.DEFAULT);
    }

    TcpHarness(TcpConfig config) {
        // B's ARP entry lives for a day, so nothing A sends waits behind ARP however far time runs.
        StackConfig sc = StackConfig.builder("a").mac(MAC_A).address("198.51.100.1/24")
                .arpReachableNanos(86_400 * SEC).arpStaleGcNanos(86_400 * SEC).build();
        stack = new Stack(sc, new FrameSink() {
            @Override
            public void transmit(byte[] b, int off, int len, long now) {
                record(b, off, len, 0, now);
            }

            @Override
            public void transmitSegmented(byte[] b, int off, int len, int segmentSize, long now) {
                record(b, off, len, segmentSize, now);
            }
        });
        tcp = TcpLayer.install(stack, config, new SplittableRandom(7));
        stack.start(0);
        for (Ipv4Address peer : List.of(IP_B, IP_C)) {
            byte[] f = new byte[14 + ArpRepr.LEN];
            new EthernetRepr(MacAddress.BROADCAST, MAC_B, EtherType.ARP).emit(f, 0);
            new ArpRepr(ArpRepr.REQUEST, MAC_B, peer, MacAddress.ZERO, IP_A).emit(f, 14);
            stack.receiveFrame(f, 0, f.length, 0);
        }
        out.clear();
    }

    /**
     * The link now offers segmentation offload (TSO) for IP packets of up to {@code maxBytes}: what A
     * hands down for cutting up is checked (checksum completed as the link would, then verified).
     */
    void offerSegmentation(int maxBytes) {
        stack.linkCapabilities(LinkCapabilities.basic(1500).withMaxSegmentationSize(maxBytes));
    }

    private void record(byte[] b, int off, int len, int segmentSize, long now) {
        try {
            EthernetRepr eth = EthernetRepr.parse(b, off, len);
            if (eth.etherType() != EtherType.IPV4) {
                return;   // ARP: not what these tests are about
            }
            Ipv4Repr ip = Ipv4Repr.parse(b, off + 14, len - 14);
            if (ip.protocol() != IpProtocol.TCP) {
                return;
            }
            assertEquals(IP_A, ip.source(), "A sends from its own address");
            int tcpAt = off + 14 + ip.headerLength();
            if (segmentSize > 0) {
                // What the link does (CHECKSUM_PARTIAL): the field holds the pseudo-header's folded
                // sum; the sum over the segment from there, complemented, goes in the field.
                Bytes.put16(b, tcpAt + 16, Checksum.finish(Checksum.add(b, tcpAt, ip.payloadLength(), 0)));
            }
            TcpRepr seg = TcpRepr.parse(b, off + 14 + ip.headerLength(), ip.payloadLength(), ip.source().bits(),
                    ip.destination().bits(), true);
            out.add(new Out(seg, ip.destination(), now, segmentSize));
        } catch (MalformedPacketException e) {
            throw new AssertionError("A sent a malformed segment: " + e);
        }
    }

    // ---- input ----

    /** B sends {@code seg} at {@code now}; the burst ends. */
    void in(TcpRepr seg, long now) {
        inFrom(IP_B, seg, now);
    }

    /** A segment from {@code src} (a peer on the link) at {@code now}; the burst ends. */
    void inFrom(Ipv4Address src, TcpRepr seg, long now) {
        inBytes(src, seg.emit(src.bits(), A), now);
    }

    /** Several segments from B in one input burst (one endOfInputBurst after them all). */
    void burst(long now, TcpRepr... segs) {
        for (TcpRepr s : segs) {
            frame(IP_B, s.emit(B, A), now);
        }
        stack.endOfInputBurst(now);
    }

    /** Raw TCP bytes (header and data, checksum as given) from {@code src}; the burst ends. */
    void inBytes(Ipv4Address src, byte[] tcpBytes, long now) {
        frame(src, tcpBytes, now);
        stack.endOfInputBurst(now);
    }

    private void frame(Ipv4Address src, byte[] tcpBytes, long now) {
        Ipv4Repr ip = Ipv4Repr.of(src, IP_A, IpProtocol.TCP, 64, ipId++, true, tcpBytes.length);
        byte[] f = new byte[14 + ip.totalLength()];
        new EthernetRepr(MAC_A, MAC_B, EtherType.IPV4).emit(f, 0);
        ip.emit(f, 14);
        System.arraycopy(tcpBytes, 0, f, 34, tcpBytes.length);
        stack.receiveFrame(f, 0, f.length, now);
    }

    // ---- output ----

    /** The oldest segment A sent and the test has not taken yet. */
    TcpRepr take() {
        return takeOut().seg();
    }

    Out takeOut() {
        assertFalse(out.isEmpty(), "expected a segment from A, none was sent");
        return out.removeFirst();
    }

    /** The oldest segment, which must have been sent at {@code at}. */
    TcpRepr takeAt(long at) {
        Out o = takeOut();
        assertEquals(at, o.at(), "sent at");
        return o.seg();
    }

    List<TcpRepr> takeAll() {
        List<TcpRepr> l = new ArrayList<>();
        for (Out o : out) {
            l.add(o.seg());
        }
        out.clear();
        return l;
    }

    int pending() {
        return out.size();
    }

    void expectNothing() {
        assertTrue(out.isEmpty(), () -> "expected nothing from A, got " + out);
    }

    // ---- time ----

    /**
     * Moves time to {@code to}, firing each due timer at its own deadline (as the loop does when it
     * wakes exactly at {@code poll}'s answer).
     */
    void advance(long to) {
        for (int i = 0; i < 100_000; i++) {
            long next = stack.timers().nextDeadline();
            if (next > to) {
                stack.poll(to);
                return;
            }
            stack.poll(next);
        }
        fail("timers keep firing before " + to);
    }

    /** The earliest of the connection's own deadlines (retransmit, persist, delayed ACK, keep-alive, give-up). */
    static long deadline(TcpConnection c) {
        return Math.min(Math.min(c.rtoAt, c.persistAt), Math.min(Math.min(c.delayedAckAt, c.keepAliveAt), c.giveUpAt));
    }

    // ---- building segments ----

    static TcpRepr seg(int sport, int dport, int seq, int ack, int flags, int window, byte[] data) {
        return TcpRepr.of(sport, dport, seq, ack, flags, window, data);
    }

    /** A SYN from B with an MSS option. */
    static TcpRepr syn(int sport, int dport, int seq, int mss, int window) {
        return new TcpRepr(sport, dport, seq, 0, SYN, window, 0, TcpRepr.Options.mss(mss), new byte[0]);
    }

    static byte[] data(int n) {
        byte[] d = new byte[n];
        for (int i = 0; i < n; i++) {
            d[i] = (byte) (i * 13 + 5);
        }
        return d;
    }

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    // ---- connections ----

    /**
     * One connection between A and B, with B's view of the sequence numbers: {@code peerSeq} is the
     * next sequence number B sends, {@code peerAck} the next it expects from A. The segment helpers
     * build B's segments from them (and move {@code peerSeq} past what they carry).
     */
    final class Conn {
        final TcpConnection c;
        final int localPort;
        final int peerPort;
        /** A's ISS and B's ISN. */
        final int iss;
        final int irs;
        int peerSeq;
        int peerAck;
        int peerWindow = 65535;

        Conn(TcpConnection c, int localPort, int peerPort, int iss, int irs) {
            this.c = c;
            this.localPort = localPort;
            this.peerPort = peerPort;
            this.iss = iss;
            this.irs = irs;
            this.peerSeq = irs + 1;
            this.peerAck = iss + 1;
        }

        /** A segment from B with the current numbers (not sent); does not move them. */
        TcpRepr seg(int flags, byte[] payload) {
            return TcpRepr.of(peerPort, localPort, peerSeq, peerAck, flags, peerWindow, payload);
        }

        /** B sends a bare ACK of {@code peerAck} at {@code now}. */
        void ack(long now) {
            in(seg(ACK, new byte[0]), now);
        }

        /** B acknowledges up to {@code ackNo} at {@code now}. */
        void ackUpTo(int ackNo, long now) {
            peerAck = ackNo;
            ack(now);
        }

        /** B sends data (ACK|PSH) at {@code now}. */
        void send(byte[] payload, long now) {
            TcpRepr s = seg(ACK | PSH, payload);
            peerSeq += payload.length;
            in(s, now);
        }

        /** B sends FIN|ACK at {@code now}. */
        void fin(long now) {
            TcpRepr s = seg(FIN | ACK, new byte[0]);
            peerSeq++;
            in(s, now);
        }

        /** Asserts {@code s} is from this connection's ports, to B. */
        TcpRepr check(TcpRepr s) {
            assertEquals(localPort, s.sourcePort(), "source port");
            assertEquals(peerPort, s.destinationPort(), "destination port");
            return s;
        }

        /** The next segment A sent, on this connection. */
        TcpRepr take() {
            return check(TcpHarness.this.take());
        }

        /** Asserts the next segment A sent is a bare ACK with these numbers. */
        TcpRepr expectAck(int seq, int ack) {
            TcpRepr s = take();
            assertEquals(ACK, s.flags(), () -> "a bare ACK expected: " + s);
            assertEquals(seq, s.seq(), "SEG.SEQ");
            assertEquals(ack, s.ack(), "SEG.ACK");
            assertEquals(0, s.payload().length);
            return s;
        }

        TcpState state() {
            return c.state();
        }
    }

    /**
     * Active open from A to B's {@code peerPort} at {@code now}, completed by B's SYN+ACK (ISN
     * {@code irs}, MSS {@code peerMss}) at {@code now + rtt}; A's ACK is taken and checked.
     */
    Conn activeOpen(int peerPort, int irs, int peerMss, long now, long rtt) throws Exception {
        TcpConnection c = tcp.open();
        c.connect(B, peerPort, now);
        TcpRepr synSeg = take();
        assertEquals(SYN, synSeg.flags());
        Conn k = new Conn(c, synSeg.sourcePort(), peerPort, synSeg.seq(), irs);
        in(new TcpRepr(peerPort, k.localPort, irs, k.iss + 1, SYN | ACK, 65535, 0, TcpRepr.Options.mss(peerMss),
                new byte[0]), now + rtt);
        k.expectAck(k.iss + 1, irs + 1);
        assertEquals(TcpState.ESTABLISHED, c.state());
        return k;
    }

    /** An established connection (A active, B's MSS 1460, RTT 10 ms) at t = 0 .. 10 ms. */
    Conn established() throws Exception {
        return activeOpen(5000, 1_000_000, MSS, 0, 10 * MS);
    }

    /**
     * Passive open on listener {@code l} (port {@code localPort}) by B from {@code peerPort}: SYN at
     * {@code now}, SYN+ACK checked, ACK at {@code now + rtt}; returns the accepted connection.
     */
    Conn passiveOpen(TcpListener l, int localPort, int peerPort, int irs, long now, long rtt) {
        in(syn(peerPort, localPort, irs, MSS, 65535), now);
        TcpRepr synAck = take();
        assertEquals(SYN | ACK, synAck.flags());
        assertEquals(irs + 1, synAck.ack());
        in(seg(peerPort, localPort, irs + 1, synAck.seq() + 1, ACK, 65535, new byte[0]), now + rtt);
        TcpConnection c = l.accept();
        assertTrue(c != null, "the accept queue holds the connection");
        return new Conn(c, localPort, peerPort, synAck.seq(), irs);
    }
}
