package io.netstack4j.app.demo;

import io.netstack4j.app.demo.DemoEvents.Event;
import io.netstack4j.app.demo.DemoEvents.Frame;
import io.netstack4j.app.demo.DemoEvents.Item;
import io.netstack4j.app.demo.DemoEvents.Kind;
import io.netstack4j.app.demo.WireLog.Packet;
import io.netstack4j.link.Direction;
import io.netstack4j.wire.TcpPacket;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The narration itself: the hosts, then the story's list in order — each phase's heading and text when
 * its first step or frame comes, each application step, each frame's technical line with its sentence
 * ({@link FrameNotes}), MSS explained after the handshake, how a write was cut into segments — and at the
 * end TIME-WAIT, the tables and the counters ({@link Tables}).
 */
final class StoryTeller {
    private final Narration n;
    private final WireLog wire;
    private final FrameNotes notes;
    private final double loss;
    private final long seed;
    private long t0;
    private boolean routed = true;
    private boolean aloneWatched;
    private Map<Item, Packet> movedBefore = Map.of();
    /** The browser's connection of each descriptor, and the bytes written on each connection so far. */
    private final Map<Integer, WireLog.Conn> browserConn = new HashMap<>();
    private final Map<WireLog.Conn, Long> browserWritten = new IdentityHashMap<>();
    /** The HTTP client writes a body of up to 16 KiB together with the head, in one call (Transfer). */
    static final int COALESCED_BODY = 16 * 1024;

    StoryTeller(Narration n, WireLog wire, FrameNotes notes, double loss, long seed) {
        this.n = n;
        this.wire = wire;
        this.notes = notes;
        this.loss = loss;
        this.seed = seed;
    }

    String tell(Topology net, StoryOrder.Ordered ordered, Tables tables, boolean fetched, String failure) {
        StringBuilder sb = new StringBuilder();
        List<Item> story = ordered.items();
        movedBefore = ordered.movedBefore();
        routed = net.routed();
        aloneWatched = net.watchedAlone() != null;
        t0 = story.isEmpty() ? 0 : story.stream().mapToLong(Item::nanos).min().orElse(0);
        sb.append(n.t(routed ? "title" : "title.tap")).append("\n\n");
        for (Topology.Node node : net.nodes()) {
            sb.append(String.format(Locale.ROOT, "  %-8s %-17s %s  %s%n", node.name(), node.cidr(),
                    node.mac() == null ? "(MAC from ARP)   " : node.mac(), net.role(n, node)));
        }
        sb.append("  ").append(net.lanLine(n));
        if (loss > 0) {
            sb.append(n.t("lan.loss", "percent", String.format(Locale.ROOT, "%.0f", loss * 100),
                    "seed", seed, "rto", DemoNetwork.MAX_RTO_NANOS / 1_000_000));
        }
        sb.append("\n");
        Set<String> shown = new HashSet<>();
        Map<Integer, Long> connectAt = new HashMap<>();
        for (int i = 0; i < story.size(); i++) {
            Item item = story.get(i);
            if (item instanceof Frame f) {
                if (f.dir() != Direction.TX && !aloneWatched) {
                    continue;   // each frame is told once, as sent; watched from one host alone, as received too
                }
                Packet p = packetOf(f);
                if (p == null) {
                    continue;
                }
                if (p.has(TcpPacket.FIN) && shown.add("phase4")) {
                    section(sb, "phase4");
                }
                sb.append(frameLine(p)).append('\n');
                sb.append("                 ").append(notes.note(p)).append('\n');
                if (p.tcp != null && p.conn != null && p.side == 0 && p.has(TcpPacket.ACK) && !p.has(TcpPacket.SYN)
                        && p.relSeq == 1 && p.relAck == 1 && p.tcpLen == 0 && shown.add("mss" + p.conn.number)) {
                    sb.append(mssExplained(p.conn));
                }
            } else if (item instanceof Event e) {
                if (e.kind() == Kind.HEAD_WRITTEN && i + 1 < story.size() && story.get(i + 1) instanceof Event b
                        && b.kind() == Kind.BODY_WRITTEN && b.fd() == e.fd() && b.actor().equals(e.actor())
                        && b.n1() <= COALESCED_BODY) {
                    if (shown.add("phase3")) {
                        section(sb, "phase3");
                    }
                    sb.append(time(e)).append("  ").append(e.actor()).append(": ")
                            .append(n.t("ev.write", "fd", e.fd(), "bytes", e.n1() + b.n1(), "line", e.s1(), "head", e.n1(),
                                    "body", b.n1())).append('\n');
                    sb.append("             ").append(cut(e.fd(), e.n1() + b.n1())).append('\n');
                    i++;
                    continue;
                }
                event(sb, e, shown, connectAt);
            }
        }
        if (!shown.contains("phase4")) {
            section(sb, "phase4");
        }
        tables.appendTo(sb, n);
        sb.append('\n').append(summary()).append('\n');
        if (!fetched) {
            sb.append(n.t("fetch.failed", "why", failure == null ? "?" : failure)).append('\n');
        }
        return sb.toString();
    }

