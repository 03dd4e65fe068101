package io.netstack4j.socket.tcp;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SipHash-2-4 against the reference test vectors of the SipHash paper (key 00 .. 0f, message 00 01 .. len-1). */
class SipHashTest {
    /** The paper's key 00 01 .. 0f as two little-endian words. */
    private static final long K0 = 0x0706_0504_0302_0100L;
    private static final long K1 = 0x0f0e_0d0c_0b0a_0908L;

    /** {length, expected hash as the 8 output bytes read little-endian}: the first 32 rows of the paper's vector table. */
    private static final long[][] VECTORS = {
            {0, 0x726f_db47_dd0e_0e31L}, // 31 0e 0e dd 47 db 6f 72
            {1, 0x74f8_39c5_93dc_67fdL}, // fd 67 dc 93 c5 39 f8 74
            {2, 0x0d6c_8009_d9a9_4f5aL}, // 5a 4f a9 d9 09 80 6c 0d
            {3, 0x8567_6696_d7fb_7e2dL}, // 2d 7e fb d7 96 66 67 85
            {4, 0xcf27_94e0_2771_87b7L}, // b7 87 71 27 e0 94 27 cf
            {5, 0x1876_5564_cd99_a68dL}, // 8d a6 99 cd 64 55 76 18
            {6, 0xcbc9_466e_58fe_e3ceL}, // ce e3 fe 58 6e 46 c9 cb
            {7, 0xab02_00f5_8b01_d137L}, // 37 d1 01 8b f5 00 02 ab
            {8, 0x93f5_f579_9a93_2462L}, // 62 24 93 9a 79 f5 f5 93
            {9, 0x9e00_82df_0ba9_e4b0L}, // b0 e4 a9 0b df 82 00 9e
            {10, 0x7a5d_bbc5_94dd_b9f3L}, // f3 b9 dd 94 c5 bb 5d 7a
            {11, 0xf4b3_2f46_226b_ada7L}, // a7 ad 6b 22 46 2f b3 f4
            {12, 0x751e_8fbc_860e_e5fbL}, // fb e5 0e 86 bc 8f 1e 75
            {13, 0x14ea_5627_c084_3d90L}, // 90 3d 84 c0 27 56 ea 14
            {14, 0xf723_ca90_8e7a_f2eeL}, // ee f2 7a 8e 90 ca 23 f7
            {15, 0xa129_ca61_49be_45e5L}, // e5 45 be 49 61 ca 29 a1 (the paper's worked example)
            {16, 0x3f2a_cc7f_57c2_9bdbL}, // db 9b c2 57 7f cc 2a 3f
            {17, 0x699a_e9f5_2cbe_4794L}, // 94 47 be 2c f5 e9 9a 69
            {18, 0x4bc1_b3f0_968d_d39cL}, // 9c d3 8d 96 f0 b3 c1 4b
            {19, 0xbb6d_c91d_a779_61bdL}, // bd 61 79 a7 1d c9 6d bb
            {20, 0xbed6_5cf2_1aa2_ee98L}, // 98 ee a2 1a f2 5c d6 be
            {21, 0xd0f2_cbb0_2e3b_67c7L}, // c7 67 3b 2e b0 cb f2 d0
            {22, 0x9353_6795_e3a3_3e88L}, // 88 3e a3 e3 95 67 53 93
            {23, 0xa80c_038c_cd5c_cec8L}, // c8 ce 5c cd 8c 03 0c a8
            {24, 0xb8ad_50c6_f649_af94L}, // 94 af 49 f6 c6 50 ad b8
            {25, 0xbce1_92de_8a85_b8eaL}, // ea b8 85 8a de 92 e1 bc
            {26, 0x17d8_35b8_5bbb_15f3L}, // f3 15 bb 5b b8 35 d8 17
            {27, 0x2f2e_6163_076b_cfadL}, // ad cf 6b 07 63 61 2e 2f
            {28, 0xde4d_aaac_a71d_c9a5L}, // a5 c9 1d a7 ac aa 4d de
            {29, 0xa6a2_5066_8795_6571L}, // 71 65 95 87 66 50 a2 a6
            {30, 0xad87_a353_5c49_ef28L}, // 28 ef 49 5c 53 a3 87 ad
            {31, 0x32d8_92fa_d841_c342L}, // 42 c3 41 d8 fa 92 d8 32
    };

    /** Little-endian word {@code w} of the message 00 01 .. len-1 (only the bytes below len). */
    private static long word(int w, int len) {
        long x = 0;
        for (int i = 0; i < 8 && 8 * w + i < len; i++) {
            x |= (long) (8 * w + i) << (8 * i);
        }
        return x;
    }

    /** The reference message of {@code len} bytes through the general word-and-tail form. */
    private static long referenceMessage(int len) {
        int words = len / 8;
        long tail = word(words, len) | (long) len << 56;
        return SipHash.hash(K0, K1, words, word(0, len), word(1, len), word(2, len), tail);
    }

    @Test
    void matchesTheReferenceVectors() {
        for (long[] v : VECTORS) {
            int len = (int) v[0];
            assertEquals(v[1], referenceMessage(len), "message length " + len);
        }
    }

    @Test
    void fixedLengthFormsAreTheSameFunction() {
        assertEquals(0x3f2a_cc7f_57c2_9bdbL, SipHash.hash(K0, K1, word(0, 16), word(1, 16)));
        assertEquals(0xb8ad_50c6_f649_af94L, SipHash.hash(K0, K1, word(0, 24), word(1, 24), word(2, 24)));
    }

    @Property
    void twoWordFormIsTheGeneralFormOf16Bytes(@ForAll long k0, @ForAll long k1, @ForAll long m0, @ForAll long m1) {
        assertEquals(SipHash.hash(k0, k1, 2, m0, m1, 0, 16L << 56), SipHash.hash(k0, k1, m0, m1));
    }
}
