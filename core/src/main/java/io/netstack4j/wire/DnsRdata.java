package io.netstack4j.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * The RDATA of a resource record (RFC 1035 §3.3, §3.4), by type.
 *
 * <p>{@link A} (in class IN), {@link Ns}, {@link Cname}, {@link Soa}, {@link Ptr} and {@link Mx}
 * are decoded, with the compressed names they may hold (RFC 3597 §4 allows compression in those
 * types only). Every other type, the EDNS OPT pseudo-record included, is {@link Other}: its octets
 * as they came. (The obsolete MD, MF, MB, MG, MR and MINFO types could hold compression pointers,
 * which {@link Other} would keep as raw octets; nothing sends them any more.)
 */
public sealed interface DnsRdata permits DnsRdata.A, DnsRdata.Ns, DnsRdata.Cname, DnsRdata.Soa,
        DnsRdata.Ptr, DnsRdata.Mx, DnsRdata.Other {
    /** The record TYPE this data belongs to ({@link DnsType}). */
    int type();

    /** A host address (RFC 1035 §3.4.1), in class IN only. */
    record A(Ipv4Address address) implements DnsRdata {
        public A {
            Objects.requireNonNull(address, "address");
        }

        @Override public int type() {
            return DnsType.A;
        }
    }

    /** An authoritative name server for the owner's zone (RFC 1035 §3.3.11). */
    record Ns(DnsName host) implements DnsRdata {
        public Ns {
            Objects.requireNonNull(host, "host");
        }

        @Override public int type() {
            return DnsType.NS;
        }
    }

    /** The owner is an alias of {@code target} (RFC 1035 §3.3.1). */
    record Cname(DnsName target) implements DnsRdata {
        public Cname {
            Objects.requireNonNull(target, "target");
        }

        @Override public int type() {
            return DnsType.CNAME;
        }
    }

    /**
     * The start of a zone of authority (RFC 1035 §3.3.13). In the authority section of a negative
     * answer, the smaller of its TTL and {@code minimum} is how long the answer may be cached
     * (RFC 2308 §5). The 32-bit fields are unsigned.
     *
     * @param mname   the primary name server
     * @param rname   the mailbox of the person responsible, as a name
     * @param serial  the zone's version, 0..2^32-1 (compared in serial number arithmetic, RFC 1982)
     * @param refresh seconds
     * @param retry   seconds
     * @param expire  seconds
     * @param minimum seconds; the negative caching TTL (RFC 2308 §4)
     */
    record Soa(DnsName mname, DnsName rname, long serial, long refresh, long retry, long expire, long minimum)
            implements DnsRdata {
        public Soa {
            Objects.requireNonNull(mname, "mname");
            Objects.requireNonNull(rname, "rname");
            check32(serial, "serial");
            check32(refresh, "refresh");
            check32(retry, "retry");
            check32(expire, "expire");
            check32(minimum, "minimum");
        }

        @Override public int type() {
            return DnsType.SOA;
        }
    }

    /** A pointer to another name, as in reverse lookups (RFC 1035 §3.3.12). */
    record Ptr(DnsName target) implements DnsRdata {
        public Ptr {
            Objects.requireNonNull(target, "target");
        }

        @Override public int type() {
            return DnsType.PTR;
        }
    }

    /** A mail exchange and its preference, lower preferred (RFC 1035 §3.3.9). */
    record Mx(int preference, DnsName exchange) implements DnsRdata {
        public Mx {
            Bytes.check16(preference, "preference");
            Objects.requireNonNull(exchange, "exchange");
        }

        @Override public int type() {
            return DnsType.MX;
        }
    }

    /**
     * The data of any other type, as octets (RFC 3597 §5: unknown types are kept opaque). For an
     * EDNS OPT record (RFC 6891 §6.1.2) these are its options.
     *
     * <p>The array is not copied: {@link DnsMessage#parse} hands out fresh ones, and whoever builds
     * a record gives up the array it passes. {@code equals} compares contents.
     *
     * @param type 0..65535, not one of the types decoded above (an A record outside class IN is
     *             {@code Other}; {@link DnsRecord} checks that)
     * @param data 0..65535 octets
     */
    record Other(int type, byte[] data) implements DnsRdata {
        public Other {
            Bytes.check16(type, "type");
            Objects.requireNonNull(data, "data");
            if (type == DnsType.NS || type == DnsType.CNAME || type == DnsType.SOA || type == DnsType.PTR
                    || type == DnsType.MX) {
                throw new IllegalArgumentException(DnsType.name(type) + " data must use its own record, not Other");
            }
            if (data.length > 0xFFFF) {
                throw new IllegalArgumentException("RDATA over 65535 octets: " + data.length);
            }
        }

        @Override public boolean equals(Object o) {
            return o instanceof Other x && x.type == type && Arrays.equals(x.data, data);
        }

        @Override public int hashCode() {
            return type * 31 + Arrays.hashCode(data);
        }

        @Override public String toString() {
            return "Other[type=" + DnsType.name(type) + ", data=" + IcmpCodec.hex(data) + "]";
        }
    }

    private static void check32(long v, String name) {
        if ((v & ~0xFFFF_FFFFL) != 0) {
            throw new IllegalArgumentException(name + " out of range 0..2^32-1: " + v);
        }
    }
}
