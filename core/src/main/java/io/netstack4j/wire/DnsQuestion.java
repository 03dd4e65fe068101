package io.netstack4j.wire;

import java.util.Objects;

/**
 * An entry of the question section (RFC 1035 §4.1.2): QNAME, QTYPE, QCLASS.
 *
 * @param name     the name asked about (compared case-insensitively)
 * @param type     QTYPE, 0..65535 ({@link DnsType})
 * @param dnsClass QCLASS, 0..65535 ({@link DnsClass})
 */
public record DnsQuestion(DnsName name, int type, int dnsClass) {
    public DnsQuestion {
        Objects.requireNonNull(name, "name");
        Bytes.check16(type, "type");
        Bytes.check16(dnsClass, "dnsClass");
    }

    /** A question in class IN. */
    public static DnsQuestion of(String name, int type) {
        return new DnsQuestion(DnsName.of(name), type, DnsClass.IN);
    }

    static DnsQuestion read(DnsReader r, String what) throws MalformedPacketException {
        DnsName name = r.name(what + " QNAME");
        int type = r.u16(what + " QTYPE");
        int dnsClass = r.u16(what + " QCLASS");
        return new DnsQuestion(name, type, dnsClass);
    }

    void write(DnsWriter w) {
        w.name(name);
        w.u16(type);
        w.u16(dnsClass);
    }

    @Override
    public String toString() {
        return name + " " + DnsClass.name(dnsClass) + " " + DnsType.name(type);
    }
}
