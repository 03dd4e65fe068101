package io.netstack4j.app.http.server;

import io.netstack4j.app.http.server.RawClient.Resp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.netstack4j.app.http.server.ServerFixture.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad clients: a slowloris trickling a head byte by byte, a stalled half head, more connections than
 * allowed, and a corpus of malformed and mutated requests. The server answers 4xx or closes, no
 * exception escapes a connection, and well-behaved clients go on being served.
 */
@Timeout(120)
class HttpServerAbuseTest {
    static final String GOOD = "GET /index.html HTTP/1.1\r\nHost: www.example.test\r\nAccept: */*\r\n\r\n";

    @TempDir
    static Path root;

    ServerFixture f;

    @BeforeAll
    static void files() throws IOException {
        Files.writeString(root.resolve("index.html"), "<p>hello</p>\n");
    }

    @AfterEach
    void stop() {
        if (f != null) {
            assertNull(f.server.lastInternalError(), "no exception escaped a connection");
            assertEquals(0, f.server.stats().internalErrors());
            f.close();
        }
    }

    /**
     * A slowloris sends one byte of a never-ending head every 200 ms: each read comes well within the
     * idle timeout, so only the header timeout (from the head's first byte) can end it. Meanwhile a
     * well-behaved client keeps getting answers.
     */
    @Test
    void slowlorisIsCutOffByTheHeaderTimeoutWhileOthersAreServed() throws Exception {
        f = new ServerFixture(root, HttpServerConfig.DEFAULT.withIdleTimeoutMillis(1_000).withHeaderTimeoutMillis(1_500));
        RawClient slow = f.connect();
        AtomicInteger trickled = new AtomicInteger();
        AtomicBoolean cutOff = new AtomicBoolean();
        byte[] endless = ("GET /index.html HTTP/1.1\r\nHost: a\r\nX-Slow: " + "z".repeat(200)).getBytes(StandardCharsets.US_ASCII);
        Thread.ofVirtual().start(() -> {
            try {
                for (byte b : endless) {
                    if (cutOff.get()) {
                        return;
                    }
                    slow.socket.getOutputStream().write(b);
                    trickled.incrementAndGet();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException e) {
                // the server closed the connection: writing more fails
            }
        });
        CompletableFuture<Resp> answer = CompletableFuture.supplyAsync(() -> {
            try {
                Resp r = slow.read(false);
                boolean end = slow.atEnd();
                cutOff.set(true);
                return end ? r : null;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        int served = 0;
        while (!answer.isDone()) {
            try (RawClient good = f.connect()) {   // new connections too, not only requests on one
                for (int k = 0; k < 20 && !answer.isDone(); k++) {
                    assertEquals(200, good.send(GOOD).read(false).status());
                    served++;
                }
            }
        }
        Resp r = answer.get();
        assertEquals(408, r.status(), "the slow head is answered 408 Request Timeout");
        assertEquals("close", r.header("Connection"));
        assertTrue(trickled.get() < endless.length, "cut off after " + trickled.get() + " bytes");
        assertTrue(served >= 3, "the good client was served " + served + " times meanwhile");
        assertEquals(1, f.server.stats().headerTimeouts());
        assertTrue(waitFor(() -> f.events.closes.contains(HttpServerListener.CloseReason.HEADER_TIMEOUT)));
        slow.close();
    }

    @Test
    void aHeadThatStallsHalfwayIsCutOffToo() throws Exception {
        f = new ServerFixture(root, HttpServerConfig.DEFAULT.withIdleTimeoutMillis(5_000).withHeaderTimeoutMillis(300));
        try (RawClient c = f.connect()) {
            Resp r = c.send("GET /index.html HTTP/1.1\r\nHo").read(false);
            assertEquals(408, r.status());
            assertTrue(c.atEnd());
        }
    }

    @Test
    void connectionsOverTheLimitAreClosedAtOnceAndTheOthersServed() throws Exception {
        f = new ServerFixture(root, HttpServerConfig.DEFAULT.withMaxConnections(2));
        try (RawClient a = f.connect(); RawClient b = f.connect()) {
            assertTrue(waitFor(() -> f.server.activeConnections() == 2));
            try (RawClient c = f.connect()) {
                assertTrue(c.atEnd(), "the third connection is closed without a word");
            }
            assertEquals(1, f.server.stats().refused());
            assertEquals(1, f.events.refused.size());
            assertEquals(200, a.send(GOOD).read(false).status());
            assertEquals(200, b.send(GOOD).read(false).status());
        }
        assertTrue(waitFor(() -> f.server.activeConnections() == 0));
        try (RawClient d = f.connect()) {
            assertEquals(200, d.send(GOOD).read(false).status(), "room again once the others closed");
        }
    }

    /** Inputs that must be answered with a 4xx or 5xx status, or closed without one. */
    static List<String> malformedCorpus() {
        List<String> c = new ArrayList<>(List.of(
                "\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n",
                "GET\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/1.1", "GET / HTTP/1.1\n\n", "\0\0\0\0\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\n\r", "GET / HTTP/1.1\r\nHost\r\n\r\n", "GET / HTTP/1.1\r\n:\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nX: \u0001\r\n\r\n", "GET / HTTP/9.9\r\nHost: a\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\n\tcontinued\r\n\r\n",
                "GET http://a/../../etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /%00 HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /%c0%ae%c0%ae/etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n",   // overlong UTF-8 dots
                "GET /% HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET * HTTP/1.1\r\nHost: a\r\n\r\n",
                "CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n",
                "PUT /index.html HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
                "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003",  // a TLS ClientHello start
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));                            // the HTTP/2 preface
        c.add("GET /" + "a".repeat(9_000) + " HTTP/1.1\r\nHost: a\r\n\r\n");
        c.add("GET / HTTP/1.1\r\nHost: a\r\n" + "X-Many: 1\r\n".repeat(101) + "\r\n");
        c.add("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(17_000) + "\r\n\r\n");
        c.add("G".repeat(20_000));
        return c;
    }

    @Test
    void malformedAndOversizedRequestsGet4xxOr5xxOrAClose() throws Exception {
        f = new ServerFixture(root, HttpServerConfig.DEFAULT);
        for (String input : malformedCorpus()) {
            String reply = exchange(input);
            String shown = input.length() > 60 ? input.substring(0, 60) + "..." : input;
            assertTrue(reply.isEmpty() || reply.matches("(?s)HTTP/1\\.1 [45]\\d\\d .*"), shown + " -> " + reply);
        }
        assertEquals(200, exchange(GOOD).startsWith("HTTP/1.1 200 ") ? 200 : 0, "a good request after them all");
    }

    /**
     * Seeded mutations of a good request (bytes flipped, control bytes and obs-text inserted, pieces cut
     * or repeated): every reply is a well-formed status line or nothing, and the server survives them.
     */
    @Test
    void mutatedRequestsNeverBreakTheServer() throws Exception {
        f = new ServerFixture(root, HttpServerConfig.DEFAULT.withLimits(new RequestHeadParser.Limits(256, 512, 8)));
        long seed = Long.getLong("ns4j.fuzz.seed", 20261204L);
        SplittableRandom random = new SplittableRandom(seed);
        byte[] special = {'\r', '\n', 0, ' ', '\t', ':', '%', '/', '.', (byte) 0x7f, (byte) 0x80, (byte) 0xff};
        for (int i = 0; i < 150; i++) {
            StringBuilder sb = new StringBuilder(GOOD);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(4)) {
                    case 0 -> sb.setCharAt(at, (char) (random.nextInt(256)));
                    case 1 -> sb.insert(at, (char) (special[random.nextInt(special.length)] & 0xff));
                    case 2 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(8)));
                    default -> sb.insert(at, sb.substring(at, Math.min(sb.length(), at + 1 + random.nextInt(20)))
                            .repeat(1 + random.nextInt(40)));
                }
            }
            String input = sb.toString();
            String reply = exchange(input);
            assertTrue(reply.isEmpty() || reply.matches("(?s)HTTP/1\\.1 [1-5]\\d\\d .*"),
                    "seed " + seed + " case " + i + ": " + input + " -> " + reply);
        }
        assertTrue(exchange(GOOD).startsWith("HTTP/1.1 200 "));
        assertTrue(waitFor(() -> f.server.activeConnections() == 0), "every connection ended");
    }

    /** Sends {@code input} on a new connection, ends the client's side, and returns all the server sent. */
    private String exchange(String input) throws Exception {
        try (RawClient c = f.connect()) {
            try {
                c.send(input);
                c.socket.shutdownOutput();
                return new String(c.readToEnd(), StandardCharsets.ISO_8859_1);
            } catch (java.net.SocketException reset) {
                return "";   // the server closed with request bytes unread: a reset is a close too
            }
        }
    }
}
