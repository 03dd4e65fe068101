package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsName;
import io.netstack4j.wire.DnsRecord;
import io.netstack4j.wire.DnsType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netstack4j.socket.dns.DnsTestData.SEC;
import static io.netstack4j.socket.dns.DnsTestData.a;
import static io.netstack4j.socket.dns.DnsTestData.cname;
import static io.netstack4j.socket.dns.DnsTestData.soa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsCacheTest {
    static final DnsName WWW = DnsName.of("www.example.test");

    @Test
    void positiveEntryLivesForItsTtlAndCountsDown() {
        DnsCache c = new DnsCache();
        long t0 = 100 * SEC;
        assertTrue(c.putRecords(List.of(a("www.example.test", 30, "198.51.100.10")), t0));
        var hit = assertInstanceOf(DnsCache.Records.class, c.get(WWW, DnsType.A, t0));
        assertEquals(30, hit.records().getFirst().ttl());
        hit = assertInstanceOf(DnsCache.Records.class, c.get(DnsName.of("WWW.Example.TEST"), DnsType.A, t0 + 10 * SEC));
        assertEquals(20, hit.records().getFirst().ttl(), "the TTL left, and the name matched case-insensitively");
        hit = assertInstanceOf(DnsCache.Records.class, c.get(WWW, DnsType.A, t0 + 30 * SEC - 1));
        assertEquals(1, hit.records().getFirst().ttl(), "a live entry never shows TTL 0");
        assertNull(c.get(WWW, DnsType.A, t0 + 30 * SEC), "expired exactly at its TTL");
        DnsCache.Stats s = c.stats();
        assertEquals(3, s.hits());
        assertEquals(1, s.misses());
        assertEquals(1, s.expired());
        assertEquals(0, s.size());
    }

    @Test
    void rrsetLivesForItsSmallestTtlAndOtherTypesMiss() {
        DnsCache c = new DnsCache();
        c.putRecords(List.of(a("www.example.test", 60, "198.51.100.10"), a("www.example.test", 10, "198.51.100.11")), 0);
        var hit = assertInstanceOf(DnsCache.Records.class, c.get(WWW, DnsType.A, 5 * SEC));
        assertEquals(2, hit.records().size());
        assertEquals(List.of(5L, 5L), hit.records().stream().map(DnsRecord::ttl).toList());
        assertNull(c.get(WWW, DnsType.CNAME, 5 * SEC));
        assertNull(c.get(WWW, DnsType.A, 10 * SEC));
    }

    @Test
    void zeroTtlIsNotCachedAndMixedRrsetsAreRejected() {
        DnsCache c = new DnsCache();
        assertFalse(c.putRecords(List.of(a("www.example.test", 0, "198.51.100.10")), 0));
        assertNull(c.get(WWW, DnsType.A, 0));
        assertEquals(1, c.stats().notStored());
        assertThrows(IllegalArgumentException.class, () -> c.putRecords(
                List.of(a("www.example.test", 5, "198.51.100.10"), a("other.example.test", 5, "198.51.100.11")), 0));
        assertThrows(IllegalArgumentException.class, () -> c.putRecords(List.of(), 0));
    }

    @Test
    void ttlsAreCapped() {
        DnsCache c = new DnsCache(10, 100, 20);
        c.putRecords(List.of(a("www.example.test", 1_000_000, "198.51.100.10")), 0);
        var hit = assertInstanceOf(DnsCache.Records.class, c.get(WWW, DnsType.A, 0));
        assertEquals(100, hit.records().getFirst().ttl());
        assertNull(c.get(WWW, DnsType.A, 100 * SEC));
        c.putNegative(WWW, DnsType.A, true, soa("example.test", 3600, 3600), 0);
        assertNotNull(c.get(WWW, DnsType.A, 19 * SEC));
        assertNull(c.get(WWW, DnsType.A, 20 * SEC));
    }

    @Test
    void negativeTtlIsTheSmallerOfSoaTtlAndMinimum() {
        DnsCache c = new DnsCache();
        // RFC 2308 §5: min(SOA TTL, SOA MINIMUM).
        c.putNegative(WWW, DnsType.A, true, soa("example.test", 60, 15), 0);
        var e = assertInstanceOf(DnsCache.NameError.class, c.get(WWW, DnsType.A, 14 * SEC));
        assertEquals(1, e.soa().ttl());
        assertNull(c.get(WWW, DnsType.A, 15 * SEC));
        DnsName other = DnsName.of("other.example.test");
        c.putNegative(other, DnsType.A, true, soa("example.test", 8, 300), 0);
        assertNotNull(c.get(other, DnsType.A, 7 * SEC));
        assertNull(c.get(other, DnsType.A, 8 * SEC));
        assertEquals(2, c.stats().storedNegative());
    }

    @Test
    void negativeAnswerWithoutSoaIsNotCached() {
        DnsCache c = new DnsCache();
        assertFalse(c.putNegative(WWW, DnsType.A, true, null, 0));
        assertFalse(c.putNegative(WWW, DnsType.A, true, a("example.test", 60, "198.51.100.1"), 0));
        assertNull(c.get(WWW, DnsType.A, 0));
        assertEquals(2, c.stats().notStored());
    }

    @Test
    void nameErrorCoversEveryTypeNoDataOnlyOne() {
        DnsCache c = new DnsCache();
        c.putNegative(WWW, DnsType.A, true, soa("example.test", 60, 60), 0);
        assertInstanceOf(DnsCache.NameError.class, c.get(WWW, DnsType.A, SEC));
        assertInstanceOf(DnsCache.NameError.class, c.get(WWW, DnsType.CNAME, SEC));
        DnsName web = DnsName.of("web.example.test");
        c.putNegative(web, DnsType.A, false, soa("example.test", 60, 60), 0);
        assertInstanceOf(DnsCache.NoData.class, c.get(web, DnsType.A, SEC));
        assertNull(c.get(web, DnsType.CNAME, SEC));
    }

    @Test
    void recordsForANameReplaceItsNameError() {
        DnsCache c = new DnsCache();
        c.putNegative(WWW, DnsType.A, true, soa("example.test", 60, 60), 0);
        c.putRecords(List.of(a("www.example.test", 60, "198.51.100.10")), SEC);
        assertInstanceOf(DnsCache.Records.class, c.get(WWW, DnsType.A, 2 * SEC));
    }

    @Test
    void boundedWithLeastRecentlyUsedEviction() {
        DnsCache c = new DnsCache(3, 3600, 3600);
        c.putRecords(List.of(a("a.test", 60, "198.51.100.1")), 0);
        c.putRecords(List.of(a("b.test", 60, "198.51.100.2")), 0);
        c.putRecords(List.of(cname("c.test", 60, "a.test")), 0);
        assertNotNull(c.get(DnsName.of("a.test"), DnsType.A, 0));   // a is now the most recent
        c.putRecords(List.of(a("d.test", 60, "198.51.100.4")), 0);
        assertEquals(3, c.size());
        assertNull(c.get(DnsName.of("b.test"), DnsType.A, 0), "b was the least recently used");
        assertNotNull(c.get(DnsName.of("a.test"), DnsType.A, 0));
        assertNotNull(c.get(DnsName.of("c.test"), DnsType.CNAME, 0));
        assertNotNull(c.get(DnsName.of("d.test"), DnsType.A, 0));
        assertEquals(1, c.stats().evicted());
        for (int i = 0; i < 100; i++) {
            c.putRecords(List.of(a("n" + i + ".test", 60, "198.51.100.5")), 0);
        }
        assertEquals(3, c.size());
        assertEquals(3, c.capacity());
        assertEquals(101, c.stats().evicted());
    }

    @Test
    void expiredEntriesGoBeforeLiveOnesAreEvicted() {
        DnsCache c = new DnsCache(2, 3600, 3600);
        c.putRecords(List.of(a("short.test", 1, "198.51.100.1")), 0);
        c.putRecords(List.of(a("long.test", 600, "198.51.100.2")), 0);
        c.putRecords(List.of(a("new.test", 600, "198.51.100.3")), 5 * SEC);
        assertNotNull(c.get(DnsName.of("long.test"), DnsType.A, 5 * SEC));
        assertEquals(0, c.stats().evicted());
        assertEquals(1, c.stats().expired());
    }

    @Test
    void disabledCacheStoresNothing() {
        DnsCache c = new DnsCache(0, 3600, 3600);
        assertFalse(c.putRecords(List.of(a("www.example.test", 60, "198.51.100.10")), 0));
        assertFalse(c.putNegative(WWW, DnsType.A, true, soa("example.test", 60, 60), 0));
        assertNull(c.get(WWW, DnsType.A, 0));
        c.putRecords(List.of(a("www.example.test", 60, "198.51.100.10")), 0);
        c.clear();
        assertEquals(0, c.size());
    }
}
