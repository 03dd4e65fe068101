package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netstack4j.socket.dns.DnsTestData.a;
import static io.netstack4j.socket.dns.DnsTestData.cname;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named Dns* so the resolver's test filter picks it up. */
class DnsZoneTest {
    @Test
    void parsesRecordsRelativeNamesTtlsAndComments() {
        Zone z = Zone.parse("""
                # test zone
                $TTL 120
                $ORIGIN example.test.
                @            IN A 198.51.100.1
                www   30     IN A 198.51.100.10   ; explicit TTL
                web          CNAME www
                abs.example.test.  A 198.51.100.2
                out          CNAME www.other.test.
                """);
        assertEquals(DnsName.of("example.test"), z.origin());
        assertEquals(List.of(a("example.test", 120, "198.51.100.1")), z.addressRecords(DnsName.of("example.test")));
        assertEquals(List.of(a("www.example.test", 30, "198.51.100.10")), z.addressRecords(DnsName.of("WWW.example.test")));
        assertEquals(cname("web.example.test", 120, "www.example.test"), z.cname(DnsName.of("web.example.test")));
        assertEquals(cname("out.example.test", 120, "www.other.test"), z.cname(DnsName.of("out.example.test")));
        assertEquals(1, z.addressRecords(DnsName.of("abs.example.test")).size());
        assertNull(z.cname(DnsName.of("www.example.test")));
        assertTrue(z.exists(DnsName.of("web.example.test")));
        assertFalse(z.exists(DnsName.of("nope.example.test")));
        assertTrue(z.contains(DnsName.of("nope.example.test")));
        assertFalse(z.contains(DnsName.of("www.other.test")));
        assertEquals(5, z.records().size());
    }

    @Test
    void withoutOriginNamesAreAbsoluteAndTheZoneIsTheRoot() {
        Zone z = Zone.parse("www.example.test A 198.51.100.10\nalias.other.test CNAME www.example.test\n");
        assertTrue(z.origin().isRoot());
        assertTrue(z.contains(DnsName.of("anything.at.all")));
        assertTrue(z.exists(DnsName.of("test")), "an empty non-terminal exists");
        assertEquals(DnsName.of("ns.invalid"), ((io.netstack4j.wire.DnsRdata.Soa) z.soa().data()).mname());
    }

    @Test
    void rejectsWhatItDoesNotUnderstandWithTheLine() {
        var e = assertThrows(IllegalArgumentException.class, () -> Zone.parse("www.test A 198.51.100.1\nwww.test MX 10 mail\n"));
        assertTrue(e.getMessage().startsWith("zone line 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Zone.parse("www.test A 198.51.100.300"));
        assertThrows(IllegalArgumentException.class, () -> Zone.parse("www.test A"));
        assertThrows(IllegalArgumentException.class, () -> Zone.parse("$TTL -5"));
        e = assertThrows(IllegalArgumentException.class, () -> Zone.parse("www.test A 198.51.100.1\nwww.test CNAME x.test"));
        assertTrue(e.getMessage().contains("RFC 1034"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Zone.parse("w.test CNAME x.test\nw.test A 198.51.100.1"));
        assertThrows(IllegalArgumentException.class, () -> Zone.parse("$ORIGIN a.test.\nwww.b.test. A 198.51.100.1"));
        assertThrows(IllegalArgumentException.class, () -> Zone.parse("w.test A 1.2.3.4\n$ORIGIN a.test."));
        assertThrows(IllegalArgumentException.class, () -> Zone.builder("a.test").cname("a.test", "b.test"));
    }

    @Test
    void builderDeduplicatesAndSetsTheNegativeTtl() {
        Zone z = Zone.builder("example.test").ttl(10).negativeTtl(7)
                .a("www.example.test", "198.51.100.10", "198.51.100.10", "198.51.100.11").build();
        assertEquals(2, z.addressRecords(DnsName.of("www.example.test")).size());
        assertEquals(7, z.soa().ttl());
        assertEquals(7, ((io.netstack4j.wire.DnsRdata.Soa) z.soa().data()).minimum());
    }
}
