package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;
import java.util.Arrays;
import java.util.Objects;

/**
 * An ICMPv4 message (RFC 792): an 8-byte header (type, code, checksum, 4 bytes that depend on
 * the type) and a body. The checksum covers the whole message.
 *
 * <p>The byte arrays in these records are not copied: {@link #parse} hands out fresh copies, and
 * whoever builds a record gives up the array it passes. {@code equals}, {@code hashCode} and
 * {@code toString} compare and print the contents.
 */
public sealed interface IcmpRepr permits IcmpRepr.EchoRequest, IcmpRepr.EchoReply,
        IcmpRepr.DestinationUnreachable, IcmpRepr.TimeExceeded, IcmpRepr.Other {
    /** Type, code, checksum, and the 4 type-specific bytes. */
    int HEADER_LEN = 8;

    int TYPE_ECHO_REPLY = 0;
    int TYPE_DEST_UNREACHABLE = 3;
    int TYPE_SOURCE_QUENCH = 4;
    int TYPE_REDIRECT = 5;
    int TYPE_ECHO_REQUEST = 8;
    int TYPE_TIME_EXCEEDED = 11;
    int TYPE_PARAMETER_PROBLEM = 12;

    /** Destination Unreachable codes (RFC 792; 4 with the next-hop MTU of RFC 1191 §4). */
    int CODE_NET_UNREACHABLE = 0;
    int CODE_HOST_UNREACHABLE = 1;
    int CODE_PROTOCOL_UNREACHABLE = 2;
    int CODE_PORT_UNREACHABLE = 3;
    int CODE_FRAGMENTATION_NEEDED = 4;

    /** Time Exceeded codes (RFC 792). */
    int CODE_TTL_EXCEEDED = 0;
    int CODE_REASSEMBLY_TIME_EXCEEDED = 1;

    /**
     * The most an ICMP error datagram should be, quoted datagram included: RFC 1812 §4.3.2.3 asks
     * for as much of the original as fits without the error exceeding 576 bytes.
     */
    int MAX_ERROR_DATAGRAM = 576;

    /** The ICMP type. */
    int type();

    /** The ICMP code. */
    int code();

    /** The length of the whole message: {@link #HEADER_LEN} plus the body. */
    int length();

    /** Writes the message at {@code off} ({@link #length()} bytes) with its checksum. */
    void emit(byte[] b, int off);

    /** Error messages, to which no ICMP error may be sent (RFC 1122 §3.2.2): 3, 4, 5, 11, 12. */
    static boolean isError(int type) {
        return type == TYPE_DEST_UNREACHABLE || type == TYPE_SOURCE_QUENCH || type == TYPE_REDIRECT
                || type == TYPE_TIME_EXCEEDED || type == TYPE_PARAMETER_PROBLEM;
    }

    /**
     * Parses and verifies the message of exactly {@code len} bytes at {@code off}. {@code len} is
     * the IP payload length, not what the frame happens to hold: the checksum covers the message
     * and nothing else.
     *
     * <p>Echo messages with a code other than 0, Time Exceeded codes other than 0 and 1, and all
     * other types become {@link Other}. The unused bytes of Destination Unreachable (all four, or
     * the first two with code 4) and Time Exceeded are ignored (RFC 1122 §3.2.2).
     *
     * @throws MalformedPacketException TRUNCATED (shorter than 8 bytes), BAD_CHECKSUM
     */
    static IcmpRepr parse(byte[] b, int off, int len) throws MalformedPacketException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len < HEADER_LEN) {
            throw new MalformedPacketException(DropReason.TRUNCATED, "ICMP message of %d bytes", len);
        }
        if (Checksum.compute(b, off, len) != 0) {
            throw new MalformedPacketException(DropReason.BAD_CHECKSUM,
                    "ICMP checksum 0x%04x does not verify", Bytes.u16(b, off + 2));
        }
        int type = b[off] & 0xFF;
        int code = b[off + 1] & 0xFF;
        int hi = Bytes.u16(b, off + 4);
        int lo = Bytes.u16(b, off + 6);
        byte[] body = Arrays.copyOfRange(b, off + HEADER_LEN, off + len);
        if (type == TYPE_ECHO_REQUEST && code == 0) {
            return new EchoRequest(hi, lo, body);
        } else if (type == TYPE_ECHO_REPLY && code == 0) {
            return new EchoReply(hi, lo, body);
        } else if (type == TYPE_DEST_UNREACHABLE) {
            return new DestinationUnreachable(code, code == CODE_FRAGMENTATION_NEEDED ? lo : 0, body);
        } else if (type == TYPE_TIME_EXCEEDED && code <= CODE_REASSEMBLY_TIME_EXCEEDED) {
            return new TimeExceeded(code, body);
        }
        return new Other(type, code, hi << 16 | lo, body);
    }

    /**
     * Echo (RFC 792, type 8): the receiver answers with an {@link EchoReply} carrying the same
     * identifier, sequence number and data.
     */
    record EchoRequest(int identifier, int sequence, byte[] data) implements IcmpRepr {
        public EchoRequest {
            Bytes.check16(identifier, "identifier");
            Bytes.check16(sequence, "sequence");
            Objects.requireNonNull(data, "data");
        }

        @Override public int type() {
            return TYPE_ECHO_REQUEST;
        }

        @Override public int code() {
            return 0;
        }

        @Override public int length() {
            return HEADER_LEN + data.length;
        }

        @Override public void emit(byte[] b, int off) {
            IcmpCodec.emit(b, off, TYPE_ECHO_REQUEST, 0, identifier << 16 | sequence, data);
        }

        /** The reply to this request (RFC 792: same identifier, sequence and data). */
        public EchoReply reply() {
            return new EchoReply(identifier, sequence, data);
        }

        @Override public boolean equals(Object o) {
            return o instanceof EchoRequest e && e.identifier == identifier && e.sequence == sequence
                    && Arrays.equals(e.data, data);
        }

        @Override public int hashCode() {
            return (identifier * 31 + sequence) * 31 + Arrays.hashCode(data);
        }

        @Override public String toString() {
            return "EchoRequest[identifier=" + identifier + ", sequence=" + sequence + ", data=" + IcmpCodec.hex(data) + "]";
        }
    }

    /** Echo Reply (RFC 792, type 0). */
    record EchoReply(int identifier, int sequence, byte[] data) implements IcmpRepr {
        public EchoReply {
            Bytes.check16(identifier, "identifier");
            Bytes.check16(sequence, "sequence");
            Objects.requireNonNull(data, "data");
        }

        @Override public int type() {
            return TYPE_ECHO_REPLY;
        }

        @Override public int code() {
            return 0;
        }

        @Override public int length() {
            return HEADER_LEN + data.length;
        }

        @Override public void emit(byte[] b, int off) {
            IcmpCodec.emit(b, off, TYPE_ECHO_REPLY, 0, identifier << 16 | sequence, data);
        }

        @Override public boolean equals(Object o) {
            return o instanceof EchoReply e && e.identifier == identifier && e.sequence == sequence
                    && Arrays.equals(e.data, data);
        }

        @Override public int hashCode() {
            return (identifier * 31 + sequence) * 31 + Arrays.hashCode(data);
        }

        @Override public String toString() {
            return "EchoReply[identifier=" + identifier + ", sequence=" + sequence + ", data=" + IcmpCodec.hex(data) + "]";
        }
    }

    /**
     * Destination Unreachable (RFC 792, type 3).
     *
     * @param code       one of the {@code CODE_*_UNREACHABLE} / {@link #CODE_FRAGMENTATION_NEEDED} codes, 0..255
     * @param nextHopMtu with code 4, the MTU of the next-hop network (RFC 1191 §4), else normally 0; 0..65535
     * @param quoted     the original datagram's IP header and at least its first 8 data bytes
     */
    record DestinationUnreachable(int code, int nextHopMtu, byte[] quoted) implements IcmpRepr {
        public DestinationUnreachable {
            Bytes.check8(code, "code");
            Bytes.check16(nextHopMtu, "nextHopMtu");
            Objects.requireNonNull(quoted, "quoted");
        }

        @Override public int type() {
            return TYPE_DEST_UNREACHABLE;
        }

        @Override public int length() {
            return HEADER_LEN + quoted.length;
        }

        /** Writes the message; the 16 bits before the next-hop MTU are zero. */
        @Override public void emit(byte[] b, int off) {
            IcmpCodec.emit(b, off, TYPE_DEST_UNREACHABLE, code, nextHopMtu, quoted);
        }

        @Override public boolean equals(Object o) {
            return o instanceof DestinationUnreachable d && d.code == code && d.nextHopMtu == nextHopMtu
                    && Arrays.equals(d.quoted, quoted);
        }

        @Override public int hashCode() {
            return (code * 31 + nextHopMtu) * 31 + Arrays.hashCode(quoted);
        }

        @Override public String toString() {
            return "DestinationUnreachable[code=" + code + ", nextHopMtu=" + nextHopMtu
                    + ", quoted=" + IcmpCodec.hex(quoted) + "]";
        }
    }

    /**
     * Time Exceeded (RFC 792, type 11).
     *
     * @param code   {@link #CODE_TTL_EXCEEDED} or {@link #CODE_REASSEMBLY_TIME_EXCEEDED}
     * @param quoted the original datagram's IP header and at least its first 8 data bytes
     */
    record TimeExceeded(int code, byte[] quoted) implements IcmpRepr {
        public TimeExceeded {
            if (code != CODE_TTL_EXCEEDED && code != CODE_REASSEMBLY_TIME_EXCEEDED) {
                throw new IllegalArgumentException("Time Exceeded code must be 0 or 1: " + code);
            }
            Objects.requireNonNull(quoted, "quoted");
        }

        @Override public int type() {
            return TYPE_TIME_EXCEEDED;
        }

        @Override public int length() {
            return HEADER_LEN + quoted.length;
        }

        /** Writes the message; the 4 unused bytes are zero. */
        @Override public void emit(byte[] b, int off) {
            IcmpCodec.emit(b, off, TYPE_TIME_EXCEEDED, code, 0, quoted);
        }

        @Override public boolean equals(Object o) {
            return o instanceof TimeExceeded t && t.code == code && Arrays.equals(t.quoted, quoted);
        }

        @Override public int hashCode() {
            return code * 31 + Arrays.hashCode(quoted);
        }

        @Override public String toString() {
            return "TimeExceeded[code=" + code + ", quoted=" + IcmpCodec.hex(quoted) + "]";
        }
    }

    /**
     * Any other message, kept as it came.
     *
     * @param type         0..255
     * @param code         0..255
     * @param restOfHeader the 4 type-specific header bytes, big-endian
     * @param body         what follows the 8-byte header
     */
    record Other(int type, int code, int restOfHeader, byte[] body) implements IcmpRepr {
        public Other {
            Bytes.check8(type, "type");
            Bytes.check8(code, "code");
            Objects.requireNonNull(body, "body");
        }

        @Override public int length() {
            return HEADER_LEN + body.length;
        }

        @Override public void emit(byte[] b, int off) {
            IcmpCodec.emit(b, off, type, code, restOfHeader, body);
        }

        @Override public boolean equals(Object o) {
            return o instanceof Other x && x.type == type && x.code == code && x.restOfHeader == restOfHeader
                    && Arrays.equals(x.body, body);
        }

        @Override public int hashCode() {
            return ((type * 31 + code) * 31 + restOfHeader) * 31 + Arrays.hashCode(body);
        }

        @Override public String toString() {
            return "Other[type=" + type + ", code=" + code + ", restOfHeader=0x" + Integer.toHexString(restOfHeader)
                    + ", body=" + IcmpCodec.hex(body) + "]";
        }
    }
}
