package io.netstack4j.api;

import io.netstack4j.wire.Ipv4Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TcpSocket} and {@link TcpServerSocket} between two hosts on a virtual LAN, in real time. */
@Timeout(60)
class TcpSocketTest {
    private static final Duration CONNECT = Duration.ofSeconds(5);

    @Test
    void echoRoundTripThroughTheStreams() throws Exception {
        try (TwoHosts h = new TwoHosts();
             TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(7), 4)) {
            CompletableFuture<Void> echo = TwoHosts.async(() -> {
                try (TcpSocket c = server.accept()) {
                    c.getInputStream().transferTo(c.getOutputStream());
                }
                return null;
            });
            try (TcpSocket s = TcpSocket.connect(h.alice, TwoHosts.bob(7), CONNECT)) {
                assertEquals(TwoHosts.bob(7), s.remoteAddress());
                assertEquals(TwoHosts.IP_ALICE, s.localAddress().address());
                assertTrue(s.isConnected());
                byte[] hello = "hello, bob".getBytes(StandardCharsets.US_ASCII);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(hello);
                out.write('!');
                s.shutdownOutput();
                assertEquals("hello, bob!", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
                assertEquals(-1, in.read());
                echo.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void acceptedSocketKnowsBothEnds() throws Exception {
        try (TwoHosts h = new TwoHosts();
             TcpServerSocket server = TcpServerSocket.bind(h.bob, SocketAddress4.any(0), 0)) {
            int port = server.localAddress().port();
            assertTrue(port > 0);
            CompletableFuture<TcpSocket> accepted = TwoHosts.async(server::accept);
            try (TcpSocket s = TcpSocket.connect(h.alice, TwoHosts.bob(port));
                 TcpSocket c = accepted.get(10, TimeUnit.SECONDS)) {
                assertEquals(s.localAddress(), c.remoteAddress());
                assertEquals(TwoHosts.bob(port), c.localAddress());
            }
        }
    }

    @Test
    void twoMegabytesOneWayArriveIntact() throws Exception {
        byte[] data = SocketsTcpTest.random(2 * 1024 * 1024, 42);
        try (TwoHosts h = new TwoHosts();
             TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(9), 4)) {
            CompletableFuture<byte[]> digest = TwoHosts.async(() -> {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                long total = 0;
                try (TcpSocket c = server.accept()) {
                    InputStream in = c.getInputStream();
                    byte[] buf = new byte[16 * 1024];
                    for (int n; (n = in.read(buf, 0, buf.length)) != -1; ) {
                        md.update(buf, 0, n);
                        total += n;
                    }
                }
                assertEquals(data.length, total);
                return md.digest();
            });
            try (TcpSocket s = TcpSocket.connect(h.alice, TwoHosts.bob(9), CONNECT)) {
                OutputStream out = s.getOutputStream();
                for (int off = 0; off < data.length; off += 100_000) {   // uneven pieces
                    out.write(data, off, Math.min(100_000, data.length - off));
                }
            }   // close: a FIN after the data
            assertArrayEquals(SocketsTcpTest.sha(data), digest.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void halfCloseEndsOneDirectionOnly() throws Exception {
        try (TwoHosts h = new TwoHosts();
             TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(80), 4)) {
            CompletableFuture<TcpSocket> accepted = TwoHosts.async(server::accept);
            try (TcpSocket a = TcpSocket.connect(h.alice, TwoHosts.bob(80), CONNECT);
                 TcpSocket b = accepted.get(10, TimeUnit.SECONDS)) {
                a.getOutputStream().write("request".getBytes(StandardCharsets.US_ASCII));
                OutputStream aOut = a.getOutputStream();
                a.shutdownOutput();
                assertTrue(a.isOutputShutdown());
                assertEquals("request", new String(b.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
                assertEquals(-1, b.getInputStream().read());

                // Bob still writes, Alice still reads.
                b.getOutputStream().write("response".getBytes(StandardCharsets.US_ASCII));
                byte[] got = new byte[8];
                readFully(a.getInputStream(), got);
                assertEquals("response", new String(got, StandardCharsets.US_ASCII));

                // Alice's own output stays shut, as java.net.Socket's.
                SocketException shut = assertThrows(SocketException.class, a::getOutputStream);
                assertEquals("Socket output is shutdown", shut.getMessage());
                SocketException pipe = assertThrows(SocketException.class, () -> aOut.write(1));
                assertEquals("Broken pipe", pipe.getMessage());
                SocketException twice = assertThrows(SocketException.class, a::shutdownOutput);
                assertEquals("Socket output is already shutdown", twice.getMessage());

                b.shutdownOutput();
                assertEquals(-1, a.getInputStream().read());
            }
        }
    }

    @Test
    void shutdownInputMakesReadsEndAtOnce() throws Exception {
        try (TwoHosts h = new TwoHosts();
             TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(80), 4)) {
            CompletableFuture<TcpSocket> accepted = TwoHosts.async(server::accept);
            try (TcpSocket a = TcpSocket.connect(h.alice, TwoHosts.bob(80), CONNECT);
                 TcpSocket b = accepted.get(10, TimeUnit.SECONDS)) {
                InputStream in = a.getInputStream();
                a.shutdownInput();
                assertEquals(-1, in.read());
                assertEquals(0, in.available());
                assertEquals("Socket input is shutdown",
                        assertThrows(SocketException.class, a::getInputStream).getMessage());
                assertEquals("Socket input is already shutdown",
                        assertThrows(SocketException.class, a::shutdownInput).getMessage());
                // The other direction is untouched.
                a.getOutputStream().write(5);
                assertEquals(5, b.getInputStream().read());
            }
        }
    }

    @Test
    void availableCountsWhatHasArrived() throws Exception {
        try (TwoHosts h = new TwoHosts();
             TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(80), 4)) {
            CompletableFuture<TcpSocket> accepted = TwoHosts.async(server::accept);
            try (TcpSocket a = TcpSocket.connect(h.alice, TwoHosts.bob(80), CONNECT);
                 TcpSocket b = accepted.get(10, TimeUnit.SECONDS)) {
                InputStream in = a.getInputStream();
                assertEquals(0, in.available());
                b.getOutputStream().write(new byte[]{1, 2, 3, 4, 5});
                assertEquals(1, in.read());   // waits for them
                assertTrue(SocketsTcpTest.waitFor(() -> available(in) == 4), "available " + available(in));
                byte[] rest = new byte[4];
                readFully(in, rest);
                assertArrayEquals(new byte[]{2, 3, 4, 5}, rest);
                assertEquals(0, in.available());
            }
        }
    }

    @Test
    void aClosedPortRefusesWithConnectException() throws Exception {
        try (TwoHosts h = new TwoHosts()) {
            IOException e = assertThrows(IOException.class, () -> TcpSocket.connect(h.alice, TwoHosts.bob(81)));
            assertSame(ConnectException.class, e.getClass());
            assertEquals("Connection refused", e.getMessage());
            IOException t = assertThrows(IOException.class, () -> TcpSocket.connect(h.alice, TwoHosts.bob(81), CONNECT));
            assertSame(ConnectException.class, t.getClass());
            assertEquals("Connection refused", t.getMessage());
            // A failed connect closes its socket (java.net.Socket does): no descriptor is left open.
            assertEquals(0, h.alice.sockets().openCount());
        }
    }

    @Test
    void aFailedConnectClosesTheSocket() throws Exception {
        try (TwoHosts h = new TwoHosts()) {
            TcpSocket s = TcpSocket.open(h.alice);
            assertFalse(s.isConnected());
            assertEquals("Socket is not connected", assertThrows(SocketException.class, s::getInputStream).getMessage());
            assertThrows(ConnectException.class, () -> s.connect(TwoHosts.bob(81)));
            assertTrue(s.isClosed());
            assertEquals("Socket is closed",
                    assertThrows(SocketException.class, () -> s.connect(TwoHosts.bob(81))).getMessage());
        }
    }

    @Test
    void connectTimesOutWithSocketTimeoutException() throws Exception {
        try (TwoHosts h = new TwoHosts()) {
            // Nobody has this address: ARP gets no answer, the SYN never leaves.
            SocketAddress4 nobody = new SocketAddress4(Ipv4Address.parse("198.51.100.77"), 80);
            long t0 = System.nanoTime();
            IOException e = assertThrows(IOException.class,
                    () -> TcpSocket.connect(h.alice, nobody, Duration.ofMillis(300)));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertSame(SocketTimeoutException.class, e.getClass(), e.toString());
            assertEquals("Connect timed out", e.getMessage());
            assertTrue(ms >= 300 && ms < 5_000, ms + " ms");
            assertEquals(0, h.alice.sockets().openCount());
        }
    }

    @Test
    void readTimesOutAndTheSocketStaysUsable() throws Exception {
        try (TwoHosts h = new TwoHosts();
             TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(80), 4)) {
            CompletableFuture<TcpSocket> accepted = TwoHosts.async(server::accept);
            try (TcpSocket a = TcpSocket.connect(h.alice, TwoHosts.bob(80), CONNECT);
                 TcpSocket b = accepted.get(10, TimeUnit.SECONDS)) {
                a.setSoTimeout(Duration.ofMillis(200));
                assertEquals(Duration.ofMillis(200), a.getSoTimeout());
                InputStream in = a.getInputStream();
                long t0 = System.nanoTime();
                IOException e = assertThrows(IOException.class, () -> in.read());
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertSame(SocketTimeoutException.class, e.getClass(), e.toString());
                assertEquals("Read timed out", e.getMessage());
                assertTrue(ms >= 200 && ms < 5_000, ms + " ms");
                assertFalse(a.isClosed());

                b.getOutputStream().write(99);
                assertEquals(99, in.read());
                a.setSoTimeout(Duration.ZERO);   // forever again
                CompletableFuture<Integer> next = TwoHosts.async(in::read);
                Thread.sleep(300);
                assertFalse(next.isDone());
                b.getOutputStream().write(100);
                assertEquals(100, next.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aResetReachesTheReaderAsConnectionReset() throws Exception {
        try (TwoHosts h = new TwoHosts();
             TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(80), 4)) {
            CompletableFuture<TcpSocket> accepted = TwoHosts.async(server::accept);
            try (TcpSocket a = TcpSocket.connect(h.alice, TwoHosts.bob(80), CONNECT)) {
                TcpSocket b = accepted.get(10, TimeUnit.SECONDS);
                InputStream in = a.getInputStream();
                CompletableFuture<Integer> reading = TwoHosts.async(in::read);   // blocks until the RST
                Thread.sleep(100);
                b.setSoLinger(true, 0);
                assertEquals(0, b.getSoLinger());
                b.close();   // an abort: RST

                Exception e = assertThrows(Exception.class, () -> reading.get(10, TimeUnit.SECONDS));
                assertSame(SocketException.class, e.getCause().getClass(), e.toString());
                assertEquals("Connection reset", e.getCause().getMessage());
                // The JDK keeps saying so to readers; a write after it is a broken pipe (Linux).
                assertEquals("Connection reset", assertThrows(SocketException.class, () -> in.read()).getMessage());
                assertEquals("Broken pipe",
                        assertThrows(SocketException.class, () -> a.getOutputStream().write(1)).getMessage());
            }
        }
    }

    @Test
    void aResetReachesAWriterAsConnectionResetByPeerOnce() throws Exception {
        try (TwoHosts h = new TwoHosts();
             TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(80), 4)) {
            CompletableFuture<TcpSocket> accepted = TwoHosts.async(server::accept);
            try (TcpSocket a = TcpSocket.connect(h.alice, TwoHosts.bob(80), CONNECT)) {
                TcpSocket b = accepted.get(10, TimeUnit.SECONDS);
                b.setSoLinger(true, 0);
                b.close();
                // Wait until Alice's side has the RST (POLLERR), without reading.
                PollFd[] p = {PollFd.in(a.fd())};
                assertEquals(1, h.alice.sockets().poll(p, 5_000));
                assertTrue(p[0].has(PollFd.POLLERR), PollFd.names(p[0].revents()));

                OutputStream out = a.getOutputStream();
                assertEquals("Connection reset by peer",
                        assertThrows(SocketException.class, () -> out.write(new byte[10])).getMessage());
                assertEquals("Broken pipe", assertThrows(SocketException.class, () -> out.write(1)).getMessage());
                assertEquals(-1, a.getInputStream().read());   // as on Linux: the error went to the write
            }
        }
    }

    @Test
    void acceptTimesOutAndTheServerStaysUsable() throws Exception {
        try (TwoHosts h = new TwoHosts();
             TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(80), 4)) {
            server.setSoTimeout(Duration.ofMillis(150));
            long t0 = System.nanoTime();
            IOException e = assertThrows(IOException.class, server::accept);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertSame(SocketTimeoutException.class, e.getClass(), e.toString());
            assertEquals("Accept timed out", e.getMessage());
            assertTrue(ms >= 150 && ms < 5_000, ms + " ms");

            try (TcpSocket a = TcpSocket.connect(h.alice, TwoHosts.bob(80), CONNECT);
                 TcpSocket b = server.accept()) {   // already queued: no wait
                assertEquals(a.localAddress(), b.remoteAddress());
            }
        }
    }

    @Test
    void aSecondServerOnTheSamePortIsABindException() throws Exception {
        try (TwoHosts h = new TwoHosts();
             TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(80), 4)) {
            IOException e = assertThrows(IOException.class, () -> TcpServerSocket.bind(h.bob, TwoHosts.bob(80), 4));
            assertSame(java.net.BindException.class, e.getClass(), e.toString());
            assertEquals("Address already in use", e.getMessage());
            assertEquals(1, h.bob.sockets().openCount());
            assertFalse(server.isClosed());
        }
    }

    @Test
    void aClosedSocketSaysSocketClosed() throws Exception {
        try (TwoHosts h = new TwoHosts();
             TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(80), 4)) {
            CompletableFuture<TcpSocket> accepted = TwoHosts.async(server::accept);
            TcpSocket a = TcpSocket.connect(h.alice, TwoHosts.bob(80), CONNECT);
            try (TcpSocket b = accepted.get(10, TimeUnit.SECONDS)) {
                InputStream in = a.getInputStream();
                OutputStream out = a.getOutputStream();
                SocketAddress4 local = a.localAddress();
                a.close();
                a.close();   // idempotent
                assertTrue(a.isClosed());
                assertEquals("Socket closed", assertThrows(SocketException.class, () -> in.read()).getMessage());
                assertEquals("Socket closed",
                        assertThrows(SocketException.class, () -> in.read(new byte[4], 0, 4)).getMessage());
                assertEquals("Socket closed", assertThrows(SocketException.class, in::available).getMessage());
                assertEquals("Socket closed", assertThrows(SocketException.class, () -> out.write(1)).getMessage());
                assertEquals("Socket is closed", assertThrows(SocketException.class, a::getInputStream).getMessage());
                assertEquals("Socket is closed",
                        assertThrows(SocketException.class, () -> a.setTcpNoDelay(true)).getMessage());
                assertEquals("Socket is closed", assertThrows(SocketException.class, a::shutdownOutput).getMessage());
                // The addresses are kept, as java.net.Socket keeps them.
                assertEquals(local, a.localAddress());
                assertEquals(TwoHosts.bob(80), a.remoteAddress());
                assertEquals(-1, b.getInputStream().read());   // Alice's close was a FIN
            }
        }
    }

    @Test
    void closingWhileAReadWaitsFailsItWithSocketClosed() throws Exception {
        try (TwoHosts h = new TwoHosts();
             TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(80), 4)) {
            CompletableFuture<TcpSocket> accepted = TwoHosts.async(server::accept);
            try (TcpSocket a = TcpSocket.connect(h.alice, TwoHosts.bob(80), CONNECT);
                 TcpSocket b = accepted.get(10, TimeUnit.SECONDS)) {
                int waiting = h.aliceWaiting();
                CompletableFuture<Integer> reading = TwoHosts.async(() -> a.getInputStream().read());
                h.awaitAliceWaitingMoreThan(waiting);
                a.close();
                Exception e = assertThrows(Exception.class, () -> reading.get(10, TimeUnit.SECONDS));
                assertSame(SocketException.class, e.getCause().getClass(), e.toString());
                assertEquals("Socket closed", e.getCause().getMessage());
            }
        }
    }

    @Test
    void closingEitherStreamClosesTheSocket() throws Exception {
        try (TwoHosts h = new TwoHosts();
             TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(80), 4)) {
            for (boolean inputFirst : new boolean[]{true, false}) {
                CompletableFuture<TcpSocket> accepted = TwoHosts.async(server::accept);
                TcpSocket a = TcpSocket.connect(h.alice, TwoHosts.bob(80), CONNECT);
                try (TcpSocket b = accepted.get(10, TimeUnit.SECONDS)) {
                    InputStream in = a.getInputStream();
                    OutputStream out = a.getOutputStream();
                    out.write(7);
                    if (inputFirst) {
                        in.close();
                    } else {
                        out.close();
                    }
                    assertTrue(a.isClosed());
                    assertEquals("Socket closed", assertThrows(SocketException.class, () -> out.write(1)).getMessage());
                    assertEquals(7, b.getInputStream().read());   // written before the close: still delivered
                    assertEquals(-1, b.getInputStream().read());
                }
            }
        }
    }

