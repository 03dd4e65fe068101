package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsMessage;
import io.netstack4j.wire.DnsRcode;
import io.netstack4j.wire.DnsRecord;
import io.netstack4j.wire.DnsType;
import io.netstack4j.wire.Ipv4Address;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.netstack4j.socket.dns.DnsTestData.SEC;
import static io.netstack4j.socket.dns.DnsTestData.a;
import static io.netstack4j.socket.dns.DnsTestData.cname;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The retry over TCP of a truncated answer (RFC 7766 §5, RFC 1035 §4.2.2), against scripted servers:
 * the TCP answer replaces the truncated one; a failed or silent connection leaves the truncated one.
 */
class DnsClientTcpTest extends DnsClientTestBase {
    static final int MANY = 40;

    @BeforeEach
    void withTcp() {
        net.tcp = true;
    }

    static List<DnsRecord> many(String name) {
        List<DnsRecord> out = new ArrayList<>();
        for (int i = 1; i <= MANY; i++) {
            out.add(a(name, 300, "203.0.113." + i));
        }
        return out;
    }

    /** Answers the last UDP query with TC set and only {@code partial} in it. */
    void truncated(List<DnsRecord> partial) {
        net.last().answer(DnsRcode.NOERROR, partial, List.of(), m -> withFlags(m, m.flags() | DnsMessage.FLAG_TC));
    }

    @Test
    void aTruncatedAnswerIsAskedAgainOverTcpOfTheSameServer() {
        lookup("big.example.test", T0);
        ScriptedTransport.Sock udp = net.last();
        truncated(List.of());
        client.poll(T0 + 1);
        assertTrue(outcomes.isEmpty(), "waiting for the TCP answer: " + outcomes);
        assertTrue(udp.closed, "the UDP query is done with");
        ScriptedTransport.Sock tcp = net.last();
        assertTrue(tcp.stream);
        assertEquals(S1, tcp.server);
        assertEquals(53, tcp.serverPort);
        DnsMessage q = tcp.query();
        assertEquals(udp.query().questions(), q.questions());
        assertEquals(DnsType.A, q.questions().getFirst().type());
        assertEquals(T0 + 1 + 2 * SEC, client.poll(T0 + 1), "the TCP timeout, 2 s by default");

        tcp.answer(DnsRcode.NOERROR, many("big.example.test"), List.of());
        client.poll(T0 + 5_000_000L);
        DnsResult r = assertInstanceOf(DnsResult.class, only());
        assertEquals(MANY, r.addresses().size());
        assertEquals(Ipv4Address.parse("203.0.113." + MANY), r.addresses().getLast());
        assertFalse(r.truncated(), "the TCP answer replaced the truncated one");
        assertTrue(r.overTcp());
        assertEquals(S1, r.server());
        assertEquals(2, r.queries());
        assertTrue(tcp.closed);
        DnsClientStats st = client.stats();
        assertEquals(1, st.truncated());
        assertEquals(1, st.tcpQueries());
        assertEquals(0, st.tcpFailures());
        assertEquals(2, st.queriesSent());

        outcomes.clear();
        lookup("big.example.test", T0 + SEC);
        DnsResult cached = assertInstanceOf(DnsResult.class, only());
        assertEquals(DnsResult.Source.CACHE, cached.source());
        assertEquals(MANY, cached.addresses().size(), "all 40 records were cached");
    }

    @Test
    void theTcpAnswerGoesThroughTheUsualLogicCnameAndNxdomain() {
        lookup("alias.example.test", T0);
        truncated(List.of());
        client.poll(T0 + 1);
        net.last().answer(DnsRcode.NXDOMAIN, List.of(cname("alias.example.test", 300, "gone.example.test")),
                List.of(DnsTestData.soa("example.test", 300, 60)));
        client.poll(T0 + 2);
        DnsFailure f = failure(DnsErrorKind.NXDOMAIN);
        assertEquals(1, f.cnameChain().size());
        assertEquals(2, f.queries());
    }

