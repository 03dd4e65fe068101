package io.netstack4j.socket.tcp;

import io.netstack4j.iface.Stack;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.runtime.Simulation;
import io.netstack4j.socket.SocketException;
import io.netstack4j.time.ManualClock;
import io.netstack4j.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Idle costs almost nothing: 10,000 connections between two stacks (so 20,000 established
 * connections in all), each having moved a few bytes each way, then idle: their rings are given
 * back, and the heap they hold, measured, is at most 2 KiB per established connection.
 */
class TcpIdleMemoryTest {
    static final int CONNECTIONS = Integer.getInteger("tcp.idle.connections", 10_000);

    @Test
    void tenThousandIdleConnectionsHoldAtMostTwoKibEach() throws Exception {
        ManualClock clock = new ManualClock(0);
        Simulation sim = new Simulation(clock);
        VirtualLan lan = new VirtualLan(3);
        Stack a = sim.addHost(TcpSimulationTest.config("a", 1, "198.51.100.1/24"), lan.attach("a")).stack();
        Stack b = sim.addHost(TcpSimulationTest.config("b", 2, "198.51.100.2/24"), lan.attach("b")).stack();
        TcpConfig cfg = TcpConfig.DEFAULT.toBuilder().build();
        TcpLayer ta = TcpLayer.install(a, cfg, new SplittableRandom(1));
        TcpLayer tb = TcpLayer.install(b, cfg, new SplittableRandom(2));
        TcpConnection listening = tb.open();
        listening.bind(0, 80);
        TcpListener l = tb.listen(listening, CONNECTIONS);
        sim.runFor(1_000_000L);   // ARP and start-up out of the way of the measurement

        long before = usedHeap();
        List<TcpConnection> clients = new ArrayList<>(CONNECTIONS);
        List<TcpConnection> servers = new ArrayList<>(CONNECTIONS);
        int target = Ipv4Address.parse("198.51.100.2").bits();
        byte[] hello = "hello, idle world".getBytes();
        long start = clock.nanos();
        for (int i = 0; i < CONNECTIONS; i++) {
            // 100 new connections a millisecond: the LAN's receive queue (1,024 frames) takes the burst.
            sim.schedule(start + i / 100 * 1_000_000L, now -> {
                TcpConnection c = ta.open();
                try {
                    c.connect(target, 80, now);
                } catch (SocketException e) {
                    throw new IllegalStateException(e);
                }
                clients.add(c);
            });
        }
        sim.runUntil(() -> l.pending() + servers.size() == CONNECTIONS && clients.size() == CONNECTIONS, 60_000_000_000L);
        for (TcpConnection s; (s = l.accept()) != null; ) {
            servers.add(s);
        }
        assertEquals(CONNECTIONS, servers.size(), "accepted; a " + ta.stats() + " b " + tb.stats() + " half-open " + l.halfOpen()
                + " t=" + clock.nanos() / 1_000_000 + " ms; lan " + lan.ports().get(1).stats());
        // A few bytes each way on every connection, read by the other end.
        byte[] buf = new byte[64];
        long writes = clock.nanos();
        for (int i = 0; i < CONNECTIONS; i++) {
            int k = i;
            sim.schedule(writes + i / 100 * 1_000_000L, now -> {
                try {
                    clients.get(k).write(hello, 0, hello.length, now);
                    servers.get(k).write(hello, 0, hello.length, now);
                } catch (SocketException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        sim.runFor(2_000_000_000L);
        sim.schedule(clock.nanos(), now -> {
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    assertEquals(hello.length, clients.get(i).read(buf, 0, buf.length, now));
                    assertEquals(hello.length, servers.get(i).read(buf, 0, buf.length, now));
                }
            } catch (SocketException e) {
                throw new IllegalStateException(e);
            }
        });
        sim.runFor(3_000_000_000L);   // idle: rings given back after a second

        for (int i = 0; i < CONNECTIONS; i++) {
            TcpConnection c = clients.get(i);
            assertEquals(TcpState.ESTABLISHED, c.state());
            assertNull(c.sendBuf, "send ring given back");
            assertNull(c.recvBuf, "receive ring given back");
            assertNull(servers.get(i).recvBuf, "server's receive ring given back");
        }
        long after = usedHeap();
        double perConnection = (after - before) / (2.0 * CONNECTIONS);
        System.out.printf("idle TCP: %d connections each side, heap %d -> %d bytes: %.0f bytes per established"
                + " connection (%d connections in all)%n", CONNECTIONS, before, after, perConnection, 2 * CONNECTIONS);
        assertTrue(perConnection <= 2048, perConnection + " bytes per idle connection");
        assertEquals(CONNECTIONS, ta.connectionCount());
        assertTrue(clients.size() + servers.size() == 2 * CONNECTIONS);   // kept alive until measured
    }

    static long usedHeap() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
