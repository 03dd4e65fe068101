package io.netstack4j.iface;

import io.netstack4j.stats.DropCounters;
import io.netstack4j.stats.DropReason;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stack's counters: frames and packets in and out, per-protocol events, and the
 * {@link DropCounters} of each layer (link, arp, ipv4, icmp). Written only by the thread that owns
 * the stack; read them there, or take a {@link #snapshot()} there and hand it to another thread.
 */
public final class StackStats {
    final DropCounters link = new DropCounters("link");
    final DropCounters arp = new DropCounters("arp");
    final DropCounters ipv4 = new DropCounters("ipv4");
    final DropCounters icmp = new DropCounters("icmp");

    // Link (Ethernet)
    long rxFrames;
    long rxBytes;
    long txFrames;
    long txBytes;
    // ARP
    long arpIn;
    long arpRequestsSent;
    long arpRepliesSent;
    long arpResolved;
    long arpGaveUp;
    // IPv4
    long ipIn;
    long ipFragmentsIn;
    long ipReassembled;
    long ipFragmentsReassembled;
    long ipDelivered;
    long ipOut;
    long ipFragmentsOut;
    long ipLoopback;
    /** Datagrams for other hosts handed to the {@link Forwarder} (a router's interface). */
    long ipToForwarder;
    // ICMP
    long icmpIn;
    long icmpOut;
    long echoRepliesSent;
    long echoRepliesUnsent;
    long echoRepliesDelivered;
    long icmpErrorsIn;
    long icmpErrorsDelivered;
    long icmpErrorsLocal;
    long icmpErrorsSent;
    long icmpErrorsSuppressed;

    StackStats() {
    }

    public DropCounters linkDrops() {
        return link;
    }

    public DropCounters arpDrops() {
        return arp;
    }

    public DropCounters ipv4Drops() {
        return ipv4;
    }

    public DropCounters icmpDrops() {
        return icmp;
    }

    /** The four layers' drop counters, link first. */
    public List<DropCounters> drops() {
        return List.of(link, arp, ipv4, icmp);
    }

    public long rxFrames() {
        return rxFrames;
    }

    public long txFrames() {
        return txFrames;
    }

    /** IPv4 packets (fragments included) that passed the header checks. */
    public long ipIn() {
        return ipIn;
    }

    /** IPv4 datagrams this host originated (before fragmentation; loopback included). */
    public long ipOut() {
        return ipOut;
    }

    /** Datagrams for other hosts handed to the {@link Forwarder} (0 unless a router's interface). */
    public long ipToForwarder() {
        return ipToForwarder;
    }

    /** The counters by name, in a fixed order. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("rx.frames", rxFrames);
        m.put("rx.bytes", rxBytes);
        m.put("tx.frames", txFrames);
        m.put("tx.bytes", txBytes);
        m.put("arp.in", arpIn);
        m.put("arp.requests.sent", arpRequestsSent);
        m.put("arp.replies.sent", arpRepliesSent);
        m.put("arp.resolved", arpResolved);
        m.put("arp.gave.up", arpGaveUp);
        m.put("ip.in", ipIn);
        m.put("ip.fragments.in", ipFragmentsIn);
        m.put("ip.reassembled", ipReassembled);
        m.put("ip.fragments.reassembled", ipFragmentsReassembled);
        m.put("ip.delivered", ipDelivered);
        m.put("ip.out", ipOut);
        m.put("ip.fragments.out", ipFragmentsOut);
        m.put("ip.loopback", ipLoopback);
        m.put("ip.to.forwarder", ipToForwarder);
        m.put("icmp.in", icmpIn);
        m.put("icmp.out", icmpOut);
        m.put("icmp.echo.replies.sent", echoRepliesSent);
        m.put("icmp.echo.replies.unsent", echoRepliesUnsent);
        m.put("icmp.echo.replies.delivered", echoRepliesDelivered);
        m.put("icmp.errors.in", icmpErrorsIn);
        m.put("icmp.errors.delivered", icmpErrorsDelivered);
        m.put("icmp.errors.local", icmpErrorsLocal);
        m.put("icmp.errors.sent", icmpErrorsSent);
        m.put("icmp.errors.suppressed", icmpErrorsSuppressed);
        return m;
    }

    /** An immutable copy, safe to hand to another thread. */
    public Snapshot snapshot() {
        Map<String, Map<DropReason, Long>> d = new LinkedHashMap<>();
        for (DropCounters c : drops()) {
            d.put(c.layer(), Map.copyOf(c.snapshot()));
        }
        return new Snapshot(java.util.Collections.unmodifiableMap(counters()),
                java.util.Collections.unmodifiableMap(d));
    }

    /**
     * A copy of the counters.
     *
     * @param counters counter name to value, in a fixed order
     * @param drops    layer name ("link", "arp", "ipv4", "icmp") to its non-zero drop counters
     */
    public record Snapshot(Map<String, Long> counters, Map<String, Map<DropReason, Long>> drops) {
        /** One drop counter, 0 if absent. */
        public long drops(String layer, DropReason reason) {
            return drops.getOrDefault(layer, Map.of()).getOrDefault(reason, 0L);
        }
    }

    @Override
    public String toString() {
        return counters() + " " + drops();
    }
}
