package io.netstack4j.iface;

import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;
import io.netstack4j.wire.MacAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a stack is set up: its name, MAC, interface addresses, default gateway, MTU, and the limits
 * and timers of every layer. Build one with {@link #builder(String)}; every limit has a default.
 *
 * @param name                    the host's name (the loop thread is named after it)
 * @param mac                     the interface's MAC address (unicast)
 * @param addresses               interface addresses with their prefixes (each gives a connected route)
 * @param gateway                 the default gateway, or null; must lie in one of the connected subnets
 * @param mtu                     the largest IP datagram on the link, 68..65535 (RFC 791 §3.2 minimum 68)
 * @param defaultTtl              TTL of datagrams we originate, 1..255 (64, as Linux)
 * @param neighborCacheSize       most ARP cache entries; when full, the least recently used
 *                                stale (then reachable) entry is evicted
 * @param arpRetransmitNanos      time between ARP requests (Linux retrans_time, 1 s)
 * @param arpMaxRequests          requests sent before giving up (Linux mcast/ucast_solicit, 3)
 * @param arpReachableNanos       how long a confirmed entry stays REACHABLE before it turns STALE (30 s)
 * @param arpStaleGcNanos         how long an unused STALE entry lives (Linux gc_stale_time, 60 s)
 * @param arpPendingPackets       most datagrams waiting for one unresolved next hop
 * @param arpPendingBytes         most bytes waiting for one unresolved next hop
 * @param arpPendingTotalBytes    most bytes waiting for all unresolved next hops together
 * @param reassemblyTimeoutNanos  time to collect all fragments of a datagram (Linux ipfrag_time, 30 s)
 * @param reassemblyMemoryBytes   most bytes held for reassembly, fragments plus per-datagram and
 *                                per-fragment overhead and tombstones (Linux ipfrag_high_thresh, 4 MiB);
 *                                past it the oldest datagrams are evicted
 * @param reassemblyMaxDatagrams  most datagrams being reassembled at once; past it the oldest is evicted
 * @param reassemblyMaxFragments  most fragments of one datagram
 * @param icmpErrorsPerSecond     ICMP error token-bucket rate (Linux icmp_msgs_per_sec, 1000)
 * @param icmpErrorBurst          ICMP error token-bucket depth (Linux icmp_msgs_burst, 50)
 * @param answerBroadcastEcho     answer echo requests sent to a broadcast address (RFC 1122
 *                                §3.2.2.6 MAY; off by default, as Linux's icmp_echo_ignore_broadcasts)
 * @param loopbackQueue           most datagrams to our own addresses waiting for the next poll
 */
public record StackConfig(String name, MacAddress mac, List<Ipv4Cidr> addresses, Ipv4Address gateway, int mtu,
                          int defaultTtl, int neighborCacheSize, long arpRetransmitNanos, int arpMaxRequests,
                          long arpReachableNanos, long arpStaleGcNanos, int arpPendingPackets, int arpPendingBytes,
                          int arpPendingTotalBytes, long reassemblyTimeoutNanos, int reassemblyMemoryBytes,
                          int reassemblyMaxDatagrams, int reassemblyMaxFragments, int icmpErrorsPerSecond,
                          int icmpErrorBurst, boolean answerBroadcastEcho, int loopbackQueue) {
    private static final long SECOND = 1_000_000_000L;

    public StackConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mac, "mac");
        if (mac.isMulticast()) {
            throw new IllegalArgumentException("interface MAC must be unicast: " + mac);
        }
        addresses = List.copyOf(addresses);
        for (Ipv4Cidr a : addresses) {
            Ipv4Address ip = a.address();
            if (ip.isUnspecified() || ip.isLimitedBroadcast() || ip.isMulticast() || ip.isLoopback()
                    || (ip.bits() >>> 28) == 0xF) {
                throw new IllegalArgumentException("not a usable interface address: " + a);
            }
        }
        if (gateway != null && addresses.stream().noneMatch(a -> a.contains(gateway))) {
            throw new IllegalArgumentException("gateway " + gateway + " is not in a connected subnet " + addresses);
        }
        range(mtu, 68, 65535, "mtu");
        range(defaultTtl, 1, 255, "defaultTtl");
        range(neighborCacheSize, 1, 1 << 20, "neighborCacheSize");
        range(arpMaxRequests, 1, 100, "arpMaxRequests");
        positive(arpRetransmitNanos, "arpRetransmitNanos");
        positive(arpReachableNanos, "arpReachableNanos");
        positive(arpStaleGcNanos, "arpStaleGcNanos");
        range(arpPendingPackets, 0, 1 << 20, "arpPendingPackets");
        range(arpPendingBytes, 0, Integer.MAX_VALUE, "arpPendingBytes");
        range(arpPendingTotalBytes, 0, Integer.MAX_VALUE, "arpPendingTotalBytes");
        positive(reassemblyTimeoutNanos, "reassemblyTimeoutNanos");
        range(reassemblyMemoryBytes, 0, Integer.MAX_VALUE, "reassemblyMemoryBytes");
        range(reassemblyMaxDatagrams, 0, 1 << 20, "reassemblyMaxDatagrams");
        range(reassemblyMaxFragments, 1, 8192, "reassemblyMaxFragments");
        range(icmpErrorsPerSecond, 0, 1_000_000_000, "icmpErrorsPerSecond");
        range(icmpErrorBurst, 0, 1_000_000, "icmpErrorBurst");
        range(loopbackQueue, 0, 1 << 20, "loopbackQueue");
    }

    /** A builder with every default filled in; {@code mac} must be set. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.mac = mac;
        b.addresses.addAll(addresses);
        b.gateway = gateway;
        b.mtu = mtu;
        b.defaultTtl = defaultTtl;
        b.neighborCacheSize = neighborCacheSize;
        b.arpRetransmitNanos = arpRetransmitNanos;
        b.arpMaxRequests = arpMaxRequests;
        b.arpReachableNanos = arpReachableNanos;
        b.arpStaleGcNanos = arpStaleGcNanos;
        b.arpPendingPackets = arpPendingPackets;
        b.arpPendingBytes = arpPendingBytes;
        b.arpPendingTotalBytes = arpPendingTotalBytes;
        b.reassemblyTimeoutNanos = reassemblyTimeoutNanos;
        b.reassemblyMemoryBytes = reassemblyMemoryBytes;
        b.reassemblyMaxDatagrams = reassemblyMaxDatagrams;
        b.reassemblyMaxFragments = reassemblyMaxFragments;
        b.icmpErrorsPerSecond = icmpErrorsPerSecond;
        b.icmpErrorBurst = icmpErrorBurst;
        b.answerBroadcastEcho = answerBroadcastEcho;
        b.loopbackQueue = loopbackQueue;
        return b;
    }

    private static void range(long v, long min, long max, String what) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " out of range " + min + ".." + max + ": " + v);
        }
    }

    private static void positive(long v, String what) {
        range(v, 1, Long.MAX_VALUE, what);
    }

    /** Builds a {@link StackConfig}; setters return the builder. */
    public static final class Builder {
        private final String name;
        private MacAddress mac;
        private final List<Ipv4Cidr> addresses = new ArrayList<>();
        private Ipv4Address gateway;
        private int mtu = 1500;
        private int defaultTtl = 64;
        private int neighborCacheSize = 512;
        private long arpRetransmitNanos = SECOND;
        private int arpMaxRequests = 3;
        private long arpReachableNanos = 30 * SECOND;
        private long arpStaleGcNanos = 60 * SECOND;
        // Linux queues up to unres_qlen_bytes (about 208 KiB of truesize) per neighbour; a ping
        // every 10 ms during three failed 1 s attempts is 300 small datagrams.
        private int arpPendingPackets = 512;
        private int arpPendingBytes = 256 * 1024;
        private int arpPendingTotalBytes = 1024 * 1024;
        private long reassemblyTimeoutNanos = 30 * SECOND;
        private int reassemblyMemoryBytes = 4 * 1024 * 1024;
        private int reassemblyMaxDatagrams = 256;
        private int reassemblyMaxFragments = 256;
        private int icmpErrorsPerSecond = 1000;
        private int icmpErrorBurst = 50;
        private boolean answerBroadcastEcho;
        private int loopbackQueue = 64;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder mac(MacAddress v) {
            mac = v;
            return this;
        }

        /** Adds an interface address (repeatable). */
        public Builder address(Ipv4Cidr v) {
            addresses.add(Objects.requireNonNull(v));
            return this;
        }

        /** Adds an interface address written {@code A.B.C.D/N}. */
        public Builder address(String cidr) {
            return address(Ipv4Cidr.parse(cidr));
        }

        public Builder gateway(Ipv4Address v) {
            gateway = v;
            return this;
        }

        public Builder mtu(int v) {
            mtu = v;
            return this;
        }

        public Builder defaultTtl(int v) {
            defaultTtl = v;
            return this;
        }

        public Builder neighborCacheSize(int v) {
            neighborCacheSize = v;
            return this;
        }

        public Builder arpRetransmitNanos(long v) {
            arpRetransmitNanos = v;
            return this;
        }

        public Builder arpMaxRequests(int v) {
            arpMaxRequests = v;
            return this;
        }

        public Builder arpReachableNanos(long v) {
            arpReachableNanos = v;
            return this;
        }

        public Builder arpStaleGcNanos(long v) {
            arpStaleGcNanos = v;
            return this;
        }

        public Builder arpPendingPackets(int v) {
            arpPendingPackets = v;
            return this;
        }

        public Builder arpPendingBytes(int v) {
            arpPendingBytes = v;
            return this;
        }

        public Builder arpPendingTotalBytes(int v) {
            arpPendingTotalBytes = v;
            return this;
        }

        public Builder reassemblyTimeoutNanos(long v) {
            reassemblyTimeoutNanos = v;
            return this;
        }

        public Builder reassemblyMemoryBytes(int v) {
            reassemblyMemoryBytes = v;
            return this;
        }

        public Builder reassemblyMaxDatagrams(int v) {
            reassemblyMaxDatagrams = v;
            return this;
        }

        public Builder reassemblyMaxFragments(int v) {
            reassemblyMaxFragments = v;
            return this;
        }

        public Builder icmpErrorsPerSecond(int v) {
            icmpErrorsPerSecond = v;
            return this;
        }

        public Builder icmpErrorBurst(int v) {
            icmpErrorBurst = v;
            return this;
        }

        public Builder answerBroadcastEcho(boolean v) {
            answerBroadcastEcho = v;
            return this;
        }

        public Builder loopbackQueue(int v) {
            loopbackQueue = v;
            return this;
        }

        public StackConfig build() {
            return new StackConfig(name, mac, addresses, gateway, mtu, defaultTtl, neighborCacheSize,
                    arpRetransmitNanos, arpMaxRequests, arpReachableNanos, arpStaleGcNanos, arpPendingPackets,
                    arpPendingBytes, arpPendingTotalBytes, reassemblyTimeoutNanos, reassemblyMemoryBytes,
                    reassemblyMaxDatagrams, reassemblyMaxFragments, icmpErrorsPerSecond, icmpErrorBurst,
                    answerBroadcastEcho, loopbackQueue);
        }
    }
}
