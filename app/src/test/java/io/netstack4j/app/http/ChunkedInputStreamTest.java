package io.netstack4j.app.http;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chunked decoder (RFC 9112 §7.1) against bodies this test encodes, cut at random places, and mutated. */
class ChunkedInputStreamTest {
    /** Encodes {@code data} in chunks of the given sizes, with extensions and trailers; upper/lower hex at random. */
    static byte[] encode(byte[] data, List<Integer> sizes, long seed) {
        Random rnd = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        int k = 0;
        while (pos < data.length) {
            int n = Math.min(Math.max(1, sizes.get(k++ % sizes.size())), data.length - pos);
            String hex = Integer.toHexString(n);
            out.writeBytes((rnd.nextBoolean() ? hex.toUpperCase() : hex).getBytes(StandardCharsets.US_ASCII));
            if (rnd.nextInt(3) == 0) {
                out.writeBytes(" ;ext=\"v\";x".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(data, pos, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            pos += n;
        }
        out.writeBytes(("0\r\n" + (rnd.nextBoolean() ? "X-Sum: 1\r\nX-Two: 2\r\n" : "") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Decodes, reading in pieces of {@code step}; then reads what follows the body (must be the marker). */
    static byte[] decode(byte[] wire, int step, byte[] after) throws IOException {
        byte[] all = new byte[wire.length + after.length];
        System.arraycopy(wire, 0, all, 0, wire.length);
        System.arraycopy(after, 0, all, wire.length, after.length);
        HttpInput in = new HttpInput(new ByteArrayInputStream(all), 64);
        ChunkedInputStream body = new ChunkedInputStream(in, HeaderLimits.DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[step];
        int n;
        while ((n = body.read(buf, 0, buf.length)) >= 0) {
            out.write(buf, 0, n);
        }
        assertTrue(body.complete());
        byte[] rest = new byte[after.length];
        int got = 0;
        while (got < rest.length && (n = in.read(rest, got, rest.length - got)) > 0) {
            got += n;
        }
        assertEquals(after.length, got);
        assertArrayEquals(after, rest, "the decoder read past the end of the body");
        return out.toByteArray();
    }

    @Property(tries = 300)
    void decodesWhatWasEncoded(@ForAll @Size(max = 5000) byte[] data,
                               @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 3000) Integer> sizes,
                               @ForAll @IntRange(min = 1, max = 700) int step, @ForAll long seed) throws IOException {
        byte[] wire = encode(data, sizes, seed);
        assertArrayEquals(data, decode(wire, step, "NEXT".getBytes(StandardCharsets.US_ASCII)));
    }

    @Property(tries = 300)
    void aCutBodyIsTruncatedNeverAHang(@ForAll @Size(min = 1, max = 2000) byte[] data,
                                       @ForAll @IntRange(min = 1, max = 500) int chunk, @ForAll long seed,
                                       @ForAll("fraction") double cutAt) {
        byte[] wire = encode(data, List.of(chunk), seed);
        int cut = (int) (cutAt * (wire.length - 1));
        byte[] shorter = java.util.Arrays.copyOf(wire, cut);
        try {
            decode(shorter, 100, new byte[0]);
            throw new AssertionError("a body cut at " + cut + " of " + wire.length + " decoded");
        } catch (MalformedMessageException e) {
            assertTrue(e.problem() == MalformedMessageException.Problem.TRUNCATED_BODY
                    || e.problem() == MalformedMessageException.Problem.TRUNCATED_HEAD, e.toString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Property(tries = 500)
    void aMutatedBodyGivesDataOrAClearError(@ForAll @Size(min = 1, max = 1000) byte[] data,
                                            @ForAll @IntRange(min = 1, max = 300) int chunk, @ForAll long seed,
                                            @ForAll("fraction") double where, @ForAll byte value) {
        byte[] wire = encode(data, List.of(chunk), seed);
        wire[(int) (where * (wire.length - 1))] = value;
        try {
            decode(wire, 64, new byte[0]);
        } catch (MalformedMessageException expected) {
            // a clear error
        } catch (AssertionError | IOException e) {
            // decode's own checks of what follows may fail when a size was mutated: that is data, not a crash
            if (e instanceof IOException) {
                throw new AssertionError("not a MalformedMessageException: " + e);
            }
        }
    }

    @Provide
    Arbitrary<Double> fraction() {
        return Arbitraries.doubles().between(0, 1);
    }
}
