package io.netstack4j.app.dns;

import io.netstack4j.socket.dns.DnsFailure;
import io.netstack4j.socket.dns.DnsOutcome;
import io.netstack4j.socket.dns.DnsResult;
import io.netstack4j.wire.DnsClass;
import io.netstack4j.wire.DnsRdata;
import io.netstack4j.wire.DnsRecord;
import io.netstack4j.wire.DnsType;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** A resolver outcome printed the way dig prints an answer. */
public final class DigFormat {
    private DigFormat() {
    }

    /** The whole report for one lookup of {@code name}. */
    public static String format(String name, DnsOutcome outcome, int port) {
        StringBuilder sb = new StringBuilder();
        sb.append("; <<>> netstack4j resolve <<>> ").append(name).append('\n');
        String status = switch (outcome) {
            case DnsResult r -> "NOERROR";
            case DnsFailure f -> f.kind().name();
        };
        sb.append(";; status: ").append(status);
        if (outcome instanceof DnsResult r) {
            sb.append(", source: ").append(r.source());
            if (r.authoritative()) {
                sb.append(", authoritative");
            }
            if (r.truncated()) {
                sb.append(", TRUNCATED (TC set, no TCP answer replaced it)");
            }
        } else if (outcome instanceof DnsFailure f) {
            sb.append(" (").append(f.message()).append(')');
        }
        sb.append(", queries sent: ").append(outcome.queries()).append("\n\n");
        sb.append(";; QUESTION SECTION:\n;").append(fqdn(name)).append("\t\tIN\tA\n");
        var answers = switch (outcome) {
            case DnsResult r -> r.answers();
            case DnsFailure f -> f.cnameChain();
        };
        if (!answers.isEmpty()) {
            sb.append("\n;; ANSWER SECTION:\n");
            for (DnsRecord rr : answers) {
                sb.append(line(rr)).append('\n');
            }
        }
        sb.append('\n');
        sb.append(";; Query time: ").append(outcome.elapsedNanos() / 1_000_000).append(" msec\n");
        var server = switch (outcome) {
            case DnsResult r -> r.server();
            case DnsFailure f -> f.server();
        };
        if (server != null) {
            boolean tcp = outcome instanceof DnsResult r && r.overTcp();
            sb.append(";; SERVER: ").append(server).append('#').append(port).append('(').append(server)
                    .append(tcp ? ") (TCP)\n" : ") (UDP)\n");
        }
        sb.append(";; WHEN: ").append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss z yyyy",
                Locale.ROOT))).append('\n');
        return sb.toString();
    }

    /** One resource record as dig prints it: owner, TTL, class, type, data. */
    public static String line(DnsRecord rr) {
        String data = switch (rr.data()) {
            case DnsRdata.A a -> a.address().toString();
            case DnsRdata.Cname c -> fqdn(c.target().toString());
            default -> rr.data().toString();
        };
        return fqdn(rr.name().toString()) + "\t" + rr.ttl() + "\t" + DnsClass.name(rr.dnsClass()) + "\t"
                + DnsType.name(rr.type()) + "\t" + data;
    }

    static String fqdn(String name) {
        return name.endsWith(".") ? name : name + ".";
    }
}
