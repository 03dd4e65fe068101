package io.netstack4j.socket.tcp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6528 ISNs: M (4 µs ticks) + SipHash of the 4-tuple under a secret key. */
class IsnGeneratorTest {
    private static final int LOCAL = 0xC633_6401;  // 198.51.100.1
    private static final int REMOTE = 0xCB00_7105; // 203.0.113.5
    private static final long SECOND = 1_000_000_000L;

    @Test
    void differsPerFourTuple() {
        IsnGenerator gen = new IsnGenerator(new SplittableRandom(1));
        long now = 123 * SECOND;
        Set<Integer> seen = new HashSet<>();
        int tuples = 0;
        for (int port = 40_000; port < 40_200; port++) {
            seen.add(gen.isn(LOCAL, 80, REMOTE, port, now));
            tuples++;
        }
        seen.add(gen.isn(LOCAL, 81, REMOTE, 40_000, now));
        seen.add(gen.isn(REMOTE, 80, LOCAL, 40_000, now));
        seen.add(gen.isn(LOCAL, 80, REMOTE + 1, 40_000, now));
        seen.add(gen.isn(LOCAL + 1, 80, REMOTE, 40_000, now));
        seen.add(gen.isn(LOCAL, 40_000, REMOTE, 80, now)); // ports swapped
        assertEquals(tuples + 5, seen.size());
    }

    @Test
    void growsWithTimeAt250000PerSecond() {
        IsnGenerator gen = new IsnGenerator(new SplittableRandom(2));
        long t0 = 5 * SECOND;
        int first = gen.isn(LOCAL, 80, REMOTE, 40_000, t0);
        assertEquals(250_000, gen.isn(LOCAL, 80, REMOTE, 40_000, t0 + SECOND) - first);
        assertEquals(1, gen.isn(LOCAL, 80, REMOTE, 40_000, t0 + 4_000) - first);
        assertEquals(0, gen.isn(LOCAL, 80, REMOTE, 40_000, t0 + 3_999) - first);
        int previous = first;
        for (long t = t0; t < t0 + 10 * SECOND; t += SECOND / 7) {
            int isn = gen.isn(LOCAL, 80, REMOTE, 40_000, t);
            assertFalse(SeqNumber.lessThan(isn, previous), "an ISN went backwards at t=" + t);
            previous = isn;
        }
    }

    @Test
    void wrapsModulo2To32AndStaysMonotonicAcrossZeroTime() {
        IsnGenerator gen = new IsnGenerator(new SplittableRandom(3));
        int before = gen.isn(LOCAL, 80, REMOTE, 40_000, -1);
        int after = gen.isn(LOCAL, 80, REMOTE, 40_000, 0);
        assertEquals(1, after - before); // floor division: the tick at -1 ns is tick -1
        long wrap = (1L << 32) * IsnGenerator.TICK_NANOS;
        assertEquals(gen.isn(LOCAL, 80, REMOTE, 40_000, 77), gen.isn(LOCAL, 80, REMOTE, 40_000, 77 + wrap));
    }

    @Test
    void differentKeysGiveDifferentIsns() {
        IsnGenerator a = new IsnGenerator(new SplittableRandom(10));
        IsnGenerator b = new IsnGenerator(new SplittableRandom(11));
        int same = 0;
        for (int port = 1; port <= 100; port++) {
            if (a.isn(LOCAL, 80, REMOTE, port, SECOND) == b.isn(LOCAL, 80, REMOTE, port, SECOND)) {
                same++;
            }
        }
        assertEquals(0, same);
        assertNotEquals(a.f(LOCAL, 80, REMOTE, 1), b.f(LOCAL, 80, REMOTE, 1));
    }

    @Test
    void sameKeyGivesSameIsns() {
        IsnGenerator a = new IsnGenerator(new SplittableRandom(10));
        IsnGenerator b = new IsnGenerator(new SplittableRandom(10));
        assertEquals(a.isn(LOCAL, 80, REMOTE, 1234, 99 * SECOND), b.isn(LOCAL, 80, REMOTE, 1234, 99 * SECOND));
    }

    @Test
    void keyIsTheRandomGeneratorsFirst128Bits() {
        long[] key = {0x0706_0504_0302_0100L, 0x0f0e_0d0c_0b0a_0908L};
        int[] next = {0};
        IsnGenerator gen = new IsnGenerator(() -> key[next[0]++]);
        long addrs = (long) LOCAL << 32 | Integer.toUnsignedLong(REMOTE);
        long ports = 80L << 16 | 40_000;
        assertEquals(SipHash.hash(key[0], key[1], addrs, ports), gen.f(LOCAL, 80, REMOTE, 40_000));
        assertEquals((int) SipHash.hash(key[0], key[1], addrs, ports) + 250_000,
                gen.isn(LOCAL, 80, REMOTE, 40_000, SECOND));
    }

    @Test
    void tcpProductionCodeDoesNotUseJavaUtilRandom() throws Exception {
        // Secrets come from the RandomGenerator the caller gives; java.util.Random is predictable.
        Path dir = Path.of("src/main/java/io/netstack4j/socket/tcp");
        List<Path> sources;
        try (Stream<Path> files = Files.list(dir)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertTrue(sources.contains(dir.resolve("IsnGenerator.java")), "run from the core module: " + dir);
        for (Path file : sources) {
            String source = Files.readString(file);
            assertFalse(source.contains("java.util.Random;") || source.contains("new Random("), file.toString());
        }
    }
}