    private void section(StringBuilder sb, String key) {
        sb.append('\n').append("== ").append(n.t(key + ".title")).append(" ==\n");
        // on a TAP device the servers are the kernel's, on the browser's own LAN: some phases read differently
        String text = !routed && n.has(key + ".text.tap") ? key + ".text.tap" : key + ".text";
        sb.append(n.t(text)).append("\n\n");
    }

    /** How the {@code bytes} the browser just wrote on {@code fd} were cut into segments (from the frames). */
    private String cut(int fd, long bytes) {
        WireLog.Conn c = browserConn.get(fd);
        if (c == null) {
            return "";
        }
        long offset = 1 + browserWritten.getOrDefault(c, 0L);
        long end = offset + bytes;
        browserWritten.put(c, end - 1);
        List<String> sizes = new ArrayList<>();
        for (Packet p : wire.of(c)) {
            if (p.side == 0 && p.tcpLen > 0 && p.retransmit == WireLog.Retransmit.NONE && p.relSeq >= offset
                    && p.relSeq < end) {
                sizes.add(Integer.toString(p.tcpLen));
            }
        }
        return sizes.size() <= 1 ? n.t("cut.one", "mss", c.effectiveMss(0))
                : n.t("cut.many", "count", sizes.size(), "sizes", String.join(" + ", sizes), "mss", c.effectiveMss(0));
    }

    /**
     * When a step happened: a step told before the frame it caused was reported after that frame had
     * left, so it shows "at or before" the frame's time.
     */
    private String time(Item item) {
        Packet p = movedBefore.get(item);
        return p == null ? time(item.nanos()) : String.format(Locale.ROOT, "\u2264%7.3f ms", (p.nanos - t0) / 1e6);
    }

    private String time(long nanos) {
        return String.format(Locale.ROOT, "%8.3f ms", (nanos - t0) / 1e6);
    }

