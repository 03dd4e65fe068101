package io.netstack4j.wire;

/**
 * DNS resource record TYPE and question QTYPE values (RFC 1035 §3.2.2, §3.2.3; IANA "Resource
 * Record (RR) TYPEs").
 */
public final class DnsType {
    /** A host address (RFC 1035 §3.4.1). */
    public static final int A = 1;
    /** An authoritative name server (RFC 1035 §3.3.11). */
    public static final int NS = 2;
    /** The canonical name for an alias (RFC 1035 §3.3.1). */
    public static final int CNAME = 5;
    /** The start of a zone of authority (RFC 1035 §3.3.13); its MINIMUM bounds negative caching (RFC 2308 §5). */
    public static final int SOA = 6;
    /** A domain name pointer (RFC 1035 §3.3.12). */
    public static final int PTR = 12;
    /** Mail exchange (RFC 1035 §3.3.9). */
    public static final int MX = 15;
    /** Text strings (RFC 1035 §3.3.14). */
    public static final int TXT = 16;
    /** An IPv6 address (RFC 3596). */
    public static final int AAAA = 28;
    /** Server selection (RFC 2782). */
    public static final int SRV = 33;
    /** The EDNS(0) pseudo-record (RFC 6891 §6). */
    public static final int OPT = 41;
    /** QTYPE: a request for all records (RFC 1035 §3.2.3; RFC 8482 lets servers answer minimally). */
    public static final int ANY = 255;

    private DnsType() {
    }

    /** The mnemonic of a type, or {@code TYPEnnn} (RFC 3597 §5) for the others. */
    public static String name(int type) {
        return switch (type) {
            case A -> "A";
            case NS -> "NS";
            case CNAME -> "CNAME";
            case SOA -> "SOA";
            case PTR -> "PTR";
            case MX -> "MX";
            case TXT -> "TXT";
            case AAAA -> "AAAA";
            case SRV -> "SRV";
            case OPT -> "OPT";
            case ANY -> "ANY";
            default -> "TYPE" + type;
        };
    }
}
