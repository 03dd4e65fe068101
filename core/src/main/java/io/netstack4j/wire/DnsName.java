package io.netstack4j.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A domain name (RFC 1035 §3.1): a sequence of labels of 1..63 octets ending with the empty
 * root label, at most 255 octets in its uncompressed wire form (length octets included).
 *
 * <p>Names compare ASCII case-insensitively (RFC 1035 §2.3.3, RFC 4343): {@code WWW.Example.TEST}
 * equals {@code www.example.test}, and {@link #hashCode} agrees. The octets are kept as they came,
 * so a name is written back with its original case. Label octets are arbitrary; as text, octets
 * outside printable ASCII and the characters {@code . \ ( ) ; " @ $} and space are escaped as in
 * RFC 1035 §5.1 ({@code \.} or {@code \DDD}).
 *
 * <p>Immutable; holds the uncompressed wire form (not exposed).
 */
public final class DnsName {
    /** The most octets of a name in uncompressed wire form, root label included (RFC 1035 §3.1). */
    public static final int MAX_LENGTH = 255;
    /** The most octets of one label (RFC 1035 §2.3.4). */
    public static final int MAX_LABEL_LENGTH = 63;
    /** The root, "." — the empty name. */
    public static final DnsName ROOT = new DnsName(new byte[] {0});

    private final byte[] wire;
    private final int hash;

    /** Takes a well-formed uncompressed wire form (checked by the caller), without copying it. */
    DnsName(byte[] wire) {
        this.wire = wire;
        int h = 1;
        for (byte x : wire) {
            h = 31 * h + lower(x);
        }
        this.hash = h;
    }

    /**
     * Parses presentation text: labels separated by dots, an optional final dot, {@code ""} or
     * {@code "."} for the root; {@code \X} stands for the character X and {@code \DDD} for the octet
     * with that decimal value.
     *
     * @throws IllegalArgumentException for an empty label, a label over 63 octets, a name over 255
     *                                  octets, a bad escape, or a character above U+00FF
     */
    public static DnsName of(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || text.equals(".")) {
            return ROOT;
        }
        byte[] out = new byte[MAX_LENGTH];
        int n = 0;          // octets written
        int labelAt = 0;    // where the current label's length octet is
        int labelLen = 0;
        int i = 0;
        while (i <= text.length()) {
            if (i == text.length() || text.charAt(i) == '.') {
                if (labelLen == 0) {
                    if (i == text.length()) {
                        break;   // just after the final dot of an absolute name
                    }
                    throw new IllegalArgumentException("empty label in DNS name: " + text);
                }
                out[labelAt] = (byte) labelLen;
                labelLen = 0;
                i++;
                continue;
            }
            if (labelLen == 0) {
                labelAt = n++;
            }
            int c = text.charAt(i++);
            if (c == '\\') {
                if (i >= text.length()) {
                    throw new IllegalArgumentException("dangling escape in DNS name: " + text);
                }
                if (i + 3 <= text.length() && isDigits(text, i)) {
                    c = Integer.parseInt(text, i, i + 3, 10);
                    i += 3;
                    if (c > 255) {
                        throw new IllegalArgumentException("escape above \\255 in DNS name: " + text);
                    }
                } else {
                    c = text.charAt(i++);
                }
            }
            if (c > 0xFF) {
                throw new IllegalArgumentException("character above U+00FF in DNS name: " + text);
            }
            if (++labelLen > MAX_LABEL_LENGTH) {
                throw new IllegalArgumentException("label over 63 octets in DNS name: " + text);
            }
            if (n >= MAX_LENGTH - 1) {
                throw new IllegalArgumentException("DNS name over 255 octets: " + text);
            }
            out[n++] = (byte) c;
        }
        out[n++] = 0;
        return new DnsName(Arrays.copyOf(out, n));
    }

    /** The number of labels, the root label not counted (0 for the root). */
    public int labelCount() {
        int count = 0;
        for (int p = 0; wire[p] != 0; p += 1 + wire[p]) {
            count++;
        }
        return count;
    }

    /** The labels from the leftmost, each octet as the char of the same value (ISO-8859-1), unescaped. */
    public List<String> labels() {
        List<String> labels = new ArrayList<>();
        for (int p = 0; wire[p] != 0; p += 1 + wire[p]) {
            labels.add(new String(wire, p + 1, wire[p], StandardCharsets.ISO_8859_1));
        }
        return labels;
    }

    /** The length of the uncompressed wire form, 1..255. */
    public int wireLength() {
        return wire.length;
    }

    public boolean isRoot() {
        return wire.length == 1;
    }

    /** This name without its leftmost label ({@code example.test} for {@code www.example.test}). */
    public DnsName parent() {
        if (isRoot()) {
            throw new IllegalStateException("the root has no parent");
        }
        return suffix(1);
    }

    /** True if this name equals {@code ancestor} or lies below it (case-insensitively). */
    public boolean isSubdomainOf(DnsName ancestor) {
        int skip = wire.length - ancestor.wire.length;
        if (skip < 0) {
            return false;
        }
        // The suffix must start on a label boundary.
        int p = 0;
        while (p < skip) {
            p += 1 + wire[p];
        }
        return p == skip && equalsIgnoringCase(wire, skip, ancestor.wire, 0, ancestor.wire.length);
    }

    /** The name made of the labels from index {@code firstLabel} on. */
    DnsName suffix(int firstLabel) {
        int p = 0;
        for (int k = 0; k < firstLabel; k++) {
            p += 1 + wire[p];
        }
        return p == 0 ? this : new DnsName(Arrays.copyOfRange(wire, p, wire.length));
    }

    /** The uncompressed wire form, not copied: callers must not modify it. */
    byte[] wire() {
        return wire;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsName other && other.hash == hash
                && other.wire.length == wire.length && equalsIgnoringCase(wire, 0, other.wire, 0, wire.length);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Presentation text without the final dot; the root is {@code "."}. */
    @Override
    public String toString() {
        if (isRoot()) {
            return ".";
        }
        StringBuilder sb = new StringBuilder(wire.length + 8);
        for (int p = 0; wire[p] != 0; p += 1 + wire[p]) {
            if (p > 0) {
                sb.append('.');
            }
            for (int k = p + 1; k <= p + wire[p]; k++) {
                int c = wire[k] & 0xFF;
                if (c <= 0x20 || c >= 0x7F) {
                    sb.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + c / 10 % 10))
                            .append((char) ('0' + c % 10));
                } else {
                    if (".\\();\"@$".indexOf(c) >= 0) {
                        sb.append('\\');
                    }
                    sb.append((char) c);
                }
            }
        }
        return sb.toString();
    }

    private static boolean equalsIgnoringCase(byte[] a, int aOff, byte[] b, int bOff, int len) {
        for (int k = 0; k < len; k++) {
            if (lower(a[aOff + k]) != lower(b[bOff + k])) {
                return false;
            }
        }
        return true;
    }

    /** ASCII lower case; only A-Z fold (RFC 4343 §3). Length octets are at most 63, never letters. */
    private static int lower(byte x) {
        return x >= 'A' && x <= 'Z' ? x + ('a' - 'A') : x;
    }

    private static boolean isDigits(String s, int i) {
        for (int k = i; k < i + 3; k++) {
            if (s.charAt(k) < '0' || s.charAt(k) > '9') {
                return false;
            }
        }
        return true;
    }
}
