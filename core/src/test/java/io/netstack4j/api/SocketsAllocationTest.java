package io.netstack4j.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An established TCP connection's reads and writes allocate nothing once warm: neither the
 * application threads nor the two loop threads, counted with HotSpot's per-thread allocation
 * counters ({@code com.sun.management.ThreadMXBean}) over many calls. Both ways a call goes: on the
 * caller's thread (data in the receive ring, room in the send ring) and through the loop (a read that
 * finds nothing and waits, a write that finds the ring full and waits), which before reused waiters
 * allocated a waiter, its lambdas, a wait node and a {@code RecvResult} per call. Counts bytes, not
 * time: it fails if any of these paths allocates per call.
 */
@Timeout(120)
class SocketsAllocationTest {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * Bytes the watched threads may allocate in a measured stretch: one-offs (a waiter made on the first
     * call that needs it, a deoptimisation; a few KiB seen). A per-call allocation costs at least 16
     * bytes for each of the thousands of calls, tens of KiB or more (before reused waiters: 3.6 MB).
     */
    private static final long BOUND = 16 * 1024;

    private static final int MESSAGE = 1000;
    private static final int ROUND_TRIPS = 5000;
    private static final int CHUNK = 64 * 1024;
    private static final long BULK = 32L << 20;

    /**
     * What the loops may allocate besides: a connection gives back a ring found empty when it looks, a
     * second after the last use ({@code TcpTimers.RELEASE_AFTER}), and makes a 4 KiB one at the next
     * byte; up to four rings, once per second of the stretch (or part of one). The allowance only
     * grows with time, so a slow machine cannot make the test fail; a per-call allocation (at least 16
     * bytes for each of thousands of calls) exceeds it unless a stretch takes many seconds.
     */
    private static long ringAllowance(long t0) {
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L + 1;
        return seconds * 4 * (4096 + 256);
    }

    private Thread loopThread(NetStack h) throws Exception {
        return h.loop().submit(now -> Thread.currentThread()).get(5, TimeUnit.SECONDS);
    }

    private static long allocated(Thread... threads) {
        long sum = 0;
        for (Thread t : threads) {
            long b = MX.getThreadAllocatedBytes(t.threadId());
            assertTrue(b >= 0, "counter for " + t.getName());
            sum += b;
        }
        return sum;
    }

