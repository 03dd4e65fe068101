package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netstack4j.stats.DropReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One TCP connection of the Linux kernel (6.18) and a SYN refused with RST, captured on a veth by
 * scripts/capture-golden-tcp.sh with transmit checksum offload off, so every checksum is real (see
 * src/test/resources/golden/README.md). Each frame must parse with {@link TcpRepr}, verify its
 * checksum and re-emit byte for byte (DESIGN.md §4.1); {@link FrameFormatter} must describe it as
 * tcpdump did.
 */
class TcpGoldenCaptureTest {
    private static final Ipv4Address CLIENT = Ipv4Address.parse("198.51.100.1");
    private static final Ipv4Address SERVER = Ipv4Address.parse("198.51.100.2");
    private static final byte[] LINE = "hello, netstack4j\n".getBytes(StandardCharsets.US_ASCII);

    private record Segment(byte[] frame, EthernetRepr eth, Ipv4Repr ip, TcpRepr tcp) {
    }

    private static List<Segment> segments;

    @BeforeAll
    static void readCapture() throws Exception {
        segments = new ArrayList<>();
        for (PcapReader.Frame f : PcapReader.resource("/golden/tcp-session.pcap")) {
            byte[] frame = f.data();
            EthernetRepr eth = EthernetRepr.parse(frame, 0, frame.length);
            assertEquals(EtherType.IPV4, eth.etherType());
            Ipv4Repr ip = Ipv4Repr.parse(frame, EthernetRepr.HEADER_LEN, frame.length - EthernetRepr.HEADER_LEN);
            assertEquals(IpProtocol.TCP, ip.protocol());
            TcpRepr tcp = TcpRepr.parse(frame, EthernetRepr.HEADER_LEN + ip.headerLength(), ip.payloadLength(),
                    ip.source().bits(), ip.destination().bits(), true);
            segments.add(new Segment(frame, eth, ip, tcp));
        }
    }

    @Test
    void theExchangeIsTheExpectedOne() {
        assertEquals(List.of("SYN", "SYN,ACK", "ACK", "PSH,ACK", "ACK", "PSH,ACK", "ACK", "FIN,ACK", "FIN,ACK", "ACK",
                        "SYN", "RST,ACK"),
                segments.stream().map(s -> TcpPacket.flagNames(s.tcp().flags())).toList());
    }

    @Test
    void everySegmentReEmitsByteForByte() {
        for (Segment s : segments) {
            int tcpAt = EthernetRepr.HEADER_LEN + s.ip().headerLength();
            byte[] out = new byte[EthernetRepr.HEADER_LEN + s.ip().totalLength()];
            s.eth().emit(out, 0);
            s.ip().emit(out, EthernetRepr.HEADER_LEN);
            assertEquals(s.ip().payloadLength(),
                    s.tcp().emit(out, tcpAt, s.ip().source().bits(), s.ip().destination().bits()));
            assertArrayEquals(s.frame(), out, s.tcp()::toString);
        }
    }

    @Test
    void theHandshakeNegotiatesWhatLinuxOffers() {
        TcpRepr syn = segments.get(0).tcp();
        TcpRepr synAck = segments.get(1).tcp();
        TcpRepr ack = segments.get(2).tcp();
        assertEquals(CLIENT, segments.get(0).ip().source());
        assertEquals(SERVER, segments.get(1).ip().source());
        // MSS 1460 = MTU 1500 - 40; SACK, timestamps and window scale on by default (RFC 7323, RFC 2018).
        for (TcpRepr t : List.of(syn, synAck)) {
            assertEquals(1460, t.options().mss());
            assertTrue(t.options().sackPermitted());
            assertTrue(t.options().timestamps());
            assertTrue(t.options().windowScale() >= 0 && t.options().windowScale() <= 14);
            assertEquals(40, t.headerLen());
        }
        assertEquals(0, syn.options().tsEcr(), "TSecr of a SYN");
        assertEquals(syn.seq() + 1, synAck.ack());
        assertEquals(syn.options().tsVal(), synAck.options().tsEcr());
        assertEquals(synAck.seq() + 1, ack.ack());
        assertEquals(syn.seq() + 1, ack.seq());
        // After the handshake: NOP NOP TS on every segment, nothing else.
        assertEquals(TcpRepr.Options.timestamps(ack.options().tsVal(), synAck.options().tsVal()), ack.options());
        assertEquals(32, ack.headerLen());
    }

    @Test
    void dataIsEchoedAndBothSidesClose() {
        TcpRepr request = segments.get(3).tcp();
        TcpRepr reply = segments.get(5).tcp();
        assertArrayEquals(LINE, request.payload());
        assertArrayEquals(LINE, reply.payload());
        assertEquals(request.seq() + LINE.length, segments.get(4).tcp().ack());
        TcpRepr clientFin = segments.get(7).tcp();
        TcpRepr serverFin = segments.get(8).tcp();
        assertEquals(request.seq() + LINE.length, clientFin.seq());
        assertEquals(1, clientFin.segmentLength(), "a FIN occupies one sequence number");
        assertEquals(clientFin.seq() + 1, serverFin.ack());
        assertEquals(serverFin.seq() + 1, segments.get(9).tcp().ack());
    }

    @Test
    void aClosedPortAnswersWithReset() {
        // RFC 9293 §3.10.7.1: no connection, SYN without ACK: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
        TcpRepr syn = segments.get(10).tcp();
        TcpRepr rst = segments.get(11).tcp();
        assertEquals(syn.destinationPort(), rst.sourcePort());
        assertEquals(0, rst.seq());
        assertEquals(syn.seq() + syn.segmentLength(), rst.ack());
        assertEquals(0, rst.window());
        assertEquals(TcpRepr.Options.NONE, rst.options());
        assertEquals(20, rst.headerLen());
        assertEquals(0, rst.payload().length);
    }

    @Test
    void theFormatterWritesWhatTcpdumpWrote() throws IOException {
        List<String> tcpdump;
        try (InputStream in = TcpGoldenCaptureTest.class.getResourceAsStream("/golden/tcp-session.txt")) {
            tcpdump = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        }
        assertEquals(segments.size(), tcpdump.size());
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            String line = tcpdump.get(i);
            assertTrue(line.startsWith("IP "), line);
            assertEquals(s.eth().source() + " > " + s.eth().destination() + " " + line.substring(3),
                    FrameFormatter.describe(s.frame()));
        }
    }

    @Test
    void aCorruptedCopyIsRejected() {
        Segment s = segments.get(3);
        byte[] frame = s.frame().clone();
        frame[frame.length - 1] ^= 0x20;
        int tcpAt = EthernetRepr.HEADER_LEN + s.ip().headerLength();
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> TcpRepr.parse(frame, tcpAt, s.ip().payloadLength(), CLIENT.bits(), SERVER.bits(), true));
        assertEquals(DropReason.BAD_CHECKSUM, e.reason());
    }
}
