package io.netstack4j.app.demo;

import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * Who is who in a run, for the parts that tell it ({@link WireLog}, {@link FrameNotes}, {@link StoryTeller},
 * {@link LadderSvg}, the capture): the hosts by name, address and MAC, the LANs, and which adapters were
 * watched. The in-process network ({@link DemoNetwork}) watches every host's and the router's adapter; on a
 * TAP device ({@link TapNetwork}) only the browser's is watched, and the kernel's frames are those it received.
 */
interface Topology {
    /** A host or one of the router's interfaces: its name in the narration, LAN, address and MAC (null: not known). */
    record Node(String name, String lan, Ipv4Address ip, int prefix, MacAddress mac) {
        String cidr() {
            return ip + "/" + prefix;
        }
    }

    /** The router's name in the narration. */
    String ROUTER = "router";

    /** The hosts and the router's interfaces, the browser's LAN first. */
    List<Node> nodes();

    /** The LANs, by their subnets: one capture interface each. */
    List<String> lans();

    /** The ladder's columns, left to right. */
    List<String> columns();

    /** Whether a router joins two LANs (and its copies of each datagram were seen). */
    boolean routed();

    /** The only host whose adapter was watched (its received frames stand for what the others sent), or null: all were. */
    String watchedAlone();

    /** One line about the LAN(s), in {@code n}'s words. */
    String lanLine(Narration n);

    /** What {@code node} is in the story, in {@code n}'s words. */
    String role(Narration n, Node node);

    /** The name of the host or router with {@code ip}, or null. */
    default String nameOf(Ipv4Address ip) {
        for (Node n : nodes()) {
            if (n.ip().equals(ip)) {
                return n.name();
            }
        }
        return null;
    }

    /** The name of the host or router with {@code mac}, or null. */
    default String nameOf(MacAddress mac) {
        for (Node n : nodes()) {
            if (mac.equals(n.mac())) {
                return n.name();
            }
        }
        return null;
    }

    /** The first node named {@code name}. */
    default Node node(String name) {
        for (Node n : nodes()) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** The router's interface on {@code lan}. */
    default Node routerOn(String lan) {
        for (Node n : nodes()) {
            if (n.name().equals(ROUTER) && n.lan().equals(lan)) {
                return n;
            }
        }
        throw new IllegalArgumentException(lan);
    }

    /** The distinct names of {@code nodes}, in order. */
    static List<String> names(List<Node> nodes) {
        List<String> names = new ArrayList<>();
        for (Node n : nodes) {
            if (!names.contains(n.name())) {
                names.add(n.name());
            }
        }
        return names;
    }
}
