package io.netstack4j.app.http.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request head grammar of RFC 9112 §3 and §5, and the limits, on byte streams. */
class RequestHeadParserTest {
    static final RequestHeadParser.Limits SMALL = new RequestHeadParser.Limits(64, 256, 4);

    static RequestHeadParser parser(String s, RequestHeadParser.Limits limits) {
        return new RequestHeadParser(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)), limits, () -> {
        });
    }

    static int status(String s) {
        return assertThrows(HttpRequestException.class, () -> parser(s, SMALL).next()).status();
    }

    @Test
    void aRequestWithFieldsAndTheNextOneKeptForLater() throws IOException {
        RequestHeadParser p = parser("GET /a?b=c HTTP/1.1\r\nHost: x\r\nAccept:  */*  \r\nX-Empty:\r\n\r\n"
                + "HEAD / HTTP/1.0\r\n\r\n", RequestHeadParser.Limits.DEFAULT);
        RequestHead h = p.next();
        assertEquals("GET", h.method());
        assertEquals("/a?b=c", h.target());
        assertEquals("HTTP/1.1", h.version());
        assertEquals("x", h.header("host"));
        assertEquals("*/*", h.header("Accept"), "OWS around the value is not part of it");
        assertEquals("", h.header("X-Empty"));
        assertEquals(3, h.fields().size());
        assertEquals(21 + 9 + 16 + 10 + 2, h.length());
        assertEquals(19, p.buffered(), "the pipelined request waits in the buffer");
        RequestHead h2 = p.next();
        assertEquals("HEAD", h2.method());
        assertEquals(0, h2.minor());
        assertNull(p.next(), "a clean end between requests");
    }

    @Test
    void headArrivingOneByteAtATimeParsesTheSameAndStartsTheTimerOnce() throws IOException {
        byte[] req = "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        InputStream trickle = new InputStream() {
            int i;

            @Override
            public int read() {
                return i < req.length ? req[i++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int c = read();
                if (c < 0) {
                    return -1;
                }
                b[off] = (byte) c;
                return 1;
            }
        };
        AtomicInteger started = new AtomicInteger();
        RequestHeadParser p = new RequestHeadParser(trickle, RequestHeadParser.Limits.DEFAULT, started::incrementAndGet);
        RequestHead h = p.next();
        assertEquals("a", h.header("Host"));
        assertEquals(1, started.get());
        assertNull(p.next());
        assertEquals(1, started.get(), "no head began after the end of the stream");
    }

    @Test
    void bodyIsDiscardedFromTheBufferAndTheStream() throws IOException {
        RequestHeadParser p = parser("GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /2 HTTP/1.1\r\n\r\n",
                RequestHeadParser.Limits.DEFAULT);
        p.next();
        p.discard(5);
        assertEquals("/2", p.next().target());
        RequestHeadParser short_ = parser("GET / HTTP/1.1\r\n\r\nab", RequestHeadParser.Limits.DEFAULT);
        short_.next();
        assertThrows(EOFException.class, () -> short_.discard(5));
    }

    @Test
    void streamEndingInsideAHeadIsAnEofNotARequest() {
        assertThrows(EOFException.class, () -> parser("GET / HTTP/1.1\r\nHost:", SMALL).next());
        assertThrows(EOFException.class, () -> parser("GET / HT", SMALL).next());
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
            "GET / HTTP/1.1\\n\\n|400",                       // bare LF
            "GET / HTTP/1.1\\r\\nHost: a\\n\\r\\n|400",           // bare LF in the fields
            "GET  / HTTP/1.1\\r\\n\\r\\n|400",                   // two spaces
            "' GET / HTTP/1.1\\r\\n\\r\\n'|400",                   // leading space
            "GET /\\r\\n\\r\\n|400",                             // HTTP/0.9
            "GET / HTTP/1.1 \\r\\n\\r\\n|400",                   // trailing space
            "GET / http/1.1\\r\\n\\r\\n|400",                    // version is case-sensitive
            "GET / HTTP/1.10\\r\\n\\r\\n|400",
            "GET / HTTP/11\\r\\n\\r\\n|400",
            "G(T / HTTP/1.1\\r\\n\\r\\n|400",                    // method not a token
            "GET /a#b HTTP/1.1\\r\\n\\r\\n|400",                 // fragment in the target
            "GET /a\u007fb HTTP/1.1\\r\\n\\r\\n|400",            // DEL in the target
            "GET /\u00e9 HTTP/1.1\\r\\n\\r\\n|400",              // non-ASCII in the target
            "GET / HTTP/2.0\\r\\n\\r\\n|505",
            "GET / HTTP/0.9\\r\\n\\r\\n|505",
            "GET / HTTP/3.1\\r\\n\\r\\n|505",
            "GET / HTTP/1.1\\r\\nHost : a\\r\\n\\r\\n|400",        // whitespace before the colon (RFC 9112 §5.1)
            "GET / HTTP/1.1\\r\\nHost: a\\r\\n folded\\r\\n\\r\\n|400",  // obs-fold
            "GET / HTTP/1.1\\r\\n\\tX: a\\r\\n\\r\\n|400",          // whitespace after the request line
            "GET / HTTP/1.1\\r\\nNoColon\\r\\n\\r\\n|400",
            "GET / HTTP/1.1\\r\\n: empty\\r\\n\\r\\n|400",
            "GET / HTTP/1.1\\r\\nX: a\u0000b\\r\\n\\r\\n|400",     // NUL in a value
            "GET / HTTP/1.1\\r\\nX: a\\rb\\r\\n\\r\\n|400",         // bare CR in a value
            "GET / HTTP/1.1\\r\\nX\u00e9: a\\r\\n\\r\\n|400",      // non-token name
            "GET /0123456789012345678901234567890123456789012345678901234567890 HTTP/1.1\\r\\n\\r\\n|414",
            "GET /0123456789012345678901234567890123456789012345678901234567890123456789|414",
            "GET / HTTP/1.1\\r\\nA: 1\\r\\nB: 2\\r\\nC: 3\\r\\nD: 4\\r\\nE: 5\\r\\n\\r\\n|431",
    })
    void malformedHeadsGetTheirStatus(String request, int expected) {
        assertEquals(expected, status(request.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")));
    }

    @Test
    void headerBytesLimitCountsEveryFieldLine() {
        String big = "X: " + "v".repeat(130) + "\r\n";
        assertEquals(431, status("GET / HTTP/1.1\r\n" + big + big + "\r\n"), "two lines of 135 octets: over 256");
        assertEquals(431, status("GET / HTTP/1.1\r\nX: " + "v".repeat(300)), "one line past the limit, no CRLF yet");
    }

    @Test
    void tooManyEmptyLinesBeforeTheRequestLine() throws IOException {
        assertEquals(400, status("\r\n".repeat(RequestHeadParser.MAX_LEADING_EMPTY_LINES + 1) + "GET / HTTP/1.1\r\n\r\n"));
        RequestHead h = parser("\r\n".repeat(RequestHeadParser.MAX_LEADING_EMPTY_LINES) + "GET / HTTP/1.1\r\n\r\n",
                SMALL).next();
        assertEquals("GET", h.method());
    }

    @Test
    void higherMinorVersionAndObsTextAreAccepted() throws IOException {
        RequestHead h = parser("GET / HTTP/1.2\r\nX: caf\u00e9\r\n\r\n", SMALL).next();
        assertTrue(h.isHttp11());
        assertEquals("caf\u00e9", h.header("x"));
    }

    @Test
    void connectionOptionsAreTokensInAList() throws IOException {
        RequestHead h = parser("GET / HTTP/1.1\r\nConnection: Upgrade, Close\r\n\r\n", SMALL).next();
        assertTrue(h.hasConnectionOption("close"));
        RequestHead k = parser("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", SMALL).next();
        assertTrue(k.hasConnectionOption("keep-alive"));
    }
}
