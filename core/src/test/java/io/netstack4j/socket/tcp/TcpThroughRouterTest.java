package io.netstack4j.socket.tcp;

import io.netstack4j.iface.EchoListener;
import io.netstack4j.iface.Stack;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.link.VirtualPort;
import io.netstack4j.route.Router;
import io.netstack4j.runtime.Simulation;
import io.netstack4j.runtime.StackLoop;
import io.netstack4j.socket.udp.UdpConfig;
import io.netstack4j.socket.udp.UdpDatagram;
import io.netstack4j.socket.udp.UdpEndpoint;
import io.netstack4j.socket.udp.UdpLayer;
import io.netstack4j.time.ManualClock;
import io.netstack4j.time.SystemClock;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end through an {@link Router}: a client on 198.51.100.0/24 and a server on
 * 203.0.113.0/24, two virtual LANs, the router between them, in a {@link Simulation}: ping (one hop
 * less on the reply's TTL), UDP, and a TCP connection moving data both ways (SHA-256 equal) with a
 * smaller MTU on the server's side; and a ping through the router on a real loop thread.
 */
class TcpThroughRouterTest {
    static final long MS = 1_000_000L;
    static final long SEC = 1_000 * MS;
    static final Ipv4Address CLIENT = Ipv4Address.parse("198.51.100.10");
    static final Ipv4Address SERVER = Ipv4Address.parse("203.0.113.10");

    record Net(Simulation sim, Stack client, Stack server, Router router) {
    }

    static Net net(int serverMtu) {
        Simulation sim = new Simulation(new ManualClock(0));
        // No checksum offload: a frame a host leaves to the LAN to complete must not cross the router
        // (what a real NIC would have filled in, a virtual LAN never does).
        VirtualLan left = new VirtualLan(1, VirtualLan.DEFAULT_MTU, VirtualLan.DEFAULT_RX_QUEUE_FRAMES,
                VirtualLan.DEFAULT_MAC_TABLE_SIZE, false);
        VirtualLan right = new VirtualLan(2, serverMtu, VirtualLan.DEFAULT_RX_QUEUE_FRAMES,
                VirtualLan.DEFAULT_MAC_TABLE_SIZE, false);
        Stack client = sim.addHost(StackConfig.builder("client").mac(new MacAddress(0x02_00_00_00_00_0aL))
                .address("198.51.100.10/24").gateway(Ipv4Address.parse("198.51.100.1")).build(),
                left.attach("client")).stack();
        Stack server = sim.addHost(StackConfig.builder("server").mac(new MacAddress(0x02_00_00_00_00_0bL))
                .address("203.0.113.10/24").gateway(Ipv4Address.parse("203.0.113.1")).mtu(serverMtu).build(),
                right.attach("server")).stack();
        Router router = Router.builder("r1")
                .iface("eth0", left.attach("r1-eth0"), new MacAddress(0x02_00_00_00_01_00L), "198.51.100.1/24")
                .iface("eth1", right.attach("r1-eth1"), new MacAddress(0x02_00_00_00_01_01L), "203.0.113.1/24")
                .build();
        router.addTo(sim);
        return new Net(sim, client, server, router);
    }

    /** Replies seen by a pinger: the TTL of the last one. */
    static final class Replies implements EchoListener {
        int count;
        int ttl;
        Ipv4Address from;

        @Override
        public void onEchoReply(Ipv4Address from, int ttl, int sequence, byte[] data, long nowNanos) {
            count++;
            this.ttl = ttl;
            this.from = from;
        }

        @Override
        public void onError(Ipv4Address reporter, IcmpRepr error, int sequence, long nowNanos) {
        }
    }

    @Test
    void pingThroughTheRouterShowsOneHopLessAndPingTheRouter() {
        Net n = net(1500);
        Replies r = new Replies();
        n.client().icmp().bindEcho(1, r);
        n.sim().schedule(1 * MS, now -> n.client().icmp().sendEchoRequest(SERVER, 1, 1, new byte[56], now));
        assertTrue(n.sim().runUntil(() -> r.count == 1, 5 * SEC));
        assertEquals(SERVER, r.from);
        assertEquals(63, r.ttl, "64 from the server, one hop less through the router");
        // The router itself, both its addresses, from the client's side: no hop to lose.
        for (String a : new String[] {"198.51.100.1", "203.0.113.1"}) {
            int before = r.count;
            n.sim().scheduleIn(1 * MS, now -> n.client().icmp().sendEchoRequest(Ipv4Address.parse(a), 1, 2, new byte[8], now));
            assertTrue(n.sim().runUntil(() -> r.count == before + 1, 5 * SEC), a);
            assertEquals(64, r.ttl);
            assertEquals(Ipv4Address.parse(a), r.from);
        }
        // TTL 1 to the server: Time Exceeded from the router (traceroute's first hop).
        int[] errors = new int[1];
        Ipv4Address[] reporter = new Ipv4Address[1];
        n.client().icmp().unbindEcho(1);
        n.client().icmp().bindEcho(2, new EchoListener() {
            @Override
            public void onEchoReply(Ipv4Address from, int ttl, int sequence, byte[] data, long now) {
            }

            @Override
            public void onError(Ipv4Address from, IcmpRepr error, int sequence, long now) {
                if (error instanceof IcmpRepr.TimeExceeded) {
                    errors[0]++;
                    reporter[0] = from;
                }
            }
        });
        n.sim().scheduleIn(1 * MS, now -> n.client().icmp().sendEchoRequest(SERVER, 2, 1, new byte[8], 1, now));
        assertTrue(n.sim().runUntil(() -> errors[0] == 1, 5 * SEC));
        assertEquals(Ipv4Address.parse("198.51.100.1"), reporter[0]);
        System.out.println("router after ping: " + n.router().stats());
    }

    @Test
    void udpThroughTheRouter() throws Exception {
        Net n = net(1500);
        UdpLayer uc = UdpLayer.install(n.client(), UdpConfig.DEFAULT, new SplittableRandom(1));
        UdpLayer us = UdpLayer.install(n.server(), UdpConfig.DEFAULT, new SplittableRandom(2));
        UdpEndpoint server = us.open();
        server.bind(Ipv4Address.ANY, 7);
        UdpEndpoint client = uc.open();
        client.bind(Ipv4Address.ANY, 4000);
        byte[] payload = new byte[3000];   // fragmented by the client, forwarded as fragments
        new SplittableRandom(3).nextBytes(payload);
        n.sim().schedule(1 * MS, now -> {
            try {
                client.sendTo(SERVER, 7, payload, 0, payload.length, now);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        boolean got = n.sim().runUntil(server::readable, 5 * SEC);
        assertTrue(got, "router " + n.router().stats() + " client " + n.client().stats() + " server "
                + n.server().stats() + " udp " + uc.stats() + " / " + us.stats());
        UdpDatagram d = server.receive();
        assertEquals(CLIENT, d.source());
        assertArrayEquals(payload, d.data());
        assertTrue(n.router().stats().forwarded() >= 3, "three fragments forwarded");
    }

    @Test
    void tcpThroughTheRouterWithASmallerMtuOnTheServerSide() throws Exception {
        Net n = net(1000);
        Simulation sim = n.sim();
        TcpConfig cfg = TcpConfig.DEFAULT.toBuilder().build();
        TcpLayer ta = TcpLayer.install(n.client(), cfg, new SplittableRandom(10));
        TcpLayer tb = TcpLayer.install(n.server(), cfg, new SplittableRandom(11));
        int bytes = 1 << 20;
        TcpSimulationTest.Peer client = new TcpSimulationTest.Peer(sim, bytes, 0);
        TcpSimulationTest.Peer server = new TcpSimulationTest.Peer(sim, bytes, 1);
        TcpConnection listening = tb.open();
        listening.bind(0, 80);
        TcpListener l = tb.listen(listening, 8);
        l.onReadiness(() -> sim.schedule(sim.now(), now -> {
            TcpConnection c = l.accept();
            if (c != null && server.conn == null) {
                server.start(c, now);
                l.close(now);
            }
        }));
        sim.schedule(10 * MS, now -> {
            TcpConnection c = ta.open();
            try {
                c.connect(SERVER.bits(), 80, now);
            } catch (Exception e) {
                client.error = e;
            }
            client.start(c, now);
        });
        boolean done = sim.runUntil(() -> client.finished() && server.finished()
                && ta.connectionCount() == 0 && tb.connectionCount() == 0, 600 * SEC);
        String state = "client " + client + " server " + server + " router " + n.router().stats();
        assertTrue(done && client.error == null && server.error == null, state);
        assertEquals(client.sentDigest(), server.receivedDigest(), "client to server");
        assertEquals(server.sentDigest(), client.receivedDigest(), "server to client");
        // The client's MSS is 1460 but the server announces 960: nothing needs fragmenting.
        assertEquals(0, n.router().stats().fragmented(), state);
        assertEquals(0, n.router().stats().forwardDrops().total(), state);
        System.out.println("tcp through router: " + bytes + " B each way, forwarded "
                + n.router().stats().forwarded() + ", t=" + sim.now() / MS + " ms virtual");
    }

    @Test
    void aLinkWithChecksumOffloadIsRefused() {
        VirtualLan lan = new VirtualLan(1);
        VirtualLan other = new VirtualLan(2, 1500, 256, 256, false);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Router.builder("r")
                .iface("eth0", lan.attach("r-eth0"), new MacAddress(0x02_00_00_00_01_00L), "198.51.100.1/24")
                .iface("eth1", other.attach("r-eth1"), new MacAddress(0x02_00_00_00_01_01L), "203.0.113.1/24")
                .build());
    }

    @Test
    void pingThroughARouterOnRealLoops() throws Exception {
        VirtualLan left = new VirtualLan(1, 1500, VirtualLan.DEFAULT_RX_QUEUE_FRAMES, VirtualLan.DEFAULT_MAC_TABLE_SIZE, false);
        VirtualLan right = new VirtualLan(2, 1500, VirtualLan.DEFAULT_RX_QUEUE_FRAMES, VirtualLan.DEFAULT_MAC_TABLE_SIZE, false);
        VirtualPort cp = left.attach("client");
        VirtualPort sp = right.attach("server");
        Stack client = new Stack(StackConfig.builder("client").mac(new MacAddress(0x02_00_00_00_00_0aL))
                .address("198.51.100.10/24").gateway(Ipv4Address.parse("198.51.100.1")).build(),
                io.netstack4j.iface.FrameSink.of(cp));
        Stack server = new Stack(StackConfig.builder("server").mac(new MacAddress(0x02_00_00_00_00_0bL))
                .address("203.0.113.10/24").gateway(Ipv4Address.parse("203.0.113.1")).build(),
                io.netstack4j.iface.FrameSink.of(sp));
        Router router = Router.builder("r1")
                .iface("eth0", left.attach("r1-eth0"), new MacAddress(0x02_00_00_00_01_00L), "198.51.100.1/24")
                .iface("eth1", right.attach("r1-eth1"), new MacAddress(0x02_00_00_00_01_01L), "203.0.113.1/24")
                .build();
        SystemClock clock = SystemClock.INSTANCE;
        try (StackLoop cl = new StackLoop(client, cp, clock); StackLoop sl = new StackLoop(server, sp, clock);
             StackLoop rl = router.loop(clock)) {
            cl.start();
            sl.start();
            rl.start();
            for (int seq = 1; seq <= 3; seq++) {
                CompletableFuture<Integer> ttl = new CompletableFuture<>();
                int s = seq;
                cl.submit(now -> {
                    client.icmp().bindEcho(5, new EchoListener() {
                        @Override
                        public void onEchoReply(Ipv4Address from, int t, int sequence, byte[] data, long n2) {
                            if (sequence == s) {
                                ttl.complete(t);
                            }
                        }

                        @Override
                        public void onError(Ipv4Address reporter, IcmpRepr error, int sequence, long n2) {
                        }
                    });
                    return client.icmp().sendEchoRequest(SERVER, 5, s, new byte[56], now);
                }).get(5, TimeUnit.SECONDS);
                assertEquals(63, ttl.get(5, TimeUnit.SECONDS));
                cl.submit(now -> {
                    client.icmp().unbindEcho(5);
                    return null;
                }).get(5, TimeUnit.SECONDS);
            }
            assertEquals(0, rl.failures());
        }
    }
}
