package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames the Linux kernel put on a veth (captured with tcpdump by scripts/capture-golden.sh, see
 * src/test/resources/golden/README.md) must parse and re-emit byte for byte (DESIGN.md §4.1).
 */
class GoldenCaptureTest {
    private static final MacAddress MAC_A = MacAddress.parse("02:00:00:00:47:01");
    private static final MacAddress MAC_B = MacAddress.parse("02:00:00:00:47:02");
    private static final Ipv4Address IP_A = Ipv4Address.parse("198.51.100.1");
    private static final Ipv4Address IP_B = Ipv4Address.parse("198.51.100.2");

    @Test
    void arpRequestAndReplyRoundTrip() throws Exception {
        List<PcapReader.Frame> frames = PcapReader.resource("/golden/arp.pcap");
        assertEquals(2, frames.size());

        byte[] request = frames.get(0).data();
        EthernetRepr eth = EthernetRepr.parse(request, 0, request.length);
        assertEquals(new EthernetRepr(MacAddress.BROADCAST, MAC_A, EtherType.ARP), eth);
        ArpRepr arp = ArpRepr.parse(request, EthernetRepr.HEADER_LEN, request.length - EthernetRepr.HEADER_LEN);
        assertEquals(ArpRepr.REQUEST, arp.operation());
        assertEquals(MAC_A, arp.senderHardware());
        assertEquals(IP_A, arp.senderProtocol());
        assertEquals(IP_B, arp.targetProtocol());
        assertReEmitted(request, EthernetRepr.HEADER_LEN + ArpRepr.LEN, out -> {
            eth.emit(out, 0);
            arp.emit(out, EthernetRepr.HEADER_LEN);
        });

        byte[] reply = frames.get(1).data();
        EthernetRepr eth2 = EthernetRepr.parse(reply, 0, reply.length);
        assertEquals(new EthernetRepr(MAC_A, MAC_B, EtherType.ARP), eth2);
        ArpRepr arp2 = ArpRepr.parse(reply, EthernetRepr.HEADER_LEN, reply.length - EthernetRepr.HEADER_LEN);
        assertEquals(new ArpRepr(ArpRepr.REPLY, MAC_B, IP_B, MAC_A, IP_A), arp2);
        assertReEmitted(reply, EthernetRepr.HEADER_LEN + ArpRepr.LEN, out -> {
            eth2.emit(out, 0);
            arp2.emit(out, EthernetRepr.HEADER_LEN);
        });
    }

    @Test
    void icmpEchoRequestAndReplyRoundTrip() throws Exception {
        List<PcapReader.Frame> frames = PcapReader.resource("/golden/echo.pcap");
        assertEquals(2, frames.size());
        IcmpRepr request = roundTripIcmp(frames.get(0).data(), IP_A, IP_B);
        IcmpRepr reply = roundTripIcmp(frames.get(1).data(), IP_B, IP_A);

        IcmpRepr.EchoRequest req = assertInstanceOf(IcmpRepr.EchoRequest.class, request);
        IcmpRepr.EchoReply rep = assertInstanceOf(IcmpRepr.EchoReply.class, reply);
        assertEquals(56, req.data().length, "ping's default payload");
        // RFC 792: the reply carries the request's identifier, sequence number and data.
        assertEquals(req.reply(), rep);
    }

    @Test
    void fragmentedEchoRoundTripsAndReassembles() throws Exception {
        List<PcapReader.Frame> frames = PcapReader.resource("/golden/frag-echo.pcap");
        assertEquals(6, frames.size());
        List<Fragment> fragments = new ArrayList<>();
        for (PcapReader.Frame f : frames) {
            byte[] frame = f.data();
            EthernetRepr eth = EthernetRepr.parse(frame, 0, frame.length);
            assertEquals(EtherType.IPV4, eth.etherType());
            Ipv4Repr ip = Ipv4Repr.parse(frame, EthernetRepr.HEADER_LEN, frame.length - EthernetRepr.HEADER_LEN);
            assertTrue(ip.isFragment(), ip::toString);
            assertEquals(IpProtocol.ICMP, ip.protocol());
            assertEquals(Ipv4Repr.MIN_HEADER_LEN, ip.headerLength());
            int payloadAt = EthernetRepr.HEADER_LEN + ip.headerLength();
            byte[] payload = Arrays.copyOfRange(frame, payloadAt, payloadAt + ip.payloadLength());
            assertReEmitted(frame, EthernetRepr.HEADER_LEN + ip.totalLength(), out -> {
                eth.emit(out, 0);
                ip.emit(out, EthernetRepr.HEADER_LEN);
                System.arraycopy(payload, 0, out, payloadAt, payload.length);
            });
            fragments.add(new Fragment(ip, payload));
        }
        // Three fragments per datagram at MTU 1500: 1480 + 1480 + 48 bytes of the 3008-byte echo.
        assertEquals(List.of(0, 1480, 2960, 0, 1480, 2960),
                fragments.stream().map(x -> x.ip().fragmentOffset()).toList());
        assertEquals(List.of(true, true, false, true, true, false),
                fragments.stream().map(x -> x.ip().moreFragments()).toList());

        byte[] request = reassemble(fragments.subList(0, 3));
        byte[] reply = reassemble(fragments.subList(3, 6));
        assertEquals(3008, request.length);
        assertEquals(0, Checksum.compute(request, 0, request.length), "ICMP checksum of the whole echo request");
        assertEquals(0, Checksum.compute(reply, 0, reply.length), "ICMP checksum of the whole echo reply");
        IcmpRepr.EchoRequest req = assertInstanceOf(IcmpRepr.EchoRequest.class,
                IcmpRepr.parse(request, 0, request.length));
        IcmpRepr.EchoReply rep = assertInstanceOf(IcmpRepr.EchoReply.class, IcmpRepr.parse(reply, 0, reply.length));
        assertEquals(3000, req.data().length);
        assertEquals(req.reply(), rep);
        // And the reassembled message re-emits identically, checksum included.
        byte[] again = new byte[req.length()];
        req.emit(again, 0);
        assertArrayEquals(request, again);
    }

