package io.netstack4j.app.demo;

import io.netstack4j.app.demo.WireLog.Packet;
import io.netstack4j.wire.ArpRepr;
import io.netstack4j.wire.DnsMessage;
import io.netstack4j.wire.DnsRdata;
import io.netstack4j.wire.DnsRecord;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.TcpPacket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * What each frame of a run is, told two ways: a label in a few symbols (tcpdump-like, the same in every
 * language: the narration's technical line, the ladder's arrows) and a sentence in the chosen language
 * (the narration under it, the capture's comment) — for TCP with why a segment left when it did (a
 * full MSS, {@code TCP_NODELAY}, Nagle's rule; RFC 9293 §3.7.4) and why one was sent again (the
 * retransmission timer, RFC 6298; three duplicate ACKs, RFC 5681 §3.2).
 */
final class FrameNotes {
    private final Narration n;
    private final WireLog wire;
    private final Topology network;

    FrameNotes(Narration n, WireLog wire, Topology network) {
        this.n = n;
        this.wire = wire;
        this.network = network;
    }

    /**
     * What a frame is, in a few symbols, and for IP its TTL as it crossed this LAN: the narration's technical
     * line and the first half of the capture's comment.
     */
    static String label(Packet p) {
        String what = what(p);
        return p.ip == null ? what : what + " TTL " + p.ttl;
    }

    private static String what(Packet p) {
        if (p.arp != null) {
            return p.arp.operation() == ArpRepr.REQUEST
                    ? "ARP who-has " + p.arp.targetProtocol() + " tell " + p.arp.senderProtocol()
                    : "ARP " + p.arp.senderProtocol() + " is-at " + p.arp.senderHardware();
        }
        if (p.dns != null) {
            boolean response = (p.dns.flags() & DnsMessage.FLAG_QR) != 0;
            String q = p.dns.questions().isEmpty() ? "?" : p.dns.questions().getFirst().name().toString();
            if (!response) {
                return String.format(Locale.ROOT, "UDP %d>53 DNS query id %d A? %s", p.udp.sourcePort(), p.dns.id(), q);
            }
            return String.format(Locale.ROOT, "UDP 53>%d DNS answer id %d %s A %s", p.udp.destinationPort(), p.dns.id(), q,
                    addresses(p.dns));
        }
        if (p.tcp != null) {
            StringBuilder sb = new StringBuilder("TCP ").append(flags(p.tcp.flags()));
            sb.append(" SEQ ").append(Integer.toUnsignedString(p.tcp.seq()));
            if (p.has(TcpPacket.ACK)) {
                sb.append(" ACK ").append(Integer.toUnsignedString(p.tcp.ack()));
            }
            sb.append(" LEN ").append(p.tcpLen).append(" WIN ").append(p.origin().window);
            if (p.tcp.options().mss() >= 0) {
                sb.append(" MSS ").append(p.tcp.options().mss());
            }
            if (p.has(TcpPacket.SYN) && p.tcp.options().windowScale() >= 0) {
                sb.append(" WS ").append(p.tcp.options().windowScale());
            }
            if (p.has(TcpPacket.SYN) && p.tcp.options().timestamps()) {
                sb.append(" TS");
            }
            return sb.toString();
        }
        if (p.ip != null) {
            return "IPv4 proto " + p.ip.protocol();
        }
        return "frame of " + p.bytes.length + " bytes";
    }

    static String flags(int f) {
        StringBuilder sb = new StringBuilder("[");
        if ((f & TcpPacket.SYN) != 0) {
            sb.append("SYN ");
        }
        if ((f & TcpPacket.FIN) != 0) {
            sb.append("FIN ");
        }
        if ((f & TcpPacket.RST) != 0) {
            sb.append("RST ");
        }
        if ((f & TcpPacket.PSH) != 0) {
            sb.append("PSH ");
        }
        if ((f & TcpPacket.ACK) != 0) {
            sb.append("ACK ");
        }
        return sb.toString().strip() + "]";
    }

