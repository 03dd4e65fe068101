package io.netstack4j.wire;

/** DNS response codes, the 4-bit RCODE of the header (RFC 1035 §4.1.1). */
public final class DnsRcode {
    /** No error. */
    public static final int NOERROR = 0;
    /** Format error: the server could not interpret the query. */
    public static final int FORMERR = 1;
    /** Server failure. */
    public static final int SERVFAIL = 2;
    /** Name error: the name does not exist (an authoritative answer; RFC 2308 calls it NXDOMAIN). */
    public static final int NXDOMAIN = 3;
    /** Not implemented: the server does not support this kind of query. */
    public static final int NOTIMP = 4;
    /** Refused, for policy reasons. */
    public static final int REFUSED = 5;

    private DnsRcode() {
    }

    /** The mnemonic of a response code, or {@code RCODEn}. */
    public static String name(int rcode) {
        return switch (rcode) {
            case NOERROR -> "NOERROR";
            case FORMERR -> "FORMERR";
            case SERVFAIL -> "SERVFAIL";
            case NXDOMAIN -> "NXDOMAIN";
            case NOTIMP -> "NOTIMP";
            case REFUSED -> "REFUSED";
            default -> "RCODE" + rcode;
        };
    }
}
