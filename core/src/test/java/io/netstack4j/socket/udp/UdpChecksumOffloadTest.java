package io.netstack4j.socket.udp;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.link.LinkCapabilities;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.Checksum;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.UdpPacket;
import org.junit.jupiter.api.Test;

import static io.netstack4j.socket.udp.UdpFixture.IP_A;
import static io.netstack4j.socket.udp.UdpFixture.IP_B;
import static io.netstack4j.socket.udp.UdpFixture.MAC_A;
import static io.netstack4j.socket.udp.UdpFixture.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Checksum offload as the link reports it ({@code LinkCapabilities}): skipped on the way in, left partial on the way out. */
class UdpChecksumOffloadTest {
    private final UdpFixture f = new UdpFixture();

    private void receive(byte[] frame, boolean verifiedByLink) {
        PacketBuffer p = f.stack.allocate();
        System.arraycopy(frame, 0, p.array(), p.append(frame.length), frame.length);
        p.checksumVerified(verifiedByLink);
        f.stack.receiveFrame(p, 1);
    }

    @Test
    void aDatagramTheLinkVouchesForIsNotVerifiedAgainAndOneItDoesNotIs() throws Exception {
        UdpEndpoint e = f.udp.open();
        e.bind(IP_A, 7);
        // The same corrupted checksum twice: dropped when the stack verifies, taken when the link did.
        byte[] frame = UdpFixture.frame(MAC_A, IP_B, IP_A, IpProtocol.UDP,
                UdpFixture.udp(IP_B, 1000, IP_A, 7, bytes("hi"), UdpFixture.Sum.CORRUPT));
        receive(frame, false);
        assertNull(e.receive());
        assertEquals(1, f.udp.stats().drops.get(DropReason.BAD_CHECKSUM));
        receive(frame, true);
        assertNotNull(e.receive(), "a frame whose checksums the link verified is not verified again");
    }

    @Test
    void withTransmitOffloadTheChecksumHoldsThePseudoHeaderSumWhichTheLinkCompletes() throws Exception {
        UdpEndpoint e = f.udp.open();
        byte[] data = bytes("offloaded");
        e.sendTo(IP_B, 9, data, 0, data.length, 1);
        byte[] full = f.take().bytes();
        f.stack.linkCapabilities(LinkCapabilities.basic(1500).withChecksumOffload(true, true));
        e.sendTo(IP_B, 9, data, 0, data.length, 2);
        byte[] partial = f.take().bytes();
        int udp = 14 + 20;
        int len = 8 + data.length;
        assertEquals(0, Checksum.finish(Checksum.add(full, udp, len,
                Checksum.pseudoHeader(IP_A.bits(), IP_B.bits(), IpProtocol.UDP, len))), "without offload: complete");
        int field = UdpPacket.checksum(partial, udp);
        assertNotEquals(UdpPacket.checksum(full, udp), field);
        assertEquals(~Checksum.finish(Checksum.pseudoHeader(IP_A.bits(), IP_B.bits(), IpProtocol.UDP, len)) & 0xFFFF,
                field, "CHECKSUM_PARTIAL: the folded pseudo-header sum");
        // What a NIC does: sum header and data (the field included) and store the complement.
        int completed = Checksum.finish(Checksum.add(partial, udp, len, 0));
        partial[udp + 6] = (byte) (completed >>> 8);
        partial[udp + 7] = (byte) completed;
        assertEquals(UdpPacket.checksum(full, udp), UdpPacket.checksum(partial, udp));
    }
}
