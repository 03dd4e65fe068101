package io.netstack4j.socket.dns;

import io.netstack4j.wire.Bytes;
import io.netstack4j.wire.DnsClass;
import io.netstack4j.wire.DnsMessage;
import io.netstack4j.wire.DnsName;
import io.netstack4j.wire.DnsQuestion;
import io.netstack4j.wire.DnsRcode;
import io.netstack4j.wire.DnsRdata;
import io.netstack4j.wire.DnsRecord;
import io.netstack4j.wire.DnsType;
import io.netstack4j.wire.MalformedPacketException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An authoritative-only DNS server (RFC 1034 §4.3.2, without referrals or wildcards) answering
 * from {@link Zone}s: turns a query message into a response message. Pure: no sockets here
 * ({@link DnsServerEndpoint} puts it on UDP port 53), no time, one thread.
 *
 * <ul>
 *   <li>A name in one of its zones: the CNAME chain (followed while it stays in the zones, so a
 *       client gets the whole answer at once), then the A records; AA set.</li>
 *   <li>An unknown name: NXDOMAIN with the zone's SOA in the authority section, so the answer may be
 *       cached (RFC 2308 §3); after a CNAME, the RCODE is that of the chain's end (RFC 6604 §2).</li>
 *   <li>A known name without records of the type asked: NOERROR, no answer, the SOA ("NODATA",
 *       RFC 2308 §2.2). Names with only names below them exist too (RFC 8020).</li>
 *   <li>A name outside every zone, or a class other than IN: REFUSED (this server does not recurse).</li>
 *   <li>An OPCODE other than QUERY: NOTIMP; not exactly one question, or several OPT records
 *       (RFC 6891 §6.1.1): FORMERR; a message that does not parse: FORMERR with the header only, if
 *       the header could be read; a message with QR set is never answered (no reply loops).</li>
 *   <li>EDNS (RFC 6891 §7): a query with an OPT record gets one back, advertising
 *       {@link #EDNS_PAYLOAD}; the response may then grow to the smaller of both sizes. A response
 *       over the limit goes back with its question only and TC set (RFC 2181 §9), so that the client
 *       asks again over TCP.</li>
 *   <li>Over TCP ({@code overTcp}, RFC 7766) the only limit is the 65,535 octets a length prefix can
 *       say (RFC 1035 §4.2.2).</li>
 * </ul>
 */
public final class DnsServer {
    /** The UDP payload size this server advertises, the value DNS Flag Day 2020 recommended. */
    public static final int EDNS_PAYLOAD = 1232;
    /** Bound on the CNAME links followed within the server's zones. */
    public static final int MAX_CNAME_CHAIN = 8;
    /** The longest message over TCP: what its two-octet length prefix can say (RFC 1035 §4.2.2). */
    public static final int MAX_TCP_LEN = 0xFFFF;
    private static final int QTYPE_IXFR = 251;
    private static final int QTYPE_AXFR = 252;

    private final List<Zone> zones;
    private final long[] byRcode = new long[16];
    private long queries;
    private long dropped;
    private long truncated;

    public DnsServer(List<Zone> zones) {
        this.zones = List.copyOf(zones);
    }

    public DnsServer(Zone... zones) {
        this(List.of(zones));
    }

    public List<Zone> zones() {
        return zones;
    }

    /**
     * Answers the message of {@code len} octets at {@code off}.
     *
     * @return the response octets, or {@code null} if the message gets no answer (too short for a
     *         header, or itself a response)
     */
    public byte[] handle(byte[] b, int off, int len) {
        return handle(b, off, len, false);
    }

    /**
     * As {@link #handle(byte[], int, int)}, for a query that came over UDP or, {@code overTcp}, over TCP
     * (the response is then limited only by {@link #MAX_TCP_LEN}, not by the UDP sizes).
     */
    public byte[] handle(byte[] b, int off, int len, boolean overTcp) {
        DnsMessage query;
        try {
            query = DnsMessage.parse(b, off, len);
        } catch (MalformedPacketException e) {
            if (len < DnsMessage.HEADER_LEN || (b[off + 2] & 0x80) != 0) {
                dropped++;
                return null;
            }
            queries++;
            // RFC 1035 §4.1.1 FORMERR: the header echoed, the sections left out (they did not parse).
            int id = Bytes.u16(b, off);
            int flags = Bytes.u16(b, off + 2);
            int f = DnsMessage.flags(true, flags >>> 11 & 0xF, false, false, (flags & DnsMessage.FLAG_RD) != 0,
                    false, DnsRcode.FORMERR);
            return count(new DnsMessage(id, f, List.of(), List.of(), List.of(), List.of())).toBytes();
        }
        DnsMessage response = answer(query, overTcp);
        return response == null ? null : response.toBytes();
    }

    /** The response to {@code query} over UDP, or {@code null} if it gets none (a response). */
    public DnsMessage answer(DnsMessage query) {
        return answer(query, false);
    }

    /** The response to {@code query} over UDP or, {@code overTcp}, over TCP; {@code null} if it gets none. */
    public DnsMessage answer(DnsMessage query, boolean overTcp) {
        if (query.isResponse()) {
            dropped++;
            return null;
        }
        queries++;
        List<DnsRecord> opts = query.additionals().stream().filter(r -> r.type() == DnsType.OPT).toList();
        List<DnsRecord> optOut = opts.isEmpty() ? List.of() : List.of(DnsRecord.opt(EDNS_PAYLOAD));
        int limit = overTcp ? MAX_TCP_LEN
                : opts.isEmpty() ? DnsMessage.MAX_UDP_LEN
                : Math.clamp(opts.getFirst().dnsClass(), DnsMessage.MAX_UDP_LEN, EDNS_PAYLOAD);
        if (query.opcode() != DnsMessage.OPCODE_QUERY) {
            return count(reply(query, query.questions(), DnsRcode.NOTIMP, false, List.of(), List.of(), optOut));
        }
        if (query.questions().size() != 1 || opts.size() > 1) {
            return count(reply(query, List.of(), DnsRcode.FORMERR, false, List.of(), List.of(), optOut));
        }
        DnsQuestion q = query.questions().getFirst();
        if (q.type() == QTYPE_AXFR || q.type() == QTYPE_IXFR) {
            // Zone transfers run over TCP (RFC 5936 §4.2); not offered.
            return count(reply(query, query.questions(), DnsRcode.NOTIMP, false, List.of(), List.of(), optOut));
        }
        Zone zone = zoneOf(q.name());
        if (zone == null || (q.dnsClass() != DnsClass.IN && q.dnsClass() != DnsClass.ANY)) {
            return count(reply(query, query.questions(), DnsRcode.REFUSED, false, List.of(), List.of(), optOut));
        }
        List<DnsRecord> answers = new ArrayList<>();
        List<DnsRecord> authority = new ArrayList<>();
        int rcode = resolve(q, answers, authority);
        DnsMessage response = reply(query, query.questions(), rcode, true, answers, authority, optOut);
        if (response.length() > limit) {
            truncated++;
            response = new DnsMessage(response.id(), response.flags() | DnsMessage.FLAG_TC, response.questions(),
                    List.of(), List.of(), optOut);
        }
        return count(response);
    }

    /** Fills the answer and authority sections for an in-zone question; returns the RCODE. */
    private int resolve(DnsQuestion q, List<DnsRecord> answers, List<DnsRecord> authority) {
        DnsName name = q.name();
        Set<DnsName> seen = new HashSet<>();
        for (int links = 0; links <= MAX_CNAME_CHAIN && seen.add(name); links++) {
            Zone zone = zoneOf(name);
            if (zone == null) {
                return DnsRcode.NOERROR;   // the chain leaves our zones: the client asks on (RFC 1034 §4.3.2 step 3a)
            }
            DnsRecord cname = zone.cname(name);
            if (cname != null) {
                answers.add(cname);
                if (q.type() == DnsType.CNAME) {
                    return DnsRcode.NOERROR;
                }
                name = ((DnsRdata.Cname) cname.data()).target();
                continue;
            }
            List<DnsRecord> data = switch (q.type()) {
                case DnsType.A, DnsType.ANY -> zone.addressRecords(name);
                case DnsType.SOA -> name.equals(zone.origin()) ? List.of(zone.soa()) : List.of();
                default -> List.of();
            };
            if (!data.isEmpty()) {
                answers.addAll(data);
                return DnsRcode.NOERROR;
            }
            authority.add(zone.soa());
            return zone.exists(name) ? DnsRcode.NOERROR : DnsRcode.NXDOMAIN;
        }
        return DnsRcode.NOERROR;   // a CNAME loop or an over-long chain: what we have
    }

    /** The zone with the longest origin that holds {@code name}, or {@code null}. */
    private Zone zoneOf(DnsName name) {
        Zone best = null;
        for (Zone z : zones) {
            if (z.contains(name) && (best == null || z.origin().labelCount() > best.origin().labelCount())) {
                best = z;
            }
        }
        return best;
    }

    private static DnsMessage reply(DnsMessage query, List<DnsQuestion> questions, int rcode, boolean authoritative,
                                    List<DnsRecord> answers, List<DnsRecord> authority, List<DnsRecord> additional) {
        DnsMessage r = query.response(rcode, authoritative, answers, authority);
        return new DnsMessage(r.id(), r.flags(), questions, r.answers(), r.authorities(), additional);
    }

    private DnsMessage count(DnsMessage response) {
        byRcode[response.rcode()]++;
        return response;
    }

    /** A snapshot of the counters. */
    public Stats stats() {
        return new Stats(queries, dropped, truncated, byRcode[DnsRcode.NOERROR], byRcode[DnsRcode.NXDOMAIN],
                byRcode[DnsRcode.FORMERR], byRcode[DnsRcode.NOTIMP], byRcode[DnsRcode.REFUSED]);
    }

    /**
     * Counters of a {@link DnsServer}.
     *
     * @param queries   messages answered
     * @param dropped   messages not answered: shorter than a header, or responses
     * @param truncated responses cut to their question with TC set
     */
    public record Stats(long queries, long dropped, long truncated, long noError, long nxDomain, long formErr,
                        long notImp, long refused) {
    }
}
