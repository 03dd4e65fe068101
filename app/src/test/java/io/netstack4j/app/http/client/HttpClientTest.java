package io.netstack4j.app.http.client;

import io.netstack4j.api.Resolver;
import io.netstack4j.api.ResolverException;
import io.netstack4j.socket.dns.HostsTable;
import io.netstack4j.wire.Ipv4Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against a scripted server on the in-process virtual LAN, in real time: body framings,
 * persistent connections and their pool, redirects, timeouts, and the listener's story.
 */
@Timeout(60)
class HttpClientTest {
    static final String BASE = "http://198.51.100.80";
    static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    final HttpLan lan = new HttpLan();
    final Recorder rec = new Recorder();
    ScriptedServer server;
    HttpClient client;

    HttpClient client(HttpClient.Builder b) {
        client = b.listener(rec).build();
        return client;
    }

    HttpClient client() {
        return client(HttpClient.builder(lan.browser).readTimeout(Duration.ofSeconds(5)));
    }

    ScriptedServer serve(ScriptedServer.Script s) throws IOException {
        server = new ScriptedServer(lan.server, 80, s);
        return server;
    }

    /** Answers every request on the connection with {@code response}, until the client closes. */
    static ScriptedServer.Script everyRequest(String response) {
        return c -> {
            while (c.readRequest() != null) {
                c.write(response);
            }
        };
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
            assertEquals(List.of(), server.failures, "the scripted server failed");
        }
        lan.close();
    }

    static String text(HttpResponse r) throws IOException {
        return new String(r.bodyBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void contentLengthBodyAndTheStoryOfTheFetch() throws Exception {
        serve(everyRequest(OK));
        HttpResponse r = client().get(BASE + "/index.html");
        assertEquals(200, r.status());
        assertEquals("hello", text(r));
        assertTrue(server.requests.getFirst().startsWith("0:GET /index.html HTTP/1.1\r\nHost: 198.51.100.80\r\n"),
                server.requests.getFirst());
        assertEquals(List.of("resolved 198.51.100.80 198.51.100.80 LITERAL", "socket", "connecting 198.51.100.80:80",
                "connected", "head GET /index.html HTTP/1.1", "status 200", "headers 1", "complete 5", "kept 1"),
                rec.snapshot());
        assertEquals(5, rec.lastProgress);
    }

    @Test
    void chunkedWithExtensionsAndTrailers() throws Exception {
        serve(everyRequest("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value;flag\r\nhello\r\n6 ; x=\"q\"\r\n world\r\n000\r\nX-Checksum: abc\r\nX-More: 1\r\n\r\n"));
        HttpResponse r = client().get(BASE + "/");
        assertEquals(ResponseFraming.Kind.CHUNKED, r.framing().kind());
        assertEquals("hello world", text(r));
        assertEquals("abc", r.trailers().first("x-checksum"));
        assertEquals(1, client.idleConnections(), "reusable after the trailers");
        assertEquals("hello world", text(client.get(BASE + "/again")));
        assertEquals(1, server.accepts.get());
    }

    @Test
    void bodyUntilCloseEndsWithTheServersFin() throws Exception {
        serve(c -> {
            c.answer("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
        });
        HttpResponse r = client().get(BASE + "/");
        assertEquals(ResponseFraming.Kind.UNTIL_CLOSE, r.framing().kind());
        assertEquals("until the end", text(r));
        List<String> ev = rec.snapshot();
        assertEquals(List.of("eof", "complete 13", "closed BODY_UNTIL_CLOSE"), ev.subList(ev.size() - 3, ev.size()));
        assertEquals(0, client.idleConnections());
    }

    @Test
    void headAnd204And304HaveNoBodyAndKeepTheConnection() throws Exception {
        serve(c -> {
            c.answer("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
            c.answer("HTTP/1.1 204 No Content\r\n\r\n");
            c.answer("HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n");
            c.answer(OK);
            c.readRequest();
        });
        client();
        HttpResponse head = client.send(HttpRequest.head(URI.create(BASE + "/big")));
        assertEquals(1000, head.contentLength());
        assertEquals(0, head.bodyBytes().length);
        assertEquals(204, client.get(BASE + "/a").status());
        HttpResponse notModified = client.get(BASE + "/b");
        assertEquals(304, notModified.status());
        assertEquals(0, notModified.bodyBytes().length);
        assertEquals("hello", text(client.get(BASE + "/c")));
        assertEquals(1, server.accepts.get(), "one connection for four requests");
    }

    @Test
    void keepAliveReusesOneConnectionForTwoRequests() throws Exception {
        serve(everyRequest(OK));
        client();
        HttpResponse first = client.get(BASE + "/1");
        assertEquals("hello", text(first));
        HttpResponse second = client.get(BASE + "/2");
        assertEquals("hello", text(second));
        assertEquals(1, server.accepts.get());
        assertFalse(first.reusedConnection());
        assertTrue(second.reusedConnection());
        assertEquals(first.fd(), second.fd());
        assertTrue(rec.snapshot().contains("reused 1"), rec.snapshot().toString());
        assertEquals(1, rec.snapshot().stream().filter(e -> e.equals("socket")).count());
    }

    @Test
    void connectionCloseFromTheServerIsSeenAsEndOfStreamThenClosed() throws Exception {
        serve(c -> c.answer("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"));
        client();
        assertEquals("ok", text(client.get(BASE + "/")));
        List<String> ev = rec.snapshot();
        assertEquals(List.of("complete 2", "eof", "closed SERVER_ASKED"), ev.subList(ev.size() - 3, ev.size()));
        assertEquals("ok", text(client.get(BASE + "/")));
        assertEquals(2, server.accepts.get());
    }

    @Test
    void http10WithoutKeepAliveIsNotReused() throws Exception {
        serve(c -> c.answer("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        client();
        assertEquals("ok", text(client.get(BASE + "/")));
        assertEquals(0, client.idleConnections());
        assertTrue(rec.snapshot().contains("closed SERVER_ASKED"), rec.snapshot().toString());
    }

    @Test
    void aPooledConnectionTheServerClosedIsDroppedNotReused() throws Exception {
        serve(c -> {
            c.answer(OK);
            // Then the server closes while the connection is idle in the client's pool.
        });
        client();
        assertEquals("hello", text(client.get(BASE + "/1")));
        long deadline = System.nanoTime() + 5_000_000_000L;
        // Wait until the server's FIN has arrived (the script returned and closed).
        while (server.requests.size() < 1 || System.nanoTime() < deadline && !finArrived()) {
            Thread.sleep(20);
        }
        assertEquals("hello", text(client.get(BASE + "/2")));
        assertEquals(2, server.accepts.get());
        List<String> ev = rec.snapshot();
        assertTrue(ev.contains("closed STALE"), ev.toString());
        assertFalse(ev.contains("retrying"), ev.toString());
    }

    private boolean finArrived() {
        return lan.browser.sockets().tableText().contains("CLOSE_WAIT");
    }

    @Test
    void aKeptConnectionClosedRightAfterTheRequestIsRetriedOnceForGet() throws Exception {
        serve(c -> {
            if (c.index == 0) {
                c.answer(OK);
                c.readRequest();   // the second request arrives; the server closes without answering
                return;
            }
            c.answer(OK);
        });
        client();
        assertEquals("hello", text(client.get(BASE + "/1")));
        HttpResponse r = client.get(BASE + "/2");
        assertEquals("hello", text(r));
        assertEquals(2, server.accepts.get());
        assertTrue(rec.snapshot().contains("retrying"), rec.snapshot().toString());
    }

    @Test
    void aPostIsNotRetried() throws Exception {
        serve(c -> {
            c.answer(OK);
            c.readRequest();
        });
        client();
        assertEquals("hello", text(client.get(BASE + "/1")));
        var e = assertThrows(io.netstack4j.app.http.MalformedMessageException.class, () -> client.send(
                HttpRequest.post(URI.create(BASE + "/form"), "text/plain", "x=1".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(io.netstack4j.app.http.MalformedMessageException.Problem.EMPTY_RESPONSE, e.problem());
        assertEquals(1, server.accepts.get());
    }

    @Test
    void postSendsItsBodyWithContentLength() throws Exception {
        serve(everyRequest(OK));
        client();
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        for (byte[] body : List.of("name=value".getBytes(StandardCharsets.US_ASCII), big)) {
            HttpResponse r = client.send(HttpRequest.post(URI.create(BASE + "/post"), "text/plain", body));
            assertEquals("hello", text(r));
            String req = server.requests.getLast();
            assertTrue(req.contains("\r\nContent-Length: " + body.length + "\r\n"), () -> req.substring(0, Math.min(200, req.length())));
            assertArrayEquals(body, req.substring(req.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1));
        }
        assertTrue(rec.snapshot().contains("body 200000"), rec.snapshot().toString());
    }

    @Test
    void aLargeBodyIsStreamed() throws Exception {
        int size = 8 << 20;
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 31 + 7);
        }
        serve(c -> {
            c.answer("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n");
            for (int sent = 0; sent < size; sent += chunk.length) {
                c.write(chunk);
            }
            c.readRequest();
        });
        client();
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        for (int sent = 0; sent < size; sent += chunk.length) {
            expected.update(chunk);
        }
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        long n = 0;
        try (HttpResponse r = client.get(BASE + "/big")) {
            InputStream in = r.body();
            byte[] buf = new byte[16 * 1024];
            int k;
            while ((k = in.read(buf)) > 0) {
                got.update(buf, 0, k);
                n += k;
            }
        }
        assertEquals(size, n);
        assertEquals(HexFormat.of().formatHex(expected.digest()), HexFormat.of().formatHex(got.digest()));
        assertEquals(size, rec.lastProgress);
        assertTrue(rec.progressCalls > 10, "progress reported as the body arrives: " + rec.progressCalls);
    }

    @Test
    void redirectsFollowTheMethodRules() throws Exception {
        serve(c -> {
            String req;
            while ((req = c.readRequest()) != null) {
                String path = req.substring(req.indexOf(' ') + 1, req.indexOf(" HTTP/"));
                String to = switch (path) {
                    case "/301" -> "/after301";
                    case "/303" -> BASE + "/after303";
                    case "/307" -> "after307";
                    case "/308" -> "/after308";
                    default -> null;
                };
                if (to == null) {
                    c.write(OK);
                } else {
                    c.write("HTTP/1.1 " + path.substring(1) + " Moved\r\nLocation: " + to
                            + "\r\nContent-Length: 4\r\n\r\nmove");
                }
            }
        });
        client();
        byte[] form = "a=1".getBytes(StandardCharsets.US_ASCII);
        for (String s : List.of("301", "303", "307", "308")) {
            HttpResponse r = client.send(HttpRequest.post(URI.create(BASE + "/" + s), "text/plain", form));
            assertEquals("hello", text(r));
            assertEquals(List.of(URI.create(BASE + "/" + s)), r.redirects());
            String followed = server.requests.getLast();
            boolean keep = s.equals("307") || s.equals("308");
            assertTrue(followed.startsWith("0:" + (keep ? "POST" : "GET") + " /after" + s + " HTTP/1.1"), followed);
            assertEquals(keep, followed.endsWith("a=1"), followed);
        }
        assertEquals(1, server.accepts.get(), "redirect bodies were read, the connection kept");
        assertTrue(rec.snapshot().contains("redirect 303 GET /after303"), rec.snapshot().toString());
    }

    @Test
    void aRedirectLoopIsBounded() throws Exception {
        serve(everyRequest("HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n"));
        client(HttpClient.builder(lan.browser).maxRedirects(3));
        var e = assertThrows(TooManyRedirectsException.class, () -> client.get(BASE + "/loop"));
        assertTrue(e.getMessage().contains("more than 3 redirects"), e.getMessage());
        assertEquals(4, server.requests.size());
    }

    @Test
    void readTimeout() throws Exception {
        serve(c -> {
            c.readRequest();
            Thread.sleep(3000);
        });
        client(HttpClient.builder(lan.browser).readTimeout(Duration.ofMillis(300)));
        long t0 = System.nanoTime();
        var e = assertThrows(SocketTimeoutException.class, () -> client.get(BASE + "/slow"));
        assertFalse(e instanceof TotalTimeoutException);
        assertTrue(System.nanoTime() - t0 < 2_500_000_000L, "gave up at the read timeout");
    }

    @Test
    void totalTimeoutCoversATricklingBody() throws Exception {
        serve(c -> {
            c.answer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
            for (int i = 0; i < 100; i++) {
                c.write("x");
                Thread.sleep(50);
            }
        });
        client(HttpClient.builder(lan.browser).readTimeout(Duration.ofSeconds(2)).totalTimeout(Duration.ofMillis(600)));
        long t0 = System.nanoTime();
        assertThrows(TotalTimeoutException.class, () -> client.get(BASE + "/trickle").bodyBytes());
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "gave up at the total timeout");
        assertTrue(rec.snapshot().contains("closed TIMEOUT"), rec.snapshot().toString());
    }

    @Test
    void refusedAndConnectTimeout() throws Exception {
        client(HttpClient.builder(lan.browser).connectTimeout(Duration.ofMillis(500)));
        assertThrows(ConnectException.class, () -> client.get(BASE + ":81/"));
        // Nobody at .99: ARP gets no answer, the connect gives up at its timeout (or as unreachable).
        long t0 = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> client.get("http://198.51.100.99/"));
        assertTrue(e instanceof SocketTimeoutException || e instanceof java.net.NoRouteToHostException, e.toString());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        assertTrue(rec.snapshot().contains("closed " + (e instanceof SocketTimeoutException ? "TIMEOUT" : "ERROR"))
                || rec.snapshot().contains("closed ERROR"), rec.snapshot().toString());
    }

    @Test
    void namesGoThroughTheResolver() throws Exception {
        serve(everyRequest(OK));
        try (Resolver resolver = Resolver.builder(lan.browser).servers(Ipv4Address.parse("198.51.100.53"))
                .hosts(HostsTable.EMPTY.with("www.example.test", HttpLan.SERVER)).tryTimeout(Duration.ofMillis(200))
                .attemptsPerServer(1).deadline(Duration.ofMillis(500)).build()) {
            client(HttpClient.builder(lan.browser).resolver(resolver));
            assertEquals("hello", text(client.get("http://www.example.test/")));
            assertTrue(server.requests.getFirst().contains("\r\nHost: www.example.test\r\n"));
            assertEquals(List.of("resolving www.example.test", "resolved www.example.test 198.51.100.80 HOSTS"),
                    rec.snapshot().subList(0, 2));
            assertThrows(ResolverException.class, () -> client.get("http://nobody.example.test/"));
        }
        assertThrows(UnsupportedUrlException.class, () -> client.get("https://www.example.test/"));
    }
}
