package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsClass;
import io.netstack4j.wire.DnsMessage;
import io.netstack4j.wire.DnsName;
import io.netstack4j.wire.DnsQuestion;
import io.netstack4j.wire.DnsRcode;
import io.netstack4j.wire.DnsType;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.netstack4j.socket.dns.DnsTestData.SEC;
import static io.netstack4j.socket.dns.DnsTestData.a;
import static io.netstack4j.socket.dns.DnsTestData.cname;
import static io.netstack4j.socket.dns.DnsTestData.ip;
import static io.netstack4j.socket.dns.DnsTestData.soa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resolver state machine against scripted servers: answers, matching, CNAME chains, options. */
class DnsClientTest extends DnsClientTestBase {
    @Test
    void answersFromTheFirstServer() {
        lookup("www.example.test", T0);
        ScriptedTransport.Sock s = net.last();
        assertEquals(S1, s.server);
        assertEquals(53, s.serverPort);
        DnsMessage q = s.query();
        assertFalse(q.isResponse());
        assertTrue(q.isRecursionDesired());
        assertEquals(List.of(DnsQuestion.of("www.example.test", DnsType.A)), q.questions());
        assertTrue(q.additionals().isEmpty(), "no EDNS by default");
        assertEquals(T0 + SEC, client.poll(T0), "the try timer");
        s.answer(DnsRcode.NOERROR, List.of(a("www.example.test", 300, "198.51.100.10"),
                a("www.example.test", 300, "198.51.100.11")), List.of(), m -> withFlags(m, m.flags() | DnsMessage.FLAG_AA));
        assertTrue(outcomes.isEmpty(), "responses are read in poll");
        assertEquals(Long.MAX_VALUE, client.poll(T0 + 20_000_000L));
        DnsResult r = assertInstanceOf(DnsResult.class, only());
        assertEquals(List.of(ip("198.51.100.10"), ip("198.51.100.11")), r.addresses());
        assertEquals(DnsResult.Source.DNS, r.source());
        assertEquals(S1, r.server());
        assertTrue(r.authoritative());
        assertFalse(r.truncated());
        assertEquals(1, r.queries());
        assertEquals(20_000_000L, r.elapsedNanos());
        assertEquals(DnsName.of("www.example.test"), r.canonicalName());
        assertTrue(s.closed, "the query's socket is closed");
        assertEquals(0, client.pending());
    }

