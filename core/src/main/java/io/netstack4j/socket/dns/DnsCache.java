package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsName;
import io.netstack4j.wire.DnsRdata;
import io.netstack4j.wire.DnsRecord;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The resolver's cache of RRsets and negative answers, keyed by owner name and type, with
 * least-recently-used eviction at a fixed capacity. Pure: the time is an argument, one thread.
 *
 * <p>Positive entries live for the smallest TTL of their RRset (RFC 2181 §5.2), capped at
 * {@code maxTtlSeconds}; a TTL of zero is not cached (RFC 1035 §3.2.1: "only for the transaction in
 * progress"). A hit returns the records with the TTL that is left.
 *
 * <p>Negative entries (RFC 2308): a name error (NXDOMAIN, §5) covers every type of the name; a
 * NODATA answer (§5) covers one type. Both live for the smaller of the SOA record's TTL and its
 * MINIMUM field (§3, §5), capped at {@code maxNegativeTtlSeconds}; an answer without an SOA is not
 * cached (§5: "negative responses without SOA records SHOULD NOT be cached").
 */
public final class DnsCache {
    public static final int DEFAULT_CAPACITY = 1024;
    /** One day: no positive entry lives longer, whatever its TTL. */
    public static final long DEFAULT_MAX_TTL_SECONDS = 86_400;
    /** Three hours, the upper end RFC 2308 §5 recommends for negative caching. */
    public static final long DEFAULT_MAX_NEGATIVE_TTL_SECONDS = 10_800;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** The key type of a name error: every type of the name. Real TYPEs are 0..65535. */
    private static final int ANY_TYPE_OF_NAME = -1;

    /** What the cache knows about a (name, type). */
    public sealed interface Hit permits Records, NameError, NoData {
    }

    /** The RRset, each record carrying the TTL left (whole seconds, at least 1). */
    public record Records(List<DnsRecord> records) implements Hit {
    }

    /** The name does not exist (RFC 2308 §2.1); {@code soa} with the TTL left. */
    public record NameError(DnsRecord soa) implements Hit {
    }

    /** The name exists without records of that type (RFC 2308 §2.2); {@code soa} with the TTL left. */
    public record NoData(DnsRecord soa) implements Hit {
    }

    private record Key(DnsName name, int type) {
    }

    /** {@code records} as stored (TTLs as received), or a negative entry's SOA. */
    private record Entry(List<DnsRecord> records, DnsRecord soa, boolean nameError, long storedAt, long expiresAt) {
    }

    private final int capacity;
    private final long maxTtlSeconds;
    private final long maxNegativeTtlSeconds;
    private final LinkedHashMap<Key, Entry> map;
    private long hits;
    private long misses;
    private long stored;
    private long storedNegative;
    private long notStored;
    private long expired;
    private long evicted;

    /** A cache of {@link #DEFAULT_CAPACITY} entries with the default TTL caps. */
    public DnsCache() {
        this(DEFAULT_CAPACITY, DEFAULT_MAX_TTL_SECONDS, DEFAULT_MAX_NEGATIVE_TTL_SECONDS);
    }

    /**
     * @param capacity              the most entries (an RRset or a negative answer each); 0 disables the cache
     * @param maxTtlSeconds         cap on positive TTLs
     * @param maxNegativeTtlSeconds cap on negative TTLs
     */
    public DnsCache(int capacity, long maxTtlSeconds, long maxNegativeTtlSeconds) {
        if (capacity < 0 || maxTtlSeconds < 0 || maxNegativeTtlSeconds < 0) {
            throw new IllegalArgumentException("negative cache bound");
        }
        this.capacity = capacity;
        this.maxTtlSeconds = maxTtlSeconds;
        this.maxNegativeTtlSeconds = maxNegativeTtlSeconds;
        this.map = new LinkedHashMap<>(16, 0.75f, true);
    }

    /**
     * What is known about {@code type} records of {@code name} at {@code now}: a cached name error
     * answers for every type. Expired entries are removed on the way (counted).
     *
     * @return the hit, or {@code null} on a miss (counted)
     */
    public Hit get(DnsName name, int type, long now) {
        Entry e = live(new Key(name, ANY_TYPE_OF_NAME), now);
        if (e == null) {
            e = live(new Key(name, type), now);
        }
        if (e == null) {
            misses++;
            return null;
        }
        hits++;
        long left = secondsLeft(e, now);
        if (e.soa != null) {
            DnsRecord soa = withTtl(e.soa, left);
            return e.nameError ? new NameError(soa) : new NoData(soa);
        }
        List<DnsRecord> out = new ArrayList<>(e.records.size());
        for (DnsRecord r : e.records) {
            out.add(withTtl(r, left));
        }
        return new Records(List.copyOf(out));
    }

    /**
     * Caches an RRset: records of one owner name and one type (RFC 2181 §5). A name error cached
     * for that name is dropped, since the name now exists.
     *
     * @return whether it was stored (not if the TTL is zero or the cache is disabled)
     */
    public boolean putRecords(List<DnsRecord> rrset, long now) {
        if (rrset.isEmpty()) {
            throw new IllegalArgumentException("empty RRset");
        }
        DnsName name = rrset.getFirst().name();
        int type = rrset.getFirst().type();
        long ttl = Long.MAX_VALUE;
        for (DnsRecord r : rrset) {
            if (!r.name().equals(name) || r.type() != type) {
                throw new IllegalArgumentException("not one RRset: " + rrset);
            }
            ttl = Math.min(ttl, r.effectiveTtl());
        }
        map.remove(new Key(name, ANY_TYPE_OF_NAME));
        if (!store(new Key(name, type), new Entry(List.copyOf(rrset), null, false, now,
                now + Math.min(ttl, maxTtlSeconds) * NANOS_PER_SECOND), ttl)) {
            return false;
        }
        stored++;
        return true;
    }

    /**
     * Caches a negative answer for {@code name}: a name error (all types) or NODATA for {@code type}.
     *
     * @param soa the SOA record from the authority section, or {@code null} (then nothing is cached)
     * @return whether it was stored
     */
    public boolean putNegative(DnsName name, int type, boolean nameError, DnsRecord soa, long now) {
        Objects.requireNonNull(name, "name");
        if (soa == null || !(soa.data() instanceof DnsRdata.Soa data)) {
            notStored++;
            return false;
        }
        // RFC 2308 §5: the negative TTL is the minimum of the SOA's MINIMUM field and its own TTL.
        long ttl = Math.min(soa.effectiveTtl(), data.minimum() > Integer.MAX_VALUE ? 0 : data.minimum());
        Key key = new Key(name, nameError ? ANY_TYPE_OF_NAME : type);
        if (!store(key, new Entry(List.of(), soa, nameError, now,
                now + Math.min(ttl, maxNegativeTtlSeconds) * NANOS_PER_SECOND), ttl)) {
            return false;
        }
        storedNegative++;
        return true;
    }

    private boolean store(Key key, Entry e, long ttl) {
        if (capacity == 0 || ttl == 0 || e.expiresAt <= e.storedAt) {
            notStored++;
            return false;
        }
        map.remove(key);
        if (map.size() >= capacity) {
            removeExpired(e.storedAt);
        }
        while (map.size() >= capacity) {
            Iterator<Map.Entry<Key, Entry>> it = map.entrySet().iterator();
            it.next();
            it.remove();
            evicted++;
        }
        map.put(key, e);
        return true;
    }

    private Entry live(Key key, long now) {
        Entry e = map.get(key);
        if (e != null && now >= e.expiresAt) {
            map.remove(key);
            expired++;
            return null;
        }
        return e;
    }

    private void removeExpired(long now) {
        Iterator<Entry> it = map.values().iterator();
        while (it.hasNext()) {
            if (now >= it.next().expiresAt) {
                it.remove();
                expired++;
            }
        }
    }

    /** The whole seconds left, rounded up so that a live entry never shows TTL 0. */
    private static long secondsLeft(Entry e, long now) {
        return Math.max(1, (e.expiresAt - now + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
    }

    private static DnsRecord withTtl(DnsRecord r, long ttl) {
        return new DnsRecord(r.name(), r.dnsClass(), Math.min(ttl, r.effectiveTtl()), r.data());
    }

    /** Forgets everything (counters are kept). */
    public void clear() {
        map.clear();
    }

    /** Entries held now, expired ones not yet removed included. */
    public int size() {
        return map.size();
    }

    public int capacity() {
        return capacity;
    }

    /** A snapshot of the counters. */
    public Stats stats() {
        return new Stats(map.size(), capacity, hits, misses, stored, storedNegative, notStored, expired, evicted);
    }

    /**
     * Counters of a {@link DnsCache}.
     *
     * @param hits           {@link #get} calls that found a live entry
     * @param misses         {@link #get} calls that did not
     * @param stored         RRsets stored
     * @param storedNegative negative answers stored
     * @param notStored      answers not stored: TTL zero, no SOA, or the cache disabled
     * @param expired        entries removed because their TTL ran out
     * @param evicted        live entries removed to make room (least recently used first)
     */
    public record Stats(int size, int capacity, long hits, long misses, long stored, long storedNegative,
                        long notStored, long expired, long evicted) {
    }
}