    @Test
    void formatterDescribesTheGoldenFrames() throws Exception {
        byte[] arpRequest = PcapReader.resource("/golden/arp.pcap").get(0).data();
        assertEquals("02:00:00:00:47:01 > ff:ff:ff:ff:ff:ff ARP who-has 198.51.100.2 tell 198.51.100.1",
                FrameFormatter.describe(arpRequest, 0, arpRequest.length));
        byte[] arpReply = PcapReader.resource("/golden/arp.pcap").get(1).data();
        assertEquals("02:00:00:00:47:02 > 02:00:00:00:47:01 ARP reply 198.51.100.2 is-at 02:00:00:00:47:02",
                FrameFormatter.describe(arpReply, 0, arpReply.length));
        byte[] echo = PcapReader.resource("/golden/echo.pcap").get(0).data();
        int id = ((echo[38] & 0xFF) << 8) | (echo[39] & 0xFF);
        assertEquals("02:00:00:00:47:01 > 02:00:00:00:47:02 198.51.100.1 > 198.51.100.2: ICMP echo request id "
                        + id + " seq 1, 64 bytes, ttl 64 DF",
                FrameFormatter.describe(echo, 0, echo.length));
        byte[] frag = PcapReader.resource("/golden/frag-echo.pcap").get(1).data();
        int ipId = ((frag[18] & 0xFF) << 8) | (frag[19] & 0xFF);
        assertEquals("02:00:00:00:47:01 > 02:00:00:00:47:02 198.51.100.1 > 198.51.100.2: ICMP (frag id "
                        + ipId + " offset 1480 MF), 1480 bytes, ttl 64",
                FrameFormatter.describe(frag, 0, frag.length));
    }

    private record Fragment(Ipv4Repr ip, byte[] payload) {
    }

    /** RFC 791 §3.2 reassembly, by hand: place each fragment's payload at its offset. */
    private static byte[] reassemble(List<Fragment> fragments) {
        Fragment first = fragments.getFirst();
        int total = 0;
        for (Fragment f : fragments) {
            assertEquals(first.ip().identification(), f.ip().identification());
            assertEquals(first.ip().source(), f.ip().source());
            assertEquals(first.ip().destination(), f.ip().destination());
            if (!f.ip().moreFragments()) {
                total = f.ip().fragmentOffset() + f.payload().length;
            }
        }
        assertTrue(total > 0, "no last fragment");
        byte[] whole = new byte[total];
        boolean[] filled = new boolean[total];
        for (Fragment f : fragments) {
            System.arraycopy(f.payload(), 0, whole, f.ip().fragmentOffset(), f.payload().length);
            Arrays.fill(filled, f.ip().fragmentOffset(), f.ip().fragmentOffset() + f.payload().length, true);
        }
        for (boolean b : filled) {
            assertTrue(b, "hole in the reassembled datagram");
        }
        return whole;
    }

    /** Parses Ethernet → IPv4 → ICMP, checks the addresses, re-emits, compares. */
    private static IcmpRepr roundTripIcmp(byte[] frame, Ipv4Address src, Ipv4Address dst) throws Exception {
        EthernetRepr eth = EthernetRepr.parse(frame, 0, frame.length);
        assertEquals(EtherType.IPV4, eth.etherType());
        Ipv4Repr ip = Ipv4Repr.parse(frame, EthernetRepr.HEADER_LEN, frame.length - EthernetRepr.HEADER_LEN);
        assertEquals(src, ip.source());
        assertEquals(dst, ip.destination());
        assertFalse(ip.isFragment());
        int icmpAt = EthernetRepr.HEADER_LEN + ip.headerLength();
        IcmpRepr icmp = IcmpRepr.parse(frame, icmpAt, ip.payloadLength());
        assertEquals(ip.payloadLength(), icmp.length());
        assertReEmitted(frame, EthernetRepr.HEADER_LEN + ip.totalLength(), out -> {
            eth.emit(out, 0);
            ip.emit(out, EthernetRepr.HEADER_LEN);
            icmp.emit(out, icmpAt);
        });
        return icmp;
    }

    private interface Emitter {
        void emit(byte[] out);
    }

    /**
     * Emits {@code meaningful} bytes into a fresh array and compares them with the captured frame.
     * Anything the capture holds beyond them may only be Ethernet padding up to the 60-byte minimum
     * (a veth does not pad, so normally there is none).
     */
    private static void assertReEmitted(byte[] captured, int meaningful, Emitter emitter) {
        byte[] out = new byte[meaningful];
        emitter.emit(out);
        assertArrayEquals(Arrays.copyOf(captured, meaningful), out, "re-emitted bytes differ");
        if (captured.length > meaningful) {
            assertEquals(EthernetRepr.MIN_FRAME_LEN, captured.length,
                    "bytes after the packet that are not padding to the Ethernet minimum");
        }
    }
}
