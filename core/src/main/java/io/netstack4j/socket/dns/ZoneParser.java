package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsName;
import io.netstack4j.wire.Ipv4Address;

/** Reads the zone text described in {@link Zone}: a small subset of RFC 1035 §5.1. */
final class ZoneParser {
    private ZoneParser() {
    }

    static Zone parse(String text) {
        String[] lines = text.split("\r?\n", -1);
        Zone.Builder b = null;
        DnsName origin = DnsName.ROOT;
        Long ttl = null;
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            try {
                if (f[0].equalsIgnoreCase("$ORIGIN")) {
                    if (b != null) {
                        throw new IllegalArgumentException("$ORIGIN must come before the records");
                    }
                    expect(f, 2);
                    origin = DnsName.of(f[1]);
                    continue;
                }
                if (f[0].equalsIgnoreCase("$TTL")) {
                    expect(f, 2);
                    ttl = parseTtl(f[1]);
                    if (b != null) {
                        b.ttl(ttl);
                    }
                    continue;
                }
                if (b == null) {
                    b = Zone.builder(origin.toString());
                    if (ttl != null) {
                        b.ttl(ttl);
                    }
                }
                record(b, f);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("zone line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (b == null) {
            b = Zone.builder(origin.toString());
        }
        return b.build();
    }

    /** {@code name [ttl] [IN] TYPE data}. */
    private static void record(Zone.Builder b, String[] f) {
        int k = 1;
        long ttl = b.ttl();
        if (k < f.length && !f[k].isEmpty() && Character.isDigit(f[k].charAt(0))) {
            ttl = parseTtl(f[k++]);
        }
        if (k < f.length && f[k].equalsIgnoreCase("IN")) {
            k++;
        }
        if (f.length != k + 2) {
            throw new IllegalArgumentException("expected: name [ttl] [IN] A address | name [ttl] [IN] CNAME target");
        }
        DnsName name = name(f[0], b.origin());
        String type = f[k];
        String data = f[k + 1];
        if (type.equalsIgnoreCase("A")) {
            b.a(name, ttl, Ipv4Address.parse(data));
        } else if (type.equalsIgnoreCase("CNAME")) {
            b.cname(name, ttl, name(data, b.origin()));
        } else {
            throw new IllegalArgumentException("unsupported type " + type + " (A and CNAME only)");
        }
    }

    /** A name in a zone file: {@code @} is the origin, a name without a final dot is relative to it. */
    static DnsName name(String text, DnsName origin) {
        if (text.equals("@")) {
            return origin;
        }
        if (text.endsWith(".") || origin.isRoot()) {
            return DnsName.of(text);
        }
        return DnsName.of(text + "." + origin);
    }

    private static long parseTtl(String s) {
        try {
            long v = Long.parseLong(s);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad TTL: " + s);
        }
    }

    private static void expect(String[] f, int n) {
        if (f.length != n) {
            throw new IllegalArgumentException(f[0] + " takes " + (n - 1) + " argument(s)");
        }
    }

    private static String stripComment(String line) {
        int cut = line.length();
        int semi = line.indexOf(';');
        int hash = line.indexOf('#');
        if (semi >= 0) {
            cut = semi;
        }
        if (hash >= 0) {
            cut = Math.min(cut, hash);
        }
        return line.substring(0, cut);
    }
}