    @Test
    void aClosedServerSaysSo() throws Exception {
        try (TwoHosts h = new TwoHosts()) {
            TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(80), 4);
            int waiting = bobWaiting(h);
            CompletableFuture<TcpSocket> accepting = TwoHosts.async(server::accept);
            while (bobWaiting(h) <= waiting) {
                Thread.onSpinWait();
            }
            server.close();
            Exception e = assertThrows(Exception.class, () -> accepting.get(10, TimeUnit.SECONDS));
            assertSame(SocketException.class, e.getCause().getClass(), e.toString());
            assertEquals("Socket closed", e.getCause().getMessage());
            assertEquals("Socket is closed", assertThrows(SocketException.class, server::accept).getMessage());
            assertTrue(server.isClosed());
            // The port is free again.
            IOException refused = assertThrows(IOException.class, () -> TcpSocket.connect(h.alice, TwoHosts.bob(80)));
            assertEquals("Connection refused", refused.getMessage());
            TcpServerSocket.bind(h.bob, TwoHosts.bob(80), 4).close();
        }
    }

    @Test
    void optionsReachTheSocket() throws Exception {
        try (TwoHosts h = new TwoHosts();
             TcpServerSocket server = TcpServerSocket.bind(h.bob, TwoHosts.bob(80), 4)) {
            TcpSocket a = TcpSocket.open(h.alice).setReceiveBufferSize(32 * 1024).setSendBufferSize(48 * 1024);
            CompletableFuture<TcpSocket> accepted = TwoHosts.async(server::accept);
            a.connect(TwoHosts.bob(80), CONNECT);
            try (a; TcpSocket b = accepted.get(10, TimeUnit.SECONDS)) {
                assertEquals(32 * 1024, a.getReceiveBufferSize());
                assertEquals(48 * 1024, a.getSendBufferSize());
                assertFalse(a.getTcpNoDelay());
                a.setTcpNoDelay(true).setKeepAlive(true);
                assertTrue(a.getTcpNoDelay());
                assertTrue(a.getKeepAlive());
                assertEquals(-1, a.getSoLinger());
                a.setSoLinger(true, 5);
                assertEquals(5, a.getSoLinger());
                a.setSoLinger(false, 0);
                assertEquals(-1, a.getSoLinger());
                assertThrows(IllegalArgumentException.class, () -> a.setSoLinger(true, -1));
                assertThrows(IllegalArgumentException.class, () -> a.setReceiveBufferSize(0));
                assertThrows(IllegalArgumentException.class, () -> a.setSoTimeout(Duration.ofMillis(-1)));
                a.setSoTimeout(Duration.ofNanos(1));   // rounded up to 1 ms, not "forever"
                assertEquals(Duration.ofMillis(1), a.getSoTimeout());
                assertTrue(b.isConnected());
            }
        }
    }

    @Test
    void timeoutsAreWholeMillisecondsRoundedUpAndCapped() {
        assertEquals(0, TcpSocket.millis(Duration.ZERO, "x"));
        assertEquals(1, TcpSocket.millis(Duration.ofNanos(1), "x"));
        assertEquals(5, TcpSocket.millis(Duration.ofMillis(5), "x"));
        assertEquals(6, TcpSocket.millis(Duration.ofMillis(5).plusNanos(1), "x"));
        assertEquals(Integer.MAX_VALUE, TcpSocket.millis(Duration.ofDays(365_000), "x"));
        assertEquals(Integer.MAX_VALUE, TcpSocket.millis(Duration.ofSeconds(Long.MAX_VALUE), "x"));
        assertEquals("negative", assertThrows(IllegalArgumentException.class,
                () -> TcpSocket.millis(Duration.ofNanos(-1), "negative")).getMessage());
    }

    private static int bobWaiting(TwoHosts h) throws Exception {
        return h.bob.loop().submit(now -> h.bob.sockets().timerClient().waiting()).get(5, TimeUnit.SECONDS);
    }

    private static int available(InputStream in) {
        try {
            return in.available();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void readFully(InputStream in, byte[] b) throws IOException {
        int n = in.readNBytes(b, 0, b.length);
        if (n != b.length) {
            throw new IOException("end of stream after " + n + " of " + b.length + ": " + Arrays.toString(b));
        }
    }
}
