package io.netstack4j.app.demo;

import io.netstack4j.api.NetStack;
import io.netstack4j.iface.StackStats;
import io.netstack4j.route.Router;
import io.netstack4j.route.RouterInterface;

import java.util.Map;
import java.util.StringJoiner;

/** A host's (or the router's) counters per layer, like {@code netstat -s}: only those that are not zero. Call on the loop. */
final class Counters {
    private Counters() {
    }

    static String of(NetStack net) {
        StringBuilder sb = new StringBuilder();
        links(sb, net.stack().stats());
        line(sb, "UDP:", net.udp().stats().snapshot(), "");
        line(sb, "TCP:", net.tcp().stats().snapshot(), "");
        return sb.toString().stripTrailing();
    }

    /** The router's: what it forwarded, then each interface's Ethernet, ARP, IP and ICMP. */
    static String of(Router router) {
        StringBuilder sb = new StringBuilder();
        line(sb, "Forward:", router.stats().counters(), "");
        for (RouterInterface f : router.interfaces()) {
            sb.append(f.name()).append(' ').append(f.stack().config().addresses().getFirst()).append('\n');
            StringBuilder lines = new StringBuilder();
            links(lines, f.stack().stats());
            sb.append("  ").append(lines.toString().stripTrailing().replace("\n", "\n  ")).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    private static void links(StringBuilder sb, StackStats stats) {
        Map<String, Long> c = stats.counters();
        line(sb, "Ethernet:", c, "rx.", "tx.");
        line(sb, "ARP:", c, "arp.");
        line(sb, "IP:", c, "ip.");
        line(sb, "ICMP:", c, "icmp.", "echo.");
    }

    private static void line(StringBuilder sb, String layer, Map<String, Long> m, String... prefixes) {
        StringJoiner j = new StringJoiner("  ");
        m.forEach((k, v) -> {
            for (String p : prefixes) {
                if (k.startsWith(p) && v != 0) {
                    j.add(k + " " + v);
                    return;
                }
            }
        });
        if (j.length() > 0) {
            sb.append(String.format("%-10s", layer)).append(j).append('\n');
        }
    }
}
