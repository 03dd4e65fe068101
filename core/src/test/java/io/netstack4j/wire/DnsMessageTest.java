package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsMessageTest {
    private static final DnsName WWW = DnsName.of("www.example.test");
    private static final DnsName ZONE = DnsName.of("example.test");
    private static final Ipv4Address ADDR = Ipv4Address.parse("198.51.100.80");

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static DnsMessage reparse(byte[] b) throws MalformedPacketException {
        return DnsMessage.parse(b, 0, b.length);
    }

    @Test
    void aQueryByHand() throws Exception {
        DnsMessage q = DnsMessage.query(0x1234, WWW, DnsType.A);
        byte[] expected = hex("1234 0100 0001 0000 0000 0000"
                + "03777777 076578616d706c65 0474657374 00 0001 0001");
        assertArrayEquals(expected, q.toBytes());
        assertEquals(expected.length, q.length(false));
        assertEquals(q, reparse(expected));
        assertTrue(q.isRecursionDesired());
        assertFalse(q.isResponse());
    }

    @Test
    void aCompressedResponseByHand() throws Exception {
        DnsMessage q = DnsMessage.query(0x1234, WWW, DnsType.A);
        DnsMessage r = q.response(DnsRcode.NOERROR, true,
                List.of(new DnsRecord(WWW, DnsClass.IN, 60, new DnsRdata.A(ADDR))),
                List.of(new DnsRecord(ZONE, DnsClass.IN, 60, new DnsRdata.Ns(DnsName.of("ns1.example.test")))));
        byte[] expected = hex("1234 8500 0001 0001 0001 0000"
                + "03777777 076578616d706c65 0474657374 00 0001 0001"      // question at 12
                + "c00c 0001 0001 0000003c 0004 c6336450"                   // www → the question
                + "c010 0002 0001 0000003c 0006 036e7331 c010");            // example.test → offset 16
        assertArrayEquals(expected, r.toBytes());
        assertEquals(68, r.length());
        assertEquals(108, r.length(false));
        assertEquals(r, reparse(expected));
        byte[] plain = new byte[108];
        r.emit(plain, 0, false);
        assertEquals(r, reparse(plain));
    }

    @Test
    void flags() {
        int f = DnsMessage.flags(true, 2, true, true, true, true, DnsRcode.REFUSED);
        assertEquals(0x8000 | 2 << 11 | 0x0400 | 0x0200 | 0x0100 | 0x0080 | 5, f);
        DnsMessage m = new DnsMessage(7, f | DnsMessage.FLAG_AD | DnsMessage.FLAG_CD, List.of(), List.of(), List.of(),
                List.of());
        assertTrue(m.isResponse() && m.isAuthoritative() && m.isTruncated() && m.isRecursionDesired()
                && m.isRecursionAvailable() && m.isAuthenticData() && m.isCheckingDisabled());
        assertEquals(2, m.opcode());
        assertEquals(DnsRcode.REFUSED, m.rcode());
        assertEquals(0, DnsMessage.flags(false, 0, false, false, false, false, 0));
        assertThrows(IllegalArgumentException.class, () -> DnsMessage.flags(false, 16, false, false, false, false, 0));
        assertThrows(IllegalArgumentException.class, () -> DnsMessage.flags(false, 0, false, false, false, false, 16));
    }

    @Test
    void responseCopiesIdOpcodeQuestionRdAndCd() {
        DnsMessage q = new DnsMessage(99, DnsMessage.FLAG_RD | DnsMessage.FLAG_AD | DnsMessage.FLAG_CD,
                List.of(DnsQuestion.of("x.example.test", DnsType.AAAA)), List.of(), List.of(),
                List.of(DnsRecord.opt(1232)));
        DnsMessage r = q.response(DnsRcode.NXDOMAIN, true, List.of(), List.of());
        assertEquals(99, r.id());
        assertEquals(q.questions(), r.questions());
        assertEquals(DnsMessage.FLAG_QR | DnsMessage.FLAG_AA | DnsMessage.FLAG_RD | DnsMessage.FLAG_CD
                | DnsRcode.NXDOMAIN, r.flags());
        assertEquals(List.of(), r.additionals());
    }

    @Test
    void everyKindOfDataRoundTripsWithAndWithoutCompression() throws Exception {
        DnsName mail = DnsName.of("mail.example.test");
        List<DnsRecord> records = List.of(
                new DnsRecord(WWW, DnsClass.IN, 0xFFFF_FFFFL, new DnsRdata.A(ADDR)),
                new DnsRecord(ZONE, DnsClass.IN, 1, new DnsRdata.Ns(DnsName.of("ns1.example.test"))),
                new DnsRecord(DnsName.of("alias.example.test"), DnsClass.IN, 2, new DnsRdata.Cname(WWW)),
                new DnsRecord(ZONE, DnsClass.IN, 3, new DnsRdata.Soa(DnsName.of("ns1.example.test"),
                        DnsName.of("hostmaster.example.test"), 0xFFFF_FFFFL, 1, 2, 3, 4)),
                new DnsRecord(DnsName.of("80.100.51.198.in-addr.arpa"), DnsClass.IN, 4, new DnsRdata.Ptr(WWW)),
                new DnsRecord(ZONE, DnsClass.IN, 5, new DnsRdata.Mx(10, mail)),
                new DnsRecord(ZONE, DnsClass.IN, 6, new DnsRdata.Other(DnsType.TXT, new byte[] {3, 'a', 'b', 'c'})),
                new DnsRecord(WWW, DnsClass.CH, 7, new DnsRdata.Other(DnsType.A, new byte[] {1, 2})),
                new DnsRecord(WWW, DnsClass.IN, 8, new DnsRdata.Other(DnsType.AAAA, new byte[16])),
                new DnsRecord(DnsName.ROOT, DnsClass.IN, 9, new DnsRdata.Other(4321, new byte[0])));
        DnsMessage m = new DnsMessage(1, DnsMessage.FLAG_QR, List.of(DnsQuestion.of("example.test", DnsType.ANY)),
                records, records.subList(0, 3), List.of(DnsRecord.opt(4096)));
        byte[] compressed = m.toBytes();
        byte[] plain = new byte[m.length(false)];
        m.emit(plain, 0, false);
        assertTrue(compressed.length < plain.length);
        assertEquals(m, reparse(compressed));
        assertEquals(m, reparse(plain));
        // The same octets at an offset inside a bigger array: pointers are relative to the message.
        byte[] framed = new byte[compressed.length + 50];
        assertEquals(compressed.length, m.emit(framed, 42));
        assertEquals(m, DnsMessage.parse(framed, 42, compressed.length));
        assertArrayEquals(compressed, Arrays.copyOfRange(framed, 42, 42 + compressed.length));
    }

    @Test
    void compressionKeepsEachNamesCase() throws Exception {
        DnsMessage m = new DnsMessage(1, 0, List.of(DnsQuestion.of("WWW.example.test", DnsType.A)),
                List.of(new DnsRecord(DnsName.of("www.EXAMPLE.test"), DnsClass.IN, 1, new DnsRdata.A(ADDR)),
                        new DnsRecord(DnsName.of("WWW.example.test"), DnsClass.IN, 1, new DnsRdata.A(ADDR))),
                List.of(), List.of());
        byte[] b = m.toBytes();
        DnsMessage again = reparse(b);
        assertEquals("www.EXAMPLE.test", again.answers().get(0).name().toString());
        assertEquals("WWW.example.test", again.answers().get(1).name().toString());
        // The second answer is a pointer to the question; the first shares only "test".
        assertEquals(12 + 22 + (1 + 3 + 1 + 7 + 2) + 14 + 2 + 14, b.length);
    }

    @Test
    void namesBeyondThePointerRangeAreNotCompressionTargets() throws Exception {
        DnsName far = DnsName.of("far.example.test");
        List<DnsRecord> answers = List.of(
                new DnsRecord(WWW, DnsClass.IN, 1, new DnsRdata.Other(DnsType.TXT, new byte[20000])),
                new DnsRecord(far, DnsClass.IN, 1, new DnsRdata.A(ADDR)),
                new DnsRecord(far, DnsClass.IN, 1, new DnsRdata.A(ADDR)));
        DnsMessage m = new DnsMessage(1, 0, List.of(), answers, List.of(), List.of());
        byte[] b = m.toBytes();
        assertEquals(m, reparse(b));
        // www.example.test in full (18), then "far" + pointer to example.test (6), and again
        // (the first "far..." lies beyond offset 0x3FFF, where no pointer can reach).
        assertEquals(12 + (18 + 10 + 20000) + 2 * (6 + 10 + 4), b.length);
    }

    @Test
    void emitChecksRoomAndSize() {
        DnsMessage q = DnsMessage.query(1, WWW, DnsType.A);
        assertThrows(IndexOutOfBoundsException.class, () -> q.emit(new byte[q.length() - 1], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> q.emit(new byte[40], 10));
        byte[] big = new byte[30000];
        DnsRecord huge = new DnsRecord(WWW, DnsClass.IN, 1, new DnsRdata.Other(DnsType.TXT, big));
        DnsMessage tooBig = new DnsMessage(1, 0, List.of(), List.of(huge, huge, huge), List.of(), List.of());
        assertThrows(IllegalStateException.class, tooBig::length);
    }

    @Test
    void trailingOctetsAreIgnored() throws Exception {
        DnsMessage q = DnsMessage.query(1, WWW, DnsType.A);
        byte[] b = Arrays.copyOf(q.toBytes(), q.length() + 3);
        assertEquals(q, reparse(b));
    }

    @Test
    void recordsCheckTheirValues() {
        assertThrows(IllegalArgumentException.class,
                () -> new DnsRecord(WWW, DnsClass.CH, 1, new DnsRdata.A(ADDR)));
        assertThrows(IllegalArgumentException.class,
                () -> new DnsRecord(WWW, DnsClass.IN, 1, new DnsRdata.Other(DnsType.A, new byte[4])));
        assertThrows(IllegalArgumentException.class, () -> new DnsRdata.Other(DnsType.CNAME, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new DnsRecord(WWW, DnsClass.IN, -1, new DnsRdata.A(ADDR)));
        assertThrows(IllegalArgumentException.class, () -> new DnsRecord(WWW, DnsClass.IN, 1L << 32, new DnsRdata.A(ADDR)));
        assertThrows(IllegalArgumentException.class, () -> new DnsRecord(WWW, 65536, 1, new DnsRdata.Other(99, new byte[0])));
        assertThrows(IllegalArgumentException.class, () -> new DnsQuestion(WWW, 65536, 1));
        assertThrows(IllegalArgumentException.class, () -> new DnsRdata.Mx(-1, WWW));
        assertThrows(IllegalArgumentException.class, () -> new DnsRdata.Soa(WWW, WWW, 1L << 32, 0, 0, 0, 0));
        assertEquals(0, new DnsRecord(WWW, DnsClass.IN, 0x8000_0000L, new DnsRdata.A(ADDR)).effectiveTtl());
        assertEquals(0x7FFF_FFFFL, new DnsRecord(WWW, DnsClass.IN, 0x7FFF_FFFFL, new DnsRdata.A(ADDR)).effectiveTtl());
        assertEquals(new DnsRdata.Other(16, new byte[] {1}), new DnsRdata.Other(16, new byte[] {1}));
    }

    @Test
    void mnemonics() {
        assertEquals("A", DnsType.name(DnsType.A));
        assertEquals("OPT", DnsType.name(41));
        assertEquals("TYPE4321", DnsType.name(4321));
        assertEquals("IN", DnsClass.name(1));
        assertEquals("CLASS1232", DnsClass.name(1232));
        assertEquals("NXDOMAIN", DnsRcode.name(3));
        assertEquals("RCODE11", DnsRcode.name(11));
        assertEquals("www.example.test 300 IN A A[address=198.51.100.80]",
                new DnsRecord(WWW, DnsClass.IN, 300, new DnsRdata.A(ADDR)).toString());
    }
}
