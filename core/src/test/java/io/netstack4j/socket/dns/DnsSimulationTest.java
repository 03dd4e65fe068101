package io.netstack4j.socket.dns;

import io.netstack4j.iface.Stack;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.FaultConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.link.VirtualPort;
import io.netstack4j.runtime.Simulation;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.UdpConfig;
import io.netstack4j.socket.udp.UdpLayer;
import io.netstack4j.time.ManualClock;
import io.netstack4j.wire.DnsMessage;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.netstack4j.socket.dns.DnsTestData.MS;
import static io.netstack4j.socket.dns.DnsTestData.SEC;
import static io.netstack4j.socket.dns.DnsTestData.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The resolver against the in-process DNS server, both on real stacks over a virtual LAN, in
 * virtual time; the acceptance run is at 30 % loss in each direction.
 */
class DnsSimulationTest {
    static final Ipv4Address CLIENT = ip("198.51.100.1");
    static final Ipv4Address SERVER = ip("198.51.100.53");
    static final Ipv4Address SILENT = ip("198.51.100.54");
    static final String ZONE_TEXT = """
            $ORIGIN example.test.
            $TTL 300
            www         A      198.51.100.10
            www         A      198.51.100.11
            web         CNAME  www
            alias       CNAME  web
            mail   2    A      198.51.100.25      ; expires during the run: asked again
            fresh  0    A      198.51.100.26      ; never cached: always asked
            """;
    static final Map<String, Set<Ipv4Address>> KNOWN = Map.of(
            "www.example.test", Set.of(ip("198.51.100.10"), ip("198.51.100.11")),
            "web.example.test", Set.of(ip("198.51.100.10"), ip("198.51.100.11")),
            "alias.example.test", Set.of(ip("198.51.100.10"), ip("198.51.100.11")),
            "mail.example.test", Set.of(ip("198.51.100.25")),
            "fresh.example.test", Set.of(ip("198.51.100.26")));

    /** Client and server stacks on one LAN, each with UDP; the server answers on port 53. */
    static final class Net {
        final ManualClock clock = new ManualClock();
        final Simulation sim = new Simulation(clock);
        final Stack clientStack;
        final Stack serverStack;
        final DnsServerEndpoint server;
        final DnsClient client;

        Net(long seed, double loss, DnsClientConfig config) throws SocketException {
            VirtualLan lan = new VirtualLan(seed);
            FaultConfig lossy = FaultConfig.NONE.withLoss(loss);
            // Loss on each port's egress: client → server and server → client both lose `loss`.
            VirtualPort cp = lan.attach("client", lossy, FaultConfig.NONE);
            VirtualPort sp = lan.attach("server", lossy, FaultConfig.NONE);
            clientStack = sim.addHost(StackConfig.builder("client").mac(new MacAddress(0x0200_0000_0001L))
                    .address("198.51.100.1/24").build(), cp).stack();
            serverStack = sim.addHost(StackConfig.builder("server").mac(new MacAddress(0x0200_0000_0053L))
                    .address("198.51.100.53/24").address("198.51.100.54/24").build(), sp).stack();
            UdpLayer clientUdp = UdpLayer.install(clientStack, UdpConfig.DEFAULT, new Random(seed));
            UdpLayer serverUdp = UdpLayer.install(serverStack, UdpConfig.DEFAULT, new Random(seed + 1));
            server = DnsServerEndpoint.install(serverStack, serverUdp, SERVER, DnsMessage.PORT,
                    new DnsServer(Zone.parse(ZONE_TEXT)));
            client = DnsClient.install(clientStack, clientUdp, config, HostsTable.EMPTY, new DnsCache(),
                    new Random(seed + 2));
        }
    }

    /** One lookup: when it was asked, what came back and when the callback ran. */
    static final class Asked {
        final String name;
        final long at;
        DnsOutcome outcome;
        long calledBackAt = -1;

        Asked(String name, long at) {
            this.name = name;
            this.at = at;
        }
    }

    @Test
    void acceptanceAtThirtyPercentLossOverSeveralSeeds() throws Exception {
        long[] seeds = {1, 2, 3, 42, 1234, 0xC0FFEE, 987654321L, 31337};
        int timeouts = 0;
        int successes = 0;
        int nxdomains = 0;
        for (long seed : seeds) {
            int[] r = runLossy(seed);
            successes += r[0];
            nxdomains += r[1];
            timeouts += r[2];
        }
        // Loss is real: some lookups must have run out of time, and most must still have worked.
        assertTrue(timeouts > 0, "no timeout at all at 30 % loss");
        assertTrue(successes > timeouts, successes + " successes vs " + timeouts + " timeouts");
        assertTrue(nxdomains > 0);
    }

