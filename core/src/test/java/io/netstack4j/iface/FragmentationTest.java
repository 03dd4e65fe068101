package io.netstack4j.iface;

import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Repr;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static io.netstack4j.iface.Frames.IP_B;
import static io.netstack4j.iface.Frames.MAC_B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fragmentation of outgoing datagrams (RFC 791 §3.2, RFC 1122 §3.3.3) and the DF check. */
class FragmentationTest {
    private final FrameRecorder rec = new FrameRecorder();

    private Stack stack(int mtu) {
        Stack s = new Stack(Frames.configA().mtu(mtu).build(), rec);
        s.start(0);
        Frames.learnB(s, rec, 0);
        return s;
    }

    private static byte[] reassemble(List<Frame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : frames) {
            assertEquals(out.size(), f.ip().fragmentOffset(), "fragments leave in order, back to back");
            out.writeBytes(f.ipPayload());
        }
        return out.toByteArray();
    }

    @Test
    void a5000ByteEchoLeavesInFourFragments() {
        Stack s = stack(1500);
        byte[] data = Frames.pattern(5000);
        assertEquals(SendResult.SENT, s.icmp().sendEchoRequest(IP_B, 9, 1, data, 0));
        List<Frame> frames = rec.takeAll();
        assertEquals(4, frames.size());
        int[] offsets = {0, 1480, 2960, 4440};
        int[] lengths = {1480, 1480, 1480, 568};
        int id = frames.getFirst().ip().identification();
        for (int i = 0; i < 4; i++) {
            Ipv4Repr ip = frames.get(i).ip();
            assertEquals(offsets[i], ip.fragmentOffset());
            assertEquals(lengths[i], ip.payloadLength());
            assertEquals(i < 3, ip.moreFragments());
            assertFalse(ip.dontFragment());
            assertEquals(id, ip.identification(), "one identification for all fragments");
            assertEquals(IpProtocol.ICMP, ip.protocol());
            assertEquals(64, ip.ttl());
            assertEquals(MAC_B, frames.get(i).eth().destination());
            assertTrue(frames.get(i).bytes().length <= 1514);
        }
        byte[] whole = reassemble(frames);
        assertEquals(new IcmpRepr.EchoRequest(9, 1, data), parse(whole));
        assertEquals(4, s.stats().counters().get("ip.fragments.out"));
        assertEquals(1, s.stats().ipOut());
    }

    private static IcmpRepr parse(byte[] b) {
        try {
            return IcmpRepr.parse(b, 0, b.length);
        } catch (io.netstack4j.wire.MalformedPacketException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fragmentSizesAreMultiplesOfEightBelowTheMtu() {
        Stack s = stack(1006); // 986 bytes of room: 984 per fragment
        byte[] payload = Frames.pattern(3000);
        assertEquals(SendResult.SENT, s.sendIpv4(IP_B, 253, 0, false, payload, 0, payload.length, 0));
        List<Frame> frames = rec.takeAll();
        assertEquals(List.of(984, 984, 984, 48), frames.stream().map(f -> f.ip().payloadLength()).toList());
        assertArrayEquals(payload, reassemble(frames));

        Stack small = stack(576);
        small.sendIpv4(IP_B, 253, 0, false, payload, 0, 1200, 0);
        assertEquals(List.of(552, 552, 96), rec.takeAll().stream().map(f -> f.ip().payloadLength()).toList());
    }

    @Test
    void aDatagramOfExactlyTheMtuIsNotFragmented() {
        Stack s = stack(1500);
        s.sendIpv4(IP_B, 253, 0, false, new byte[1480], 0, 1480, 0);
        Frame f = rec.take();
        assertFalse(f.ip().isFragment());
        assertEquals(1500, f.ip().totalLength());
        assertEquals(0, rec.size());
    }

    @Test
    void dontFragmentTooBigIsRefusedToTheCaller() {
        Stack s = stack(1500);
        assertEquals(SendResult.FRAGMENTATION_NEEDED, s.sendIpv4(IP_B, 253, 0, true, new byte[1481], 0, 1481, 0));
        assertEquals(0, rec.size());
        assertEquals(1, s.stats().ipv4Drops().get(DropReason.FRAGMENT_NEEDED));
        assertEquals(SendResult.SENT, s.sendIpv4(IP_B, 253, 0, true, new byte[1480], 0, 1480, 0));
        assertTrue(rec.take().ip().dontFragment());
    }

    @Test
    void totalLengthLimit() {
        Stack s = stack(1500);
        byte[] max = new byte[65515];
        assertEquals(SendResult.TOO_LARGE, s.sendIpv4(IP_B, 253, 0, false, new byte[65516], 0, 65516, 0));
        assertEquals(SendResult.SENT, s.sendIpv4(IP_B, 253, 0, false, max, 0, max.length, 0));
        List<Frame> frames = rec.takeAll();
        assertEquals(45, frames.size());
        assertEquals(65515 - 44 * 1480, frames.getLast().ip().payloadLength());
    }

    @Test
    void identificationAdvancesPerDatagramAndTtlIsConfigurable() {
        Stack s = stack(1500);
        s.sendIpv4(IP_B, 253, 0, false, new byte[1], 0, 1, 0);
        s.sendIpv4(IP_B, 253, 7, false, new byte[1], 0, 1, 0);
        Ipv4Repr a = rec.take().ip();
        Ipv4Repr b = rec.take().ip();
        assertEquals((a.identification() + 1) & 0xFFFF, b.identification());
        assertEquals(64, a.ttl());
        assertEquals(7, b.ttl());
    }

    @Test
    void aPayloadWrittenIntoAPooledBufferIsSentInThatBuffer() {
        Stack s = stack(1500);
        io.netstack4j.buffer.PacketBuffer p = s.allocate();
        byte[] data = Frames.pattern(100);
        System.arraycopy(data, 0, p.array(), p.append(100), data.length);
        long allocated = s.pool().allocated();
        assertEquals(SendResult.SENT, s.send(p, 0, IP_B.bits(), 253, 0, false, 0));
        assertArrayEquals(data, rec.take().ipPayload());
        assertEquals(allocated, s.pool().allocated(), "no buffer was made for the frame");
        assertEquals(0, s.pool().outstanding());
    }
}
