package io.netstack4j.iface;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.wire.IpHeader;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.netstack4j.iface.Frames.IP_A;
import static io.netstack4j.iface.Frames.IP_B;
import static io.netstack4j.iface.Frames.MAC_A;
import static io.netstack4j.iface.Frames.MAC_B;
import static io.netstack4j.iface.Frames.REMOTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The transport seam: what a transport sends through {@link NetworkLayer} (its segment in a pooled
 * buffer, headers pushed in front, nothing copied), what it is told of a destination (the segment
 * that passes unfragmented, from the real header length), and what it receives ({@link IpHeader},
 * the buffer itself, the end of an input burst).
 */
class NetworkLayerTest {
    private final FrameRecorder rec = new FrameRecorder();

    private Stack stack(StackConfig.Builder b) {
        Stack s = new Stack(b.build(), rec);
        s.start(0);
        Frames.learnB(s, rec, 0);
        return s;
    }

    @Test
    void theSegmentSizeComesFromTheRouteMtuAndTheHeaderThisLayerWrites() {
        Stack s = stack(Frames.configA());
        assertEquals(20, s.headerLength());
        assertEquals(1500 - 20, s.maxPayload(IP_B.bits()));
        assertEquals(65_535 - 20, s.maxPayload(IP_A.bits()), "our own address is looped back");
        Stack jumbo = stack(Frames.configA().mtu(9000));
        assertEquals(9000 - 20, jumbo.maxPayload(IP_B.bits()));
        assertEquals(IP_A.bits(), s.sourceAddressFor(IP_B.bits()));
        assertEquals(0, s.sourceAddressFor(REMOTE.bits()), "no route (no gateway)");
    }

    @Test
    void aSegmentGoesOutInItsOwnBufferWithTheHeadersPushedInFront() {
        Stack s = stack(Frames.configA());
        PacketBuffer p = s.allocate();
        byte[] payload = Frames.pattern(100);
        int at = p.append(100);
        System.arraycopy(payload, 0, p.array(), at, 100);
        long before = s.pool().outstanding();
        assertEquals(SendResult.SENT, s.send(p, 0, IP_B.bits(), ProtocolRecorder.PROTO, 0, false, 7));
        assertEquals(before - 1, s.pool().outstanding(), "the frame's buffer went back to the pool");
        Frame f = rec.take();
        assertEquals(MAC_B, f.eth().destination());
        assertEquals(MAC_A, f.eth().source());
        assertEquals(IP_A, f.ip().source());
        assertEquals(ProtocolRecorder.PROTO, f.ip().protocol());
        assertArrayEquals(payload, f.ipPayload());
        assertEquals(0, s.pool().outstanding());
    }

    @Test
    void aTransportGetsTheBufferItselfAndTheEndOfEachInputBurst() {
        Stack s = stack(Frames.configA());
        List<String> seen = new ArrayList<>();
        List<PacketBuffer> kept = new ArrayList<>();
        s.registerProtocol(ProtocolRecorder.PROTO, new IpProtocolHandler() {
            @Override
            public void receive(IpHeader ip, PacketBuffer segment, long now) {
                seen.add(ip.source() + ">" + ip.destination() + " " + segment.length() + " hl" + ip.headerLength()
                        + " proto" + ip.protocol());
                kept.add(segment);   // a transport may keep the buffer (a queued segment)
            }

            @Override
            public void endOfInputBurst(long now) {
                seen.add("end");
            }
        });
        s.pool().addHolder(c -> kept.forEach(c));
        byte[] f = Frames.ipv4(MAC_A, MAC_B, Ipv4Repr.of(IP_B, IP_A, ProtocolRecorder.PROTO, 64, 9, false, 30),
                Frames.pattern(30));
        s.receiveFrame(f, 0, f.length, 1);
        s.receiveFrame(f, 0, f.length, 1);
        s.endOfInputBurst(1);
        assertEquals(List.of("198.51.100.2>198.51.100.1 30 hl20 proto253", "198.51.100.2>198.51.100.1 30 hl20 proto253",
                "end"), seen);
        PacketBuffer p = kept.getFirst();
        assertEquals(0x45, p.array()[p.start() - 20], "the IP header lies just before the segment");
        assertSame(s.pool(), p.pool());
        kept.forEach(PacketBuffer::release);
        kept.clear();
        assertEquals(0, s.pool().outstanding());
        assertEquals(Ipv4Address.parse("198.51.100.2"), IP_B);
    }
}
