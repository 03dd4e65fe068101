package io.netstack4j.app.http.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Byte ranges (RFC 9110 §14), HTTP dates (§5.6.7), media types and the document root's rules. */
class RepresentationTest {
    @TempDir
    Path dir;

    static ByteRange partial(String range, long length) {
        return assertInstanceOf(ByteRange.Partial.class, ByteRange.evaluate(range, length)).range();
    }

    @Test
    void singleByteRanges() {
        assertEquals(new ByteRange(0, 499), partial("bytes=0-499", 10_000));
        assertEquals(new ByteRange(9500, 9999), partial("bytes=9500-", 10_000));
        assertEquals(new ByteRange(9500, 9999), partial("bytes=-500", 10_000));
        assertEquals(new ByteRange(0, 9), partial("bytes=-500", 10), "a suffix longer than the file is all of it");
        assertEquals(new ByteRange(5, 9), partial("bytes=5-1000", 10), "last-pos past the end is clipped");
        assertEquals(new ByteRange(3, 3), partial("Bytes = 3-3 ", 10), "unit case-insensitive, OWS");
        assertEquals("bytes 5-9/10", partial("bytes=5-", 10).contentRange(10));
    }

    @Test
    void unsatisfiableAndIgnoredRanges() {
        assertInstanceOf(ByteRange.Unsatisfiable.class, ByteRange.evaluate("bytes=10-", 10));
        assertInstanceOf(ByteRange.Unsatisfiable.class, ByteRange.evaluate("bytes=-0", 10));
        assertInstanceOf(ByteRange.Unsatisfiable.class, ByteRange.evaluate("bytes=0-", 0));
        for (String ignored : new String[] {null, "bytes=5-3", "bytes=0-1,4-5", "items=0-1", "bytes=a-b", "bytes=",
                "bytes=-", "bytes 0-1", "bytes=99999999999999999999-"}) {
            assertInstanceOf(ByteRange.Whole.class, ByteRange.evaluate(ignored, 10), String.valueOf(ignored));
        }
    }

    @Test
    void httpDatesInAllThreeFormsAndGarbageIgnored() {
        Instant t = Instant.parse("1994-11-06T08:49:37Z");
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(t));
        assertEquals(t, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(t, HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(t, HttpDates.parse("Sun Nov  6 08:49:37 1994"));
        assertNull(HttpDates.parse("yesterday"));
        assertNull(HttpDates.parse("Mon, 06 Nov 1994 08:49:37 GMT"), "the wrong day of the week");
        assertNull(HttpDates.parse(null));
    }

    @Test
    void mediaTypesByExtension() {
        assertEquals("text/html; charset=utf-8", MediaTypes.of("index.HTML"));
        assertEquals("image/png", MediaTypes.of("a.b.png"));
        assertEquals("font/woff2", MediaTypes.of("f.woff2"));
        assertEquals("application/pdf", MediaTypes.of("x.pdf"));
        assertEquals("application/octet-stream", MediaTypes.of("README"));
        assertEquals("application/octet-stream", MediaTypes.of("file."));
    }

    @Test
    void documentRootRefusesEveryWayOut() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub").resolve("index.html"), "i");
        Files.createDirectories(dir.resolve("empty"));
        Path outside = Files.createTempFile("outside", ".txt");
        Files.createSymbolicLink(dir.resolve("escape.txt"), outside);
        Files.createSymbolicLink(dir.resolve("inside.txt"), dir.resolve("a.txt"));
        try {
            DocumentRoot root = new DocumentRoot(dir);
            assertFound(root, "/a.txt", "a.txt");
            assertFound(root, "/a.txt?x=1", "a.txt");
            assertFound(root, "//a.txt", "a.txt");
            assertFound(root, "/%61.txt", "a.txt");
            assertFound(root, "http://example.test/a.txt", "a.txt");
            assertFound(root, "/sub", "sub/index.html");
            assertFound(root, "/sub/", "sub/index.html");
            assertFound(root, "/inside.txt", "a.txt");
            assertRefused(root, 403, "/../etc/passwd");
            assertRefused(root, 403, "/sub/../a.txt");
            assertRefused(root, 403, "/%2e%2e/etc/passwd");
            assertRefused(root, 403, "/%2E%2e/etc/passwd");
            assertRefused(root, 403, "/sub/%2e");
            assertRefused(root, 403, "/..%2fetc%2fpasswd");
            assertRefused(root, 403, "/sub%2findex.html");
            assertRefused(root, 403, "/a.txt%00.png");
            assertRefused(root, 403, "/..%5c..%5cetc");
            assertRefused(root, 403, "/escape.txt");
            assertRefused(root, 404, "/missing");
            assertRefused(root, 404, "/empty/");
            assertRefused(root, 404, "/");
            assertRefused(root, 400, "/%zz");
            assertRefused(root, 400, "/%4");
            assertRefused(root, 400, "/%ff%fe");
            assertRefused(root, 400, "etc/passwd");
            assertRefused(root, 400, "*");
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    private void assertFound(DocumentRoot root, String target, String file) throws IOException {
        DocumentRoot.Found f = assertInstanceOf(DocumentRoot.Found.class, root.lookup(target), target);
        assertEquals(dir.toRealPath().resolve(file), f.file(), target);
    }

    private static void assertRefused(DocumentRoot root, int status, String target) {
        DocumentRoot.Refused r = assertInstanceOf(DocumentRoot.Refused.class, root.lookup(target), target);
        assertEquals(status, r.status(), target + ": " + r.reason());
    }
}
