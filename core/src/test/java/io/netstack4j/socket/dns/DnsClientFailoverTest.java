package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsRcode;
import io.netstack4j.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.netstack4j.socket.dns.DnsTestData.MS;
import static io.netstack4j.socket.dns.DnsTestData.SEC;
import static io.netstack4j.socket.dns.DnsTestData.a;
import static io.netstack4j.socket.dns.DnsTestData.soa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resolver state machine against scripted servers: retries, failover, deadlines, error kinds, negative answers. */
class DnsClientFailoverTest extends DnsClientTestBase {
    @Test
    void retriesGoRoundTheServersThenTimeOut() {
        lookup("www.example.test", T0);
        long next = client.poll(T0);
        List<Ipv4Address> asked = new ArrayList<>(List.of(net.last().server));
        while (outcomes.isEmpty()) {
            next = client.poll(next);
            if (outcomes.isEmpty()) {
                asked.add(net.last().server);
            }
        }
        assertEquals(List.of(S1, S2, S1, S2), asked, "2 attempts per server, in turn");
        DnsFailure f = failure(DnsErrorKind.TIMEOUT);
        assertEquals(4, f.queries());
        assertEquals(T0 + 4 * SEC, f.completedAt(), "four tries of 1 s, inside the 5 s deadline");
        assertNull(f.server());
        DnsClientStats st = client.stats();
        assertEquals(4, st.queriesSent());
        assertEquals(3, st.retries());
        assertEquals(4, st.tryTimeouts());
        assertEquals(1, st.failed(DnsErrorKind.TIMEOUT));
        assertTrue(net.open().isEmpty(), "every socket closed");
    }

    @Test
    void theDeadlineCutsRetriesShort() {
        client = client(DnsClientConfig.DEFAULT.withServers(S1).withAttemptsPerServer(5).withDeadline(2_500_000_000L));
        lookup("www.example.test", T0);
        long next = client.poll(T0);
        while (outcomes.isEmpty()) {
            next = client.poll(next);
        }
        DnsFailure f = failure(DnsErrorKind.TIMEOUT);
        assertEquals(T0 + 2_500_000_000L, f.completedAt());
        assertEquals(3, f.queries());
    }

    @Test
    void failsOverToTheSecondServerAfterATimeoutAndALateAnswerStillCounts() {
        lookup("www.example.test", T0);
        ScriptedTransport.Sock first = net.last();
        client.poll(T0 + SEC);
        ScriptedTransport.Sock second = net.last();
        assertEquals(S2, second.server);
        assertFalse(first.closed, "the first query keeps listening");
        first.answer(DnsRcode.NOERROR, List.of(a("www.example.test", 300, "198.51.100.10")), List.of());
        client.poll(T0 + SEC + 5);
        DnsResult r = assertInstanceOf(DnsResult.class, only());
        assertEquals(S1, r.server());
        assertEquals(2, r.queries());
        assertTrue(first.closed && second.closed);
    }

    @Test
    void servfailFailsOverAtOnce() {
        lookup("www.example.test", T0);
        net.last().answer(DnsRcode.SERVFAIL, List.of(), List.of());
        client.poll(T0 + 1);
        ScriptedTransport.Sock second = net.last();
        assertEquals(S2, second.server, "the second server asked at once");
        assertEquals(T0 + 1 + SEC, client.poll(T0 + 1));
        second.answer(DnsRcode.NOERROR, List.of(a("www.example.test", 300, "198.51.100.10")), List.of());
        client.poll(T0 + 2);
        DnsResult r = assertInstanceOf(DnsResult.class, only());
        assertEquals(S2, r.server());
    }

    @Test
    void aLateServfailWhileAnotherQueryWaitsKeepsItsTimer() {
        client = client(DnsClientConfig.DEFAULT.withServers(S1, S2).withAttemptsPerServer(1));
        lookup("www.example.test", T0);
        ScriptedTransport.Sock first = net.last();
        client.poll(T0 + SEC);                       // S1 timed out: S2 asked
        assertEquals(S2, net.last().server);
        first.answer(DnsRcode.SERVFAIL, List.of(), List.of());
        assertEquals(T0 + 2 * SEC, client.poll(T0 + SEC + 500 * MS), "still waiting for S2, on its own timer");
        assertTrue(outcomes.isEmpty());
        client.poll(T0 + 2 * SEC);
        DnsFailure f = failure(DnsErrorKind.SERVFAIL);
        assertEquals(T0 + 2 * SEC, f.completedAt(), "S2 never answered; S1's SERVFAIL is the answer");
    }

