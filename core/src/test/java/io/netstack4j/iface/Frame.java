package io.netstack4j.iface;

import io.netstack4j.wire.ArpRepr;
import io.netstack4j.wire.EtherType;
import io.netstack4j.wire.EthernetRepr;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MalformedPacketException;

import java.util.Arrays;

/** A frame a stack sent, with the time it was sent; parsed on demand (tests only). */
record Frame(byte[] bytes, long at) {
    EthernetRepr eth() {
        try {
            return EthernetRepr.parse(bytes, 0, bytes.length);
        } catch (MalformedPacketException e) {
            throw new AssertionError("stack sent a bad Ethernet frame: " + e);
        }
    }

    boolean isArp() {
        return eth().etherType() == EtherType.ARP;
    }

    boolean isIpv4() {
        return eth().etherType() == EtherType.IPV4;
    }

    ArpRepr arp() {
        try {
            return ArpRepr.parse(bytes, 14, bytes.length - 14);
        } catch (MalformedPacketException e) {
            throw new AssertionError("stack sent a bad ARP packet: " + e);
        }
    }

    Ipv4Repr ip() {
        try {
            return Ipv4Repr.parse(bytes, 14, bytes.length - 14);
        } catch (MalformedPacketException e) {
            throw new AssertionError("stack sent a bad IPv4 packet: " + e);
        }
    }

    byte[] ipPayload() {
        Ipv4Repr ip = ip();
        return Arrays.copyOfRange(bytes, 14 + ip.headerLength(), 14 + ip.totalLength());
    }

    /** The IP packet (header and payload) without the Ethernet header. */
    byte[] ipPacket() {
        return Arrays.copyOfRange(bytes, 14, 14 + ip().totalLength());
    }

    IcmpRepr icmp() {
        byte[] p = ipPayload();
        try {
            return IcmpRepr.parse(p, 0, p.length);
        } catch (MalformedPacketException e) {
            throw new AssertionError("stack sent a bad ICMP message: " + e);
        }
    }
}
