package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsClass;
import io.netstack4j.wire.DnsName;
import io.netstack4j.wire.DnsRdata;
import io.netstack4j.wire.DnsRecord;
import io.netstack4j.wire.Ipv4Address;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The data of one zone that a {@link DnsServer} answers for with authority: A records and CNAMEs
 * below an origin, and a synthesised SOA for negative answers (RFC 2308 §3). Immutable.
 *
 * <p>Built with {@link #builder} or read from text by {@link #parse}, one record a line:
 * <pre>
 * $ORIGIN example.test.          ; optional, default the root: the zone holds every name
 * $TTL 300                       ; optional, default TTL of the records below
 * www        A     198.51.100.10
 * www  60 IN A     198.51.100.11 ; an explicit TTL and class
 * web        CNAME www           ; names without a final dot are relative to $ORIGIN
 * @          A     198.51.100.1  ; "@" is the origin
 * # comments start with ';' or '#'
 * </pre>
 * (a small subset of the master file format of RFC 1035 §5.1). A name may hold a CNAME or other
 * records, never both (RFC 1034 §3.6.2; RFC 2181 §10.1).
 */
public final class Zone {
    public static final long DEFAULT_TTL = 300;
    /** The negative caching TTL: the SOA's TTL and MINIMUM (RFC 2308 §4, §5). */
    public static final long DEFAULT_NEGATIVE_TTL = 60;
    /** The most records a zone holds. */
    public static final int MAX_RECORDS = 100_000;

    private final DnsName origin;
    private final Map<DnsName, List<DnsRecord>> addresses;
    private final Map<DnsName, DnsRecord> cnames;
    /** Every name that exists: owners and the empty non-terminals above them (RFC 8020). */
    private final Set<DnsName> names;
    private final DnsRecord soa;

    private Zone(Builder b) {
        this.origin = b.origin;
        Map<DnsName, List<DnsRecord>> a = new LinkedHashMap<>();
        b.addresses.forEach((n, list) -> a.put(n, List.copyOf(list)));
        this.addresses = Collections.unmodifiableMap(a);
        this.cnames = Collections.unmodifiableMap(new LinkedHashMap<>(b.cnames));
        Set<DnsName> all = new HashSet<>();
        for (DnsName n : concat(a.keySet(), cnames.keySet())) {
            for (DnsName p = n; !all.contains(p) && p.isSubdomainOf(origin); p = p.isRoot() ? p : p.parent()) {
                all.add(p);
                if (p.isRoot()) {
                    break;
                }
            }
        }
        all.add(origin);
        this.names = Set.copyOf(all);
        DnsName ns = DnsName.of(origin.isRoot() ? "ns.invalid" : "ns." + origin);
        DnsName mbox = DnsName.of(origin.isRoot() ? "hostmaster.invalid" : "hostmaster." + origin);
        this.soa = new DnsRecord(origin, DnsClass.IN, b.negativeTtl,
                new DnsRdata.Soa(ns, mbox, 1, 3600, 600, 86_400, b.negativeTtl));
    }

    private static List<DnsName> concat(Set<DnsName> x, Set<DnsName> y) {
        List<DnsName> l = new ArrayList<>(x);
        l.addAll(y);
        return l;
    }

    /** A builder for a zone at {@code origin} ({@code "."} or {@code ""} for the root). */
    public static Builder builder(String origin) {
        return new Builder(DnsName.of(origin));
    }

    /**
     * Reads zone text (see the class comment).
     *
     * @throws IllegalArgumentException with the line number, for anything it does not understand
     */
    public static Zone parse(String text) {
        return ZoneParser.parse(text);
    }

    public DnsName origin() {
        return origin;
    }

    /** The SOA record given in the authority section of negative answers. */
    public DnsRecord soa() {
        return soa;
    }

    /** True if {@code name} is at or below the origin. */
    public boolean contains(DnsName name) {
        return name.isSubdomainOf(origin);
    }

    /** True if the name exists in the zone: it owns records or has names below it (RFC 8020). */
    public boolean exists(DnsName name) {
        return names.contains(name);
    }

    /** The A records of {@code name}, or an empty list. */
    public List<DnsRecord> addressRecords(DnsName name) {
        return addresses.getOrDefault(name, List.of());
    }

    /** The CNAME record of {@code name}, or {@code null}. */
    public DnsRecord cname(DnsName name) {
        return cnames.get(name);
    }

    /** Every record: A records then CNAMEs (not the SOA). */
    public List<DnsRecord> records() {
        List<DnsRecord> all = new ArrayList<>();
        addresses.values().forEach(all::addAll);
        all.addAll(cnames.values());
        return all;
    }

    @Override
    public String toString() {
        return "Zone[" + origin + ", " + records().size() + " records]";
    }

    /** Builds a {@link Zone}. Not thread-safe. */
    public static final class Builder {
        private final DnsName origin;
        private final Map<DnsName, List<DnsRecord>> addresses = new LinkedHashMap<>();
        private final Map<DnsName, DnsRecord> cnames = new LinkedHashMap<>();
        private long ttl = DEFAULT_TTL;
        private long negativeTtl = DEFAULT_NEGATIVE_TTL;
        private int count;

        private Builder(DnsName origin) {
            this.origin = Objects.requireNonNull(origin, "origin");
        }

        /** The TTL of records added from now on without one. */
        public Builder ttl(long seconds) {
            this.ttl = checkTtl(seconds);
            return this;
        }

        /** The SOA TTL and MINIMUM, hence how long negative answers may be cached. */
        public Builder negativeTtl(long seconds) {
            this.negativeTtl = checkTtl(seconds);
            return this;
        }

        public Builder a(String name, String... addresses) {
            for (String a : addresses) {
                a(DnsName.of(name), ttl, Ipv4Address.parse(a));
            }
            return this;
        }

        public Builder a(DnsName name, long ttlSeconds, Ipv4Address address) {
            check(name);
            if (cnames.containsKey(name)) {
                throw new IllegalArgumentException(name + " has a CNAME and cannot have other data (RFC 1034 §3.6.2)");
            }
            List<DnsRecord> list = addresses.computeIfAbsent(name, n -> new ArrayList<>());
            DnsRecord r = new DnsRecord(name, DnsClass.IN, checkTtl(ttlSeconds), new DnsRdata.A(address));
            if (list.stream().noneMatch(x -> x.data().equals(r.data()))) {
                list.add(r);
                count++;
            }
            return this;
        }

        public Builder cname(String name, String target) {
            return cname(DnsName.of(name), ttl, DnsName.of(target));
        }

        public Builder cname(DnsName name, long ttlSeconds, DnsName target) {
            check(name);
            if (addresses.containsKey(name) || cnames.containsKey(name)) {
                throw new IllegalArgumentException(name + " already has data; a CNAME must be alone (RFC 1034 §3.6.2)");
            }
            if (name.equals(origin)) {
                throw new IllegalArgumentException("the zone apex cannot be a CNAME (it holds the SOA)");
            }
            cnames.put(name, new DnsRecord(name, DnsClass.IN, checkTtl(ttlSeconds), new DnsRdata.Cname(target)));
            count++;
            return this;
        }

        public Zone build() {
            return new Zone(this);
        }

        DnsName origin() {
            return origin;
        }

        long ttl() {
            return ttl;
        }

        private void check(DnsName name) {
            if (!name.isSubdomainOf(origin)) {
                throw new IllegalArgumentException(name + " is outside the zone " + origin);
            }
            if (count >= MAX_RECORDS) {
                throw new IllegalArgumentException("more than " + MAX_RECORDS + " records");
            }
        }

        private static long checkTtl(long seconds) {
            if (seconds < 0 || seconds > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("TTL out of range 0..2^31-1 (RFC 2181 §8): " + seconds);
            }
            return seconds;
        }
    }
}
