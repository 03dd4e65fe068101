package io.netstack4j.socket.dns;

/** Why a lookup failed ({@link DnsFailure#kind()}). */
public enum DnsErrorKind {
    /** The name does not exist: RCODE 3, "name error" (RFC 1035 §4.1.1; NXDOMAIN in RFC 2308). */
    NXDOMAIN("no such name"),
    /** The name exists but has no address record (RFC 2308 §2.2, "NODATA"). */
    NODATA("no address for the name"),
    /** Every server that answered said RCODE 2, server failure. */
    SERVFAIL("server failure"),
    /** Every server that answered said RCODE 5, refused. */
    REFUSED("query refused"),
    /** Another error RCODE: FORMERR (1), NOTIMP (4) or one this resolver does not know. */
    SERVER_ERROR("server error"),
    /** No usable answer before the retries or the deadline ran out. */
    TIMEOUT("timed out"),
    /** No DNS server is configured (and the hosts table does not know the name). */
    NO_SERVERS("no DNS server configured"),
    /** The CNAME chain loops or is longer than the configured bound. */
    CNAME_LOOP("CNAME chain too long or looping"),
    /** The answer was truncated (TC) and held no address, and no retry over TCP replaced it. */
    TRUNCATED("response truncated"),
    /** The text is not a valid domain name (RFC 1035 §2.3.4 limits). */
    BAD_NAME("invalid name"),
    /** Too many lookups in progress; refused at once (the bound of the pending table). */
    OVERLOADED("too many lookups in progress"),
    /** A socket error on every server tried: no route, host unreachable, port unreachable. */
    NETWORK("network error"),
    /** The client was closed while the lookup was in progress. */
    CANCELLED("cancelled");

    private final String description;

    DnsErrorKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
