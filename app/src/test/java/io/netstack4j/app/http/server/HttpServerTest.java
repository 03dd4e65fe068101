package io.netstack4j.app.http.server;

import io.netstack4j.api.SocketAddress4;
import io.netstack4j.app.http.server.HttpServerListener.CloseReason;
import io.netstack4j.app.http.server.RawClient.Resp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static io.netstack4j.app.http.server.ServerFixture.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web server on a virtual LAN, driven by a raw client: files, HEAD, conditional and range
 * requests, persistent connections and who closes first, idle timeout and request cap.
 */
@Timeout(60)
class HttpServerTest {
    static final String HTML = "<!doctype html><link rel=stylesheet href=style.css><p>hello</p>\n";
    static final Instant MODIFIED = Instant.parse("2026-01-02T03:04:05Z");
    static final String MODIFIED_TEXT = "Fri, 02 Jan 2026 03:04:05 GMT";

    @TempDir
    static Path root;
    static byte[] big;
    static byte[] digits;

    ServerFixture f;

    void start(HttpServerConfig config) throws Exception {
        if (big == null) {
            Files.writeString(root.resolve("index.html"), HTML);
            Files.writeString(root.resolve("style.css"), "p { color: green }\n");
            Files.setLastModifiedTime(root.resolve("index.html"), FileTime.from(MODIFIED));
            digits = new byte[2000];
            for (int i = 0; i < digits.length; i++) {
                digits[i] = (byte) ('0' + i % 10);
            }
            Files.write(root.resolve("digits.txt"), digits);
            big = new byte[5_000_000 + 123];
            new Random(9).nextBytes(big);
            Files.write(root.resolve("big.bin"), big);
            Files.createDirectories(root.resolve("docs"));
            Files.writeString(root.resolve("docs").resolve("index.html"), "docs\n");
            Files.createDirectories(root.resolve("empty"));
        }
        f = new ServerFixture(root, config);
    }

    void start() throws Exception {
        start(HttpServerConfig.DEFAULT);
    }

    @AfterEach
    void stop() {
        if (f != null) {
            assertNull(f.server.lastInternalError(), "no exception escaped a connection");
            f.close();
        }
    }

    @Test
    void getServesTheFileWithItsTypeLengthAndDate() throws Exception {
        start();
        try (RawClient c = f.connect()) {
            Resp r = c.get("/index.html");
            assertEquals("HTTP/1.1 200 OK", r.statusLine());
            assertEquals(HTML, r.text());
            assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
            assertEquals(Integer.toString(HTML.length()), r.header("Content-Length"));
            assertEquals(MODIFIED_TEXT, r.header("Last-Modified"));
            assertEquals("bytes", r.header("Accept-Ranges"));
            assertTrue(r.header("Date").endsWith(" GMT"), r.header("Date"));
            assertEquals("text/css; charset=utf-8", c.get("/style.css").header("Content-Type"));
            assertEquals("text/plain; charset=utf-8", c.get("/digits.txt").header("Content-Type"));
            assertEquals(HTML, c.get("/").text(), "the root directory gives its index.html");
            assertEquals("docs\n", c.get("/docs").text());
            assertEquals("docs\n", c.get("/docs/").text());
        }
        assertEquals(1, f.events.accepted.size(), "all on one connection");
        AccessLogEntry e = f.events.log.getFirst();
        assertEquals("GET /index.html HTTP/1.1", e.requestLine());
        assertEquals(200, e.status());
        assertEquals(HTML.length(), e.bodyBytes());
        assertTrue(e.toLine().matches("198\\.51\\.100\\.1 - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000] "
                + "\"GET /index.html HTTP/1\\.1\" 200 " + HTML.length() + " \\d+\\.\\d{3}ms conn#\\d+/1"), e.toLine());
    }

    @Test
    void headSendsTheHeadOnlyAndTheConnectionGoesOn() throws Exception {
        start();
        try (RawClient c = f.connect()) {
            Resp h = c.send("HEAD /big.bin HTTP/1.1\r\nHost: a\r\n\r\n").read(true);
            assertEquals(200, h.status());
            assertEquals(Integer.toString(big.length), h.header("Content-Length"));
            assertEquals("application/octet-stream", h.header("Content-Type"));
            // had the body been sent, this would read it as a status line
            assertEquals("HTTP/1.1 200 OK", c.get("/style.css").statusLine());
        }
        assertEquals(0, f.events.log.getFirst().bodyBytes());
    }

