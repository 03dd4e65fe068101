package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;
import java.util.Objects;

/**
 * An ARP packet for IPv4 over Ethernet (RFC 826): hardware type 1, protocol type 0x0800,
 * hardware length 6, protocol length 4. Any other combination is {@code UNSUPPORTED}.
 *
 * @param operation       {@link #REQUEST} or {@link #REPLY} (ar$op)
 * @param senderHardware  ar$sha
 * @param senderProtocol  ar$spa
 * @param targetHardware  ar$tha (zero in a request)
 * @param targetProtocol  ar$tpa
 */
public record ArpRepr(int operation, MacAddress senderHardware, Ipv4Address senderProtocol,
                      MacAddress targetHardware, Ipv4Address targetProtocol) {
    /** The length of an Ethernet/IPv4 ARP packet: 8 + 2 * (6 + 4). */
    public static final int LEN = 28;
    /** ares_op$REQUEST. */
    public static final int REQUEST = 1;
    /** ares_op$REPLY. */
    public static final int REPLY = 2;
    /** ares_hrd$Ethernet. */
    public static final int HTYPE_ETHERNET = 1;

    public ArpRepr {
        if (operation != REQUEST && operation != REPLY) {
            throw new IllegalArgumentException("ARP operation must be 1 or 2: " + operation);
        }
        Objects.requireNonNull(senderHardware, "senderHardware");
        Objects.requireNonNull(senderProtocol, "senderProtocol");
        Objects.requireNonNull(targetHardware, "targetHardware");
        Objects.requireNonNull(targetProtocol, "targetProtocol");
    }

    /**
     * Parses an ARP packet at {@code off}. Bytes beyond {@link #LEN} (Ethernet padding) are ignored.
     *
     * @throws MalformedPacketException TRUNCATED if shorter than 28 bytes (or than its fixed
     *                                  8-byte part); UNSUPPORTED if not Ethernet/IPv4 or the
     *                                  operation is neither request nor reply
     */
    public static ArpRepr parse(byte[] b, int off, int len) throws MalformedPacketException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len < 8) {
            throw new MalformedPacketException(DropReason.TRUNCATED, "ARP packet of %d bytes", len);
        }
        int htype = Bytes.u16(b, off);
        int ptype = Bytes.u16(b, off + 2);
        int hlen = b[off + 4] & 0xFF;
        int plen = b[off + 5] & 0xFF;
        int op = Bytes.u16(b, off + 6);
        if (htype != HTYPE_ETHERNET || ptype != EtherType.IPV4 || hlen != MacAddress.LENGTH
                || plen != Ipv4Address.LENGTH) {
            throw new MalformedPacketException(DropReason.UNSUPPORTED,
                    "ARP htype %d ptype 0x%04x hlen %d plen %d (only Ethernet/IPv4)", htype, ptype, hlen, plen);
        }
        if (op != REQUEST && op != REPLY) {
            throw new MalformedPacketException(DropReason.UNSUPPORTED, "ARP operation %d", op);
        }
        if (len < LEN) {
            throw new MalformedPacketException(DropReason.TRUNCATED,
                    "ARP packet of %d bytes, needs %d", len, LEN);
        }
        return new ArpRepr(op,
                MacAddress.read(b, off + 8), Ipv4Address.read(b, off + 14),
                MacAddress.read(b, off + 18), Ipv4Address.read(b, off + 24));
    }

    /** Writes the 28-byte packet at {@code off}. */
    public void emit(byte[] b, int off) {
        Objects.checkFromIndexSize(off, LEN, b.length);
        b[off] = 0;
        b[off + 1] = HTYPE_ETHERNET;
        Bytes.put16(b, off + 2, EtherType.IPV4);
        b[off + 4] = MacAddress.LENGTH;
        b[off + 5] = Ipv4Address.LENGTH;
        b[off + 6] = 0;
        b[off + 7] = (byte) operation;
        senderHardware.write(b, off + 8);
        senderProtocol.write(b, off + 14);
        targetHardware.write(b, off + 18);
        targetProtocol.write(b, off + 24);
    }

    public boolean isRequest() {
        return operation == REQUEST;
    }

}