    private void event(StringBuilder sb, Event e, Set<String> shown, Map<Integer, Long> connectAt) {
        String who = e.actor();
        String line = switch (e.kind()) {
            case RESOLVING -> {
                if (shown.add("phase0")) {
                    section(sb, "phase0");
                }
                yield n.t("ev.resolving", "name", e.s1());
            }
            case RESOLVED -> {
                String[] parts = e.s2().split(" ");
                yield e.n1() == 0 ? n.t("ev.resolved.cache", "name", e.s1(), "ip", parts[0])
                        : n.t("ev.resolved", "name", e.s1(), "ip", parts[0], "server", parts.length > 1 ? parts[1] : "?",
                        "queries", e.n1(), "ms", String.format(Locale.ROOT, "%.3f", e.n2() / 1000.0));
            }
            case SOCKET -> {
                if (shown.add("phase1")) {
                    section(sb, "phase1");
                }
                yield n.t("ev.socket", "fd", e.fd()) + "\n" + e.s1() + "\n" + n.t("ev.socket.after", "fd", e.fd());
            }
            case CONNECTING -> {
                if (shown.add("phase2")) {
                    section(sb, "phase2");
                }
                connectAt.put(e.fd(), e.nanos());
                yield n.t("ev.connecting", "fd", e.fd(), "remote", e.s1());
            }
            case CONNECTED -> {
                browserConn.put(e.fd(), StoryOrder.connByPort(wire, "browser", e.s1()));
                yield n.t("ev.connected", "fd", e.fd(), "local", e.s1()) + "\n" + e.s2() + "\n"
                    + n.t("ev.buffers", "snd", e.n1(), "rcv", e.n2());
            }
            case ACCEPTED -> n.t("ev.accepted", "fd", e.fd(), "remote", e.s1()) + "\n" + e.s2();
            case REUSED -> {
                if (shown.add("reuse")) {
                    section(sb, "reuse");
                }
                yield n.t("ev.reused", "fd", e.fd(), "requests", e.n1(), "rtt", handshakeRtt());
            }
            case HEAD_WRITTEN -> {
                if (shown.add("phase3")) {
                    section(sb, "phase3");
                }
                yield n.t("ev.head", "fd", e.fd(), "bytes", e.n1(), "line", e.s1()) + "\n             " + cut(e.fd(), e.n1());
            }
            case BODY_WRITTEN -> who.equals("browser")
                    ? n.t("ev.body", "fd", e.fd(), "bytes", e.n1()) + "\n             " + cut(e.fd(), e.n1())
                    : n.t("ev.server.body", "fd", e.fd(), "bytes", e.n1());
            case REQUEST -> n.t("ev.request", "fd", e.fd(), "n", e.n1(), "line", e.s1());
            case RESPONSE_SENT -> n.t("ev.response", "fd", e.fd(), "line", e.s1(), "head", e.n2());
            case RESPONSE_HEAD -> e.n1() < 0 ? n.t("ev.status", "fd", e.fd(), "line", e.s1())
                    : n.t("ev.headers", "fd", e.fd(), "bytes", e.n1());
            case RESPONSE_COMPLETE -> n.t("ev.complete", "fd", e.fd(), "bytes", e.n1(), "status", e.n2());
            case END_OF_STREAM -> n.t("ev.eof", "fd", e.fd());
            case KEPT -> n.t("ev.kept", "fd", e.fd());
            case CLOSED -> n.t("ev.closed", "fd", e.fd());
            case SERVER_CLOSING -> {
                if (e.n2() == 1 && shown.add("phase4")) {
                    section(sb, "phase4");
                }
                yield e.n2() == 1 ? n.t("ev.server.close", "fd", e.fd(), "requests", e.n1())
                        : n.t("ev.server.close.client", "fd", e.fd());
            }
        };
        sb.append(time(e)).append("  ").append(who).append(": ").append(line).append('\n');
    }

    /** The handshake's round trip as seen by the browser: SYN sent to SYN+ACK received, in ms. */
    private String handshakeRtt() {
        Packet syn = StoryOrder.first(wire, p -> p.side == 0 && p.has(TcpPacket.SYN) && !p.has(TcpPacket.ACK));
        Packet ack = StoryOrder.first(wire, p -> p.side == 0 && p.has(TcpPacket.ACK) && !p.has(TcpPacket.SYN));
        if (syn == null || ack == null) {
            return "?";
        }
        return String.format(Locale.ROOT, "%.3f", (ack.nanos - syn.nanos) / 1e6);
    }

    private Packet packetOf(Frame f) {
        for (Packet p : wire.packets) {
            if (p.bytes == f.bytes()) {
                return p;
            }
        }
        return null;
    }

    /** The short technical line of a frame: time, who to whom, what (tcpdump-like, the same in every language). */
    String frameLine(Packet p) {
        String to = p.broadcast ? "all (broadcast)" : p.to == null ? "?" : p.to;
        return String.format(Locale.ROOT, "%s  #%-3d %-7s -> %-16s %s%s", time(p.nanos), p.number, p.from, to, FrameNotes.label(p),
                p.lost() ? "   " + n.t("lost.mark") : "");
    }

    /** MSS, explained with the numbers of this connection. */
    private String mssExplained(WireLog.Conn c) {
        int mtu = 1500;
        StringBuilder sb = new StringBuilder();
        sb.append("                 ").append(n.t("mss.explain", "mss", c.mss[1], "mtu", mtu)).append('\n');
        if (c.timestamps[0] && c.timestamps[1]) {
            sb.append("                 ").append(n.t("mss.timestamps", "data", c.effectiveMss(0), "mss", c.mss[1]))
                    .append('\n');
        }
        if (c.scaling()) {
            sb.append("                 ").append(n.t("mss.wscale", "b", c.wscale[0], "s", c.wscale[1])).append('\n');
        }
        return sb.toString();
    }

    private String summary() {
        long lost = wire.packets.stream().filter(Packet::lost).count();
        long timer = wire.packets.stream().filter(p -> p.retransmit == WireLog.Retransmit.TIMER).count();
        long fast = wire.packets.stream().filter(p -> p.retransmit == WireLog.Retransmit.DUPLICATE_ACKS).count();
        return n.t("summary", "frames", wire.packets.size(), "lost", lost, "timer", timer, "fast", fast,
                "conns", wire.conns.size());
    }
}
