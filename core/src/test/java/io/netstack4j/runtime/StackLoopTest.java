package io.netstack4j.runtime;

import io.netstack4j.iface.EchoListener;
import io.netstack4j.iface.Neighbor;
import io.netstack4j.iface.NeighborState;
import io.netstack4j.iface.Stack;
import io.netstack4j.link.LinkAdapter;
import io.netstack4j.link.LinkStats;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.netstack4j.runtime.SimulationTest.IP_B;
import static io.netstack4j.runtime.SimulationTest.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
        assertThrows(LoopClosedException.class, () -> a.execute(now -> { }));
        assertEquals(1, a.rejectedTasks());
        assertEquals(0, a.rejectedFull());
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
        LoopQueueFullException full = assertThrows(LoopQueueFullException.class, () -> a.execute(now -> { }));
        assertEquals("stack loop idle: task queue full (2 tasks)", full.getMessage());
        assertEquals(1, a.rejectedTasks());
        assertEquals(1, a.rejectedFull());
        assertEquals(2, a.postedTasks(), "the refused task is not counted as posted");
        a.close(); // never started
        assertTrue(never.isCompletedExceptionally());
        assertThrows(CancellationException.class, never::join);
    }

    @Test
    void noWakeupIsLostBetweenATaskAndTheLoopParking() throws Exception {
        WakeOnlyAdapter adapter = new WakeOnlyAdapter();
        try (StackLoop loop = new StackLoop(new Stack(config("park", 0xA, "198.51.100.1/24"), adapter::transmit),
                adapter, SystemClock.INSTANCE)) {
            loop.start();
            // Each task races the loop going back to sleep: this thread spins on the result (no
            // sleeping, so it arrives while the loop is on its way to park) and then waits a
            // varying few hundred nanoseconds, to sweep over that path. A lost wakeup leaves the
            // loop asleep for good (the adapter ignores await's timeout), and the task never runs.
            java.util.Random jitter = new java.util.Random(7);
            for (int i = 0; i < 20_000; i++) {
                int expected = i;
                CompletableFuture<Integer> f = loop.submit(now -> expected);
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!f.isDone()) {
                    if (System.nanoTime() > giveUp) {
                        fail("the loop slept through task " + i + ": a lost wakeup");
                    }
                    Thread.onSpinWait();
                }
                assertEquals(expected, f.join());
                for (int j = jitter.nextInt(64); j > 0; j--) {
                    Thread.onSpinWait();
                }
            }
            assertEquals(adapter.wakeups.get(), loop.wakeups());
            assertEquals(20_000, loop.postedTasks());
            assertTrue(loop.wakeups() > 0, "the loop slept between tasks at least once");
        }
    }

    @Test
    void aBusyPollingLoopIsNotWokenForEachTask() throws Exception {
        WakeOnlyAdapter adapter = new WakeOnlyAdapter();
        try (StackLoop loop = new StackLoop(new Stack(config("spin", 0xA, "198.51.100.1/24"), adapter::transmit),
                adapter, SystemClock.INSTANCE)) {
            loop.setBusyPollNanos(TimeUnit.SECONDS.toNanos(10));
            loop.start();
            for (int i = 0; i < 1_000; i++) {
                loop.submit(now -> null).get(10, TimeUnit.SECONDS);
            }
            // At most the first task finds the loop asleep; after it, the loop spins.
            assertTrue(loop.wakeups() <= 1, "wakeups: " + loop.wakeups());
        }
    }

    /**
     * No frames ever; {@link #await} ignores its timeout and returns only after {@link #wakeup}
     * (which, like an eventfd, is remembered until then).
     */
    private static final class WakeOnlyAdapter implements LinkAdapter {
        final Semaphore signal = new Semaphore(0);
        final AtomicLong wakeups = new AtomicLong();
        final LinkStats stats = new LinkStats();

        @Override
        public String name() {
            return "wake-only";
        }

        @Override
        public int mtu() {
            return 1500;
        }

        @Override
        public int receive(byte[] buf, int off, long nowNanos) {
            return -1;
        }

        @Override
        public void transmit(byte[] frame, int off, int len, long nowNanos) {
            stats.txFrames.incrementAndGet();
        }

        @Override
        public void await(long timeoutNanos) throws InterruptedException {
            signal.acquire();
            signal.drainPermits();
        }

        @Override
        public void wakeup() {
            wakeups.incrementAndGet();
            signal.release();
        }

        @Override
        public LinkStats stats() {
            return stats;
        }

        @Override
        public void close() {
        }
    }
}
