package io.netstack4j.wire;

import java.util.Objects;

/**
 * A resource record (RFC 1035 §4.1.3): NAME, TYPE, CLASS, TTL, RDLENGTH and RDATA. The TYPE is
 * that of the {@link DnsRdata} ({@link #type()}); RDLENGTH is computed when written.
 *
 * <p>For an EDNS OPT pseudo-record (RFC 6891 §6.1.2), {@code dnsClass} is the requestor's UDP
 * payload size and {@code ttl} holds the extended RCODE, the version and the flags; the data is
 * {@link DnsRdata.Other} with the options.
 *
 * @param name     the owner name (compared case-insensitively)
 * @param dnsClass CLASS, 0..65535 ({@link DnsClass})
 * @param ttl      TTL in seconds, as the unsigned 32-bit field, 0..2^32-1 (see {@link #effectiveTtl()})
 * @param data     the RDATA; an {@link DnsRdata.A} only in class IN, and an A-typed
 *                 {@link DnsRdata.Other} only outside it, so that a record reads back as it was built
 */
public record DnsRecord(DnsName name, int dnsClass, long ttl, DnsRdata data) {
    public DnsRecord {
        Objects.requireNonNull(name, "name");
        Bytes.check16(dnsClass, "dnsClass");
        if ((ttl & ~0xFFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("ttl out of range 0..2^32-1: " + ttl);
        }
        Objects.requireNonNull(data, "data");
        if (data.type() == DnsType.A && (data instanceof DnsRdata.A) != (dnsClass == DnsClass.IN)) {
            throw new IllegalArgumentException(data instanceof DnsRdata.A
                    ? "an A record with an address must be in class IN" : "an A record in class IN must hold an address");
        }
    }

    /** An EDNS(0) OPT pseudo-record for the additional section (RFC 6891 §6.1.2): version 0, no flags, no options. */
    public static DnsRecord opt(int udpPayloadSize) {
        return new DnsRecord(DnsName.ROOT, udpPayloadSize, 0, new DnsRdata.Other(DnsType.OPT, new byte[0]));
    }

    /** TYPE, from the data. */
    public int type() {
        return data.type();
    }

    /** The TTL to use: a value with the top bit set counts as zero (RFC 2181 §8). */
    public long effectiveTtl() {
        return ttl > Integer.MAX_VALUE ? 0 : ttl;
    }

    static DnsRecord read(DnsReader r, String what) throws MalformedPacketException {
        DnsName name = r.name(what + " NAME");
        int type = r.u16(what + " TYPE");
        int dnsClass = r.u16(what + " CLASS");
        long ttl = r.u32(what + " TTL");
        int rdlength = r.u16(what + " RDLENGTH");
        return new DnsRecord(name, dnsClass, ttl, DnsRdataCodec.read(r, type, dnsClass, rdlength, what));
    }

    void write(DnsWriter w) {
        w.name(name);
        w.u16(type());
        w.u16(dnsClass);
        w.u32(ttl);
        int rdlengthAt = w.offset();
        w.u16(0);
        DnsRdataCodec.write(w, data);
        w.patchU16(rdlengthAt, w.offset() - rdlengthAt - 2);
    }

    @Override
    public String toString() {
        return name + " " + ttl + " " + DnsClass.name(dnsClass) + " " + DnsType.name(type()) + " " + data;
    }
}
