package io.netstack4j.app.demo;

import io.netstack4j.link.Direction;
import io.netstack4j.wire.ArpRepr;
import io.netstack4j.wire.DnsMessage;
import io.netstack4j.wire.EtherType;
import io.netstack4j.wire.EthernetRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MalformedPacketException;
import io.netstack4j.wire.TcpPacket;
import io.netstack4j.wire.TcpRepr;
import io.netstack4j.wire.UdpRepr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The frames of a run as the wires carried them: each frame once on each LAN it crossed, from the host (or
 * the router) that sent it there, with those that received it (none: lost on the wire), parsed; the
 * router's copy of a datagram linked to the one it forwarded, whose TTL was one more; and for TCP the facts a narration needs —
 * sequence and ACK numbers (absolute and relative to each side's ISN), what was sent again and why,
 * duplicate ACKs, and why a segment left when it did (a full MSS, the send-now option, Nagle's rule).
 * Everything here is computed from the recorded frames, in the order they were recorded.
 */
final class WireLog {
    /** Why a TCP data segment left when it did. */
    enum Why { FULL_MSS, NODELAY, NOTHING_IN_FLIGHT, AFTER_ACK }

    /** Why a segment was sent again. */
    enum Retransmit { NONE, TIMER, DUPLICATE_ACKS }

    /** One frame on the wire. */
    static final class Packet {
        int number;               // 1-based, as in the capture
        int position;             // the sending's place in the event list
        String from;
        String lan;               // the LAN it crossed
        String to;                // the host it is for (an ARP request: the one asked about), or null
        boolean broadcast;
        final Set<String> receivedBy = new LinkedHashSet<>();
        long rxNanos = -1;        // when the host at the far end (the IP destination) received it
        int ttl = -1;             // the IP header's TTL as it crossed this LAN
        Packet forwardOf;         // the router's copy of this packet, sent on from the other LAN
        Packet forwardedAs;       // the router's copy of this one
        long nanos;
        byte[] bytes;
        // what it is
        ArpRepr arp;
        Ipv4Repr ip;
        UdpRepr udp;
        DnsMessage dns;
        TcpRepr tcp;
        int tcpLen;               // data octets
        Conn conn;
        int side = -1;            // 0 client, 1 server
        long relSeq;
        long relAck;
        long window;              // the window in octets (scaled)
        Retransmit retransmit = Retransmit.NONE;
        int duplicateAck;         // n-th duplicate of an ACK, or 0
        boolean windowUpdate;     // the same ACK again with another window
        Why why;
        long ackBefore = -1;      // for AFTER_ACK: the relative ACK that let it go
        int ackArrived = -1;      // where in the event list the last ACK that moved SND.UNA arrived, before this was sent
        int effectiveMss;

        boolean delivered() {
            return to == null ? !receivedBy.isEmpty() : receivedBy.contains(to);
        }

        boolean lost() {
            return !delivered();
        }

        boolean has(int flag) {
            return tcp != null && (tcp.flags() & flag) != 0;
        }

        /** The packet as its first sender sent it: itself, or for the router's copy, the one it forwarded. */
        Packet origin() {
            return forwardOf == null ? this : forwardOf;
        }

        /** Sequence space taken: data, plus one for SYN and one for FIN. */
        int seqSpace() {
            return tcpLen + (has(TcpPacket.SYN) ? 1 : 0) + (has(TcpPacket.FIN) ? 1 : 0);
        }
    }

    /** A TCP connection, side 0 the one that sent the first SYN. */
    static final class Conn {
        final String[] host = new String[2];
        final int[] port = new int[2];
        final long[] isn = new long[2];
        final boolean[] haveIsn = new boolean[2];
        final int[] mss = {536, 536};
        final int[] wscale = {-1, -1};
        final boolean[] timestamps = new boolean[2];
        final boolean[] nodelay = new boolean[2];
        final long[] sndMax = new long[2];
        final long[] una = new long[2];
        final long[] lastAckSent = {-1, -1};
        final long[] lastWindowSent = {-1, -1};
        final int[] dupSent = new int[2];
        final int[] dupReceived = new int[2];
        final long[] lastAckReceived = {-1, -1};
        final int[] unaMovedAt = {-1, -1};
        int number;

        /** Data octets per segment side {@code s} may send: the peer's MSS less the timestamps option. */
        int effectiveMss(int s) {
            return mss[1 - s] - (timestamps[0] && timestamps[1] ? 12 : 0);
        }

        boolean scaling() {
            return wscale[0] >= 0 && wscale[1] >= 0;
        }
    }

    final List<Packet> packets = new ArrayList<>();
    final List<Conn> conns = new ArrayList<>();
    /** For each event-list position holding a sent frame, its packet. */
    final Map<Integer, Packet> byPosition = new HashMap<>();
    private final Topology network;
    /** The only host whose adapter was watched, or null (see {@link Topology#watchedAlone()}). */
    private final String alone;

    /**
     * @param nodelay hosts whose sockets set TCP_NODELAY (known from the applications)
     */
    WireLog(Topology network, List<DemoEvents.Item> items, Set<String> nodelay) {
        this.network = network;
        this.alone = network.watchedAlone();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof DemoEvents.Frame f)) {
                continue;
            }
            if (alone != null) {
                seenAlone(f, i, nodelay);
            } else if (f.dir() == Direction.TX) {
                Packet p = parse(f, i);
                p.number = packets.size() + 1;
                if (p.from.equals(Topology.ROUTER) && p.ip != null) {
                    forwarded(p);
                }
                packets.add(p);
                byPosition.put(i, p);
                if (p.tcp != null && p.forwardOf == null) {
                    sent(p, nodelay);
                }
            } else {
                Packet p = match(f);
                if (p != null) {
                    p.receivedBy.add(f.host());
                    Packet o = p.origin();
                    if (o.ip != null && f.host().equals(network.nameOf(o.ip.destination()))) {
                        o.rxNanos = f.nanos();
                    }
                    if (o.conn != null && f.host().equals(o.conn.host[1 - o.side])) {
                        received(o, i);
                    }
                }
            }
        }
    }

    /**
     * A frame where only one host's adapter was watched (a TAP device): what it sent, and what it received
     * standing for what the other side sent, taken as delivered (nobody else saw it). Frames that are
     * neither IPv4 nor ARP (the kernel's IPv6 chatter on the link) are not part of the story and left out.
     */
    private void seenAlone(DemoEvents.Frame f, int position, Set<String> nodelay) {
        Packet p = parse(f, position);
        if (p.ip == null && p.arp == null) {
            return;
        }
        boolean rx = f.dir() == Direction.RX;
        if (rx) {
            p.from = p.ip != null ? nameOrAddress(p.ip.source()) : nameOrAddress(p.arp.senderProtocol());
            p.rxNanos = f.nanos();
        }
        if (p.ip != null) {
            p.to = nameOrAddress(p.ip.destination());   // one LAN: the host it is for (the kernel answers for all its addresses)
        } else if (p.to == null) {
            p.to = nameOrAddress(p.arp.targetProtocol());
        }
        p.number = packets.size() + 1;
        packets.add(p);
        byPosition.put(position, p);
        p.receivedBy.add(rx ? alone : p.to);
        if (p.tcp != null) {
            sent(p, nodelay);
            if (rx && p.why != Why.FULL_MSS) {
                p.why = null;   // the kernel's reasons for a short segment are not seen from here
            }
            if (p.conn != null) {
                received(p, position);
            }
        }
    }

    private String nameOrAddress(io.netstack4j.wire.Ipv4Address ip) {
        String name = network.nameOf(ip);
        return name != null ? name : ip.toString();
    }

    /** The earliest sent frame with the same bytes that {@code f.host()} has not received yet. */
    private Packet match(DemoEvents.Frame f) {
        for (Packet p : packets) {
            if (p.lan.equals(f.lan()) && !p.from.equals(f.host()) && !p.receivedBy.contains(f.host())
                    && Arrays.equals(p.bytes, f.bytes())) {
                return p;
            }
        }
        return null;
    }

    private Packet parse(DemoEvents.Frame f, int position) {
        Packet p = new Packet();
        p.position = position;
        p.from = f.host();
        p.lan = f.lan();
        p.nanos = f.nanos();
        p.bytes = f.bytes();
        byte[] b = f.bytes();
        try {
            EthernetRepr eth = EthernetRepr.parse(b, 0, b.length);
            p.broadcast = eth.destination().isBroadcast();
            p.to = network.nameOf(eth.destination());
            int off = EthernetRepr.HEADER_LEN;
            if (eth.etherType() == EtherType.ARP) {
                p.arp = ArpRepr.parse(b, off, b.length - off);
                if (p.broadcast) {
                    p.to = network.nameOf(p.arp.targetProtocol());
                }
            } else if (eth.etherType() == EtherType.IPV4) {
                p.ip = Ipv4Repr.parse(b, off, b.length - off);
                p.ttl = p.ip.ttl();
                int l4 = off + p.ip.headerLength();
                int l4len = p.ip.totalLength() - p.ip.headerLength();
                if (p.ip.protocol() == IpProtocol.UDP) {
                    p.udp = UdpRepr.parse(b, l4, l4len, p.ip.source(), p.ip.destination());
                    if (p.udp.sourcePort() == DnsMessage.PORT || p.udp.destinationPort() == DnsMessage.PORT) {
                        p.dns = DnsMessage.parse(b, l4 + UdpRepr.HEADER_LEN, p.udp.length() - UdpRepr.HEADER_LEN);
                    }
                } else if (p.ip.protocol() == IpProtocol.TCP) {
                    p.tcp = TcpRepr.parse(b, l4, l4len, p.ip.source().bits(), p.ip.destination().bits(), true);
                    p.tcpLen = p.tcp.payload().length;
                }
            }
        } catch (MalformedPacketException | RuntimeException e) {
            // shown as an unparsed frame
        }
        return p;
    }

    /**
     * If the router sent {@code p} on from a datagram it received (the same datagram, one TTL less: RFC 1812
     * §5.3.1), links the two. A datagram of the router's own (an ICMP error, an echo reply) stays unlinked.
     */
    private void forwarded(Packet p) {
        for (Packet q : packets) {
            if (q.forwardedAs == null && q.ip != null && q.receivedBy.contains(Topology.ROUTER)
                    && !q.lan.equals(p.lan) && q.ttl == p.ttl + 1 && sameDatagram(q, p)) {
                q.forwardedAs = p;
                p.forwardOf = q;
                return;
            }
        }
    }

    /** The same addresses, identification and payload (only TTL and checksum change on the way). */
    private static boolean sameDatagram(Packet a, Packet b) {
        if (!a.ip.source().equals(b.ip.source()) || !a.ip.destination().equals(b.ip.destination())
                || a.ip.identification() != b.ip.identification() || a.ip.totalLength() != b.ip.totalLength()) {
            return false;
        }
        int from = EthernetRepr.HEADER_LEN + a.ip.headerLength();
        int to = EthernetRepr.HEADER_LEN + a.ip.totalLength();
        return to <= a.bytes.length && to <= b.bytes.length && Arrays.equals(a.bytes, from, to, b.bytes, from, to);
    }

    private Conn conn(Packet p) {
        String src = p.from;
        String dst = network.nameOf(p.ip.destination());
        String dstName = dst == null ? p.ip.destination().toString() : dst;
        for (Conn c : conns) {
            for (int s = 0; s < 2; s++) {
                if (c.host[s].equals(src) && c.port[s] == p.tcp.sourcePort() && c.host[1 - s].equals(dstName)
                        && c.port[1 - s] == p.tcp.destinationPort()) {
                    p.side = s;
                    return c;
                }
            }
        }
        if (p.has(TcpPacket.SYN) && !p.has(TcpPacket.ACK)) {
            Conn c = new Conn();
            c.host[0] = src;
            c.port[0] = p.tcp.sourcePort();
            c.host[1] = dstName;
            c.port[1] = p.tcp.destinationPort();
            c.number = conns.size() + 1;
            conns.add(c);
            p.side = 0;
            return c;
        }
        return null;
    }

    private void sent(Packet p, Set<String> nodelay) {
        Conn c = conn(p);
        if (c == null) {
            return;   // a segment of no connection we saw open (a reset): shown, not analysed
        }
        p.conn = c;
        int s = p.side;
        c.nodelay[s] = nodelay.contains(p.from);
        TcpRepr t = p.tcp;
        if (p.has(TcpPacket.SYN) && !c.haveIsn[s]) {
            c.isn[s] = Integer.toUnsignedLong(t.seq());
            c.haveIsn[s] = true;
            if (t.options().mss() >= 0) {
                c.mss[s] = t.options().mss();
            }
            c.wscale[s] = t.options().windowScale();
            c.timestamps[s] = t.options().timestamps();
        }
        p.relSeq = rel(t.seq(), c.isn[s]);
        p.relAck = p.has(TcpPacket.ACK) && c.haveIsn[1 - s] ? rel(t.ack(), c.isn[1 - s]) : -1;
        p.window = p.has(TcpPacket.SYN) || !c.scaling() ? t.window() : (long) t.window() << c.wscale[s];
        p.effectiveMss = c.effectiveMss(s);
        long end = p.relSeq + p.seqSpace();
        if (p.seqSpace() > 0 && end <= c.sndMax[s] && c.haveIsn[s] && !(p.has(TcpPacket.SYN) && c.sndMax[s] == 0)) {
            p.retransmit = c.dupReceived[s] >= 3 ? Retransmit.DUPLICATE_ACKS : Retransmit.TIMER;
        } else if (p.has(TcpPacket.SYN) && c.sndMax[s] > 0) {
            p.retransmit = Retransmit.TIMER;
        }
        if (p.tcpLen > 0 && p.retransmit == Retransmit.NONE) {
            if (p.tcpLen >= p.effectiveMss) {
                p.why = Why.FULL_MSS;
            } else if (c.nodelay[s]) {
                p.why = Why.NODELAY;
            } else if (c.una[s] >= p.relSeq) {
                p.why = Why.NOTHING_IN_FLIGHT;
                p.ackBefore = c.una[s];
                p.ackArrived = c.unaMovedAt[s];
            } else {
                p.why = Why.AFTER_ACK;
                p.ackBefore = c.lastAckReceived[s];
            }
        }
        c.sndMax[s] = Math.max(c.sndMax[s], end);
        if (p.has(TcpPacket.ACK) && p.tcpLen == 0 && !p.has(TcpPacket.SYN) && !p.has(TcpPacket.FIN)
                && !p.has(TcpPacket.RST)) {
            if (p.relAck == c.lastAckSent[s] && p.window == c.lastWindowSent[s]) {
                p.duplicateAck = ++c.dupSent[s];   // RFC 5681 §2: same ACK, same window, no data
            } else if (p.relAck == c.lastAckSent[s]) {
                p.windowUpdate = true;
            } else {
                c.dupSent[s] = 0;
            }
        }
        if (p.has(TcpPacket.ACK)) {
            c.lastAckSent[s] = p.relAck;
            c.lastWindowSent[s] = p.window;
        }
    }

    /** A segment reached the other side: its ACK tells that side what got through. */
    private void received(Packet p, int position) {
        Conn c = p.conn;
        int r = 1 - p.side;
        if (!p.has(TcpPacket.ACK) || p.relAck < 0) {
            return;
        }
        if (p.relAck > c.una[r]) {
            c.una[r] = p.relAck;
            c.dupReceived[r] = 0;
            c.unaMovedAt[r] = position;
        } else if (p.duplicateAck > 0) {
            c.dupReceived[r]++;
        }
        c.lastAckReceived[r] = p.relAck;
    }

    private static long rel(int seq, long isn) {
        return (Integer.toUnsignedLong(seq) - isn) & 0xFFFF_FFFFL;
    }

    /**
     * How long {@code ack}'s sender held it after the data it acknowledges arrived (nanoseconds), or -1:
     * the delayed-ACK timer shows here.
     */
    long ackDelay(Packet ack) {
        if (ack.conn == null || ack.relAck <= 0) {
            return -1;
        }
        Packet last = null;
        for (Packet p : packets) {
            if (p.conn == ack.conn && p.side != ack.side && p.tcpLen > 0 && p.position < ack.position
                    && p.relSeq + p.tcpLen == ack.relAck && p.rxNanos >= 0) {
                last = p;
            }
        }
        return last == null ? -1 : ack.nanos - last.rxNanos;
    }

    /** The packets of TCP connection {@code c}. */
    List<Packet> of(Conn c) {
        return packets.stream().filter(p -> p.conn == c).toList();
    }
}
