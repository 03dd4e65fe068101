package io.netstack4j.link;

import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.netstack4j.link.TestFrames.MAC_A;
import static io.netstack4j.link.TestFrames.MAC_B;
import static io.netstack4j.link.TestFrames.frame;
import static io.netstack4j.link.TestFrames.seq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The virtual LAN in real time: loops on their own threads, woken by frames other threads send.
 * The waits here are far longer than anything should take (a missed wake-up would hang until the
 * 30 s await timeout, and the test's own timeout fails it); nothing here measures speed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VirtualPortRealTimeTest {
    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(30);

    @Test
    void transmitFromAnotherThreadWakesAWaitingLoop() throws Exception {
        VirtualLan lan = new VirtualLan(1);
        VirtualPort a = lan.attach("a");
        VirtualPort b = lan.attach("b");
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicLong woke = new AtomicLong();
        Thread loop = Thread.ofPlatform().start(() -> {
            waiting.countDown();
            try {
                b.await(LONG_WAIT);
            } catch (InterruptedException e) {
                return;
            }
            woke.set(System.nanoTime());
        });
        waiting.await();
        Thread.sleep(50);                 // let it block (it would not matter if it had not yet)
        long sent = System.nanoTime();
        a.transmit(frame(MacAddress.BROADCAST, MAC_A, 1), 0, 64, sent);
        loop.join(TimeUnit.SECONDS.toMillis(20));
        assertTrue(woke.get() != 0, "the loop woke up");
        assertTrue(woke.get() - sent < TimeUnit.SECONDS.toNanos(10));
        assertEquals(64, b.receive(new byte[100], 0, System.nanoTime()));
    }

    @Test
    void wakeupFromAnotherThreadEndsAwait() throws Exception {
        VirtualPort p = new VirtualLan(1).attach("p");
        Thread waker = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                // nothing to do
            }
            p.wakeup();
        });
        long t0 = System.nanoTime();
        p.await(LONG_WAIT);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
        waker.join();
    }

    @Test
    void wakeupBeforeAwaitIsNotLost() throws Exception {
        VirtualPort p = new VirtualLan(1).attach("p");
        p.wakeup();
        long t0 = System.nanoTime();
        p.await(LONG_WAIT);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void awaitReturnsAtOnceWhenAFrameIsWaitingAndTimesOutOtherwise() throws Exception {
        VirtualLan lan = new VirtualLan(1);
        VirtualPort a = lan.attach("a");
        VirtualPort b = lan.attach("b");
        b.await(1_000_000);                // nothing: times out after 1 ms
        a.transmit(frame(MacAddress.BROADCAST, MAC_A, 1), 0, 64, System.nanoTime());
        b.receive(new byte[100], 0, System.nanoTime());
        a.transmit(frame(MacAddress.BROADCAST, MAC_A, 2), 0, 64, System.nanoTime());
        b.await(0);
        b.await(LONG_WAIT);                // a frame is queued: returns at once
        assertEquals(64, b.receive(new byte[100], 0, System.nanoTime()));
    }

    @Test
    void interruptedAwaitThrows() throws Exception {
        VirtualPort p = new VirtualLan(1).attach("p");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                p.await(LONG_WAIT);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        Thread.sleep(50);
        t.interrupt();
        t.join(TimeUnit.SECONDS.toMillis(20));
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
    }

    @Test
    void closeWakesAWaitingLoop() throws Exception {
        VirtualPort p = new VirtualLan(1).attach("p");
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                p.await(LONG_WAIT);
            } catch (InterruptedException ignored) {
                // not expected
            }
        });
        Thread.sleep(50);
        p.close();
        t.join(TimeUnit.SECONDS.toMillis(20));
        assertTrue(!t.isAlive());
    }

    /** A real-time loop as the stack loop runs it: receive until empty, then await until pollAt(). */
    @Test
    void delayedFramesArriveInRealTimeWhenTheLoopHonoursPollAt() throws Exception {
        VirtualLan lan = new VirtualLan(1);
        VirtualPort a = lan.attach("a", FaultConfig.NONE.withDelay(TimeUnit.MILLISECONDS.toNanos(20)), FaultConfig.NONE);
        VirtualPort b = lan.attach("b");
        long sent = System.nanoTime();
        a.transmit(frame(MacAddress.BROADCAST, MAC_A, 5), 0, 64, sent);
        byte[] buf = new byte[100];
        long got = 0;
        while (got == 0) {
            long now = System.nanoTime();
            if (b.receive(buf, 0, now) >= 0) {
                got = now;
            } else {
                b.await(Math.min(LONG_WAIT, b.pollAt() - now));
            }
        }
        assertTrue(got - sent >= TimeUnit.MILLISECONDS.toNanos(20), "not before its delay");
        assertEquals(5, seq(buf));
    }

    /** Two loops on two threads exchange 20,000 frames each way; all arrive, in order. */
    @Test
    void twoLoopsExchangeFramesConcurrently() throws Exception {
        int count = 20_000;
        VirtualLan lan = new VirtualLan(1, 1500, 2 * count, 16);
        VirtualPort a = lan.attach("a");
        VirtualPort b = lan.attach("b");
        AtomicReference<String> failure = new AtomicReference<>();
        Thread ta = Thread.ofPlatform().start(() -> exchange(a, MAC_A, MAC_B, count, failure));
        Thread tb = Thread.ofPlatform().start(() -> exchange(b, MAC_B, MAC_A, count, failure));
        ta.join();
        tb.join();
        assertNull(failure.get());
        assertEquals(count, a.stats().rxFrames.get());
        assertEquals(count, b.stats().rxFrames.get());
        assertEquals(0, a.stats().dropped.get() + b.stats().dropped.get());
    }

    private static void exchange(VirtualPort p, MacAddress self, MacAddress peer, int count,
                                 AtomicReference<String> failure) {
        byte[] buf = new byte[100];
        int sent = 0;
        int expected = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        try {
            while ((expected < count || sent < count) && System.nanoTime() < deadline) {
                if (sent < count) {
                    p.transmit(frame(peer, self, sent++), 0, 64, System.nanoTime());
                }
                int n;
                while ((n = p.receive(buf, 0, System.nanoTime())) >= 0) {
                    if (n != 64 || seq(buf) != expected) {
                        failure.compareAndSet(null, p.name() + " got " + seq(buf) + " expecting " + expected);
                        return;
                    }
                    expected++;
                }
                if (sent == count && expected < count) {
                    p.await(TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
            if (expected < count) {
                failure.compareAndSet(null, p.name() + " received only " + expected);
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, "interrupted");
        }
    }

    @Test
    void negativeTimeoutDoesNotBlock() throws Exception {
        VirtualPort p = new VirtualLan(1).attach("p");
        p.await(-5);
        assertThrows(NullPointerException.class, () -> p.setEgressFaults(null));
    }
}
