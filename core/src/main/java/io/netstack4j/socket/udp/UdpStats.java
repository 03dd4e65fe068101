package io.netstack4j.socket.udp;

import io.netstack4j.stats.DropCounters;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The UDP layer's counters (the rows of Linux's {@code /proc/net/snmp} "Udp:" line, and more).
 * Written only on the thread that owns the stack; read them there, or take a {@link #snapshot()}
 * there and hand it on.
 */
public final class UdpStats {
    final DropCounters drops = new DropCounters("udp");
    long received;
    long datagramsIn;
    long bytesIn;
    long datagramsOut;
    long bytesOut;
    long checksumErrors;
    long noChecksum;
    long noPort;
    long portUnreachableSent;
    long queueDrops;
    long icmpErrorsIn;
    long icmpErrorsDelivered;
    long icmpErrorsDropped;
    long icmpErrorsIgnored;
    long broadcastIn;

    UdpStats() {
    }

    /**
     * Datagrams IP handed to UDP, whatever became of them: each is dropped under a reason in
     * {@link #drops()} (malformed, no listener, queue full) or delivered to an endpoint's queue
     * ({@link #datagramsIn()}), so {@code received == drops().total() - icmpErrorsDropped() + datagramsIn()}.
     */
    public long received() {
        return received;
    }

    /** Datagrams delivered to an endpoint's queue (InDatagrams). */
    public long datagramsIn() {
        return datagramsIn;
    }

    /** Payload bytes delivered to endpoints. */
    public long bytesIn() {
        return bytesIn;
    }

    /** Datagrams handed to IP (OutDatagrams). */
    public long datagramsOut() {
        return datagramsOut;
    }

    public long bytesOut() {
        return bytesOut;
    }

    /** Datagrams dropped because their checksum did not verify (InCsumErrors). */
    public long checksumErrors() {
        return checksumErrors;
    }

    /** Datagrams accepted that carried no checksum (a zero field, RFC 768). */
    public long noChecksum() {
        return noChecksum;
    }

    /** Datagrams for a port nobody listens on (NoPorts), broadcast ones included. */
    public long noPort() {
        return noPort;
    }

    /** ICMP port unreachable messages sent (after RFC 1122's rules and the rate limit). */
    public long portUnreachableSent() {
        return portUnreachableSent;
    }

    /** Datagrams dropped because the receiving endpoint's queue was full (RcvbufErrors). */
    public long queueDrops() {
        return queueDrops;
    }

    /** ICMP errors received about datagrams we sent. */
    public long icmpErrorsIn() {
        return icmpErrorsIn;
    }

    /** ICMP errors that became an endpoint's pending error. */
    public long icmpErrorsDelivered() {
        return icmpErrorsDelivered;
    }

    /**
     * ICMP errors dropped because they could not name one of our endpoints (too short a quote,
     * nobody bound there); counted in {@link #drops()} too, under TRUNCATED or NO_LISTENER.
     */
    public long icmpErrorsDropped() {
        return icmpErrorsDropped;
    }

    /**
     * ICMP errors about one of our endpoints that did not become its pending error: soft errors,
     * or an endpoint not connected to the datagram's destination (Linux without IP_RECVERR).
     * {@code icmpErrorsIn == icmpErrorsDelivered + icmpErrorsDropped + icmpErrorsIgnored}.
     */
    public long icmpErrorsIgnored() {
        return icmpErrorsIgnored;
    }

    /** Datagrams received for a broadcast address. */
    public long broadcastIn() {
        return broadcastIn;
    }

    /** Malformed datagrams and others dropped, by reason (queue drops and checksum errors included). */
    public DropCounters drops() {
        return drops;
    }

    /** Every counter by name, in a stable order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("received", received);
        m.put("datagramsIn", datagramsIn);
        m.put("bytesIn", bytesIn);
        m.put("datagramsOut", datagramsOut);
        m.put("bytesOut", bytesOut);
        m.put("checksumErrors", checksumErrors);
        m.put("noChecksum", noChecksum);
        m.put("noPort", noPort);
        m.put("portUnreachableSent", portUnreachableSent);
        m.put("queueDrops", queueDrops);
        m.put("icmpErrorsIn", icmpErrorsIn);
        m.put("icmpErrorsDelivered", icmpErrorsDelivered);
        m.put("icmpErrorsDropped", icmpErrorsDropped);
        m.put("icmpErrorsIgnored", icmpErrorsIgnored);
        m.put("broadcastIn", broadcastIn);
        drops.snapshot().forEach((r, n) -> m.put("drop." + r.name(), n));
        return m;
    }

    @Override
    public String toString() {
        return "UdpStats" + snapshot();
    }
}
