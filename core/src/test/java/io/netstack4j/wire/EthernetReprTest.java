package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netstack4j.stats.DropReason;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EthernetReprTest {
    private static final byte[] HEADER = HexFormat.of().parseHex("ffffffffffff" + "020000004701" + "0806");

    @Test
    void parsesAndEmits() throws Exception {
        EthernetRepr e = EthernetRepr.parse(HEADER, 0, HEADER.length);
        assertEquals(new EthernetRepr(MacAddress.BROADCAST, MacAddress.parse("02:00:00:00:47:01"), EtherType.ARP), e);
        byte[] out = new byte[EthernetRepr.HEADER_LEN + 2];
        e.emit(out, 2);
        assertArrayEquals(HEADER, java.util.Arrays.copyOfRange(out, 2, out.length));
    }

    @Test
    void parsesAtAnOffsetAndIgnoresThePayload() throws Exception {
        byte[] b = new byte[5 + 14 + 46];
        System.arraycopy(HEADER, 0, b, 5, 14);
        b[5 + 12] = 0x08;
        b[5 + 13] = 0x00;
        EthernetRepr e = EthernetRepr.parse(b, 5, b.length - 5);
        assertEquals(EtherType.IPV4, e.etherType());
    }

    @Test
    void rejectsTruncated() {
        var ex = assertThrows(MalformedPacketException.class, () -> EthernetRepr.parse(HEADER, 0, 13));
        assertEquals(DropReason.TRUNCATED, ex.reason());
        assertEquals(DropReason.TRUNCATED,
                assertThrows(MalformedPacketException.class, () -> EthernetRepr.parse(new byte[0], 0, 0)).reason());
    }

    @Test
    void rejects8023LengthField() {
        byte[] b = HEADER.clone();
        b[12] = 0x05;
        b[13] = (byte) 0xDC;  // 1500: an IEEE 802.3 length, not an EtherType
        var ex = assertThrows(MalformedPacketException.class, () -> EthernetRepr.parse(b, 0, b.length));
        assertEquals(DropReason.UNSUPPORTED, ex.reason());
        b[12] = 0x06;
        b[13] = 0x00;  // 0x0600 is the first EtherType
        assertEquals(0x0600, assertDoesNotThrowParse(b).etherType());
    }

    private static EthernetRepr assertDoesNotThrowParse(byte[] b) {
        try {
            return EthernetRepr.parse(b, 0, b.length);
        } catch (MalformedPacketException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void constructorRejectsNonEtherTypes() {
        assertThrows(IllegalArgumentException.class,
                () -> new EthernetRepr(MacAddress.BROADCAST, MacAddress.ZERO, 0x05FF));
        assertThrows(IllegalArgumentException.class,
                () -> new EthernetRepr(MacAddress.BROADCAST, MacAddress.ZERO, 0x10000));
    }
}
