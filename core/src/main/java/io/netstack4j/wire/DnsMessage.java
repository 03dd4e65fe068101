package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A DNS message (RFC 1035 §4.1): a 12-octet header and four sections.
 *
 * <pre>
 *  0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
 * |                      ID                       |
 * |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
 * |                    QDCOUNT                    |
 * |                    ANCOUNT                    |
 * |                    NSCOUNT                    |
 * |                    ARCOUNT                    |
 * </pre>
 *
 * <p>The second header word is kept whole in {@code flags}, so every bit (the Z bit and the
 * DNSSEC AD and CD bits of RFC 4035 §3.2 included) reads back as it came; accessors pick out the
 * fields. The counts are those of the lists.
 *
 * <p>{@link #parse} checks everything it reads (see {@link DnsNameCompression} for names) and
 * never reads outside the given range; octets after the last record are ignored. {@link #emit}
 * compresses names by default (RFC 1035 §4.1.4). Equality is that of the values: names compare
 * case-insensitively, so {@code parse(emit(m))} equals {@code m}; the octets need not equal those
 * of another encoder, whose compression choices may differ.
 *
 * @param id          0..65535, copied from query to response
 * @param flags       the second header word, 0..65535 (see {@link #flags(boolean, int, boolean, boolean, boolean, boolean, int)})
 * @param questions   the question section
 * @param answers     the answer section
 * @param authorities the authority section
 * @param additionals the additional section (where an EDNS OPT record goes)
 */
public record DnsMessage(int id, int flags, List<DnsQuestion> questions, List<DnsRecord> answers,
                         List<DnsRecord> authorities, List<DnsRecord> additionals) {
    /** The header. */
    public static final int HEADER_LEN = 12;
    /** The most a DNS message over UDP may be without EDNS (RFC 1035 §4.2.1). */
    public static final int MAX_UDP_LEN = 512;
    /** The well-known port (RFC 1035 §4.2). */
    public static final int PORT = 53;

    public static final int FLAG_QR = 0x8000;
    public static final int FLAG_AA = 0x0400;
    public static final int FLAG_TC = 0x0200;
    public static final int FLAG_RD = 0x0100;
    public static final int FLAG_RA = 0x0080;
    /** Authentic data (RFC 4035 §3.2.3). */
    public static final int FLAG_AD = 0x0020;
    /** Checking disabled (RFC 4035 §3.2.2). */
    public static final int FLAG_CD = 0x0010;
    /** OPCODE of a standard query. */
    public static final int OPCODE_QUERY = 0;

    /** The least a question and a record can take on the wire: a root name and the fixed fields. */
    private static final int MIN_QUESTION_LEN = 1 + 4;
    private static final int MIN_RECORD_LEN = 1 + 10;

    public DnsMessage {
        Bytes.check16(id, "id");
        Bytes.check16(flags, "flags");
        questions = checkCount(questions, "questions");
        answers = checkCount(answers, "answers");
        authorities = checkCount(authorities, "authorities");
        additionals = checkCount(additionals, "additionals");
    }

    /**
     * The second header word from its fields (Z, AD and CD clear).
     *
     * @param opcode 0..15
     * @param rcode  0..15 ({@link DnsRcode})
     */
    public static int flags(boolean response, int opcode, boolean authoritative, boolean truncated,
                            boolean recursionDesired, boolean recursionAvailable, int rcode) {
        if ((opcode & ~0xF) != 0 || (rcode & ~0xF) != 0) {
            throw new IllegalArgumentException("opcode and rcode are 4 bits: " + opcode + ", " + rcode);
        }
        return (response ? FLAG_QR : 0) | opcode << 11 | (authoritative ? FLAG_AA : 0) | (truncated ? FLAG_TC : 0)
                | (recursionDesired ? FLAG_RD : 0) | (recursionAvailable ? FLAG_RA : 0) | rcode;
    }

    /** A standard query for {@code name}, {@code type}, class IN, with recursion desired, without EDNS. */
    public static DnsMessage query(int id, DnsName name, int type) {
        return new DnsMessage(id, FLAG_RD, List.of(new DnsQuestion(name, type, DnsClass.IN)),
                List.of(), List.of(), List.of());
    }

    /**
     * The response to this query (RFC 1035 §4.1.1): same ID, OPCODE, question section, RD and CD;
     * QR set; RA clear (the server does not recurse).
     */
    public DnsMessage response(int rcode, boolean authoritative, List<DnsRecord> answers, List<DnsRecord> authorities) {
        int f = flags(true, opcode(), authoritative, false, isRecursionDesired(), false, rcode) | (flags & FLAG_CD);
        return new DnsMessage(id, f, questions, answers, authorities, List.of());
    }

    public boolean isResponse() {
        return (flags & FLAG_QR) != 0;
    }

    /** OPCODE, 0..15: 0 is a standard query. */
    public int opcode() {
        return flags >>> 11 & 0xF;
    }

    public boolean isAuthoritative() {
        return (flags & FLAG_AA) != 0;
    }

    /** TC: the response did not fit and was cut (RFC 1035 §4.2.1); ask again over TCP. */
    public boolean isTruncated() {
        return (flags & FLAG_TC) != 0;
    }

    public boolean isRecursionDesired() {
        return (flags & FLAG_RD) != 0;
    }

    public boolean isRecursionAvailable() {
        return (flags & FLAG_RA) != 0;
    }

    public boolean isAuthenticData() {
        return (flags & FLAG_AD) != 0;
    }

    public boolean isCheckingDisabled() {
        return (flags & FLAG_CD) != 0;
    }

    /** RCODE, 0..15 ({@link DnsRcode}); the EDNS extended bits are not applied. */
    public int rcode() {
        return flags & 0xF;
    }

    /**
     * Parses the message of {@code len} octets at {@code off} (a UDP payload).
     *
     * @throws MalformedPacketException TRUNCATED (shorter than the header, fewer octets than the
     *                                  counts need, or a section running past the end), BAD_LENGTH (RDATA
     *                                  not filling RDLENGTH exactly), DNS_BAD_NAME, DNS_COMPRESSION_LOOP,
     *                                  DNS_POINTER_OUT_OF_RANGE
     */
    public static DnsMessage parse(byte[] b, int off, int len) throws MalformedPacketException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len < HEADER_LEN) {
            throw new MalformedPacketException(DropReason.TRUNCATED, "DNS message of %d octets", len);
        }
        DnsReader r = new DnsReader(b, off, len);
        int id = r.u16("ID");
        int flags = r.u16("flags");
        int qd = r.u16("QDCOUNT");
        int an = r.u16("ANCOUNT");
        int ns = r.u16("NSCOUNT");
        int ar = r.u16("ARCOUNT");
        // Cheap first check, before anything is allocated for them: can the counts fit at all?
        long least = (long) qd * MIN_QUESTION_LEN + (long) (an + ns + ar) * MIN_RECORD_LEN;
        if (least > r.remaining()) {
            throw new MalformedPacketException(DropReason.TRUNCATED,
                    "counts %d/%d/%d/%d need at least %d octets after the header, %d there",
                    qd, an, ns, ar, least, r.remaining());
        }
        List<DnsQuestion> questions = new ArrayList<>(qd);
        for (int i = 0; i < qd; i++) {
            questions.add(DnsQuestion.read(r, "question " + i));
        }
        return new DnsMessage(id, flags, questions, records(r, an, "answer "), records(r, ns, "authority "),
                records(r, ar, "additional "));
    }

    private static List<DnsRecord> records(DnsReader r, int count, String section) throws MalformedPacketException {
        List<DnsRecord> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(DnsRecord.read(r, section + i));
        }
        return list;
    }

    /** Writes the message at {@code off} with name compression; returns its length, {@link #length()}. */
    public int emit(byte[] b, int off) {
        return emit(b, off, true);
    }

    /**
     * Writes the message at {@code off}, with or without name compression, and returns its length.
     *
     * @throws IndexOutOfBoundsException if it does not fit (check {@link #length(boolean)} first)
     * @throws IllegalStateException     if it is over 65535 octets
     */
    public int emit(byte[] b, int off, boolean compress) {
        Objects.requireNonNull(b, "b");
        Objects.checkFromIndexSize(off, HEADER_LEN, b.length);
        DnsWriter w = new DnsWriter(b, off, compress);
        write(w);
        return w.offset();
    }

    /** The length {@link #emit(byte[], int)} writes. */
    public int length() {
        return length(true);
    }

    /** The length {@link #emit(byte[], int, boolean)} writes. */
    public int length(boolean compress) {
        DnsWriter w = new DnsWriter(null, 0, compress);
        write(w);
        return w.offset();
    }

    /** The message, compressed, in a new array of exactly its length. */
    public byte[] toBytes() {
        byte[] out = new byte[length()];
        emit(out, 0);
        return out;
    }

    private void write(DnsWriter w) {
        w.u16(id);
        w.u16(flags);
        w.u16(questions.size());
        w.u16(answers.size());
        w.u16(authorities.size());
        w.u16(additionals.size());
        for (DnsQuestion q : questions) {
            q.write(w);
        }
        for (List<DnsRecord> section : List.of(answers, authorities, additionals)) {
            for (DnsRecord rr : section) {
                rr.write(w);
            }
        }
        if (w.offset() > 0xFFFF) {
            throw new IllegalStateException("DNS message of " + w.offset() + " octets, over 65535");
        }
    }

    private static <T> List<T> checkCount(List<T> list, String name) {
        List<T> copy = List.copyOf(Objects.requireNonNull(list, name));
        if (copy.size() > 0xFFFF) {
            throw new IllegalArgumentException("more than 65535 " + name + ": " + copy.size());
        }
        return copy;
    }
}
