package io.netstack4j.app.demo;

import io.netstack4j.app.demo.WireLog.Packet;
import io.netstack4j.wire.TcpPacket;

import java.util.List;
import java.util.Locale;

/**
 * The exchange as a ladder (sequence) diagram in SVG: one column per host, one arrow per frame, top to
 * bottom in the order they were sent, each labelled with what it is (TCP: flags, SEQ, ACK, length — relative
 * to each side's initial sequence number after the handshake, as Wireshark shows them). A lost frame's arrow
 * stops half-way at a red cross; a retransmission is drawn in orange and says why it was sent again. Plain
 * SVG 1.1 with no script, so any browser shows it; every text is escaped.
 */
final class LadderSvg {
    private static final int WIDTH = 1300;
    private static final int TOP = 136;
    private static final int ROW = 38;
    private static final int TIME_X = 12;
    /** The browser's LAN on the left, the servers' on the right, the router between (from the topology). */
    private final List<String> columns;

    private final Topology net;
    private final WireLog wire;
    private final Narration n;

    LadderSvg(Topology net, WireLog wire, Narration n) {
        this.net = net;
        this.columns = net.columns();
        this.wire = wire;
        this.n = n;
    }

    private int x(String host) {
        int i = columns.indexOf(host);
        return 260 + Math.max(0, i) * 300;
    }

