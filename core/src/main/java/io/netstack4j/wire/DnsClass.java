package io.netstack4j.wire;

/** DNS CLASS and QCLASS values (RFC 1035 §3.2.4, §3.2.5). */
public final class DnsClass {
    /** The Internet. */
    public static final int IN = 1;
    /** Chaos. */
    public static final int CH = 3;
    /** Hesiod. */
    public static final int HS = 4;
    /** QCLASS: any class. */
    public static final int ANY = 255;

    private DnsClass() {
    }

    /** The mnemonic of a class, or {@code CLASSnnn} (RFC 3597 §5) for the others. */
    public static String name(int dnsClass) {
        return switch (dnsClass) {
            case IN -> "IN";
            case CH -> "CH";
            case HS -> "HS";
            case ANY -> "ANY";
            default -> "CLASS" + dnsClass;
        };
    }
}
