package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the DNS codec: whatever the octets, {@link DnsMessage#parse} returns a message or
 * throws {@link MalformedPacketException} (DESIGN.md §4.5); what parses re-emits to octets that
 * parse to the same message; and {@code parse(emit(m)) == m} for generated messages, with and
 * without compression.
 */
class DnsPropertyTest {
    /** The DNS payloads of every golden frame (queries from dig, responses from dnsmasq). */
    private static final List<byte[]> GOLDEN = golden();

    private static List<byte[]> golden() {
        List<byte[]> all = new ArrayList<>();
        for (String f : List.of("dns-a", "dns-a-noedns", "dns-cname", "dns-nxdomain", "dns-mx")) {
            try {
                for (PcapReader.Frame frame : PcapReader.resource("/golden/" + f + ".pcap")) {
                    all.add(Arrays.copyOfRange(frame.data(), 42, frame.data().length));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    // ---- hostile input ----

    @Provide
    Arbitrary<byte[]> inputs() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        // Random octets behind a header whose counts are small, so the sections get parsed.
        Arbitrary<byte[]> smallCounts = random.map(b -> {
            if (b.length >= 12) {
                for (int i = 4; i < 12; i += 2) {
                    b[i] = 0;
                    b[i + 1] &= 3;
                }
            }
            return b;
        });
        Arbitrary<byte[]> mutated = Combinators.combine(
                Arbitraries.integers().between(0, GOLDEN.size() - 1),
                Arbitraries.integers().between(0, 1 << 21).list().ofMaxSize(6),
                Arbitraries.integers().between(0, 1000))
            .as((which, edits, cutPermille) -> {
                byte[] b = GOLDEN.get(which).clone();
                for (int e : edits) {
                    int at = e % b.length;
                    switch (e >>> 16 & 7) {
                        case 0 -> b[at] ^= (byte) (1 << (e >>> 13 & 7));
                        case 1 -> {                                     // a pointer, aimed anywhere near
                            b[at] = (byte) 0xC0;
                            if (at + 1 < b.length) {
                                b[at + 1] = (byte) ((e >>> 8) % (b.length + 8));
                            }
                        }
                        case 2 -> b[at] = (byte) (e >>> 8);
                        case 3 -> b[at] = 0;
                        default -> {                                    // the first name: a pointer at or after itself
                            if (b.length > 14) {
                                b[12] = (byte) 0xC0;
                                b[13] = (byte) (12 + e % (b.length - 12));
                            }
                        }
                    }
                }
                return cutPermille > 900 ? Arrays.copyOf(b, b.length * (cutPermille - 900) / 100) : b;
            });
        return Arbitraries.oneOf(random, smallCounts, mutated);
    }

    @Property(tries = 5000)
    void parseThrowsOnlyMalformedPacketExceptionAndWhatParsesRoundTrips(@ForAll("inputs") byte[] b) throws Exception {
        DnsMessage m;
        try {
            m = DnsMessage.parse(b, 0, b.length);
        } catch (MalformedPacketException e) {
            assertNotNull(e.reason());
            Statistics.collect(e.reason().name());
            return;
        }
        Statistics.collect("parsed");
        byte[] compressed = m.toBytes();
        assertEquals(m, DnsMessage.parse(compressed, 0, compressed.length));
        byte[] plain = new byte[m.length(false)];
        m.emit(plain, 0, false);
        assertEquals(m, DnsMessage.parse(plain, 0, plain.length));
        Statistics.coverage(c -> {
            // The inputs reach past the first checks: messages parse, and names get rejected in every way.
            c.check("parsed").percentage(p -> p > 5);
            for (String reason : List.of("TRUNCATED", "DNS_BAD_NAME", "DNS_COMPRESSION_LOOP", "DNS_POINTER_OUT_OF_RANGE",
                    "BAD_LENGTH")) {
                c.check(reason).count(n -> n > 0);
            }
        });
    }

    @Property(tries = 2000)
    void udpParseThrowsOnlyMalformedPacketException(@ForAll("inputs") byte[] b) {
        Ipv4Address a = Ipv4Address.parse("198.51.100.10");
        Ipv4Address c = Ipv4Address.parse("198.51.100.53");
        try {
            UdpRepr udp = UdpRepr.parse(b, 0, b.length, a, c);
            assertEquals(true, udp.length() <= b.length);
        } catch (MalformedPacketException e) {
            assertNotNull(e.reason());
        }
    }

    @Property(tries = 300)
    void everyGoldenMessageAtEveryLengthParsesOrIsRejected(@ForAll("goldenIndex") int which) {
        byte[] b = GOLDEN.get(which);
        for (int len = 0; len < b.length; len++) {
            try {
                DnsMessage.parse(b, 0, len);
            } catch (MalformedPacketException e) {
                assertNotNull(e.reason());
            }
        }
    }

    @Provide
    Arbitrary<Integer> goldenIndex() {
        return Arbitraries.integers().between(0, GOLDEN.size() - 1);
    }

    // ---- generated messages ----

    @Provide
    Arbitrary<DnsName> names() {
        Arbitrary<byte[]> common = Arbitraries.of("www", "WWW", "example", "Example", "test", "ns1", "mail", "a")
                .map(s -> s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(63);
        Arbitrary<byte[]> label = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, common), net.jqwik.api.Tuple.of(1, any));
        return label.list().ofMaxSize(7).map(labels -> {
            byte[] wire = new byte[DnsName.MAX_LENGTH];
            int n = 0;
            for (byte[] l : labels) {
                if (n + 1 + l.length + 1 > DnsName.MAX_LENGTH) {
                    break;
                }
                wire[n++] = (byte) l.length;
                System.arraycopy(l, 0, wire, n, l.length);
                n += l.length;
            }
            wire[n++] = 0;
            return new DnsName(Arrays.copyOf(wire, n));
        });
    }

    @Provide
    Arbitrary<DnsRdata> rdata() {
        Arbitrary<DnsName> name = names();
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
        Arbitrary<Integer> otherType = Arbitraries.integers().between(0, 0xFFFF).filter(t ->
                t != DnsType.NS && t != DnsType.CNAME && t != DnsType.SOA && t != DnsType.PTR && t != DnsType.MX);
        return Arbitraries.oneOf(
                Arbitraries.integers().map(bits -> new DnsRdata.A(new Ipv4Address(bits))),
                name.map(DnsRdata.Ns::new),
                name.map(DnsRdata.Cname::new),
                name.map(DnsRdata.Ptr::new),
                Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), name).as(DnsRdata.Mx::new),
                Combinators.combine(name, name, u32, u32, u32, u32, u32).as(DnsRdata.Soa::new),
                Combinators.combine(otherType, Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
                        .as(DnsRdata.Other::new));
    }

    @Provide
    Arbitrary<DnsRecord> records() {
        Arbitrary<Integer> anyClass = Arbitraries.oneOf(Arbitraries.just(DnsClass.IN),
                Arbitraries.integers().between(0, 0xFFFF));
        return Combinators.combine(names(), anyClass, Arbitraries.longs().between(0, 0xFFFF_FFFFL), rdata())
                .as((name, dnsClass, ttl, data) -> {
                    int c = dnsClass;
                    if (data instanceof DnsRdata.A) {
                        c = DnsClass.IN;
                    } else if (data.type() == DnsType.A && c == DnsClass.IN) {
                        c = DnsClass.CH;
                    }
                    return new DnsRecord(name, c, ttl, data);
                });
    }

    @Provide
    Arbitrary<DnsMessage> messages() {
        Arbitrary<DnsQuestion> question = Combinators.combine(names(), Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.integers().between(0, 0xFFFF)).as(DnsQuestion::new);
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xFFFF);
        return Combinators.combine(u16, u16, question.list().ofMaxSize(3), records().list().ofMaxSize(4),
                records().list().ofMaxSize(3), records().list().ofMaxSize(3)).as(DnsMessage::new);
    }

    @Property(tries = 1000)
    void parseOfEmitIsTheSameMessage(@ForAll("messages") DnsMessage m) throws Exception {
        byte[] compressed = m.toBytes();
        assertEquals(m.length(), compressed.length);
        assertEquals(m, DnsMessage.parse(compressed, 0, compressed.length));
        byte[] plain = new byte[m.length(false)];
        assertEquals(plain.length, m.emit(plain, 0, false));
        assertEquals(m, DnsMessage.parse(plain, 0, plain.length));
        // Names keep their octets (case included) through compression: re-emitting gives the same bytes.
        byte[] again = DnsMessage.parse(compressed, 0, compressed.length).toBytes();
        assertArrayEquals(compressed, again);
    }

    @Property(tries = 1000)
    void namesSurviveTheirText(@ForAll("names") DnsName n) {
        DnsName back = DnsName.of(n.toString());
        assertArrayEquals(n.wire(), back.wire());
        assertEquals(n, back);
    }
}