    private static String addresses(DnsMessage m) {
        List<String> a = new ArrayList<>();
        for (DnsRecord r : m.answers()) {
            if (r.data() instanceof DnsRdata.A(Ipv4Address address)) {
                a.add(address.toString());
            }
        }
        return a.isEmpty() ? "(none)" : String.join(",", a);
    }

    private static long ttl(DnsMessage m) {
        return m.answers().isEmpty() ? 0 : m.answers().getFirst().ttl();
    }

    /** The narration of one frame: a sentence in the chosen language (the capture's comment). */
    String note(Packet p) {
        String s = sentence(p);
        if (p.lost()) {
            s += " " + n.t("lost");
        }
        return s;
    }

    private String sentence(Packet p) {
        if (p.arp != null) {
            return arp(p);
        }
        if (p.forwardOf != null) {
            return forwarded(p);
        }
        String s = segment(p);
        Packet firstVia = first(q -> q.from.equals(p.from) && q.ip != null && q.forwardedAs != null);
        if (firstVia == p) {
            s += " " + n.t("route.via", "host", p.from, "dst", p.ip.destination(), "gw", network.routerOn(p.lan).ip(),
                    "ttl", p.ttl);
        }
        return s;
    }

    /** ARP: the browser asking for its gateway, the router asking on its other LAN, or a host for a host. */
    private String arp(Packet p) {
        if (p.arp.operation() != ArpRepr.REQUEST) {
            return n.t("arp.reply", "host", p.from, "ip", p.arp.senderProtocol(), "mac", p.arp.senderHardware());
        }
        if (p.from.equals(Topology.ROUTER)) {
            return n.t("arp.request.router", "ip", p.arp.targetProtocol(), "lan", p.lan);
        }
        if (Topology.ROUTER.equals(p.to)) {
            return n.t("arp.request.gateway", "host", p.from, "ip", p.arp.targetProtocol());
        }
        return n.t("arp.request", "host", p.from, "ip", p.arp.targetProtocol());
    }

    /**
     * The router's copy of a datagram (RFC 1812 §5.2): told in full the first time on each LAN, briefly after;
     * both TTLs read from the two frames.
     */
    private String forwarded(Packet p) {
        Packet o = p.forwardOf;
        String to = p.to == null ? "?" : p.to;
        if (first(q -> q.forwardOf != null && q.lan.equals(p.lan)) == p) {
            return n.t("route.forward", "n", o.number, "to", to, "dst", p.ip.destination(), "lan", p.lan, "ttl0", o.ttl,
                    "ttl1", p.ttl, "mac", network.routerOn(p.lan).mac());
        }
        return n.t("route.forward.again", "n", o.number, "to", to, "ttl0", o.ttl, "ttl1", p.ttl);
    }

    private Packet first(Predicate<Packet> test) {
        for (Packet q : wire.packets) {
            if (test.test(q)) {
                return q;
            }
        }
        return null;
    }

