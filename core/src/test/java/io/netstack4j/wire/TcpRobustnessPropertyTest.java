package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netstack4j.stats.DropReason;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever bytes arrive as a TCP segment, {@link TcpPacket#check} and {@link TcpOptions#parse}
 * return a reason or null and {@link TcpRepr#parse} throws only {@link MalformedPacketException}
 * (DESIGN.md §4.5), as {@link ParserRobustnessPropertyTest} requires of the other codecs.
 */
class TcpRobustnessPropertyTest {
    private static final int A = 0xC633_6401;   // 198.51.100.1
    private static final int B = 0xC633_6402;   // 198.51.100.2

    @Provide
    Arbitrary<byte[]> segments() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        // A data offset that fits, so that the option parser gets random option bytes to read.
        Arbitrary<byte[]> withOptions = Arbitraries.bytes().array(byte[].class).ofMinSize(20).ofMaxSize(70)
                .map(b -> {
                    int hl = Math.min(60, b.length & ~3);
                    b[12] = (byte) (hl / 4 << 4 | b[12] & 0x0F);
                    return b;
                });
        return Arbitraries.oneOf(random, withOptions);
    }

    /** The IPv4 header in front of {@code seg}, as the view the IP layer hands TCP. */
    private static IpHeader ipFor(byte[] seg) {
        byte[] p = new byte[20 + seg.length];
        Ipv4Repr.of(new Ipv4Address(A), new Ipv4Address(B), IpProtocol.TCP, 64, 1, false, seg.length).emit(p, 0);
        System.arraycopy(seg, 0, p, 20, seg.length);
        Ipv4Packet ip = new Ipv4Packet();
        assertNull(ip.wrap(p, 0, p.length, true));
        return ip;
    }

    @Property(tries = 3000)
    void checkThenParseReturnAReasonAndNeverThrow(@ForAll("segments") byte[] b, @ForAll boolean verify) {
        IpHeader ip = ipFor(b);
        TcpOptions o = new TcpOptions();
        for (int len = 0; len <= b.length; len++) {
            DropReason r = TcpPacket.check(b, 0, len, ip, verify);
            if (r != null) {
                continue;
            }
            DropReason opt = o.parse(b, 0);
            assertTrue(opt == null || opt == DropReason.TCP_BAD_OPTION, String.valueOf(opt));
            assertTrue(o.windowScale <= 14, "clamped");
        }
    }

    @Property(tries = 3000)
    void reprParseThrowsOnlyMalformedPacketException(@ForAll("segments") byte[] b) throws Exception {
        for (int len : new int[] {b.length, Math.max(0, b.length - 1)}) {
            TcpRepr t;
            try {
                t = TcpRepr.parse(b, 0, len, A, B, false);
            } catch (MalformedPacketException e) {
                assertNotNull(e.reason());
                continue;
            }
            // What parses re-emits to a segment that parses to the same value, checksum included.
            byte[] out = t.emit(A, B);
            assertEquals(t, TcpRepr.parse(out, 0, out.length, A, B, true));
        }
        byte[] frame = new byte[14 + 20 + b.length];
        new EthernetRepr(MacAddress.BROADCAST, MacAddress.parse("02:00:00:00:00:01"), EtherType.IPV4).emit(frame, 0);
        Ipv4Repr.of(new Ipv4Address(A), new Ipv4Address(B), IpProtocol.TCP, 64, 1, false, b.length).emit(frame, 14);
        System.arraycopy(b, 0, frame, 34, b.length);
        String line = FrameFormatter.describe(frame);
        assertTrue(!line.startsWith("unprintable"), line);
    }
}
