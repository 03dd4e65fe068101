package io.netstack4j.socket;

import io.netstack4j.wire.IcmpRepr;

/** Which ICMP errors are "hard" for a socket (RFC 1122 §4.2.3.9, §4.1.3.3), shared by UDP and TCP. */
public final class IcmpErrorCodes {
    private IcmpErrorCodes() {
    }

    /**
     * The errors Linux's {@code icmp_err_convert} marks fatal ("hard", in the terms RFC 1122 §4.2.3.9
     * uses for TCP), for Destination Unreachable codes; null for soft errors (net or host unreachable,
     * fragmentation needed, Time Exceeded...), which Linux reports only with {@code IP_RECVERR}.
     */
    public static Errno hardError(IcmpRepr error) {
        if (error instanceof IcmpRepr.DestinationUnreachable u) {
            return switch (u.code()) {
                case IcmpRepr.CODE_PORT_UNREACHABLE -> Errno.ECONNREFUSED;
                case IcmpRepr.CODE_PROTOCOL_UNREACHABLE -> Errno.ENOPROTOOPT;
                case 6, 9 -> Errno.ENETUNREACH;            // network unknown; network prohibited (RFC 1122 §3.2.2.1)
                case 7 -> Errno.EHOSTDOWN;                 // host unknown
                case 8, 10, 13, 14, 15 -> Errno.EHOSTUNREACH;  // isolated; prohibited (RFC 1812 §5.2.7.1); precedence
                default -> null;
            };
        }
        return null;
    }
}