    @Test
    void everyQueryHasItsOwnSocketAndRandomId() {
        Set<Integer> ids = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            lookup("host" + i + ".example.test", T0);
        }
        client.poll(T0 + SEC);   // one retry each
        for (ScriptedTransport.Sock s : net.opened) {
            ids.add(s.query().id());
            ports.add(s.localPort);
            assertEquals(1, s.sent.size());
        }
        assertEquals(40, net.opened.size());
        assertEquals(40, ports.size());
        assertTrue(ids.size() >= 38, "IDs drawn at random: " + ids.size() + " distinct of 40");
    }

    @Test
    void mismatchedResponsesAreDroppedAndCounted() {
        lookup("www.example.test", T0);
        ScriptedTransport.Sock s = net.last();
        DnsMessage q = s.query();
        var answer = List.of(a("www.example.test", 300, "198.51.100.10"));
        byte[] good = q.response(DnsRcode.NOERROR, true, answer, List.of()).toBytes();
        s.deliver(S1, 5353, good);                               // wrong source port
        s.deliver(S2, 53, good);                                 // wrong source address
        s.answer(DnsRcode.NOERROR, answer, List.of(), m -> withId(m, m.id() ^ 1));
        s.answer(DnsRcode.NOERROR, answer, List.of(), m -> withQuestion(m, DnsQuestion.of("evil.example.test", DnsType.A)));
        s.answer(DnsRcode.NOERROR, answer, List.of(), m -> withQuestion(m, DnsQuestion.of("www.example.test", DnsType.AAAA)));
        s.answer(DnsRcode.NOERROR, answer, List.of(), m -> withQuestion(m,
                new DnsQuestion(DnsName.of("www.example.test"), DnsType.A, DnsClass.CH)));
        s.answer(DnsRcode.NOERROR, answer, List.of(), m -> withQuestion(m, null));   // no question at all
        s.deliver(S1, 53, new byte[] {1, 2, 3});                // not DNS
        s.deliver(S1, 53, q.toBytes());                          // a query, not a response
        client.poll(T0 + 1);
        assertTrue(outcomes.isEmpty(), "nothing accepted: " + outcomes);
        DnsClientStats st = client.stats();
        assertEquals(2, st.mismatchedSource());
        assertEquals(1, st.mismatchedId());
        assertEquals(4, st.mismatchedQuestion());
        assertEquals(2, st.malformed());
        assertEquals(7, st.mismatched());
        assertEquals(0, st.responsesAccepted());
        // The genuine answer, its question in another case (RFC 4343): accepted.
        s.answer(DnsRcode.NOERROR, answer, List.of(), m -> withQuestion(m, DnsQuestion.of("WWW.EXAMPLE.test", DnsType.A)));
        client.poll(T0 + 2);
        assertInstanceOf(DnsResult.class, only());
        assertEquals(1, client.stats().responsesAccepted());
        assertEquals(1, client.stats().queriesSent());
    }

    @Test
    void cnameChainInOneAnswerIsFollowedAndCached() {
        lookup("alias.example.test", T0);
        net.last().answer(DnsRcode.NOERROR, List.of(cname("alias.example.test", 100, "web.example.test"),
                a("unrelated.example.test", 300, "203.0.113.66"),
                cname("web.example.test", 50, "www.example.test"),
                a("www.example.test", 300, "198.51.100.10")), List.of());
        client.poll(T0 + 1);
        DnsResult r = assertInstanceOf(DnsResult.class, only());
        assertEquals(DnsName.of("www.example.test"), r.canonicalName());
        assertEquals(List.of(ip("198.51.100.10")), r.addresses(), "only the records on the chain count");
        assertEquals(2, r.cnameChain().size());
        assertEquals(3, r.answers().size());
        // From the cache: the chain and the addresses, no query, TTLs counting down.
        outcomes.clear();
        long queries = client.stats().queriesSent();
        lookup("alias.example.test", T0 + 1 + 10 * SEC);
        DnsResult c = assertInstanceOf(DnsResult.class, only());
        assertEquals(DnsResult.Source.CACHE, c.source());
        assertEquals(r.addresses(), c.addresses());
        assertEquals(List.of(90L, 40L, 290L), c.answers().stream().map(x -> x.ttl()).toList());
        assertEquals(queries, client.stats().queriesSent());
        assertEquals(1, client.stats().cacheHits());
        // The unrelated record was not cached.
        outcomes.clear();
        lookup("unrelated.example.test", T0 + 10 * SEC);
        assertTrue(outcomes.isEmpty());
    }

    @Test
    void answerStoppingAtACnameIsFollowedByAQueryForTheTarget() {
        lookup("alias.example.test", T0);
        net.last().answer(DnsRcode.NOERROR, List.of(cname("alias.example.test", 100, "www.elsewhere.test")), List.of());
        client.poll(T0 + 1);
        ScriptedTransport.Sock s = net.last();
        assertEquals(List.of(DnsQuestion.of("www.elsewhere.test", DnsType.A)), s.query().questions());
        s.answer(DnsRcode.NOERROR, List.of(a("www.elsewhere.test", 300, "203.0.113.80")), List.of());
        client.poll(T0 + 2);
        DnsResult r = assertInstanceOf(DnsResult.class, only());
        assertEquals(2, r.queries());
        assertEquals(List.of(ip("203.0.113.80")), r.addresses());
        assertEquals(1, r.cnameChain().size());
    }

    @Test
    void nxdomainAfterACnameIsAboutTheTarget() {
        lookup("dangling.example.test", T0);
        net.last().answer(DnsRcode.NXDOMAIN, List.of(cname("dangling.example.test", 100, "missing.example.test")),
                List.of(soa("example.test", 60, 60)));
        client.poll(T0 + 1);
        DnsFailure f = failure(DnsErrorKind.NXDOMAIN);
        assertEquals(1, f.cnameChain().size());
        assertTrue(f.message().startsWith("missing.example.test"), f.message());
    }

    @Test
    void cnameLoopInsideAnAnswerIsCaught() {
        lookup("loop1.example.test", T0);
        net.last().answer(DnsRcode.NOERROR, List.of(cname("loop1.example.test", 100, "loop2.example.test"),
                cname("loop2.example.test", 100, "loop1.example.test")), List.of());
        client.poll(T0 + 1);
        assertTrue(failure(DnsErrorKind.CNAME_LOOP).message().contains("loop"));
        assertEquals(1, net.opened.size());
    }

    @Test
    void chainAcrossQueriesIsBounded() {
        // Every answer is one more alias: c0 → c1 → c2 → ... never ending.
        lookup("c0.example.test", T0);
        for (int i = 0; i < 20 && outcomes.isEmpty(); i++) {
            ScriptedTransport.Sock s = net.last();
            String asked = s.query().questions().getFirst().name().toString();
            int n = Integer.parseInt(asked.substring(1, asked.indexOf('.')));
            s.answer(DnsRcode.NOERROR, List.of(cname(asked, 100, "c" + (n + 1) + ".example.test")), List.of());
            client.poll(T0 + i + 1);
        }
        DnsFailure f = failure(DnsErrorKind.CNAME_LOOP);
        assertEquals(9, f.cnameChain().size(), "8 links allowed, the 9th fails");
        assertEquals(9, f.queries());
    }

    @Test
    void truncatedAnswersAreNoted() {
        lookup("big.example.test", T0);
        net.last().answer(DnsRcode.NOERROR, List.of(a("big.example.test", 300, "198.51.100.10")), List.of(),
                m -> withFlags(m, m.flags() | DnsMessage.FLAG_TC));
        client.poll(T0 + 1);
        assertTrue(assertInstanceOf(DnsResult.class, only()).truncated());
        outcomes.clear();
        lookup("empty.example.test", T0);
        net.last().answer(DnsRcode.NOERROR, List.of(), List.of(), m -> withFlags(m, m.flags() | DnsMessage.FLAG_TC));
        client.poll(T0 + 2);
        failure(DnsErrorKind.TRUNCATED);
        assertEquals(2, client.stats().truncated());
    }

    @Test
    void hostsLiteralsBadNamesAndNoServersNeedNoQuery() {
        client = new DnsClient(net, DnsClientConfig.DEFAULT, HostsTable.EMPTY.with("gw.test", ip("198.51.100.1")),
                new DnsCache(), new Random(1));
        lookup("GW.test.", T0);
        lookup("203.0.113.9", T0);
        lookup("bad..name", T0);
        lookup(".", T0);
        lookup("www.example.test", T0);
        assertEquals(5, outcomes.size());
        DnsResult hosts = (DnsResult) outcomes.get(0);
        assertEquals(DnsResult.Source.HOSTS, hosts.source());
        assertEquals(List.of(ip("198.51.100.1")), hosts.addresses());
        DnsResult literal = (DnsResult) outcomes.get(1);
        assertEquals(DnsResult.Source.LITERAL, literal.source());
        assertEquals(List.of(ip("203.0.113.9")), literal.addresses());
        assertEquals(DnsErrorKind.BAD_NAME, ((DnsFailure) outcomes.get(2)).kind());
        assertEquals(DnsErrorKind.BAD_NAME, ((DnsFailure) outcomes.get(3)).kind());
        assertEquals(DnsErrorKind.NO_SERVERS, ((DnsFailure) outcomes.get(4)).kind());
        assertTrue(net.opened.isEmpty());
        DnsClientStats st = client.stats();
        assertEquals(1, st.hostsHits());
        assertEquals(1, st.literalAnswers());
        assertEquals(0, st.cacheHits());
        assertEquals(5, st.lookups());
    }

    @Test
    void ednsAndRotationAreOptions() {
        client = client(DnsClientConfig.DEFAULT.withServers(S1, S2).withEdns(1232).withRotate(true));
        lookup("a.test", T0);
        lookup("b.test", T0);
        lookup("c.test", T0);
        assertEquals(List.of(S1, S2, S1), net.opened.stream().map(s -> s.server).toList());
        DnsMessage q = net.last().query();
        assertEquals(1, q.additionals().size());
        assertEquals(DnsType.OPT, q.additionals().getFirst().type());
        assertEquals(1232, q.additionals().getFirst().dnsClass());
    }

    @Test
    void aThrowingCallbackIsCounted() {
        client.lookup("1.2.3.4", T0, o -> {
            throw new IllegalStateException("boom");
        });
        assertEquals(1, client.stats().callbackErrors());
    }
}
