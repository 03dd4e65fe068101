package io.netstack4j.app.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Status line (RFC 9112 §4), field lines (§5), lists (RFC 9110 §5.6.1) and HTTP-date (§5.6.7). */
class MessagePartsTest {
    @Test
    void statusLines() throws Exception {
        assertEquals(new StatusLine(1, 1, 404, "Not Found"), StatusLine.parse("HTTP/1.1 404 Not Found"));
        assertEquals(new StatusLine(1, 0, 200, ""), StatusLine.parse("HTTP/1.0 200 "));
        assertEquals(new StatusLine(1, 1, 200, ""), StatusLine.parse("HTTP/1.1 200"));
        assertEquals(new StatusLine(1, 1, 200, "OK"), StatusLine.parse("HTTP/1.9 200 OK"));
        for (String bad : List.of("HTTP/1.1 20 OK", "HTTP/1.1 600 Big", "HTTP/11 200 OK", "HTTP/1.1\t200 OK", "HTTP/1.1 200\tOK")) {
            assertEquals(MalformedMessageException.Problem.BAD_STATUS_LINE,
                    assertThrows(MalformedMessageException.class, () -> StatusLine.parse(bad)).problem(), bad);
        }
    }

    @Test
    void headerBlockWithLimitsAndTrimmedValues() throws Exception {
        String block = "Content-Type:  text/html \r\nX-Empty:\r\nSet-Cookie: a=1\nset-cookie: b=2\r\n\r\nBODY";
        HttpInput in = new HttpInput(new ByteArrayInputStream(block.getBytes(StandardCharsets.ISO_8859_1)), 8);
        HttpFields f = HeaderBlockReader.read(in, HeaderLimits.DEFAULT, 1000);
        assertEquals("text/html", f.first("content-type"));
        assertEquals("", f.first("X-Empty"));
        assertEquals(List.of("a=1", "b=2"), f.all("Set-Cookie"));
        assertEquals('B', in.read(), "the reader stops at the empty line");
        HttpInput small = new HttpInput(new ByteArrayInputStream(block.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(MalformedMessageException.Problem.HEADER_TOO_LARGE, assertThrows(MalformedMessageException.class,
                () -> HeaderBlockReader.read(small, HeaderLimits.DEFAULT, 40)).problem());
    }

    @Test
    void listMembersAndTokens() {
        assertEquals(List.of("keep-alive", "upgrade"), FieldSyntax.listMembers(" Keep-Alive ,, Upgrade,"));
        assertEquals(true, HttpFields.of("Connection", "foo, CLOSE").hasToken("connection", "close"));
        assertThrows(IllegalArgumentException.class, () -> HttpFields.of("Bad Name", "x"));
        assertThrows(IllegalArgumentException.class, () -> HttpFields.of("X", "a\r\nInjected: 1"));
    }

    @Test
    void httpDates() {
        Instant t = Instant.parse("1994-11-06T08:49:37Z");
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(t));
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(t, HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT", now));
        assertEquals(t, HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", now));
        assertEquals(t, HttpDate.parse("Sun Nov  6 08:49:37 1994", now));
        assertEquals(Instant.parse("2030-03-01T00:00:00Z"), HttpDate.parse("Friday, 01-Mar-30 00:00:00 GMT", now));
        assertNull(HttpDate.parse("yesterday", now));
        assertNull(HttpDate.parse("Mon, 06 Nov 1994 08:49:37 GMT", now), "the wrong day of the week");
    }
}
