package io.netstack4j.app.demo;

import io.netstack4j.app.demo.DemoEvents.Event;
import io.netstack4j.app.demo.DemoEvents.Frame;
import io.netstack4j.app.demo.DemoEvents.Item;
import io.netstack4j.app.demo.DemoEvents.Kind;
import io.netstack4j.app.demo.WireLog.Packet;
import io.netstack4j.wire.TcpPacket;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The story's order: the recorded list, with each application step that causes frames moved next to
 * the first frame it caused (an application is told of its call's end after the loop thread may have
 * sent the frames already).
 */
final class StoryOrder {
    private StoryOrder() {
    }

    /**
     * The recorded list, with each application step that causes frames (connect, write, close) put just
     * before the first frame it caused, and connect's return just after the handshake's last ACK: a
     * listener is told after the call returned, when the loop thread may already have sent the frames.
     */
    static Ordered order(List<Item> items, WireLog wire) {
        List<Item> list = new ArrayList<>(items);
        Map<Item, Packet> movedBefore = new IdentityHashMap<>();
        Map<Integer, WireLog.Conn> connOfBrowserFd = new HashMap<>();
        Map<Integer, WireLog.Conn> connOfServerFd = new HashMap<>();
        Map<WireLog.Conn, long[]> written = new IdentityHashMap<>();
        int socketAt = 0;
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Event e)) {
                continue;
            }
            Packet target = null;
            boolean before = true;
            switch (e.kind()) {
                case SOCKET -> socketAt = i;
                case CONNECTING -> {
                    int from = socketAt;
                    target = first(wire, p -> p.position > from && p.from.equals("browser") && p.has(TcpPacket.SYN)
                            && !p.has(TcpPacket.ACK));
                }
                case CONNECTED -> {
                    WireLog.Conn c = connByPort(wire, "browser", e.s1());
                    connOfBrowserFd.put(e.fd(), c);
                    target = c == null ? null : first(wire, p -> p.conn == c && p.side == 0 && !p.has(TcpPacket.SYN)
                            && p.has(TcpPacket.ACK));
                    before = false;
                }
                case ACCEPTED -> connOfServerFd.put(e.fd(), connByPort(wire, "browser", e.s1()));
                case HEAD_WRITTEN, BODY_WRITTEN, RESPONSE_SENT -> {
                    boolean server = e.actor().equals("www");
                    WireLog.Conn c = (server ? connOfServerFd : connOfBrowserFd).get(e.fd());
                    if (c == null) {
                        break;
                    }
                    int side = server ? 1 : 0;
                    long[] w = written.computeIfAbsent(c, k -> new long[2]);
                    if (server && e.kind() == Kind.BODY_WRITTEN) {
                        w[side] += e.n1();   // written with the head, told with it
                        break;
                    }
                    long offset = 1 + w[side];
                    w[side] += e.kind() == Kind.RESPONSE_SENT ? e.n2() : e.n1();
                    long end = 1 + w[side];
                    target = first(wire, p -> p.conn == c && p.side == side && p.tcpLen > 0 && p.relSeq + p.tcpLen > offset
                            && p.retransmit == WireLog.Retransmit.NONE);
                    // a short segment that left when an ACK came, of bytes written before that ACK: Nagle held it
                    for (Packet p : wire.of(c)) {
                        if (p.side == side && p.why == WireLog.Why.NOTHING_IN_FLIGHT && p.relSeq >= offset
                                && p.relSeq < end && p.ackArrived > i) {
                            p.why = WireLog.Why.AFTER_ACK;
                        }
                    }
                }
                case CLOSED, SERVER_CLOSING -> {
                    boolean server = e.actor().equals("www");
                    WireLog.Conn c = (server ? connOfServerFd : connOfBrowserFd).get(e.fd());
                    int side = server ? 1 : 0;
                    target = c == null ? null : first(wire, p -> p.conn == c && p.side == side && p.has(TcpPacket.FIN));
                }
                default -> {
                }
            }
            if (target == null) {
                continue;
            }
            Frame f = (Frame) items.get(target.position);
            int eventIndex = indexOf(list, e);
            int frameIndex = indexOf(list, f);
            if (before && frameIndex < eventIndex) {
                list.remove(eventIndex);
                list.add(frameIndex, e);
                movedBefore.put(e, target);
            } else if (!before && frameIndex > eventIndex) {
                list.remove(eventIndex);
                list.add(frameIndex, e);   // the frame moved up one: the event goes right after it
            }
        }
        return new Ordered(list, movedBefore);
    }

    /** The story's order, and the steps told before a frame that was recorded earlier (with that frame). */
    record Ordered(List<Item> items, Map<Item, Packet> movedBefore) {
    }

    private static int indexOf(List<Item> list, Item x) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == x) {
                return i;
            }
        }
        return -1;
    }

    static Packet first(WireLog wire, java.util.function.Predicate<Packet> p) {
        return wire.packets.stream().filter(p).findFirst().orElse(null);
    }

    /** The connection whose {@code host} side has the port of {@code address} ("ip:port"). */
    static WireLog.Conn connByPort(WireLog wire, String host, String address) {
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        WireLog.Conn found = null;
        for (WireLog.Conn c : wire.conns) {
            if (c.host[0].equals(host) && c.port[0] == port) {
                found = c;   // the last one: a port may come back on a later connection
            }
        }
        return found;
    }
}
