package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;

/** Reading and writing the RDATA of the {@link DnsRdata} variants (RFC 1035 §3.3, §3.4). */
final class DnsRdataCodec {
    private DnsRdataCodec() {
    }

    /**
     * Reads {@code rdlength} octets of RDATA at the reader's position. The data must fill them
     * exactly.
     *
     * @throws MalformedPacketException TRUNCATED (RDLENGTH beyond the message), BAD_LENGTH (the
     *                                  data is shorter or longer than RDLENGTH; an A record not of 4
     *                                  octets), and the name errors of {@link DnsNameCompression#read}
     */
    static DnsRdata read(DnsReader r, int type, int dnsClass, int rdlength, String what)
            throws MalformedPacketException {
        r.need(rdlength, what + " RDATA");
        int end = r.pos + rdlength;
        DnsRdata data;
        switch (type) {
            case DnsType.A -> {
                if (dnsClass != DnsClass.IN) {
                    data = new DnsRdata.Other(type, r.bytes(rdlength, what));
                } else if (rdlength != 4) {
                    throw new MalformedPacketException(DropReason.BAD_LENGTH,
                            "%s: an A record of %d octets", what, rdlength);
                } else {
                    data = new DnsRdata.A(Ipv4Address.read(r.b, r.pos));
                    r.pos += 4;
                }
            }
            case DnsType.NS -> data = new DnsRdata.Ns(r.name(what + " NSDNAME"));
            case DnsType.CNAME -> data = new DnsRdata.Cname(r.name(what + " CNAME"));
            case DnsType.PTR -> data = new DnsRdata.Ptr(r.name(what + " PTRDNAME"));
            case DnsType.MX -> {
                int preference = r.u16(what + " PREFERENCE");
                data = new DnsRdata.Mx(preference, r.name(what + " EXCHANGE"));
            }
            case DnsType.SOA -> data = new DnsRdata.Soa(r.name(what + " MNAME"), r.name(what + " RNAME"),
                    r.u32(what + " SERIAL"), r.u32(what + " REFRESH"), r.u32(what + " RETRY"),
                    r.u32(what + " EXPIRE"), r.u32(what + " MINIMUM"));
            default -> data = new DnsRdata.Other(type, r.bytes(rdlength, what));
        }
        if (r.pos != end) {
            throw new MalformedPacketException(DropReason.BAD_LENGTH, "%s: %s data of %d octets but RDLENGTH %d",
                    what, DnsType.name(type), r.pos - (end - rdlength), rdlength);
        }
        return data;
    }

    /** Writes the RDATA (without RDLENGTH), compressing the names of the types that allow it. */
    static void write(DnsWriter w, DnsRdata data) {
        switch (data) {
            case DnsRdata.A a -> w.u32(a.address().bits() & 0xFFFF_FFFFL);
            case DnsRdata.Ns ns -> w.name(ns.host());
            case DnsRdata.Cname c -> w.name(c.target());
            case DnsRdata.Ptr p -> w.name(p.target());
            case DnsRdata.Mx mx -> {
                w.u16(mx.preference());
                w.name(mx.exchange());
            }
            case DnsRdata.Soa s -> {
                w.name(s.mname());
                w.name(s.rname());
                w.u32(s.serial());
                w.u32(s.refresh());
                w.u32(s.retry());
                w.u32(s.expire());
                w.u32(s.minimum());
            }
            case DnsRdata.Other o -> w.bytes(o.data(), 0, o.data().length);
        }
    }
}