    /** 200 lookups over several names, some unknown; returns {successes, nxdomains, timeouts}. */
    private int[] runLossy(long seed) throws Exception {
        DnsClientConfig config = DnsClientConfig.DEFAULT.withServers(SERVER).withAttemptsPerServer(3)
                .withDeadline(4 * SEC);
        Net net = new Net(seed, 0.30, config);
        Random pick = new Random(seed);
        List<String> names = new ArrayList<>(KNOWN.keySet());
        names.sort(null);
        List<Asked> asked = new ArrayList<>();
        int[] cacheChecks = {0};
        for (int i = 0; i < 200; i++) {
            String name = switch (pick.nextInt(4)) {
                case 0 -> "nx" + i + ".example.test";             // unknown, never asked before
                case 1 -> "gone.example.test";                    // unknown, negatively cached once known
                default -> names.get(pick.nextInt(names.size()));
            };
            Asked a = new Asked(name, i * 300 * MS);
            asked.add(a);
            net.sim.schedule(a.at, now -> net.client.lookup(a.name, now, o -> {
                a.outcome = o;
                a.calledBackAt = net.sim.now();
                // A cached name asked again at once: no query, one more cache hit.
                if (o instanceof DnsResult res && a.name.equals("www.example.test")) {
                    DnsClientStats before = net.client.stats();
                    DnsOutcome[] again = new DnsOutcome[1];
                    net.client.lookup(a.name, now, x -> again[0] = x);
                    DnsClientStats after = net.client.stats();
                    DnsResult hit = assertInstanceOf(DnsResult.class, again[0], "seed " + seed);
                    assertEquals(DnsResult.Source.CACHE, hit.source(), "seed " + seed);
                    assertEquals(res.addresses(), hit.addresses(), "seed " + seed);
                    assertEquals(before.queriesSent(), after.queriesSent(), "seed " + seed + ": a cache hit sent a query");
                    assertEquals(before.cacheHits() + 1, after.cacheHits(), "seed " + seed);
                    cacheChecks[0]++;
                }
            }));
        }
        boolean done = net.sim.runUntil(() -> asked.stream().allMatch(x -> x.outcome != null), 200 * SEC);
        assertTrue(done, "seed " + seed + ": lookups left unfinished");
        int successes = 0;
        int nx = 0;
        int timeouts = 0;
        for (Asked a : asked) {
            String where = "seed " + seed + ", " + a.name + " at " + a.at / MS + " ms: " + a.outcome;
            DnsOutcome o = a.outcome;
            assertEquals(a.at, o.startedAt(), where);
            assertEquals(a.calledBackAt, o.completedAt(), where);
            assertTrue(o.completedAt() - o.startedAt() <= config.deadlineNanos(), where + ": past its deadline");
            switch (o) {
                case DnsResult r -> {
                    assertNotNull(KNOWN.get(a.name), where);
                    assertEquals(KNOWN.get(a.name), Set.copyOf(r.addresses()), where);
                    assertEquals(r.addresses().size(), Set.copyOf(r.addresses()).size(), where);
                    successes++;
                }
                case DnsFailure f when f.kind() == DnsErrorKind.TIMEOUT -> timeouts++;
                case DnsFailure f when f.kind() == DnsErrorKind.NXDOMAIN && !KNOWN.containsKey(a.name) -> nx++;
                case DnsFailure f -> fail(where + ": unexpected " + f.kind());
            }
        }
        assertTrue(cacheChecks[0] > 0, "seed " + seed + ": www never resolved");
        DnsClientStats st = net.client.stats();
        assertTrue(st.cacheHits() >= cacheChecks[0], "seed " + seed);
        assertEquals(0, st.mismatched(), "seed " + seed + ": nobody spoofs here");
        assertEquals(0, net.client.pending());
        assertTrue(net.client.poll(net.sim.now()) == Long.MAX_VALUE, "no timer left behind");
        return new int[] {successes, nx, timeouts};
    }

    @Test
    void withoutLossEveryAnswerIsRightAndRepeatsComeFromTheCache() throws Exception {
        Net net = new Net(5, 0, DnsClientConfig.DEFAULT.withServers(SERVER));
        Map<String, DnsOutcome> got = new HashMap<>();
        List<String> asked = List.of("www.example.test", "alias.example.test", "nope.example.test",
                "www.example.test", "nope.example.test", "www.elsewhere.test");
        for (int i = 0; i < asked.size(); i++) {
            String name = asked.get(i);
            int n = i;
            net.sim.schedule(i * SEC, now -> net.client.lookup(name, now, o -> got.put(n + " " + name, o)));
        }
        assertTrue(net.sim.runUntil(() -> got.size() == asked.size(), 60 * SEC));
        DnsResult www = (DnsResult) got.get("0 www.example.test");
        assertEquals(DnsResult.Source.DNS, www.source());
        assertTrue(www.authoritative());
        assertEquals(SERVER, www.server());
        DnsResult alias = (DnsResult) got.get("1 alias.example.test");
        assertEquals(2, alias.cnameChain().size());
        assertEquals(1, alias.queries());
        assertEquals(DnsErrorKind.NXDOMAIN, ((DnsFailure) got.get("2 nope.example.test")).kind());
        assertEquals(DnsResult.Source.CACHE, ((DnsResult) got.get("3 www.example.test")).source());
        DnsFailure nx = (DnsFailure) got.get("4 nope.example.test");
        assertEquals(0, nx.queries(), "negatively cached");
        assertEquals(DnsErrorKind.REFUSED, ((DnsFailure) got.get("5 www.elsewhere.test")).kind());
        DnsClientStats st = net.client.stats();
        assertEquals(4, st.queriesSent());
        assertEquals(2, st.cacheHits());
        assertEquals(4, net.server.replies());
    }

    @Test
    void aServerWithoutDnsIsLeftAtOnceOnPortUnreachable() throws Exception {
        // SILENT is the server host's second address with nothing on port 53: its ICMP port
        // unreachable reaches the connected query socket as ECONNREFUSED, and the client moves on.
        Net net = new Net(6, 0, DnsClientConfig.DEFAULT.withServers(SILENT, SERVER));
        DnsOutcome[] got = new DnsOutcome[1];
        net.sim.schedule(0, now -> net.client.lookup("www.example.test", now, o -> got[0] = o));
        assertTrue(net.sim.runUntil(() -> got[0] != null, 10 * SEC));
        DnsResult r = assertInstanceOf(DnsResult.class, got[0]);
        assertEquals(SERVER, r.server());
        assertEquals(2, r.queries());
        assertTrue(r.elapsedNanos() < 100 * MS, "failover took " + r.elapsedNanos() / MS + " ms, not a timeout");
    }
}
