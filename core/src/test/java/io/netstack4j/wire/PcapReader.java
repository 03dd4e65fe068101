package io.netstack4j.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal reader of the classic libpcap file format (what {@code tcpdump -w} writes): a 24-byte
 * global header whose magic number gives the byte order and the timestamp resolution, then per
 * frame a 16-byte record header (seconds, sub-seconds, captured length, original length) and the
 * captured bytes. Test code only.
 */
final class PcapReader {
    /** One captured frame. */
    record Frame(long seconds, long subSeconds, int originalLength, byte[] data) {
    }

    static final int LINKTYPE_ETHERNET = 1;

    private PcapReader() {
    }

    /** Reads every frame of an Ethernet capture; fails on anything else. */
    static List<Frame> read(InputStream in) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(in.readAllBytes());
        if (buf.remaining() < 24) {
            throw new IOException("not a pcap file: " + buf.remaining() + " bytes");
        }
        int magic = buf.order(ByteOrder.BIG_ENDIAN).getInt(0);
        ByteOrder order = switch (magic) {
            case 0xA1B2C3D4, 0xA1B23C4D -> ByteOrder.BIG_ENDIAN;
            case 0xD4C3B2A1, 0x4D3CB2A1 -> ByteOrder.LITTLE_ENDIAN;
            default -> throw new IOException("not a classic pcap file, magic " + Integer.toHexString(magic));
        };
        buf.order(order);
        int major = Short.toUnsignedInt(buf.getShort(4));
        int linkType = buf.getInt(20) & 0x0FFF_FFFF;   // the high bits may carry the FCS length
        if (major != 2) {
            throw new IOException("pcap version " + major);
        }
        if (linkType != LINKTYPE_ETHERNET) {
            throw new IOException("link type " + linkType + ", expected Ethernet");
        }
        buf.position(24);
        List<Frame> frames = new ArrayList<>();
        while (buf.remaining() >= 16) {
            long sec = Integer.toUnsignedLong(buf.getInt());
            long sub = Integer.toUnsignedLong(buf.getInt());
            int caplen = buf.getInt();
            int origlen = buf.getInt();
            if (caplen < 0 || caplen > buf.remaining()) {
                throw new IOException("record of " + caplen + " bytes with " + buf.remaining() + " left");
            }
            byte[] data = new byte[caplen];
            buf.get(data);
            frames.add(new Frame(sec, sub, origlen, data));
        }
        if (buf.hasRemaining()) {
            throw new IOException(buf.remaining() + " trailing bytes");
        }
        return frames;
    }

    /** Reads a capture from the test resources, e.g. {@code /golden/arp.pcap}. */
    static List<Frame> resource(String name) throws IOException {
        try (InputStream in = PcapReader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return read(in);
        }
    }
}
