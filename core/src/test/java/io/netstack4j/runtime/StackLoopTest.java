package io.netstack4j.runtime;

import io.netstack4j.iface.EchoListener;
import io.netstack4j.iface.Neighbor;
import io.netstack4j.iface.NeighborState;
import io.netstack4j.iface.Stack;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.link.VirtualPort;
import io.netstack4j.time.SystemClock;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.Ipv4Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static io.netstack4j.runtime.SimulationTest.IP_B;
import static io.netstack4j.runtime.SimulationTest.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real-time loop: one thread per stack, tasks from other threads, clean shutdown. */
@Timeout(30)
class StackLoopTest {
    private static StackLoop loop(String name, long mac, String cidr, VirtualPort port) {
        Stack s = new Stack(config(name, mac, cidr), port::transmit);
        return new StackLoop(s, port, SystemClock.INSTANCE);
    }

    @ParameterizedTest(name = "busy poll {0} ns")
    @ValueSource(longs = {0, 2_000_000})
    void twoLoopsPingEachOtherInRealTime(long busyPollNanos) throws Exception {
        VirtualLan lan = new VirtualLan(3);
        try (StackLoop a = loop("alice", 0xA, "198.51.100.1/24", lan.attach("a"));
             StackLoop b = loop("bob", 0xB, "198.51.100.2/24", lan.attach("b"))) {
            a.setBusyPollNanos(busyPollNanos);
            b.setBusyPollNanos(busyPollNanos);
            a.start();
            b.start();
            int count = 20;
            CountDownLatch replies = new CountDownLatch(count);
            Set<Integer> seen = ConcurrentHashMap.newKeySet();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            a.execute(now -> a.stack().icmp().bindEcho(9, new EchoListener() {
                @Override
                public void onEchoReply(Ipv4Address from, int ttl, int sequence, byte[] data, long t) {
                    threads.add(Thread.currentThread().getName());
                    if (seen.add(sequence)) {
                        replies.countDown();
                    }
                }

                @Override
                public void onError(Ipv4Address reporter, IcmpRepr error, int sequence, long t) {
                }
            }));
            for (int seq = 1; seq <= count; seq++) {
                int s = seq;
                a.execute(now -> a.stack().icmp().sendEchoRequest(IP_B, 9, s, new byte[3000], now));
            }
            assertTrue(replies.await(10, TimeUnit.SECONDS), "replies: " + seen);
            assertEquals(Set.of("alice"), threads, "listeners run on the stack's own thread");
            List<Neighbor> neigh = a.submit(now -> a.stack().neighbors(now)).get(5, TimeUnit.SECONDS);
            assertEquals(IP_B, neigh.getFirst().address());
            assertEquals(NeighborState.REACHABLE, neigh.getFirst().state());
            assertEquals(0, a.failures());
        }
    }

    @Test
    void submitRunsOnTheLoopThreadAndCloseStopsIt() throws Exception {
        VirtualLan lan = new VirtualLan(4);
        VirtualPort port = lan.attach("a");
        StackLoop a = loop("loop-a", 0xA, "198.51.100.1/24", port);
        assertFalse(a.inEventLoop());
        a.start();
        assertEquals("loop-a", a.submit(now -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS));
        assertTrue(a.submit(now -> a.inEventLoop()).get(5, TimeUnit.SECONDS));
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> a.submit(now -> {
                    throw new IllegalStateException("boom");
                }).get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, failed.getCause());
        a.close();
        assertThrows(RejectedExecutionException.class, () -> a.execute(now -> { }));
        assertEquals(1, a.rejectedTasks());
        a.close(); // idempotent
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheLoop() throws Exception {
        VirtualLan lan = new VirtualLan(5);
        try (StackLoop a = loop("loop-b", 0xA, "198.51.100.1/24", lan.attach("a"))) {
            a.start();
            a.execute(now -> {
                throw new IllegalStateException("a deliberately failing task (expected in this test's log)");
            });
            assertEquals(42, a.submit(now -> 42).get(5, TimeUnit.SECONDS));
            assertEquals(1, a.failures());
        }
    }

    @Test
    void theQueueIsBoundedAndLeftoverTasksAreCancelledOnClose() {
        VirtualLan lan = new VirtualLan(6);
        VirtualPort port = lan.attach("a");
        StackLoop a = new StackLoop(new Stack(config("idle", 0xA, "198.51.100.1/24"), port::transmit),
                port, SystemClock.INSTANCE, 2);
        a.execute(now -> { });
        CompletableFuture<Integer> never = a.submit(now -> 1);
        assertThrows(RejectedExecutionException.class, () -> a.execute(now -> { }));
        assertEquals(1, a.rejectedTasks());
        a.close(); // never started
        assertTrue(never.isCompletedExceptionally());
        assertThrows(CancellationException.class, never::join);
    }
}
