package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netstack4j.stats.DropReason;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Hand-made hostile messages, each rejected with its reason and nothing else. */
class DnsMalformedTest {
    /** Builds a message: a header with the given counts, then the octets given (ints, for readability). */
    private static byte[] msg(int qd, int an, int ns, int ar, int... body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int v : new int[] {0x12, 0x34, 0x01, 0x00, 0, qd, 0, an, 0, ns, 0, ar}) {
            out.write(v);
        }
        for (int v : body) {
            out.write(v);
        }
        return out.toByteArray();
    }

    private static MalformedPacketException assertRejected(DropReason reason, byte[] b) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> DnsMessage.parse(b, 0, b.length));
        assertEquals(reason, e.reason(), e::toString);
        return e;
    }

    private static void assertRejected(DropReason reason, String detail, byte[] b) {
        MalformedPacketException e = assertRejected(reason, b);
        assertTrue(e.getMessage().contains(detail), e::toString);
    }

    /** The octets of a TXT record owned by the root, of the given RDATA (at offset +11 of the record). */
    private static int[] txt(int... rdata) {
        int[] r = new int[11 + rdata.length];
        int[] fixed = {0, 0, 16, 0, 1, 0, 0, 0, 1, rdata.length >> 8, rdata.length & 0xFF};
        System.arraycopy(fixed, 0, r, 0, 11);
        System.arraycopy(rdata, 0, r, 11, rdata.length);
        return r;
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void truncatedHeader() {
        assertRejected(DropReason.TRUNCATED, new byte[0]);
        assertRejected(DropReason.TRUNCATED, Arrays.copyOf(msg(0, 0, 0, 0), 11));
    }

    @Test
    void pointerToItself() {
        assertRejected(DropReason.DNS_COMPRESSION_LOOP, msg(1, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1));
        // After a label: "a" then a pointer back to the name's own start would repeat "a" forever.
        assertRejected(DropReason.DNS_COMPRESSION_LOOP, msg(1, 0, 0, 0, 1, 'a', 0xC0, 12, 0, 1, 0, 1));
    }

    @Test
    void twoPointersAimedAtEachOther() {
        // Record 1 (at 12) hides a pointer to 25 in its opaque RDATA at 23; record 2's owner name at 25
        // points back to 23 (allowed: backwards), whose pointer leads forward to 25 again.
        assertRejected(DropReason.DNS_COMPRESSION_LOOP, "answer 1 NAME at offset 23 to offset 25", msg(0, 2, 0, 0, concat(txt(0xC0, 25),
                new int[] {0xC0, 23, 0, 16, 0, 1, 0, 0, 0, 1, 0, 0})));
        // Read the other way round (the first pointer met points forward), it is rejected too.
        assertRejected(DropReason.DNS_COMPRESSION_LOOP, msg(2, 0, 0, 0, 0xC0, 18, 0, 1, 0, 1, 0xC0, 12, 0, 1, 0, 1));
    }

    @Test
    void tooManyPointers() {
        // A chain of 200 pointers, each to the one before it (all backwards), ending at a root name.
        int[] rdata = new int[1 + 2 * 200];
        int first = 12 + 11;   // the RDATA of the TXT record
        for (int k = 0; k < 200; k++) {
            int target = first + (k == 0 ? 0 : 1 + 2 * (k - 1));
            rdata[1 + 2 * k] = 0xC0 | target >> 8;
            rdata[2 + 2 * k] = target & 0xFF;
        }
        int last = first + 1 + 2 * 199;
        byte[] b = msg(0, 2, 0, 0, concat(txt(rdata), new int[] {0xC0 | last >> 8, last & 0xFF, 0, 16, 0, 1, 0, 0, 0, 1, 0, 0}));
        assertRejected(DropReason.DNS_COMPRESSION_LOOP, "more than 127 compression pointers", b);
    }

    @Test
    void pointerPastTheEnd() {
        assertRejected(DropReason.DNS_POINTER_OUT_OF_RANGE, msg(1, 0, 0, 0, 0xC0, 18, 0, 1, 0, 1));   // 18 == length
        assertRejected(DropReason.DNS_POINTER_OUT_OF_RANGE, msg(1, 0, 0, 0, 0xFF, 0xFF, 0, 1, 0, 1));
    }

    @Test
    void truncatedQuestion() {
        byte[] ok = msg(1, 0, 0, 0, 1, 'a', 0, 0, 1, 0, 1);
        for (int cut = 12; cut < ok.length; cut++) {
            byte[] b = Arrays.copyOf(ok, cut);
            b[5] = 1;
            assertRejected(DropReason.TRUNCATED, b);
        }
        // A label running past the end, and half a pointer.
        assertRejected(DropReason.TRUNCATED, msg(1, 0, 0, 0, 9, 'a', 'b', 'c', 0, 1, 0, 1));
        assertRejected(DropReason.TRUNCATED, msg(0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 2, 0xC0));
    }

    @Test
    void truncatedRecord() {
        byte[] ok = msg(0, 1, 0, 0, txt(0xC0, 12));
        ok[ok.length - 2] = 0;   // make the RDATA two opaque zero octets: valid
        ok[ok.length - 1] = 0;
        for (int cut = 12; cut < ok.length; cut++) {
            assertRejected(DropReason.TRUNCATED, Arrays.copyOf(ok, cut));
        }
    }

    @Test
    void labelTooLong() {
        int[] body = new int[1 + 64 + 5];
        body[0] = 64;   // 0b01000000: not a length but the reserved extended-label type
        Arrays.fill(body, 1, 65, 'x');
        body[67] = 1;
        body[69] = 1;
        assertRejected(DropReason.DNS_BAD_NAME, msg(1, 0, 0, 0, body));
        assertRejected(DropReason.DNS_BAD_NAME, msg(1, 0, 0, 0, 0x80, 0, 0, 1, 0, 1));
    }

    @Test
    void nameTooLong() {
        // Four labels of 63: 4 * 64 + 1 = 257 octets.
        int[] name = new int[4 * 64 + 1];
        for (int k = 0; k < 4; k++) {
            name[64 * k] = 63;
            Arrays.fill(name, 64 * k + 1, 64 * k + 64, 'a' + k);
        }
        assertRejected(DropReason.DNS_BAD_NAME, "longer than 255", msg(1, 0, 0, 0, concat(name, new int[] {0, 1, 0, 1})));
        // Within limits in place, too long through a pointer: 63+63+63 (193 octets) then 63 + pointer.
        int[] first = Arrays.copyOf(name, 3 * 64 + 1);          // 3 labels + root = 193 octets, at 12
        first[3 * 64] = 0;
        int[] second = Arrays.copyOfRange(name, 0, 64);         // one label, then a pointer to the first name
        assertRejected(DropReason.DNS_BAD_NAME, "question 1 QNAME is longer than 255", msg(2, 0, 0, 0,
                concat(first, new int[] {0, 1, 0, 1}, second, new int[] {0xC0, 12, 0, 1, 0, 1})));
    }

    @Test
    void rdlengthPastTheEnd() {
        byte[] b = msg(0, 1, 0, 0, txt(1, 2, 3));
        b[b.length - 4] = 4;   // RDLENGTH 4, 3 octets there
        assertRejected(DropReason.TRUNCATED, b);
        byte[] huge = msg(0, 1, 0, 0, txt(1, 2, 3));
        huge[huge.length - 5] = (byte) 0xFF;
        assertRejected(DropReason.TRUNCATED, huge);
    }

    @Test
    void rdataNotFillingRdlength() {
        // An A record of 5 octets.
        assertRejected(DropReason.BAD_LENGTH, msg(0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 5, 1, 2, 3, 4, 5));
        // A CNAME whose name ends before RDLENGTH (3 octets: "a" and root, one left over) ...
        assertRejected(DropReason.BAD_LENGTH, msg(0, 1, 0, 0, 0, 0, 5, 0, 1, 0, 0, 0, 1, 0, 4, 1, 'a', 0, 0));
        // ... or runs past it into the next record.
        assertRejected(DropReason.BAD_LENGTH, msg(0, 1, 0, 0, 0, 0, 5, 0, 1, 0, 0, 0, 1, 0, 2, 1, 'a', 0));
        // An SOA missing its last 32-bit field inside RDLENGTH.
        assertRejected(DropReason.BAD_LENGTH, msg(0, 1, 0, 0, 0, 0, 6, 0, 1, 0, 0, 0, 1, 0, 18,
                0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5));
        // An MX with only its preference.
        assertRejected(DropReason.BAD_LENGTH, msg(0, 1, 0, 0, 0, 0, 15, 0, 1, 0, 0, 0, 1, 0, 2, 0, 10, 0));
    }

    @Test
    void countsLargerThanTheContent() {
        assertRejected(DropReason.TRUNCATED, msg(1, 0, 0, 0));
        assertRejected(DropReason.TRUNCATED, msg(0, 0, 0, 1));
        byte[] all = msg(0, 0, 0, 0);
        Arrays.fill(all, 4, 12, (byte) 0xFF);   // 4 * 65535 entries in 12 octets: refused before allocating
        assertRejected(DropReason.TRUNCATED, all);
        // Passes the first check (2 root-named records fit in 22 octets) but the second record is cut.
        assertRejected(DropReason.TRUNCATED, msg(0, 2, 0, 0, concat(txt(1, 2, 3, 4), new int[] {0, 0, 1, 0, 1, 0, 0, 0})));
    }
}
