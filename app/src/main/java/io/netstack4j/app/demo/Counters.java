package io.netstack4j.app.demo;

import io.netstack4j.api.NetStack;
import io.netstack4j.iface.StackStats;

import java.util.Map;
import java.util.StringJoiner;

/** A host's counters per layer, like {@code netstat -s}: only those that are not zero. Call on the loop. */
final class Counters {
    private Counters() {
    }

    static String of(NetStack net) {
        StackStats stats = net.stack().stats();
        Map<String, Long> c = stats.counters();
        StringBuilder sb = new StringBuilder();
        line(sb, "Ethernet:", c, "rx.", "tx.");
        line(sb, "ARP:", c, "arp.");
        line(sb, "IP:", c, "ip.");
        line(sb, "ICMP:", c, "icmp.", "echo.");
        line(sb, "UDP:", net.udp().stats().snapshot(), "");
        line(sb, "TCP:", net.tcp().stats().snapshot(), "");
        return sb.toString().stripTrailing();
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
