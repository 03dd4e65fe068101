package io.netstack4j.app.demo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the demo's pcapng captures back in tests (the demo's and the TAP demo's interop test). */
public final class Pcapng {
    private Pcapng() {
    }

    /** One frame of a pcapng file: the interface (here: the LAN) it was captured on, its bytes, its comment. */
    public record Captured(int iface, byte[] frame, String comment) {
    }

    public static List<Captured> read(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Captured> frames = new ArrayList<>();
        while (b.remaining() >= 12) {
            int start = b.position();
            int type = b.getInt();
            int length = b.getInt();
            if (type == 6) {
                int iface = b.getInt();
                b.getInt();
                b.getInt();   // timestamp
                int captured = b.getInt();
                b.getInt();   // original length
                byte[] frame = new byte[captured];
                b.get(frame);
                b.position(b.position() + ((4 - captured % 4) % 4));
                String comment = null;
                while (b.position() < start + length - 4) {
                    int code = Short.toUnsignedInt(b.getShort());
                    int len = Short.toUnsignedInt(b.getShort());
                    byte[] v = new byte[len];
                    b.get(v);
                    b.position(b.position() + ((4 - len % 4) % 4));
                    if (code == 1) {
                        comment = new String(v, StandardCharsets.UTF_8);
                    }
                    if (code == 0) {
                        break;
                    }
                }
                frames.add(new Captured(iface, frame, comment));
            }
            b.position(start + length);
        }
        return frames;
    }

    /** The sequence number of the first SYN (without ACK) in the capture. */
    public static long firstSyn(List<Captured> frames) {
        for (Captured c : frames) {
            ByteBuffer f = ByteBuffer.wrap(c.frame());
            if (f.getShort(12) != 0x0800 || f.get(14 + 9) != 6) {
                continue;
            }
            int tcp = 14 + (f.get(14) & 0x0F) * 4;
            int flags = f.get(tcp + 13) & 0xFF;
            if ((flags & 0x12) == 0x02) {
                return Integer.toUnsignedLong(f.getInt(tcp + 4));
            }
        }
        throw new AssertionError("no SYN in the capture");
    }
}
