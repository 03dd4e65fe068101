package io.netstack4j.api;

import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TCP through the Socket library between two hosts on a virtual LAN, in real time. */
@Timeout(60)
class SocketsTcpTest {

    @Test
    void connectSendReceiveAndCloseBothWays() throws Exception {
        try (TwoHosts h = new TwoHosts()) {
            Sockets a = h.alice.sockets();
            Sockets b = h.bob.sockets();
            int l = b.socket(SocketType.STREAM);
            b.bind(l, TwoHosts.bob(80));
            b.listen(l, 4);
            CompletableFuture<Integer> accepted = TwoHosts.async(() -> b.accept(l));
            int c = a.socket(SocketType.STREAM);
            a.connect(c, TwoHosts.bob(80));
            int s = accepted.get(5, TimeUnit.SECONDS);
            assertEquals(TwoHosts.alice(a.localAddress(c).port()), b.remoteAddress(s));

            byte[] up = random(1_000_000, 1);
            byte[] down = random(700_000, 2);
            CompletableFuture<byte[]> atBob = TwoHosts.async(() -> readAll(b, s));
            CompletableFuture<byte[]> atAlice = TwoHosts.async(() -> readAll(a, c));
            CompletableFuture<Void> w1 = TwoHosts.async(() -> {
                assertEquals(up.length, a.write(c, up, 0, up.length));
                a.shutdown(c, Sockets.SHUT_WR);
                return null;
            });
            assertEquals(down.length, b.write(s, down, 0, down.length));
            b.shutdown(s, Sockets.SHUT_WR);
            w1.get(20, TimeUnit.SECONDS);
            assertArrayEquals(sha(up), sha(atBob.get(20, TimeUnit.SECONDS)));
            assertArrayEquals(sha(down), sha(atAlice.get(20, TimeUnit.SECONDS)));
            a.close(c);
            b.close(s);
            b.close(l);
            // Alice closed first: her side waits in TIME-WAIT, Bob's is erased.
            assertTrue(waitFor(() -> tcp(h.bob, "connections") == 0));
            assertTrue(waitFor(() -> tcp(h.alice, "connections") == 0));
        }
    }

    @Test
    void aHostThatClosesDeliversWhatWasWrittenThenLetsGo() throws Exception {
        VirtualLanPair pair = new VirtualLanPair();
        try (NetStack bob = pair.bob) {
            Sockets b = bob.sockets();
            int l = b.socket(SocketType.STREAM);
            b.bind(l, TwoHosts.bob(80));
            b.listen(l, 1);
            Sockets a = pair.alice.sockets();
            int c = a.socket(SocketType.STREAM);
            a.connect(c, TwoHosts.bob(80));
            int s = b.accept(l);
            byte[] data = random(300_000, 9);
            a.write(c, data, 0, data.length);   // most of it is still in the send ring
            CompletableFuture<byte[]> got = TwoHosts.async(() -> readAll(b, s));
            pair.alice.close();   // its process ends: what it wrote is delivered, then the FIN
            assertArrayEquals(sha(data), sha(got.get(10, TimeUnit.SECONDS)));
        }
    }

    /** Two hosts whose lifetimes the test controls one by one. */
    static final class VirtualLanPair {
        final NetStack alice;
        final NetStack bob;

        VirtualLanPair() {
            TwoHosts h = new TwoHosts();
            alice = h.alice;
            bob = h.bob;
        }
    }

    @Test
    void aClosedPortRefusesTheConnection() throws Exception {
        try (TwoHosts h = new TwoHosts()) {
            Sockets a = h.alice.sockets();
            int c = a.socket(SocketType.STREAM);
            SocketException e = assertThrows(SocketException.class, () -> a.connect(c, TwoHosts.bob(81)));
            assertEquals(Errno.ECONNREFUSED, e.errno());
        }
    }

    @Test
    void connectTimesOutWhenNobodyAnswers() throws Exception {
        try (TwoHosts h = new TwoHosts()) {
            Sockets a = h.alice.sockets();
            int c = a.socket(SocketType.STREAM);
            long t0 = System.nanoTime();
            SocketException e = assertThrows(SocketException.class,
                    () -> a.connect(c, new SocketAddress4(io.netstack4j.wire.Ipv4Address.parse("198.51.100.77"), 80), 300));
            assertEquals(Errno.ETIMEDOUT, e.errno(), "the caller's own timeout: " + e);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
        }
    }

    @Test
    void aConnectToAnAddressArpCannotFindFailsWithHostUnreachable() throws Exception {
        try (TwoHosts h = new TwoHosts()) {
            Sockets a = h.alice.sockets();
            int c = a.socket(SocketType.STREAM);
            long t0 = System.nanoTime();
            SocketException e = assertThrows(SocketException.class,
                    () -> a.connect(c, new SocketAddress4(io.netstack4j.wire.Ipv4Address.parse("198.51.100.78"), 80)));
            // ARP gives up after its retries (about 3 s) and its local "host unreachable" ends the
            // connect, as on Linux, instead of six SYN retries (about two minutes).
            assertEquals(Errno.EHOSTUNREACH, e.errno(), e.toString());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20));
        }
    }

    static int tcp(NetStack n, String what) {
        try {
            return n.loop().submit(now -> what.equals("connections") ? n.tcp().connectionCount() : n.tcp().timeWaitCount())
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean waitFor(java.util.function.BooleanSupplier b) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (b.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    static byte[] readAll(Sockets s, int fd) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = s.read(fd, buf, 0, buf.length)) > 0; ) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static byte[] sha(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    static String hex(byte[] b) {
        return Arrays.toString(b);
    }
}
