package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The fast checksum agrees with the most literal reading of RFC 1071 §1. */
class ChecksumPropertyTest {
    /** Byte by byte: 16-bit big-endian words, odd byte padded, end-around carry, complement. */
    static int naive(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xFF;
            sum += (i % 2 == 0) ? v << 8 : v;
            if (sum > 0xFFFF) {
                sum = (sum & 0xFFFF) + 1;
            }
        }
        return ~sum & 0xFFFF;
    }

    record Slice(byte[] data, int off, int len) {
    }

    @Provide
    Arbitrary<Slice> slices() {
        Arbitrary<byte[]> data = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(200),
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(4000),
                // bytes near 0xff exercise the carries hardest
                Arbitraries.bytes().between((byte) -16, (byte) -1).array(byte[].class).ofMaxSize(3000));
        return data.flatMap(d -> Combinators.combine(
                        Arbitraries.integers().between(0, d.length),
                        Arbitraries.integers().between(0, d.length))
                .as((a, c) -> new Slice(d, Math.min(a, c), Math.max(a, c) - Math.min(a, c))));
    }

    @Property(tries = 2000)
    void equalsTheNaiveReference(@ForAll("slices") Slice s) {
        assertEquals(naive(s.data(), s.off(), s.len()), Checksum.compute(s.data(), s.off(), s.len()));
    }

    @Property(tries = 1000)
    void splitAtAnyEvenPointGivesTheSameResult(@ForAll("slices") Slice s,
                                               @ForAll("splitFractions") int permille) {
        int cut = (int) ((long) s.len() * permille / 1000) & ~1;   // every piece but the last even
        long acc = Checksum.add(s.data(), s.off(), cut, 0);
        acc = Checksum.add(s.data(), s.off() + cut, s.len() - cut, acc);
        assertEquals(Checksum.compute(s.data(), s.off(), s.len()), Checksum.finish(acc));
    }

    /** A packet gathered from three pieces at any split points (odd ones too) sums as the whole. */
    @Property(tries = 2000)
    void threePiecesSplitAnywhereGiveTheSameResult(@ForAll("slices") Slice s,
                                                   @ForAll("splitFractions") int first,
                                                   @ForAll("splitFractions") int second) {
        int a = (int) ((long) s.len() * Math.min(first, second) / 1000);
        int b = (int) ((long) s.len() * Math.max(first, second) / 1000);
        long acc = Checksum.add(s.data(), s.off(), a, 0);
        acc = Checksum.addAfter(a, s.data(), s.off() + a, b - a, acc);
        acc = Checksum.addAfter(b, s.data(), s.off() + b, s.len() - b, acc);
        assertEquals(Checksum.compute(s.data(), s.off(), s.len()), Checksum.finish(acc));
    }

    @Provide
    Arbitrary<Integer> splitFractions() {
        return Arbitraries.integers().between(0, 1000);
    }

    @Property(tries = 500)
    void insertingTheChecksumMakesTheSumVerify(@ForAll("slices") Slice s) {
        int len = s.len() & ~1;
        if (len < 2) {
            return;
        }
        byte[] b = java.util.Arrays.copyOfRange(s.data(), s.off(), s.off() + len);
        b[0] = 0;
        b[1] = 0;
        int c = Checksum.compute(b, 0, len);
        b[0] = (byte) (c >>> 8);
        b[1] = (byte) c;
        assertEquals(0, Checksum.compute(b, 0, len));
    }
}
