package io.netstack4j.app.http.server;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parser under arbitrary input: it either returns heads that obey the grammar, or ends with an
 * error status it knows (400, 414, 431, 505) or a cut-short stream; nothing else escapes, and it never
 * loops.
 */
class RequestHeadFuzzTest {
    static final Set<Integer> STATUSES = Set.of(400, 414, 431, 505);
    static final RequestHeadParser.Limits LIMITS = new RequestHeadParser.Limits(128, 256, 6);

    @Property(tries = 2000)
    void arbitraryBytes(@ForAll("bytes") byte[] input) throws IOException {
        check(input);
    }

    @Property(tries = 2000)
    void requestLikeText(@ForAll("requests") String input) throws IOException {
        check(input.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    }

    /** Pieces of requests, good and bad, in any order. */
    @Provide
    Arbitrary<String> requests() {
        return Arbitraries.of("GET", "HEAD", " ", "  ", "/", "/a", "%2e", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "http/1.1",
                        "\r\n", "\n", "\r", "Host: a", "Host :a", ":", "X: \u0000", "\t", " folded", "\u00ff", "#",
                        "Content-Length: 5", "x".repeat(130))
                .list().ofMaxSize(40).map(l -> String.join("", l));
    }

    private static void check(byte[] input) throws IOException {
        RequestHeadParser p = new RequestHeadParser(new ByteArrayInputStream(input), LIMITS, () -> {
        });
        for (int heads = 0; heads <= input.length; heads++) {
            RequestHead h;
            try {
                h = p.next();
            } catch (HttpRequestException e) {
                assertTrue(STATUSES.contains(e.status()), e.status() + " " + e.getMessage());
                return;
            } catch (EOFException e) {
                return;
            }
            if (h == null) {
                return;
            }
            assertTrue(h.method().chars().allMatch(c -> RequestHeadParser.isTchar((byte) c)), h.method());
            assertTrue(h.target().chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '#'), h.target());
            assertTrue(h.major() == 1 && h.length() > 0);
            assertTrue(h.fields().size() <= LIMITS.maxHeaderCount());
            for (RequestHead.Field fl : h.fields()) {
                assertTrue(!fl.name().isEmpty() && fl.name().chars().allMatch(c -> RequestHeadParser.isTchar((byte) c)));
                assertTrue(fl.value().chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0));
            }
        }
        throw new AssertionError("more heads than input bytes: the parser loops");
    }
}
