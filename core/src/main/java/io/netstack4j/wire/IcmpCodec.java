package io.netstack4j.wire;

import java.util.HexFormat;
import java.util.Objects;

/** Encoding helpers shared by the {@link IcmpRepr} records. */
final class IcmpCodec {
    private IcmpCodec() {
    }

    static void emit(byte[] b, int off, int type, int code, int rest, byte[] body) {
        Objects.checkFromIndexSize(off, IcmpRepr.HEADER_LEN + body.length, b.length);
        b[off] = (byte) type;
        b[off + 1] = (byte) code;
        b[off + 2] = 0;
        b[off + 3] = 0;
        Bytes.put32(b, off + 4, rest);
        System.arraycopy(body, 0, b, off + IcmpRepr.HEADER_LEN, body.length);
        int sum = Checksum.compute(b, off, IcmpRepr.HEADER_LEN + body.length);
        Bytes.put16(b, off + 2, sum);
    }

    /** At most the first 32 bytes in hex, for toString. */
    static String hex(byte[] data) {
        int n = Math.min(data.length, 32);
        return data.length + " bytes " + HexFormat.of().formatHex(data, 0, n) + (n < data.length ? "…" : "");
    }
}
