package io.netstack4j.app.ping;

import io.netstack4j.wire.IcmpRepr;

import java.util.Locale;

/** ping's words: the reply and error lines of iputils ping. */
public final class PingFormat {
    private PingFormat() {
    }

    /** One line per reply or error, as iputils ping prints it. */
    public static String line(PingEvent e) {
        return switch (e) {
            case PingEvent.Reply r -> String.format(Locale.ROOT, "%d bytes from %s: icmp_seq=%d ttl=%d time=%s ms%s%s",
                    r.bytes(), r.from(), r.sequence(), r.ttl(), rtt(r.rttNanos()),
                    r.duplicate() ? " (DUP!)" : "", r.dataMatches() ? "" : " (wrong data)");
            case PingEvent.Error err -> String.format(Locale.ROOT, "From %s icmp_seq=%d %s",
                    err.reporter(), err.sequence(), err.message());
        };
    }

    /** iputils prints three significant decimals below 1 ms, fewer above. */
    public static String rtt(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 1) {
            return String.format(Locale.ROOT, "%.3f", ms);
        } else if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f", ms);
        } else if (ms < 100) {
            return String.format(Locale.ROOT, "%.1f", ms);
        }
        return String.format(Locale.ROOT, "%.0f", ms);
    }

    /** A one-phrase reading of an ICMP error, in iputils' words. */
    public static String describe(IcmpRepr error) {
        return switch (error) {
            case IcmpRepr.DestinationUnreachable du -> switch (du.code()) {
                case IcmpRepr.CODE_NET_UNREACHABLE -> "Destination Net Unreachable";
                case IcmpRepr.CODE_HOST_UNREACHABLE -> "Destination Host Unreachable";
                case IcmpRepr.CODE_PROTOCOL_UNREACHABLE -> "Destination Protocol Unreachable";
                case IcmpRepr.CODE_PORT_UNREACHABLE -> "Destination Port Unreachable";
                case IcmpRepr.CODE_FRAGMENTATION_NEEDED -> "Frag needed and DF set (mtu = " + du.nextHopMtu() + ")";
                default -> "Dest Unreachable, Bad Code: " + du.code();
            };
            case IcmpRepr.TimeExceeded te -> te.code() == IcmpRepr.CODE_TTL_EXCEEDED
                    ? "Time to live exceeded" : "Frag reassembly time exceeded";
            default -> "ICMP type " + error.type() + " code " + error.code();
        };
    }
}
