package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netstack4j.stats.DropReason;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TcpPacketTest {
    private static final int A = Ipv4Address.parse("198.51.100.1").bits();
    private static final int B = Ipv4Address.parse("198.51.100.2").bits();

    /** An IPv4 header from A to B in front of {@code tcp}, wrapped as the view TCP is handed. */
    private static IpHeader ip(byte[] tcp) {
        Ipv4Repr repr = Ipv4Repr.of(new Ipv4Address(A), new Ipv4Address(B), IpProtocol.TCP, 64, 1, true, tcp.length);
        byte[] p = new byte[repr.totalLength()];
        repr.emit(p, 0);
        System.arraycopy(tcp, 0, p, 20, tcp.length);
        Ipv4Packet view = new Ipv4Packet();
        assertNull(view.wrap(p, 0, p.length, true));
        return view;
    }

    /** A SYN with an MSS option and a checksum, as a stack sends it. */
    private static byte[] syn() {
        byte[] b = new byte[24];
        int hl = TcpPacket.emit(b, 0, 40000, 80, 1000, 0, TcpPacket.SYN, 64240, 1460);
        assertEquals(24, hl);
        TcpPacket.finishChecksum(b, 0, b.length, A, B, false);
        return b;
    }

    @Test
    void emitsAHeaderWithMssAndAChecksumComputedByHand() {
        byte[] b = syn();
        // Pseudo-header c633 6401 + c633 6402 + 0006 + 0018; header words; MSS option 0204 05b4.
        long sum = 0xc633L + 0x6401 + 0xc633 + 0x6402 + 0x0006 + 0x0018
                + 0x9c40 + 0x0050 + 0x0000 + 0x03e8 + 0 + 0 + 0x6002 + 0xfaf0 + 0 + 0 + 0x0204 + 0x05b4;
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        int expected = (int) (~sum & 0xFFFF);
        assertArrayEquals(HexFormat.of().parseHex(
                String.format("9c400050" + "000003e8" + "00000000" + "6002faf0" + "%04x0000" + "020405b4", expected)), b);
        assertNull(TcpPacket.check(b, 0, b.length, ip(b), true));
    }

    @Test
    void accessorsReadWhatEmitWrote() {
        byte[] b = new byte[30];
        int hl = TcpPacket.emit(b, 5, 65535, 1, 0xFFFF_FFF0, 0x8000_0001, TcpPacket.ACK | TcpPacket.PSH, 513, 0);
        assertEquals(20, hl);
        assertEquals(65535, TcpPacket.sourcePort(b, 5));
        assertEquals(1, TcpPacket.destinationPort(b, 5));
        assertEquals(0xFFFF_FFF0, TcpPacket.seq(b, 5));
        assertEquals(0x8000_0001, TcpPacket.ack(b, 5));
        assertEquals(20, TcpPacket.headerLength(b, 5));
        assertEquals(TcpPacket.ACK | TcpPacket.PSH, TcpPacket.flags(b, 5));
        assertEquals(513, TcpPacket.window(b, 5));
        assertEquals(0, TcpPacket.urgentPointer(b, 5));
        assertEquals("PSH,ACK", TcpPacket.flagNames(TcpPacket.flags(b, 5)));
        assertEquals("none", TcpPacket.flagNames(0));
        assertEquals("FIN,SYN,RST,PSH,ACK,URG,ECE,CWR", TcpPacket.flagNames(0xFF));
    }

    @Test
    void checksumCoversHeaderDataAndPseudoHeader() {
        byte[] b = new byte[20 + 5];
        System.arraycopy(new byte[] {1, 2, 3, 4, 5}, 0, b, 20, 5);   // an odd length: padded with a zero
        TcpPacket.emit(b, 0, 80, 40000, 7, 8, TcpPacket.ACK | TcpPacket.PSH, 1000, 0);
        TcpPacket.finishChecksum(b, 0, b.length, A, B, false);
        IpHeader ip = ip(b);
        assertNull(TcpPacket.check(b, 0, b.length, ip, true));
        assertEquals(0, Checksum.finish(Checksum.add(b, 0, b.length, Checksum.pseudoHeader(A, B, IpProtocol.TCP, 25))));
        b[24] ^= 1;
        assertEquals(DropReason.BAD_CHECKSUM, TcpPacket.check(b, 0, b.length, ip, true));
        assertNull(TcpPacket.check(b, 0, b.length, ip, false), "not verified when the link did");
    }

    @Test
    void aPartialChecksumIsCompletedBySummingTheSegment() {
        byte[] b = new byte[20 + 3];
        b[21] = 9;
        TcpPacket.emit(b, 0, 80, 40000, 7, 8, TcpPacket.ACK, 1000, 0);
        TcpPacket.finishChecksum(b, 0, b.length, A, B, true);
        // What the link does with CHECKSUM_PARTIAL: the checksum of the segment with the seed in place.
        int field = Checksum.compute(b, 0, b.length);
        Bytes.put16(b, 16, field);
        assertNull(TcpPacket.check(b, 0, b.length, ip(b), true));
    }

    @Test
    void checkReturnsTheReason() {
        byte[] b = syn();
        IpHeader ip = ip(b);
        assertEquals(DropReason.TRUNCATED, TcpPacket.check(b, 0, 19, ip, false));
        assertEquals(DropReason.TRUNCATED, TcpPacket.check(b, 0, 0, ip, false));
        byte[] low = b.clone();
        low[12] = 0x40;                      // data offset 4
        assertEquals(DropReason.TCP_BAD_DATA_OFFSET, TcpPacket.check(low, 0, low.length, ip, false));
        low[12] = 0x00;
        assertEquals(DropReason.TCP_BAD_DATA_OFFSET, TcpPacket.check(low, 0, low.length, ip, false));
        byte[] high = b.clone();
        high[12] = 0x70;                     // 28 bytes of header in a 24-byte segment
        assertEquals(DropReason.TCP_BAD_DATA_OFFSET, TcpPacket.check(high, 0, high.length, ip, false));
        assertEquals(DropReason.TCP_BAD_DATA_OFFSET, TcpPacket.check(b, 0, 23, ip, false), "MSS option cut off");
        byte[] bad = b.clone();
        bad[4] ^= 0x10;
        assertEquals(DropReason.BAD_CHECKSUM, TcpPacket.check(bad, 0, bad.length, ip, true));
        assertNull(TcpPacket.check(b, 0, b.length, ip, true));
    }
}