    String render() {
        List<Packet> packets = wire.packets;
        int height = TOP + packets.size() * ROW + 90;
        long t0 = packets.isEmpty() ? 0 : packets.getFirst().nanos;
        StringBuilder sb = new StringBuilder(16_384);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"DejaVu Sans, Noto Sans CJK JP, sans-serif\" font-size=\"13\">%n",
                WIDTH, height, WIDTH, height));
        sb.append("<title>").append(esc(n.t("svg.title"))).append("</title>\n");
        sb.append("""
                <defs>
                  <marker id="head-black" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#222"/></marker>
                  <marker id="head-grey" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker>
                  <marker id="head-blue" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1f5fbf"/></marker>
                  <marker id="head-orange" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#d9730d"/></marker>
                </defs>
                <rect width="100%" height="100%" fill="white"/>
                """);
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"28\" font-size=\"18\" font-weight=\"bold\">%s</text>%n",
                TIME_X, esc(n.t("svg.title"))));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"46\" fill=\"#555\">%s</text>%n", TIME_X,
                esc(n.t("svg.legend"))));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"62\" fill=\"#555\">%s</text>%n", TIME_X,
                esc(n.t(net.routed() ? "svg.legend.route" : "svg.legend.tap"))));
        List<String> lans = net.lans();
        if (net.routed()) {
            // the two LANs as bands behind the columns, the router on both
            lanBand(sb, x(columns.getFirst()) - 100, x(Topology.ROUTER) + 6, lans.get(0), "#f3f8ee", height);
            lanBand(sb, x(Topology.ROUTER) + 6, x(columns.getLast()) + 100, lans.get(1), "#fbf5ea", height);
        } else {
            lanBand(sb, x(columns.getFirst()) - 100, x(columns.getLast()) + 100, lans.getFirst(), "#f3f8ee", height);
        }
        // the hosts and their lifelines
        for (String h : columns) {
            String address = net.routed() && h.equals(Topology.ROUTER)
                    ? net.routerOn(lans.get(0)).ip() + " | " + net.routerOn(lans.get(1)).ip()
                    : net.node(h).ip().toString();
            int x = x(h);
            sb.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"78\" width=\"180\" height=\"40\" rx=\"6\" fill=\"#eef3fb\" stroke=\"#1f5fbf\"/>%n",
                    x - 90));
            sb.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"95\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>%n", x, esc(h)));
            sb.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"111\" text-anchor=\"middle\" fill=\"#333\">%s</text>%n", x, esc(address)));
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"118\" x2=\"%d\" y2=\"%d\" stroke=\"#bbb\" stroke-dasharray=\"4 4\"/>%n",
                    x, x, height - 40));
        }
        int y = TOP;
        for (Packet p : packets) {
            frame(sb, p, y, t0);
            y += ROW;
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">%s</text>%n", TIME_X, height - 14,
                esc(n.t("svg.footer", "frames", packets.size()))));
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void lanBand(StringBuilder sb, int x1, int x2, String lan, String fill, int height) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"72\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                x1, x2 - x1, height - 106, fill));
        sb.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">LAN %s</text>%n", (x1 + x2) / 2,
                height - 40, esc(lan)));
    }

    private void frame(StringBuilder sb, Packet p, int y, long t0) {
        String to = p.to != null ? p.to : Topology.ROUTER;
        int x1 = x(p.from);
        int x2 = x(to);
        WireLog.Retransmit again = p.origin().retransmit;   // the router's copy of a retransmission is one too
        boolean retrans = again != WireLog.Retransmit.NONE;
        String color = retrans ? "#d9730d" : p.arp != null ? "#777" : p.dns != null ? "#1f5fbf" : "#222";
        String marker = retrans ? "head-orange" : p.arp != null ? "head-grey" : p.dns != null ? "head-blue" : "head-black";
        int ay = y + 14;
        sb.append(String.format(Locale.ROOT, "<g class=\"frame\" id=\"f%d\">%n", p.number));
        sb.append(String.format(Locale.ROOT, "<title>%s</title>%n", esc("#" + p.number + " " + FrameNotes.label(p))));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#666\">%s</text>%n", TIME_X, ay + 4,
                esc(String.format(Locale.ROOT, "#%d  %.3f ms", p.number, (p.nanos - t0) / 1e6))));
        String dash = p.broadcast ? " stroke-dasharray=\"6 3\"" : "";
        if (p.lost()) {
            int xm = (x1 + x2) / 2;
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.6\"%s/>%n",
                    x1, ay, xm, ay + 6, color, dash));
            sb.append(String.format(Locale.ROOT,
                    "<path d=\"M%d,%d l12,12 M%d,%d l-12,12\" stroke=\"#c00\" stroke-width=\"3\"/>%n",
                    xm - 6, ay, xm + 6, ay));
        } else {
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.6\" marker-end=\"url(#%s)\"%s/>%n",
                    x1, ay, x2, ay + 6, color, marker, dash));
        }
        String label = label(p);
        int lx = (x1 + x2) / 2;
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%s</text>%n",
                lx, ay - 4, color, esc(label)));
        String mark = p.lost() ? n.t("svg.lost") : "";
        if (retrans) {
            mark = (mark.isEmpty() ? "" : mark + "  ") + n.t(again == WireLog.Retransmit.TIMER
                    ? "svg.retransmit.timer" : "svg.retransmit.dupacks");
        }
        if (!mark.isEmpty()) {
            int mx = Math.max(x1, x2) + 12;
            sb.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" fill=\"%s\" font-weight=\"bold\">%s</text>%n", mx, ay + 5,
                    p.lost() ? "#c00" : "#d9730d", esc(mark)));
        }
        sb.append("</g>\n");
    }

    /** A short label: TCP with relative numbers after the handshake, the rest as in the narration. */
    static String label(Packet p) {
        Packet o = p.origin();   // the router's copy: the numbers of the segment it forwarded
        if (p.tcp == null || o.conn == null) {
            return FrameNotes.label(p);
        }
        StringBuilder sb = new StringBuilder(FrameNotes.flags(p.tcp.flags()));
        boolean syn = p.has(TcpPacket.SYN);
        sb.append(" SEQ ").append(syn ? Integer.toUnsignedString(p.tcp.seq()) : Long.toString(o.relSeq));
        if (p.has(TcpPacket.ACK)) {
            sb.append(" ACK ").append(syn ? Integer.toUnsignedString(p.tcp.ack()) : Long.toString(o.relAck));
        }
        sb.append(" LEN ").append(p.tcpLen);
        if (p.tcp.options().mss() >= 0) {
            sb.append(" MSS ").append(p.tcp.options().mss());
        }
        if (o.duplicateAck > 0) {
            sb.append(" (dup ").append(o.duplicateAck).append(')');
        }
        return sb.append(" TTL ").append(p.ttl).toString();
    }

    /** XML-escapes text content and attribute values. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        sb.append(' ');   // not allowed in XML 1.0
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
