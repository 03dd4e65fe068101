package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsClass;
import io.netstack4j.wire.DnsMessage;
import io.netstack4j.wire.DnsName;
import io.netstack4j.wire.DnsQuestion;
import io.netstack4j.wire.DnsRcode;
import io.netstack4j.wire.DnsRdata;
import io.netstack4j.wire.DnsRecord;
import io.netstack4j.wire.DnsType;
import io.netstack4j.wire.MalformedPacketException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netstack4j.socket.dns.DnsTestData.a;
import static io.netstack4j.socket.dns.DnsTestData.cname;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsServerTest {
    static final Zone ZONE = Zone.parse("""
            $ORIGIN example.test.
            $TTL 300
            @          A      198.51.100.1
            www        A      198.51.100.10
            www        A      198.51.100.11
            web   60   CNAME  www
            alias      CNAME  web
            dangling   CNAME  missing          ; in the zone, does not exist
            away       CNAME  www.elsewhere.test.
            loop1      CNAME  loop2
            loop2      CNAME  loop1
            host.lab   A      198.51.100.20    ; makes lab.example.test an empty non-terminal
            """);
    final DnsServer server = new DnsServer(ZONE);

    static DnsMessage ask(DnsServer s, DnsMessage q) {
        byte[] out = s.handle(q.toBytes(), 0, q.length());
        try {
            return out == null ? null : DnsMessage.parse(out, 0, out.length);
        } catch (MalformedPacketException e) {
            throw new AssertionError(e);
        }
    }

    DnsMessage ask(String name, int type) {
        return ask(server, DnsMessage.query(0x1234, DnsName.of(name), type));
    }

    static DnsRecord soaOf(DnsMessage m) {
        assertEquals(1, m.authorities().size(), "one SOA in the authority section");
        DnsRecord soa = m.authorities().getFirst();
        assertEquals(DnsType.SOA, soa.type());
        return soa;
    }

    @Test
    void answersARecordsAuthoritatively() {
        DnsMessage r = ask("WWW.example.test", DnsType.A);
        assertEquals(0x1234, r.id());
        assertTrue(r.isResponse());
        assertTrue(r.isAuthoritative());
        assertTrue(r.isRecursionDesired(), "RD copied");
        assertFalse(r.isRecursionAvailable());
        assertEquals(DnsRcode.NOERROR, r.rcode());
        assertEquals(List.of(DnsQuestion.of("www.example.test", DnsType.A)), r.questions(), "question echoed");
        assertEquals(List.of(a("www.example.test", 300, "198.51.100.10"), a("www.example.test", 300, "198.51.100.11")),
                r.answers());
        assertEquals(List.of(a("example.test", 300, "198.51.100.1")), ask("example.test", DnsType.A).answers());
    }

    @Test
    void followsCnameChainsInsideItsZones() {
        DnsMessage r = ask("alias.example.test", DnsType.A);
        assertEquals(DnsRcode.NOERROR, r.rcode());
        assertEquals(List.of(cname("alias.example.test", 300, "web.example.test"),
                cname("web.example.test", 60, "www.example.test"),
                a("www.example.test", 300, "198.51.100.10"), a("www.example.test", 300, "198.51.100.11")), r.answers());
        // Asked for the CNAME itself: just it.
        assertEquals(List.of(cname("alias.example.test", 300, "web.example.test")),
                ask("alias.example.test", DnsType.CNAME).answers());
    }

    @Test
    void chainLeavingTheZoneStopsWithoutSoa() {
        DnsMessage r = ask("away.example.test", DnsType.A);
        assertEquals(DnsRcode.NOERROR, r.rcode());
        assertEquals(List.of(cname("away.example.test", 300, "www.elsewhere.test")), r.answers());
        assertTrue(r.authorities().isEmpty());
    }

    @Test
    void chainToAMissingNameIsNxdomainWithTheChain() {
        DnsMessage r = ask("dangling.example.test", DnsType.A);
        assertEquals(DnsRcode.NXDOMAIN, r.rcode(), "RFC 6604: the RCODE of the chain's end");
        assertEquals(List.of(cname("dangling.example.test", 300, "missing.example.test")), r.answers());
        soaOf(r);
    }

    @Test
    void cnameLoopEndsBounded() {
        DnsMessage r = ask("loop1.example.test", DnsType.A);
        assertEquals(DnsRcode.NOERROR, r.rcode());
        assertEquals(2, r.answers().size());
    }

    @Test
    void unknownNameIsNxdomainWithSoaForNegativeCaching() {
        DnsMessage r = ask("nope.example.test", DnsType.A);
        assertEquals(DnsRcode.NXDOMAIN, r.rcode());
        assertTrue(r.isAuthoritative());
        assertTrue(r.answers().isEmpty());
        DnsRecord soa = soaOf(r);
        assertEquals(DnsName.of("example.test"), soa.name());
        var data = assertInstanceOf(DnsRdata.Soa.class, soa.data());
        assertEquals(Zone.DEFAULT_NEGATIVE_TTL, data.minimum());
        assertEquals(Zone.DEFAULT_NEGATIVE_TTL, soa.ttl());
    }

    @Test
    void otherTypesOfAKnownNameAreNodata() {
        for (DnsMessage r : List.of(ask("www.example.test", DnsType.AAAA), ask("www.example.test", DnsType.MX),
                ask("lab.example.test", DnsType.A))) {
            assertEquals(DnsRcode.NOERROR, r.rcode());
            assertTrue(r.answers().isEmpty());
            soaOf(r);
        }
        assertEquals(DnsRcode.NXDOMAIN, ask("lab2.example.test", DnsType.A).rcode());
    }

    @Test
    void soaQueryAtTheApex() {
        DnsMessage r = ask("example.test", DnsType.SOA);
        assertEquals(List.of(ZONE.soa()), r.answers());
    }

    @Test
    void namesOutsideTheZoneAndOtherClassesAreRefused() {
        DnsMessage r = ask("www.elsewhere.test", DnsType.A);
        assertEquals(DnsRcode.REFUSED, r.rcode());
        assertFalse(r.isAuthoritative());
        assertEquals(1, r.questions().size());
        DnsMessage chaos = new DnsMessage(7, DnsMessage.FLAG_RD,
                List.of(new DnsQuestion(DnsName.of("www.example.test"), DnsType.A, DnsClass.CH)), List.of(), List.of(),
                List.of());
        assertEquals(DnsRcode.REFUSED, ask(server, chaos).rcode());
    }

    @Test
    void otherOpcodesAreNotImplemented() {
        DnsMessage status = new DnsMessage(9, DnsMessage.flags(false, 2, false, false, false, false, 0),
                List.of(DnsQuestion.of("www.example.test", DnsType.A)), List.of(), List.of(), List.of());
        DnsMessage r = ask(server, status);
        assertEquals(DnsRcode.NOTIMP, r.rcode());
        assertEquals(2, r.opcode());
        assertEquals(9, r.id());
        DnsMessage axfr = DnsMessage.query(10, DnsName.of("example.test"), 252);
        assertEquals(DnsRcode.NOTIMP, ask(server, axfr).rcode());
    }

    @Test
    void malformedQueriesGetFormerr() {
        // A header claiming one question, then garbage that is not a name.
        byte[] bad = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 0x40, 0, 1, 0, 1};
        byte[] out = server.handle(bad, 0, bad.length);
        DnsMessage r = parse(out);
        assertEquals(0x1234, r.id());
        assertEquals(DnsRcode.FORMERR, r.rcode());
        assertTrue(r.questions().isEmpty());
        assertTrue(r.isRecursionDesired());
        DnsMessage two = new DnsMessage(5, 0, List.of(DnsQuestion.of("a.example.test", DnsType.A),
                DnsQuestion.of("b.example.test", DnsType.A)), List.of(), List.of(), List.of());
        assertEquals(DnsRcode.FORMERR, ask(server, two).rcode());
        DnsMessage none = new DnsMessage(6, 0, List.of(), List.of(), List.of(), List.of());
        assertEquals(DnsRcode.FORMERR, ask(server, none).rcode());
        DnsMessage twoOpts = new DnsMessage(8, 0, List.of(DnsQuestion.of("www.example.test", DnsType.A)), List.of(),
                List.of(), List.of(DnsRecord.opt(1232), DnsRecord.opt(1232)));
        assertEquals(DnsRcode.FORMERR, ask(server, twoOpts).rcode(), "RFC 6891 §6.1.1: one OPT at most");
    }

    @Test
    void shortMessagesAndResponsesGetNoAnswer() {
        assertNull(server.handle(new byte[5], 0, 5));
        DnsMessage response = DnsMessage.query(1, DnsName.of("www.example.test"), DnsType.A)
                .response(DnsRcode.NOERROR, true, List.of(), List.of());
        assertNull(ask(server, response));
        byte[] badResponse = {0, 1, (byte) 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x3F};
        assertNull(server.handle(badResponse, 0, badResponse.length));
        assertEquals(3, server.stats().dropped());
    }

    @Test
    void ednsIsEchoedAndAllowsLargerAnswers() {
        Zone.Builder b = Zone.builder("big.test");
        for (int i = 1; i <= 60; i++) {
            b.a("many.big.test", "203.0.113." + i);
        }
        DnsServer s = new DnsServer(b.build());
        DnsMessage plain = ask(s, DnsMessage.query(1, DnsName.of("many.big.test"), DnsType.A));
        assertTrue(plain.isTruncated(), "60 A records do not fit in 512 octets");
        assertTrue(plain.answers().isEmpty());
        assertEquals(1, plain.questions().size());
        DnsMessage q = DnsMessage.query(2, DnsName.of("many.big.test"), DnsType.A);
        q = new DnsMessage(q.id(), q.flags(), q.questions(), List.of(), List.of(), List.of(DnsRecord.opt(4096)));
        DnsMessage edns = ask(s, q);
        assertFalse(edns.isTruncated());
        assertEquals(60, edns.answers().size());
        assertEquals(1, edns.additionals().size());
        assertEquals(DnsType.OPT, edns.additionals().getFirst().type());
        assertEquals(DnsServer.EDNS_PAYLOAD, edns.additionals().getFirst().dnsClass());
        assertEquals(1, s.stats().truncated());
    }

    @Test
    void overTcpTheAnswerIsWholeUpToTheLengthPrefixLimit() {
        Zone.Builder b = Zone.builder("big.test");
        for (int i = 1; i <= 200; i++) {
            b.a("many.big.test", "203.0.113." + i);
        }
        DnsServer s = new DnsServer(b.build());
        DnsMessage q = DnsMessage.query(3, DnsName.of("many.big.test"), DnsType.A);
        DnsMessage udp = ask(s, q);
        assertTrue(udp.isTruncated());
        byte[] out = s.handle(q.toBytes(), 0, q.length(), true);
        DnsMessage tcp;
        try {
            tcp = DnsMessage.parse(out, 0, out.length);
        } catch (MalformedPacketException e) {
            throw new AssertionError(e);
        }
        assertFalse(tcp.isTruncated(), "over TCP 200 records (" + out.length + " octets) need no TC");
        assertTrue(out.length > DnsServer.EDNS_PAYLOAD);
        assertEquals(200, tcp.answers().size());
        assertEquals(1, s.stats().truncated());
    }

    @Test
    void longestMatchingZoneAnswers() {
        Zone parent = Zone.builder("example.test").a("www.example.test", "198.51.100.10").build();
        Zone child = Zone.builder("lab.example.test").a("pc.lab.example.test", "198.51.100.30").negativeTtl(5).build();
        DnsServer s = new DnsServer(parent, child);
        DnsMessage r = ask(s, DnsMessage.query(3, DnsName.of("nx.lab.example.test"), DnsType.A));
        assertEquals(DnsRcode.NXDOMAIN, r.rcode());
        assertEquals(DnsName.of("lab.example.test"), soaOf(r).name());
        assertEquals(5, soaOf(r).ttl());
        assertEquals(1, ask(s, DnsMessage.query(4, DnsName.of("pc.lab.example.test"), DnsType.A)).answers().size());
    }

    @Test
    void countsResponsesByRcode() {
        ask("www.example.test", DnsType.A);
        ask("nope.example.test", DnsType.A);
        ask("www.elsewhere.test", DnsType.A);
        DnsServer.Stats st = server.stats();
        assertEquals(3, st.queries());
        assertEquals(1, st.noError());
        assertEquals(1, st.nxDomain());
        assertEquals(1, st.refused());
    }

    private static DnsMessage parse(byte[] b) {
        try {
            return DnsMessage.parse(b, 0, b.length);
        } catch (MalformedPacketException e) {
            throw new AssertionError(e);
        }
    }
}
