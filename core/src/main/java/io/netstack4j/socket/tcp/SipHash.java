package io.netstack4j.socket.tcp;

/**
 * SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012): a keyed 64-bit
 * pseudo-random function, the "F" that {@link IsnGenerator} (RFC 6528 §3) and {@link SynCookies}
 * key with their own secrets.
 *
 * <p>Only messages of whole 64-bit words plus one final block are needed here, so the message is
 * given as words, not bytes: word {@code i} holds message bytes {@code 8i .. 8i+7} little-endian,
 * as the paper reads them. The two- and three-word forms cost no allocation.
 */
final class SipHash {
    private SipHash() {
    }

    /** SipHash-2-4 of a 16-byte message: the words {@code m0, m1}. */
    static long hash(long k0, long k1, long m0, long m1) {
        return hash(k0, k1, 2, m0, m1, 0, 16L << 56);
    }

    /** SipHash-2-4 of a 24-byte message: the words {@code m0, m1, m2}. */
    static long hash(long k0, long k1, long m0, long m1, long m2) {
        return hash(k0, k1, 3, m0, m1, m2, 24L << 56);
    }

    /**
     * SipHash-2-4 of a message of {@code words} full words ({@code m0 .. m2}, 0 to 3 of them)
     * followed by the final block {@code last}: the remaining 0..7 message bytes little-endian,
     * with the message length modulo 256 in the top byte (the paper's padding). Messages of 0 to
     * 31 bytes can be expressed, enough to check the paper's test vectors.
     */
    static long hash(long k0, long k1, int words, long m0, long m1, long m2, long last) {
        // Initialisation: the key XORed with "somepseudorandomlygeneratedbytes".
        long v0 = k0 ^ 0x736f_6d65_7073_6575L;
        long v1 = k1 ^ 0x646f_7261_6e64_6f6dL;
        long v2 = k0 ^ 0x6c79_6765_6e65_7261L;
        long v3 = k1 ^ 0x7465_6462_7974_6573L;
        for (int i = 0; i <= words; i++) {
            long m = i == words ? last : i == 0 ? m0 : i == 1 ? m1 : m2;
            v3 ^= m;
            for (int c = 0; c < 2; c++) { // two compression rounds per block
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        v2 ^= 0xff;
        for (int d = 0; d < 4; d++) { // four finalisation rounds
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
