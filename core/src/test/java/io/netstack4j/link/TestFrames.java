package io.netstack4j.link;

import io.netstack4j.wire.MacAddress;

/** Builds Ethernet frames for link tests: headers, then a sequence number, then filler. */
final class TestFrames {
    static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:00:0a");
    static final MacAddress MAC_B = MacAddress.parse("02:00:00:00:00:b0");
    static final MacAddress MAC_C = MacAddress.parse("02:00:00:00:0c:00");
    static final MacAddress MULTICAST = MacAddress.parse("01:00:5e:00:00:01");
    /** An experimental EtherType (IEEE 802 local experimental 1). */
    static final int ETHERTYPE = 0x88B5;

    private TestFrames() {
    }

    /** A frame of {@code len} bytes (at least 18) carrying {@code seq} right after the header. */
    static byte[] frame(MacAddress dst, MacAddress src, int seq, int len) {
        byte[] f = new byte[len];
        dst.write(f, 0);
        src.write(f, 6);
        f[12] = (byte) (ETHERTYPE >>> 8);
        f[13] = (byte) ETHERTYPE;
        f[14] = (byte) (seq >>> 24);
        f[15] = (byte) (seq >>> 16);
        f[16] = (byte) (seq >>> 8);
        f[17] = (byte) seq;
        for (int i = 18; i < len; i++) {
            f[i] = (byte) (i * 31 + seq);
        }
        return f;
    }

    static byte[] frame(MacAddress dst, MacAddress src, int seq) {
        return frame(dst, src, seq, 64);
    }

    static int seq(byte[] f) {
        return (f[14] & 0xFF) << 24 | (f[15] & 0xFF) << 16 | (f[16] & 0xFF) << 8 | (f[17] & 0xFF);
    }

    static MacAddress source(byte[] f) {
        return MacAddress.read(f, 6);
    }
}
