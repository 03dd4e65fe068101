package io.netstack4j.api;

import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.socket.dns.DnsClientConfig;
import io.netstack4j.socket.dns.DnsErrorKind;
import io.netstack4j.socket.dns.DnsFailure;
import io.netstack4j.socket.dns.DnsResult;
import io.netstack4j.socket.dns.DnsServer;
import io.netstack4j.socket.dns.DnsServerEndpoint;
import io.netstack4j.socket.dns.HostsTable;
import io.netstack4j.socket.dns.Zone;
import io.netstack4j.time.SystemClock;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blocking facade, in real time: a client host and a DNS server host on a virtual LAN. */
class ResolverTest {
    static final Ipv4Address SERVER = Ipv4Address.parse("198.51.100.53");
    static final Ipv4Address NOBODY = Ipv4Address.parse("198.51.100.99");

    final NetStack client;
    final NetStack server;

    ResolverTest() throws Exception {
        VirtualLan lan = new VirtualLan(11);
        client = NetStack.builder(config("client", 1, "198.51.100.1/24"), lan.attach("client"))
                .clock(SystemClock.INSTANCE).random(new SplittableRandom(1)).start();
        server = NetStack.builder(config("dns", 0x53, "198.51.100.53/24"), lan.attach("dns"))
                .clock(SystemClock.INSTANCE).random(new SplittableRandom(2)).start();
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            many.append("many   A      203.0.113.").append(i).append('\n');
        }
        Zone zone = Zone.parse("""
                $ORIGIN example.test.
                www    A      198.51.100.10
                www    A      198.51.100.11
                web    CNAME  www
                """ + many);
        server.loop().submit(now -> DnsServerEndpoint.install(server.stack(), server.udp(), Ipv4Address.ANY, 53,
                new DnsServer(zone))).get();
    }

    private static StackConfig config(String name, long mac, String cidr) {
        return StackConfig.builder(name).mac(MacAddress.locallyAdministered(mac)).address(cidr).build();
    }

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void resolvesAndCaches() throws Exception {
        try (Resolver r = Resolver.create(client, SERVER)) {
            assertEquals(List.of(Ipv4Address.parse("198.51.100.10"), Ipv4Address.parse("198.51.100.11")),
                    r.resolve("www.example.test"));
            DnsResult web = r.lookup("web.example.test");
            assertEquals(DnsResult.Source.DNS, web.source());
            assertEquals(SERVER, web.server());
            assertEquals(1, web.cnameChain().size());
            assertEquals("www.example.test", web.canonicalName().toString());
            assertTrue(web.elapsedNanos() > 0);
            long sent = r.stats().queriesSent();
            DnsResult again = r.lookup("WEB.example.test");
            assertEquals(DnsResult.Source.CACHE, again.source());
            assertEquals(sent, r.stats().queriesSent());
            assertEquals(1, r.stats().cacheHits());
            assertTrue(r.cacheStats().size() >= 2);
            r.flushCache();
            assertEquals(0, r.cacheStats().size());
        }
    }

    @Test
    void nxdomainAndBadNamesAreResolverExceptions() {
        try (Resolver r = Resolver.create(client, SERVER)) {
            ResolverException e = assertThrows(ResolverException.class, () -> r.resolve("nope.example.test"));
            assertEquals(DnsErrorKind.NXDOMAIN, e.kind());
            assertNotNull(e.failure());
            assertEquals(SERVER, e.failure().server());
            assertTrue(e.getMessage().contains("NXDOMAIN"), e.getMessage());
            assertEquals(DnsErrorKind.REFUSED, assertThrows(ResolverException.class,
                    () -> r.resolve("www.elsewhere.test")).kind());
            assertEquals(DnsErrorKind.BAD_NAME, assertThrows(ResolverException.class,
                    () -> r.resolve("a..b")).kind());
        }
    }

    /**
     * 40 A records do not fit in 512 octets: the UDP answer comes back truncated, the resolver asks
     * over TCP, and this server has no TCP (the stack answers the SYN with a RST): the truncated
     * answer, which holds no address, is all there is. (With a TCP server: app's DnsTcpTest.)
     */
    @Test
    void aTruncatedAnswerFromAServerWithoutTcpStaysTruncated() {
        try (Resolver r = Resolver.create(client, SERVER)) {
            ResolverException e = assertThrows(ResolverException.class, () -> r.resolve("many.example.test"));
            assertEquals(DnsErrorKind.TRUNCATED, e.kind(), e.getMessage());
            assertEquals(SERVER, e.failure().server());
            assertEquals(2, e.failure().queries(), "one over UDP, one over TCP");
            assertEquals(1, r.stats().tcpQueries());
            assertEquals(1, r.stats().tcpFailures());
            assertTrue(e.failure().elapsedNanos() < 1_000_000_000L, "the RST ends the retry at once");
        }
        try (Resolver r = Resolver.builder(client).servers(SERVER).tcpTimeout(Duration.ZERO).build()) {
            assertEquals(DnsErrorKind.TRUNCATED, assertThrows(ResolverException.class,
                    () -> r.resolve("many.example.test")).kind());
            assertEquals(0, r.stats().tcpQueries(), "the retry turned off");
        }
    }

    @Test
    void hostsAndLiteralsNeedNoServer() throws Exception {
        try (Resolver r = Resolver.builder(client)
                .hosts(HostsTable.parse("203.0.113.7 db.internal\n")).build()) {
            assertEquals(List.of(Ipv4Address.parse("203.0.113.7")), r.resolve("db.internal"));
            assertEquals(List.of(Ipv4Address.parse("198.51.100.200")), r.resolve("198.51.100.200"));
            assertEquals(DnsErrorKind.NO_SERVERS, assertThrows(ResolverException.class,
                    () -> r.resolve("www.example.test")).kind());
            assertEquals(0, r.stats().queriesSent());
        }
    }

    @Test
    void anAbsentServerTimesOutWithinTheDeadlineAndTheNextOneAnswers() throws Exception {
        try (Resolver r = Resolver.builder(client).servers(NOBODY).tryTimeout(Duration.ofMillis(100))
                .attemptsPerServer(2).deadline(Duration.ofSeconds(2)).build()) {
            long t0 = System.nanoTime();
            ResolverException e = assertThrows(ResolverException.class, () -> r.resolve("www.example.test"));
            long took = System.nanoTime() - t0;
            assertEquals(DnsErrorKind.TIMEOUT, e.kind(), e.getMessage());
            assertEquals(2, e.failure().queries());
            assertTrue(took < 2_000_000_000L, "took " + took / 1_000_000 + " ms");
        }
        try (Resolver r = Resolver.builder(client).servers(NOBODY, SERVER).tryTimeout(Duration.ofMillis(100))
                .build()) {
            DnsResult res = r.lookup("www.example.test");
            assertEquals(SERVER, res.server());
            assertEquals(2, res.queries());
        }
    }

    @Test
    void manyThreadsAtOnce() throws Exception {
        try (Resolver r = Resolver.create(client, SERVER);
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Ipv4Address>>> fs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String name = i % 2 == 0 ? "www.example.test" : "web.example.test";
                fs.add(pool.submit((Callable<List<Ipv4Address>>) () -> r.resolve(name)));
            }
            for (Future<List<Ipv4Address>> f : fs) {
                assertEquals(2, f.get().size());
            }
            assertEquals(50, r.stats().succeeded());
        }
    }

    @Test
    void asyncLookupsAndClose() throws Exception {
        Resolver r = Resolver.builder(client).config(DnsClientConfig.DEFAULT.withServers(NOBODY)).build();
        var pending = r.lookupAsync("www.example.test");
        r.close();
        DnsFailure f = assertInstanceOf(DnsFailure.class, pending.get());
        assertEquals(DnsErrorKind.CANCELLED, f.kind());
        assertEquals(DnsErrorKind.CANCELLED, assertThrows(ResolverException.class,
                () -> r.resolve("www.example.test")).kind());
        r.close();   // idempotent
        client.close();
        assertEquals(DnsErrorKind.CANCELLED, assertThrows(ResolverException.class,
                () -> r.resolve("www.example.test")).kind(), "the stack is gone");
    }
}