    @Test
    void servfailFromEveryServerIsServfail() {
        lookup("www.example.test", T0);
        net.last().answer(DnsRcode.SERVFAIL, List.of(), List.of());
        client.poll(T0 + 1);
        net.last().answer(DnsRcode.SERVFAIL, List.of(), List.of(), m -> withQuestion(m, null));
        client.poll(T0 + 2);
        DnsFailure f = failure(DnsErrorKind.SERVFAIL);
        assertEquals(S2, f.server());
        assertEquals(2, f.queries(), "a server that failed is not asked again");
        assertEquals(T0 + 2, f.completedAt());
    }

    @Test
    void refusedAndOtherErrorRcodesAreTheirOwnKinds() {
        client = client(DnsClientConfig.DEFAULT.withServers(S1));
        lookup("a.example.test", T0);
        net.last().answer(DnsRcode.REFUSED, List.of(), List.of());
        client.poll(T0 + 1);
        lookup("b.example.test", T0);
        net.last().answer(DnsRcode.NOTIMP, List.of(), List.of());
        client.poll(T0 + 1);
        assertEquals(List.of(DnsErrorKind.REFUSED, DnsErrorKind.SERVER_ERROR),
                outcomes.stream().map(o -> ((DnsFailure) o).kind()).toList());
    }

    @Test
    void nxdomainIsAnAnswerNotAFailover() {
        lookup("nope.example.test", T0);
        net.last().answer(DnsRcode.NXDOMAIN, List.of(), List.of(soa("example.test", 60, 30)));
        client.poll(T0 + 1);
        DnsFailure f = failure(DnsErrorKind.NXDOMAIN);
        assertEquals(S1, f.server());
        assertEquals(1, net.opened.size(), "the second server is not asked");
        // Cached for min(60, 30) s: the next lookup sends nothing.
        outcomes.clear();
        lookup("NOPE.example.test", T0 + 29 * SEC);
        assertEquals(DnsErrorKind.NXDOMAIN, failure(DnsErrorKind.NXDOMAIN).kind());
        assertEquals(0, ((DnsFailure) only()).queries());
        assertEquals(1, client.stats().cacheHits());
        outcomes.clear();
        lookup("nope.example.test", T0 + 1 + 30 * SEC);   // stored at T0 + 1, when the answer was read
        assertTrue(outcomes.isEmpty());
        assertEquals(2, net.opened.size(), "expired: asked again");
    }

    @Test
    void nxdomainWithoutSoaIsNotCached() {
        lookup("nope.example.test", T0);
        net.last().answer(DnsRcode.NXDOMAIN, List.of(), List.of());
        client.poll(T0 + 1);
        failure(DnsErrorKind.NXDOMAIN);
        lookup("nope.example.test", T0 + 2);
        assertEquals(2, net.opened.size());
    }

    @Test
    void nodataIsDistinctAndCached() {
        lookup("mail.example.test", T0);
        net.last().answer(DnsRcode.NOERROR, List.of(), List.of(soa("example.test", 60, 60)));
        client.poll(T0 + 1);
        failure(DnsErrorKind.NODATA);
        outcomes.clear();
        lookup("mail.example.test", T0 + SEC);
        failure(DnsErrorKind.NODATA);
        assertEquals(1, net.opened.size());
    }

    @Test
    void socketErrorsFailOverAtOnce() {
        lookup("www.example.test", T0);
        net.last().deliverError(new java.io.IOException("recvfrom: Connection refused (ECONNREFUSED)"));
        client.poll(T0 + 1);
        assertEquals(S2, net.last().server);
        net.last().deliverError(new java.io.IOException("recvfrom: Connection refused (ECONNREFUSED)"));
        client.poll(T0 + 2);
        DnsFailure f = failure(DnsErrorKind.NETWORK);
        assertTrue(f.message().contains("ECONNREFUSED"), f.message());
    }

    @Test
    void unreachableServerIsSkipped() {
        net.unreachable.add(S1);
        lookup("www.example.test", T0);
        assertEquals(S2, net.last().server);
        net.unreachable.add(S2);
        client.poll(T0 + SEC);
        failure(DnsErrorKind.NETWORK);
    }

    @Test
    void pendingLookupsAreBoundedAndCloseCancelsThem() {
        client = client(DnsClientConfig.DEFAULT.withServers(S1).withMaxPendingLookups(2));
        lookup("a.test", T0);
        lookup("b.test", T0);
        lookup("c.test", T0);
        failure(DnsErrorKind.OVERLOADED);
        client.close(T0 + 1);
        assertEquals(3, outcomes.size());
        assertEquals(DnsErrorKind.CANCELLED, ((DnsFailure) outcomes.get(1)).kind());
        assertTrue(net.open().isEmpty());
        lookup("d.test", T0 + 2);
        assertEquals(DnsErrorKind.CANCELLED, ((DnsFailure) outcomes.get(3)).kind());
        assertEquals(Long.MAX_VALUE, client.poll(T0 + 3));
    }
}