    @Test
    void aLargeFileArrivesWhole() throws Exception {
        start();
        try (RawClient c = f.connect()) {
            Resp r = c.get("/big.bin");
            assertEquals(200, r.status());
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            assertArrayEquals(md.digest(big), MessageDigest.getInstance("SHA-256").digest(r.body()));
        }
    }

    @Test
    void ifModifiedSinceGives304WhenNothingChanged() throws Exception {
        start();
        try (RawClient c = f.connect()) {
            Resp same = c.get("/index.html", "If-Modified-Since: " + MODIFIED_TEXT + "\r\n");
            assertEquals(304, same.status());
            assertEquals(MODIFIED_TEXT, same.header("Last-Modified"));
            assertNull(same.header("Content-Length"));
            assertEquals(304, c.get("/index.html", "If-Modified-Since: Sat, 03 Jan 2026 00:00:00 GMT\r\n").status());
            assertEquals(200, c.get("/index.html", "If-Modified-Since: Thu, 01 Jan 2026 00:00:00 GMT\r\n").status());
            assertEquals(200, c.get("/index.html", "If-Modified-Since: not a date\r\n").status());
            assertEquals(200, c.get("/index.html", "If-Modified-Since: " + MODIFIED_TEXT + "\r\n",
                    "If-None-Match: \"x\"\r\n").status(), "If-None-Match takes precedence (RFC 9110 §13.1.3)");
            assertEquals(304, c.send("HEAD /index.html HTTP/1.1\r\nHost: a\r\nIf-Modified-Since: " + MODIFIED_TEXT
                    + "\r\n\r\n").read(true).status());
            assertEquals(200, c.get("/style.css").status(), "the 304s had no body");
        }
    }

    @Test
    void byteRanges() throws Exception {
        start();
        try (RawClient c = f.connect()) {
            Resp r = c.get("/digits.txt", "Range: bytes=1000-1999\r\n");
            assertEquals(206, r.status());
            assertEquals("bytes 1000-1999/2000", r.header("Content-Range"));
            assertArrayEquals(Arrays.copyOfRange(digits, 1000, 2000), r.body());
            Resp open = c.get("/digits.txt", "Range: bytes=1995-\r\n");
            assertEquals("56789", open.text());
            assertEquals("bytes 1995-1999/2000", open.header("Content-Range"));
            Resp suffix = c.get("/digits.txt", "Range: bytes=-3\r\n");
            assertEquals("bytes 1997-1999/2000", suffix.header("Content-Range"));
            assertEquals("789", suffix.text());
            Resp bad = c.get("/digits.txt", "Range: bytes=2000-\r\n");
            assertEquals(416, bad.status());
            assertEquals("bytes */2000", bad.header("Content-Range"));
            assertEquals(200, c.get("/digits.txt", "Range: bytes=0-1,5-6\r\n").status(), "several ranges: all of it");
            assertEquals(206, c.get("/index.html", "Range: bytes=0-0\r\n", "If-Range: " + MODIFIED_TEXT + "\r\n").status());
            assertEquals(200, c.get("/index.html", "Range: bytes=0-0\r\n",
                    "If-Range: Thu, 01 Jan 2026 00:00:00 GMT\r\n").status(), "If-Range not matching: all of it");
            Resp head = c.send("HEAD /digits.txt HTTP/1.1\r\nHost: a\r\nRange: bytes=0-9\r\n\r\n").read(true);
            assertEquals(200, head.status(), "Range applies to GET only (RFC 9110 §14.2)");
            Resp bigTail = c.get("/big.bin", "Range: bytes=4999000-\r\n");
            assertArrayEquals(Arrays.copyOfRange(big, 4_999_000, big.length), bigTail.body());
        }
    }