    @Test
    void aRefusedConnectionLeavesTheTruncatedAnswer() {
        lookup("big.example.test", T0);
        truncated(List.of(a("big.example.test", 300, "203.0.113.1")));
        client.poll(T0 + 1);
        ScriptedTransport.Sock tcp = net.last();
        tcp.deliverError(new IOException("connect: Connection refused (ECONNREFUSED)"));
        client.poll(T0 + 2);
        DnsResult r = assertInstanceOf(DnsResult.class, only());
        assertEquals(List.of(Ipv4Address.parse("203.0.113.1")), r.addresses());
        assertTrue(r.truncated());
        assertFalse(r.overTcp());
        assertTrue(tcp.closed);
        assertEquals(1, client.stats().tcpFailures());
        assertEquals(0, net.open().size(), "nothing left open");
    }

    @Test
    void aSilentServerTimesOutAndTheEmptyTruncatedAnswerFails() {
        lookup("big.example.test", T0);
        truncated(List.of());
        client.poll(T0 + 1);
        ScriptedTransport.Sock tcp = net.last();
        client.poll(T0 + 1 + 2 * SEC - 1);
        assertTrue(outcomes.isEmpty());
        client.poll(T0 + 1 + 2 * SEC);
        DnsFailure f = failure(DnsErrorKind.TRUNCATED);
        assertEquals(S1, f.server());
        assertTrue(tcp.closed);
        assertEquals(1, client.stats().tcpFailures());
        assertEquals(2, net.opened.size(), "no other server asked: S1 answered, if only in part");
    }

    @Test
    void theLookupDeadlineBoundsTheTcpRetry() {
        client = client(DnsClientConfig.DEFAULT.withServers(S1).withDeadline(SEC / 2));
        lookup("big.example.test", T0);
        truncated(List.of());
        client.poll(T0 + 1);
        assertEquals(T0 + SEC / 2, client.poll(T0 + 2));
        client.poll(T0 + SEC / 2);
        failure(DnsErrorKind.TRUNCATED);
    }

    @Test
    void aWrongIdOverTcpIsDroppedAndAnEarlyEndOfStreamFallsBack() {
        lookup("big.example.test", T0);
        truncated(List.of());
        client.poll(T0 + 1);
        ScriptedTransport.Sock tcp = net.last();
        tcp.answer(DnsRcode.NOERROR, many("big.example.test"), List.of(), m -> withId(m, m.id() ^ 1));
        client.poll(T0 + 2);
        assertTrue(outcomes.isEmpty());
        assertEquals(1, client.stats().mismatchedId());
        tcp.deliverError(new IOException("DNS over TCP: closed the connection without an answer"));
        client.poll(T0 + 3);
        failure(DnsErrorKind.TRUNCATED);
    }

    @Test
    void offOrUnavailableTcpUsesTheTruncatedAnswerAtOnce() {
        client = client(DnsClientConfig.DEFAULT.withServers(S1).withTcpTimeout(0));
        lookup("big.example.test", T0);
        truncated(List.of());
        client.poll(T0 + 1);
        failure(DnsErrorKind.TRUNCATED);
        assertTrue(net.streams().isEmpty());

        outcomes.clear();
        client = client(DnsClientConfig.DEFAULT.withServers(S1));
        net.tcpUnreachable.add(S1);
        lookup("big.example.test", T0);
        truncated(List.of());
        client.poll(T0 + 1);
        failure(DnsErrorKind.TRUNCATED);
        assertEquals(0, client.stats().tcpQueries());
    }

    @Test
    void theTcpQueryHasAFreshId() {
        for (int i = 0; i < 8; i++) {
            lookup("n" + i + ".example.test", T0);
            ScriptedTransport.Sock udp = net.last();
            int udpId = udp.query().id();
            truncated(List.of());
            client.poll(T0 + 1);
            if (net.last().query().id() != udpId) {
                return;
            }
        }
        fail("the TCP query reused the UDP ID eight times in a row");
    }
}
