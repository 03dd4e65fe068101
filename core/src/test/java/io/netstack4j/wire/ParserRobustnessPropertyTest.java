package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever bytes arrive, a parser either returns a value or throws {@link MalformedPacketException};
 * nothing else escapes (DESIGN.md §4.5). Inputs are random bytes, plus valid packets with random
 * bytes flipped (which reach the checks past the first ones).
 */
class ParserRobustnessPropertyTest {
    interface Parser {
        Object parse(byte[] b, int off, int len) throws MalformedPacketException;
    }

    private static final Parser[] PARSERS = {
        EthernetRepr::parse, ArpRepr::parse, Ipv4Repr::parse, IcmpRepr::parse,
    };

    @Provide
    Arbitrary<byte[]> inputs() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
        Arbitrary<byte[]> mutated = Arbitraries.integers().between(0, 3).flatMap(kind ->
                Arbitraries.integers().between(0, 1 << 16).list().ofMaxSize(6).map(flips -> {
                    byte[] b = valid(kind);
                    for (int flip : flips) {
                        b[flip % b.length] ^= (byte) (1 << (flip >>> 13 & 7));
                    }
                    return b;
                }));
        return Arbitraries.oneOf(random, mutated);
    }

    /** A valid packet of each kind: an Ethernet/IPv4/ICMP frame, an ARP packet, an IPv4 packet, ICMP. */
    private static byte[] valid(int kind) {
        Ipv4Address a = Ipv4Address.parse("198.51.100.1");
        Ipv4Address b = Ipv4Address.parse("198.51.100.2");
        IcmpRepr echo = new IcmpRepr.EchoRequest(1, 2, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Ipv4Repr ip = Ipv4Repr.of(a, b, IpProtocol.ICMP, 64, 5, false, echo.length());
        byte[] frame = new byte[14 + ip.totalLength()];
        new EthernetRepr(MacAddress.BROADCAST, MacAddress.parse("02:00:00:00:00:01"), EtherType.IPV4).emit(frame, 0);
        ip.emit(frame, 14);
        echo.emit(frame, 34);
        return switch (kind) {
            case 0 -> frame;
            case 1 -> {
                byte[] arp = new byte[ArpRepr.LEN];
                new ArpRepr(ArpRepr.REQUEST, MacAddress.parse("02:00:00:00:00:01"), a, MacAddress.ZERO, b).emit(arp, 0);
                yield arp;
            }
            case 2 -> Arrays.copyOfRange(frame, 14, frame.length);
            default -> Arrays.copyOfRange(frame, 34, frame.length);
        };
    }

    @Property(tries = 3000)
    void parsersThrowOnlyMalformedPacketException(@ForAll("inputs") byte[] b,
                                                  @ForAll("offsets") int offPermille) {
        int off = b.length * offPermille / 1000;
        for (Parser p : PARSERS) {
            for (int len : new int[] {b.length - off, Math.max(0, b.length - off - 1)}) {
                try {
                    assertNotNull(p.parse(b, off, len));
                } catch (MalformedPacketException e) {
                    assertNotNull(e.reason());
                }
            }
        }
        // A frame is described whatever it holds.
        assertNotNull(FrameFormatter.describe(b, off, b.length - off));
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return Arbitraries.integers().between(0, 1000).edgeCases(c -> c.includeOnly(0, 1000));
    }

    @Property(tries = 1000)
    void whatParsesReEmitsToBytesThatParseToTheSameValue(@ForAll("inputs") byte[] b) throws Exception {
        // For whatever random bytes happen to be a valid IPv4 + ICMP packet, emit∘parse is stable.
        Ipv4Repr ip;
        IcmpRepr icmp;
        try {
            ip = Ipv4Repr.parse(b, 0, b.length);
            icmp = IcmpRepr.parse(b, ip.headerLength(), ip.payloadLength());
        } catch (MalformedPacketException e) {
            return;
        }
        byte[] out = new byte[icmp.length()];
        icmp.emit(out, 0);
        assertEquals(icmp, IcmpRepr.parse(out, 0, out.length));
    }
}