    @Test
    void readsAndWritesOnAnEstablishedConnectionAllocateNothingOnceWarm() throws Exception {
        assumeTrue(MX.isThreadAllocatedMemorySupported() && MX.isThreadAllocatedMemoryEnabled());
        try (TwoHosts h = new TwoHosts()) {
            Sockets a = h.alice.sockets();
            Sockets b = h.bob.sockets();
            int[] ends = TwoHosts.connected(a, b, TwoHosts.bob(7100));
            int c = ends[0];
            int s = ends[1];
            a.setOption(c, SocketOption.TCP_NODELAY, 1);
            b.setOption(s, SocketOption.TCP_NODELAY, 1);
            Thread[] loops = {loopThread(h.alice), loopThread(h.bob)};

            // Echo: Bob's thread reads what Alice writes and writes it back. Each side's read mostly
            // finds nothing yet and waits through the loop; each write finds room on the caller's thread.
            long[] echoed = new long[1];
            Thread echo = Thread.ofPlatform().name("echo").start(() -> {
                byte[] buf = new byte[MESSAGE];
                try {
                    for (int n; (n = b.read(s, buf, 0, buf.length)) > 0; ) {
                        b.write(s, buf, 0, n);
                        echoed[0] += n;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] msg = new byte[MESSAGE];
            Thread me = Thread.currentThread();
            roundTrips(a, c, msg);   // warm: the JIT, the rings, the waiters each descriptor reuses
            long before = allocated(me, echo);
            long loopsBefore = allocated(loops);
            long t0 = System.nanoTime();
            roundTrips(a, c, msg);
            long echoAllocated = allocated(me, echo) - before;
            long echoLoops = allocated(loops) - loopsBefore;
            long echoAllowance = ringAllowance(t0);

            // Bulk: Alice writes 64 KiB at a time faster than Bob reads, so her writes fill the send
            // ring and wait through the loop, and Bob's reads find data waiting or wait for it.
            a.shutdown(c, Sockets.SHUT_WR);
            echo.join(10_000);
            assertEquals(2L * ROUND_TRIPS * MESSAGE, echoed[0]);
            // A second connection, in the other direction, for the bulk stretch.
            int[] bulk = TwoHosts.connected(b, a, TwoHosts.alice(7101));
            int w = bulk[0];
            int r = bulk[1];
            long[] readerAllocated = {-1};
            Thread reader = Thread.ofPlatform().name("reader").start(() -> {
                byte[] buf = new byte[CHUNK];
                try {
                    // Warm, starting late: the writer first fills Bob's whole receive window, so the
                    // frames his receive queue keeps until they are read reach their most (bounded by
                    // the window) and the pool has made every buffer it will need before the count.
                    Thread.sleep(300);
                    drain(a, r, buf, BULK);
                    long mine = MX.getCurrentThreadAllocatedBytes();
                    drain(a, r, buf, BULK);
                    readerAllocated[0] = MX.getCurrentThreadAllocatedBytes() - mine;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] chunk = new byte[CHUNK];
            fill(b, w, chunk, BULK);   // warm
            long bulkBefore = allocated(me);
            loopsBefore = allocated(loops);
            t0 = System.nanoTime();
            fill(b, w, chunk, BULK);
            reader.join(60_000);
            long bulkAllocated = allocated(me) - bulkBefore;
            long bulkLoops = allocated(loops) - loopsBefore;
            long bulkAllowance = ringAllowance(t0);

            System.out.println("allocated once warm, over " + ROUND_TRIPS + " round trips: application threads "
                    + echoAllocated + " B, loops " + echoLoops + " B; over " + (BULK >> 20) + " MB: reader "
                    + readerAllocated[0] + " B, writer " + bulkAllocated + " B, loops " + bulkLoops + " B");
            assertTrue(echoAllocated < BOUND, echoAllocated + " bytes allocated by the application threads over "
                    + ROUND_TRIPS + " round trips");
            assertTrue(echoLoops < BOUND + echoAllowance, echoLoops + " bytes allocated by the loops over "
                    + ROUND_TRIPS + " round trips");
            assertTrue(readerAllocated[0] >= 0 && readerAllocated[0] < BOUND,
                    readerAllocated[0] + " bytes allocated by the reader over " + (BULK >> 20) + " MB");
            assertTrue(bulkAllocated < BOUND, bulkAllocated + " bytes allocated by the writer over " + (BULK >> 20) + " MB");
            assertTrue(bulkLoops < BOUND + bulkAllowance, bulkLoops + " bytes allocated by the loops over "
                    + (BULK >> 20) + " MB");
        }
    }

    /**
     * The reused waiter serves one call at a time: an interrupted read ends with EINTR and the next read
     * on the descriptor works; two readers blocked at once both get their bytes (the second with a
     * waiter of its own).
     */
    @Test
    void theReusedWaiterSurvivesAnInterruptAndTwoReadersAtOnce() throws Exception {
        try (TwoHosts h = new TwoHosts()) {
            Sockets a = h.alice.sockets();
            Sockets b = h.bob.sockets();
            int[] ends = TwoHosts.connected(a, b, TwoHosts.bob(7102));
            int c = ends[0];
            int s = ends[1];
            byte[] one = new byte[1];

            CompletableFuture<Object> interrupted = new CompletableFuture<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    interrupted.complete(b.read(s, new byte[8], 0, 8));
                } catch (io.netstack4j.socket.SocketException e) {
                    interrupted.complete(java.util.List.of(e.errno(), Thread.currentThread().isInterrupted()));
                }
            });
            while (bobWaiting(h) == 0) {
                Thread.onSpinWait();
            }
            t.interrupt();
            assertEquals(java.util.List.of(io.netstack4j.socket.Errno.EINTR, true), interrupted.get(10, TimeUnit.SECONDS));

            CompletableFuture<Integer> first = TwoHosts.async(() -> b.read(s, new byte[8], 0, 8));
            CompletableFuture<Integer> second = TwoHosts.async(() -> b.read(s, new byte[8], 0, 8));
            while (bobWaiting(h) < 2) {
                Thread.onSpinWait();
            }
            a.write(c, one, 0, 1);
            CompletableFuture.anyOf(first, second).get(10, TimeUnit.SECONDS);
            a.write(c, one, 0, 1);
            assertEquals(1, first.get(10, TimeUnit.SECONDS));
            assertEquals(1, second.get(10, TimeUnit.SECONDS));
            assertEquals(0, bobWaiting(h));
        }
    }

    private static int bobWaiting(TwoHosts h) throws Exception {
        return h.bob.loop().submit(now -> h.bob.sockets().timerClient().waiting()).get(5, TimeUnit.SECONDS);
    }

    private static void roundTrips(Sockets a, int c, byte[] msg) throws Exception {
        for (int i = 0; i < ROUND_TRIPS; i++) {
            a.write(c, msg, 0, msg.length);
            for (int got = 0; got < msg.length; ) {
                int n = a.read(c, msg, got, msg.length - got);
                assertTrue(n > 0, "echo ended early");
                got += n;
            }
        }
    }

    private static void fill(Sockets s, int fd, byte[] chunk, long bytes) throws Exception {
        for (long sent = 0; sent < bytes; ) {
            sent += s.write(fd, chunk, 0, (int) Math.min(chunk.length, bytes - sent));
        }
    }

    private static void drain(Sockets s, int fd, byte[] buf, long bytes) throws Exception {
        for (long got = 0; got < bytes; ) {
            int n = s.read(fd, buf, 0, (int) Math.min(buf.length, bytes - got));
            assertTrue(n > 0, "stream ended early");
            got += n;
        }
    }
}