    @Test
    void errorsHaveSmallBodiesAndTheConnectionGoesOnWhereItCan() throws Exception {
        start();
        try (RawClient c = f.connect()) {
            Resp missing = c.get("/nope.html");
            assertEquals(404, missing.status());
            assertEquals("404 Not Found\n", missing.text());
            assertEquals(404, c.get("/empty/").status(), "a directory without index.html");
            assertEquals(403, c.get("/../etc/passwd").status());
            assertEquals(403, c.get("/%2e%2e/%2e%2e/etc/passwd").status());
            assertEquals(403, c.get("/docs%2f..%2f..%2fetc").status());
            assertEquals(403, c.get("/index.html%00.txt").status());
            Resp post = c.send("POST /index.html HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello").read(false);
            assertEquals(405, post.status());
            assertEquals("GET, HEAD", post.header("Allow"));
            assertEquals(405, c.send("DELETE / HTTP/1.1\r\nHost: a\r\n\r\n").read(false).status());
            Resp withBody = c.send("GET /style.css HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc").read(false);
            assertEquals(200, withBody.status(), "a small GET body is read and dropped");
            assertEquals(200, c.get("/style.css").status(), "and the connection goes on");
        }
        assertEquals(1, f.events.accepted.size());
    }

    /** Requests the server answers with an error and then closes (its FIN first). */
    @Test
    void malformedRequestsAreAnsweredThenTheServerCloses() throws Exception {
        start(HttpServerConfig.DEFAULT.withLimits(new RequestHeadParser.Limits(100, 200, 5)));
        String[][] cases = {
                {"GET / HTTP/1.1\r\n\r\n", "400"},                                   // no Host (RFC 9112 §3.2)
                {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "400"},             // two Hosts
                {"GET  / HTTP/1.1\r\nHost: a\r\n\r\n", "400"},
                {"GET /" + "a".repeat(120) + " HTTP/1.1\r\nHost: a\r\n\r\n", "414"},
                {"GET / HTTP/1.1\r\nHost: a\r\nX: " + "b".repeat(250) + "\r\n\r\n", "431"},
                {"GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\nE: 1\r\n\r\n", "431"},
                {"GET / HTTP/2.0\r\nHost: a\r\n\r\n", "505"},
                {"GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "501"},
                {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\n", "400"},
                {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", "400"},
                {"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n", "413"},
                {"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", "400"},
                // a body held back for 100 Continue is not waited for: 405 at once, then the close
                {"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n", "405"},
        };
        for (String[] k : cases) {
            try (RawClient c = f.connect()) {
                Resp r = c.send(k[0]).read(false);
                assertEquals(Integer.parseInt(k[1]), r.status(), k[0]);
                assertEquals("close", r.header("Connection"), k[0]);
                assertEquals(k[1] + " " + Response.reason(r.status()) + "\n", r.text());
                assertTrue(c.atEnd(), "the server closed first after " + k[0]);
            }
        }
        assertTrue(waitFor(() -> f.events.closes.size() == cases.length));
        assertTrue(f.events.closes.stream().allMatch(r -> r == CloseReason.BAD_REQUEST), f.events.closes.toString());
    }

    @Test
    void twoRequestsOnOneConnectionAndPipelined() throws Exception {
        start();
        try (RawClient c = f.connect()) {
            assertEquals(HTML, c.get("/index.html").text());
            assertEquals(200, c.get("/style.css").status());
            c.send("GET /style.css HTTP/1.1\r\nHost: a\r\n\r\nGET /digits.txt HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("text/css; charset=utf-8", c.read(false).header("Content-Type"));
            assertEquals(2000, c.read(false).body().length);
        }
        assertEquals(1, f.events.accepted.size());
        assertTrue(waitFor(() -> f.events.log.size() == 4), f.events.log.toString());
        assertTrue(f.events.log.stream().allMatch(e -> e.connection() == f.events.log.getFirst().connection()));
    }

    @Test
    void http10AndConnectionCloseMakeTheServerCloseFirst() throws Exception {
        start();
        for (String request : new String[] {"GET /index.html HTTP/1.0\r\n\r\n",
                "GET /index.html HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"}) {
            SocketAddress4 client;
            try (RawClient c = f.connect()) {
                client = c.socket.localAddress();
                Resp r = c.send(request).read(false);
                assertEquals(HTML, r.text());
                assertEquals("close", r.header("Connection"));
                // the client has not closed: end of stream here means the server's FIN came first
                assertTrue(c.atEnd(), request);
            }
            // the side that closes first keeps the connection in TIME-WAIT: the server, not the browser
            SocketAddress4 server = new SocketAddress4(ServerFixture.SERVER_IP, ServerFixture.PORT);
            assertTrue(waitFor(() -> ServerFixture.inTimeWait(f.serverHost, server, client)),
                    ServerFixture.tcpTable(f.serverHost).toString());
            assertFalse(ServerFixture.inTimeWait(f.client, client, server), ServerFixture.tcpTable(f.client).toString());
        }
        assertTrue(waitFor(() -> f.events.closes.size() == 2));
        assertEquals(List.of(CloseReason.CONNECTION_CLOSE, CloseReason.CONNECTION_CLOSE), f.events.closes);
        assertTrue(CloseReason.CONNECTION_CLOSE.serverClosesFirst());
    }

    @Test
    void http10KeepAliveIsHonoured() throws Exception {
        start();
        try (RawClient c = f.connect()) {
            Resp r = c.send("GET /style.css HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read(false);
            assertEquals("keep-alive", r.header("Connection"));
            assertEquals(200, c.send("GET /style.css HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read(false).status());
        }
        assertEquals(1, f.events.accepted.size());
    }

    @Test
    void theClientClosingFirstIsSeenAsSuch() throws Exception {
        start();
        SocketAddress4 client;
        try (RawClient c = f.connect()) {
            client = c.socket.localAddress();
            c.get("/style.css");
            c.socket.shutdownOutput();
            assertTrue(c.atEnd());
        }
        assertTrue(waitFor(() -> f.events.closes.size() == 1));
        assertEquals(CloseReason.CLIENT_CLOSED, f.events.closes.getFirst());
        SocketAddress4 server = new SocketAddress4(ServerFixture.SERVER_IP, ServerFixture.PORT);
        assertTrue(waitFor(() -> ServerFixture.inTimeWait(f.client, client, server)), ServerFixture.tcpTable(f.client).toString());
        assertFalse(ServerFixture.inTimeWait(f.serverHost, server, client));
    }

    @Test
    void anIdleConnectionIsClosedByTheServer() throws Exception {
        start(HttpServerConfig.DEFAULT.withIdleTimeoutMillis(300));
        try (RawClient c = f.connect()) {
            assertEquals(200, c.get("/style.css").status());
            assertTrue(c.atEnd(), "nothing more asked: the server closes after the idle timeout");
        }
        assertTrue(waitFor(() -> f.events.closes.size() == 1));
        assertEquals(CloseReason.IDLE_TIMEOUT, f.events.closes.getFirst());
        assertEquals(1, f.server.stats().idleTimeouts());
    }

    @Test
    void theLastRequestAllowedIsAnsweredWithConnectionClose() throws Exception {
        start(HttpServerConfig.DEFAULT.withMaxRequestsPerConnection(3));
        try (RawClient c = f.connect()) {
            assertNull(c.get("/style.css").header("Connection"));
            assertNull(c.get("/style.css").header("Connection"));
            Resp last = c.get("/style.css");
            assertEquals(200, last.status());
            assertEquals("close", last.header("Connection"));
            assertTrue(c.atEnd());
        }
        assertTrue(waitFor(() -> f.events.closes.size() == 1));
        assertEquals(CloseReason.REQUEST_LIMIT, f.events.closes.getFirst());
    }

    @Test
    void manyClientsAtOnce() throws Exception {
        start();
        List<CompletableFuture<Integer>> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            clients.add(CompletableFuture.supplyAsync(() -> {
                try (RawClient c = f.connect()) {
                    int ok = 0;
                    for (int k = 0; k < 5; k++) {
                        Resp r = c.get(k % 2 == 0 ? "/index.html" : "/digits.txt");
                        ok += r.status() == 200 ? 1 : 0;
                    }
                    return ok;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        int ok = 0;
        for (CompletableFuture<Integer> c : clients) {
            ok += c.get();
        }
        assertEquals(100, ok);
        assertEquals(20, f.events.accepted.size());
        // the server counts a response after writing it: the clients may have read it a moment before
        assertTrue(waitFor(() -> f.server.stats().status2xx() == 100), f.server.stats().toString());
    }
}
