package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DNS exchanges captured on a veth (scripts/capture-golden-dns.sh, see
 * src/test/resources/golden/README.md): queries from dig (BIND 9.18), answers from dnsmasq 2.90
 * as the authoritative server of example.test.
 *
 * <p>What holds, exactly:
 * <ul>
 *   <li>every frame's Ethernet, IPv4 and UDP headers re-emit byte for byte (the UDP checksum we
 *       compute equals the kernel's);</li>
 *   <li>dig's queries re-emit byte for byte, DNS message included, with compression or without
 *       (a query has one name, and the OPT record's root name is never compressed);</li>
 *   <li>dnsmasq's responses are not re-emitted identically with compression: dnsmasq compresses
 *       only answer owner names (a pointer to the question, or to the CNAME target) and writes the
 *       authority section's names and all RDATA names in full, while our emitter replaces every
 *       repeated suffix with a pointer, so ours is strictly shorter. For them parse → emit → parse
 *       gives an equal message, with and without compression;</li>
 *   <li>the NXDOMAIN response has no answers, so dnsmasq compressed nothing in it: re-emitted
 *       without compression it is identical, byte for byte.</li>
 * </ul>
 */
class DnsGoldenCaptureTest {
    private static final Ipv4Address CLIENT = Ipv4Address.parse("198.51.100.10");
    private static final Ipv4Address SERVER = Ipv4Address.parse("198.51.100.53");
    private static final DnsName WWW = DnsName.of("www.example.test");
    private static final DnsName ZONE = DnsName.of("example.test");
    private static final DnsName NS1 = DnsName.of("ns1.example.test");
    private static final Ipv4Address WWW_ADDRESS = Ipv4Address.parse("198.51.100.80");
    private static final DnsRecord NS_RECORD = new DnsRecord(ZONE, DnsClass.IN, 300, new DnsRdata.Ns(NS1));
    /** dnsmasq's answer to an EDNS query: UDP payload size 1232, no options. */
    private static final DnsRecord OPT_1232 = DnsRecord.opt(1232);

    @Test
    void aQueryWithEdnsAndItsAnswer() throws Exception {
        Exchange x = exchange("/golden/dns-a.pcap");
        assertQuery(x.query(), WWW, DnsType.A, true);
        DnsMessage r = x.response();
        assertResponseTo(x.query(), r, DnsRcode.NOERROR);
        assertEquals(List.of(new DnsRecord(WWW, DnsClass.IN, 300, new DnsRdata.A(WWW_ADDRESS))), r.answers());
        assertEquals(List.of(NS_RECORD), r.authorities());
        assertEquals(List.of(OPT_1232), r.additionals());
    }

    @Test
    void aQueryWithoutEdnsAndItsAnswer() throws Exception {
        Exchange x = exchange("/golden/dns-a-noedns.pcap");
        assertQuery(x.query(), WWW, DnsType.A, false);
        DnsMessage r = x.response();
        assertResponseTo(x.query(), r, DnsRcode.NOERROR);
        assertEquals(List.of(new DnsRecord(WWW, DnsClass.IN, 300, new DnsRdata.A(WWW_ADDRESS))), r.answers());
        assertEquals(List.of(NS_RECORD), r.authorities());
        assertEquals(List.of(), r.additionals());
    }

    @Test
    void cnameChain() throws Exception {
        Exchange x = exchange("/golden/dns-cname.pcap");
        DnsName alias = DnsName.of("alias.example.test");
        assertQuery(x.query(), alias, DnsType.A, false);
        DnsMessage r = x.response();
        assertResponseTo(x.query(), r, DnsRcode.NOERROR);
        assertEquals(List.of(new DnsRecord(alias, DnsClass.IN, 300, new DnsRdata.Cname(WWW)),
                new DnsRecord(WWW, DnsClass.IN, 300, new DnsRdata.A(WWW_ADDRESS))), r.answers());
        assertEquals(List.of(NS_RECORD), r.authorities());
        // dnsmasq wrote the second owner name as a pointer to the CNAME's RDATA (offset 48).
        byte[] dns = x.responseDns();
        assertEquals(0xC030, (dns[66] & 0xFF) << 8 | (dns[67] & 0xFF));
    }

    @Test
    void nxdomainCarriesTheZonesSoaForNegativeCaching() throws Exception {
        Exchange x = exchange("/golden/dns-nxdomain.pcap", Exact.UNCOMPRESSED);
        DnsName nx = DnsName.of("nx.example.test");
        assertQuery(x.query(), nx, DnsType.A, true);
        DnsMessage r = x.response();
        assertResponseTo(x.query(), r, DnsRcode.NXDOMAIN);
        assertEquals(List.of(), r.answers());
        DnsRdata.Soa soa = new DnsRdata.Soa(NS1, DnsName.of("hostmaster.example.test"),
                2024010101L, 1200, 120, 1209600, 300);
        assertEquals(List.of(new DnsRecord(ZONE, DnsClass.IN, 300, soa)), r.authorities());
        assertEquals(List.of(OPT_1232), r.additionals());
    }

    @Test
    void mxAnswer() throws Exception {
        Exchange x = exchange("/golden/dns-mx.pcap");
        assertQuery(x.query(), ZONE, DnsType.MX, false);
        DnsMessage r = x.response();
        assertResponseTo(x.query(), r, DnsRcode.NOERROR);
        assertEquals(List.of(new DnsRecord(ZONE, DnsClass.IN, 300,
                new DnsRdata.Mx(10, DnsName.of("mail.example.test")))), r.answers());
        assertEquals(List.of(NS_RECORD), r.authorities());
    }

    @Test
    void formatterShowsThePorts() throws Exception {
        byte[] frame = PcapReader.resource("/golden/dns-a-noedns.pcap").get(0).data();
        String line = FrameFormatter.describe(frame);
        assertTrue(line.matches(".*198\\.51\\.100\\.10\\.\\d+ > 198\\.51\\.100\\.53\\.53: UDP, 42 bytes, ttl 64"), line);
    }

    private static void assertQuery(DnsMessage q, DnsName name, int type, boolean edns) {
        assertEquals(List.of(new DnsQuestion(name, type, DnsClass.IN)), q.questions());
        // dig sets RD and, by default, AD ("+adflag", RFC 6840 §5.7).
        assertEquals(DnsMessage.FLAG_RD | DnsMessage.FLAG_AD, q.flags());
        assertTrue(!q.isResponse() && q.opcode() == DnsMessage.OPCODE_QUERY && q.isRecursionDesired());
        assertEquals(List.of(), q.answers());
        assertEquals(List.of(), q.authorities());
        if (edns) {
            DnsRecord opt = q.additionals().getFirst();
            assertEquals(1, q.additionals().size());
            assertEquals(DnsType.OPT, opt.type());
            assertEquals(DnsName.ROOT, opt.name());
            assertEquals(1232, opt.dnsClass(), "dig's advertised UDP payload size");
            assertEquals(0, opt.ttl());
            // One option: COOKIE (RFC 7873, code 10) with an 8-octet client cookie.
            byte[] options = ((DnsRdata.Other) opt.data()).data();
            assertEquals(12, options.length);
            assertArrayEquals(new byte[] {0, 10, 0, 8}, Arrays.copyOf(options, 4));
        } else {
            assertEquals(List.of(), q.additionals());
        }
    }

    private static void assertResponseTo(DnsMessage q, DnsMessage r, int rcode) {
        assertEquals(q.id(), r.id());
        assertEquals(q.questions(), r.questions());
        assertTrue(r.isResponse() && r.isAuthoritative() && r.isRecursionDesired());
        assertTrue(!r.isRecursionAvailable() && !r.isTruncated());
        assertEquals(rcode, r.rcode());
        // Built by our own response(): the same header (dnsmasq copies RD, drops AD, has no recursion).
        assertEquals(r.flags(), q.response(rcode, true, List.of(), List.of()).flags());
    }

    private record Exchange(DnsMessage query, DnsMessage response, byte[] responseDns) {
    }

    /** Which re-emission of a message gives the captured octets back. */
    private enum Exact { BOTH, UNCOMPRESSED, NEITHER }

    private static Exchange exchange(String resource) throws Exception {
        return exchange(resource, Exact.NEITHER);
    }

    /** Both frames: headers re-emitted exactly; the query exactly; the response through a round trip. */
    private static Exchange exchange(String resource, Exact responseExact) throws Exception {
        List<PcapReader.Frame> frames = PcapReader.resource(resource);
        assertEquals(2, frames.size());
        byte[] queryFrame = frames.get(0).data();
        byte[] responseFrame = frames.get(1).data();
        DnsMessage query = parseFrame(queryFrame, CLIENT, SERVER, Exact.BOTH);
        DnsMessage response = parseFrame(responseFrame, SERVER, CLIENT, responseExact);
        byte[] dns = Arrays.copyOfRange(responseFrame, 42, responseFrame.length);
        return new Exchange(query, response, dns);
    }

    private static DnsMessage parseFrame(byte[] frame, Ipv4Address src, Ipv4Address dst, Exact exact)
            throws MalformedPacketException {
        EthernetRepr eth = EthernetRepr.parse(frame, 0, frame.length);
        Ipv4Repr ip = Ipv4Repr.parse(frame, 14, frame.length - 14);
        assertEquals(src, ip.source());
        assertEquals(dst, ip.destination());
        assertEquals(IpProtocol.UDP, ip.protocol());
        assertEquals(20, ip.headerLength());
        assertEquals(frame.length, 14 + ip.totalLength(), "no Ethernet padding on a veth");
        UdpRepr udp = UdpRepr.parse(frame, 34, ip.payloadLength(), src, dst);
        assertEquals(ip.payloadLength(), udp.length());
        assertEquals(DnsMessage.PORT, dns53(udp, exact == Exact.BOTH));
        assertTrue(frame[40] != 0 || frame[41] != 0, "the kernel sent a checksum");
        DnsMessage dns = DnsMessage.parse(frame, 42, udp.payloadLength());

        // The headers, around the captured DNS octets: byte for byte.
        byte[] out = new byte[frame.length];
        eth.emit(out, 0);
        ip.emit(out, 14);
        System.arraycopy(frame, 42, out, 42, udp.payloadLength());
        udp.emit(out, 34, src, dst);
        assertArrayEquals(frame, out, "Ethernet/IPv4/UDP headers re-emitted");

        byte[] captured = Arrays.copyOfRange(frame, 42, frame.length);
        byte[] compressed = dns.toBytes();
        byte[] plain = new byte[dns.length(false)];
        assertEquals(plain.length, dns.emit(plain, 0, false));
        assertEquals(dns, DnsMessage.parse(compressed, 0, compressed.length), "parse(emit(m)) == m, compressed");
        assertEquals(dns, DnsMessage.parse(plain, 0, plain.length), "parse(emit(m)) == m, uncompressed");
        if (exact == Exact.BOTH) {
            assertArrayEquals(captured, compressed, "dig's query, re-emitted with compression");
            assertArrayEquals(captured, plain, "dig's query, re-emitted without compression");
            // And the whole frame, every layer emitted from the parsed values.
            byte[] whole = new byte[frame.length];
            eth.emit(whole, 0);
            ip.emit(whole, 14);
            dns.emit(whole, 42);
            udp.emit(whole, 34, src, dst);
            assertArrayEquals(frame, whole);
        } else {
            assertTrue(compressed.length < captured.length,
                    "our compression is greedier than dnsmasq's: " + compressed.length + " vs " + captured.length);
            if (exact == Exact.UNCOMPRESSED) {
                assertArrayEquals(captured, plain, "dnsmasq's uncompressed response, re-emitted without compression");
            } else {
                assertTrue(plain.length > captured.length, "dnsmasq does compress the answer owner names");
            }
        }
        return dns;
    }

    /** The server's port: the destination of a query, the source of a response. */
    private static int dns53(UdpRepr udp, boolean query) {
        return query ? udp.destinationPort() : udp.sourcePort();
    }
}