    /** UDP (DNS) and TCP. */
    private String segment(Packet p) {
        if (p.dns != null) {
            boolean response = (p.dns.flags() & DnsMessage.FLAG_QR) != 0;
            String q = p.dns.questions().isEmpty() ? "?" : p.dns.questions().getFirst().name().toString();
            return response ? n.t("dns.answer", "name", q, "ip", addresses(p.dns), "ttl", ttl(p.dns))
                    : n.t("dns.query", "name", q, "port", p.udp.sourcePort(), "id", p.dns.id());
        }
        if (p.tcp == null) {
            return n.t("frame.other");
        }
        if (p.conn == null) {
            return p.has(TcpPacket.RST) ? n.t("tcp.rst") : n.t("frame.other");
        }
        String who = p.from;
        String peer = p.conn.host[1 - p.side];
        if (p.retransmit != WireLog.Retransmit.NONE) {
            String what = p.has(TcpPacket.SYN) ? "SYN" : p.tcpLen > 0
                    ? n.t("tcp.bytes", "from", p.relSeq, "to", p.relSeq + p.tcpLen - 1) : "FIN";
            return n.t(p.retransmit == WireLog.Retransmit.TIMER ? "tcp.retransmit.timer" : "tcp.retransmit.dupacks",
                    "host", who, "what", what, "seq", Integer.toUnsignedString(p.tcp.seq()));
        }
        if (p.has(TcpPacket.RST)) {
            return n.t("tcp.rst");
        }
        if (p.has(TcpPacket.SYN) && !p.has(TcpPacket.ACK)) {
            return n.t("tcp.syn", "host", who, "seq", Integer.toUnsignedString(p.tcp.seq()), "port", p.tcp.sourcePort(),
                    "dport", p.tcp.destinationPort(), "mss", p.tcp.options().mss(), "win", p.window);
        }
        if (p.has(TcpPacket.SYN)) {
            return n.t("tcp.synack", "host", who, "seq", Integer.toUnsignedString(p.tcp.seq()),
                    "ack", Integer.toUnsignedString(p.tcp.ack()), "mss", p.tcp.options().mss(), "win", p.window);
        }
        if (p.has(TcpPacket.FIN)) {
            String key = p.side == 1 ? "tcp.fin.server" : "tcp.fin.browser";
            return n.t(key, "host", who, "seq", Integer.toUnsignedString(p.tcp.seq()), "ack", Integer.toUnsignedString(p.tcp.ack()),
                    "rel", p.relAck - 1);
        }
        if (p.tcpLen > 0) {
            String why = switch (p.why) {
                case FULL_MSS -> n.t("why.mss", "mss", p.effectiveMss);
                case NODELAY -> n.t("why.nodelay");
                case NOTHING_IN_FLIGHT -> n.t("why.idle", "mss", p.effectiveMss);
                case AFTER_ACK -> n.t("why.nagle", "ack", p.ackBefore);
                case null -> "";
            };
            return n.t("tcp.data", "host", who, "bytes", p.tcpLen, "from", p.relSeq, "to", p.relSeq + p.tcpLen - 1,
                    "seq", Integer.toUnsignedString(p.tcp.seq()), "ack", Integer.toUnsignedString(p.tcp.ack()))
                    + (why.isEmpty() ? "" : " " + why);
        }
        if (p.relSeq == 1 && p.relAck == 1 && p.side == 0) {
            return n.t("tcp.ack3", "host", who, "ack", Integer.toUnsignedString(p.tcp.ack()));
        }
        if (p.duplicateAck > 0) {
            return n.t("tcp.dupack", "host", who, "n", p.duplicateAck, "rel", p.relAck);
        }
        if (p.windowUpdate) {
            return n.t("tcp.window.update", "host", who, "ack", Integer.toUnsignedString(p.tcp.ack()), "win", p.window);
        }
        // a FIN already counted: the ACK of a FIN
        Packet fin = finBefore(p);
        if (fin != null) {
            return n.t("tcp.ack.fin", "host", who, "peer", peer, "ack", Integer.toUnsignedString(p.tcp.ack()));
        }
        String ack = n.t("tcp.ack", "host", who, "ack", Integer.toUnsignedString(p.tcp.ack()), "rel", p.relAck - 1,
                "win", p.window);
        long delay = wire.ackDelay(p);
        if (delay >= DELAYED_ACK_SHOWN) {
            ack += " " + n.t("tcp.ack.delayed", "ms", String.format(Locale.ROOT, "%.1f", delay / 1e6));
        }
        return ack;
    }

    /** The peer's FIN that this pure ACK acknowledges, or null. */
    private Packet finBefore(Packet ack) {
        for (Packet q : wire.packets) {
            if (q.conn == ack.conn && q.side != ack.side && q.has(TcpPacket.FIN) && q.position < ack.position
                    && q.relSeq + q.seqSpace() == ack.relAck) {
                return q;
            }
        }
        return null;
    }

    /** An ACK held this long after its data arrived is told as a delayed ACK (the timer is 40 ms). */
    static final long DELAYED_ACK_SHOWN = 20_000_000L;
}
