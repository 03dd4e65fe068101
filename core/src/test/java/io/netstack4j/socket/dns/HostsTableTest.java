package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.netstack4j.socket.dns.DnsTestData.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostsTableTest {
    @Test
    void parsesHostsFileText() {
        HostsTable t = HostsTable.parse("""
                # the hosts of the test network
                198.51.100.1   gateway.example.test gw   # the router
                198.51.100.10  www.example.test
                ::1            localhost ip6-localhost
                fe80::1%eth0   link.example.test
                \t
                198.51.100.11  www.example.test WWW.EXAMPLE.TEST
                """);
        assertEquals(List.of(ip("198.51.100.1")), t.lookup("gw"));
        assertEquals(List.of(ip("198.51.100.1")), t.lookup(DnsName.of("GATEWAY.example.test.")));
        assertEquals(List.of(ip("198.51.100.10"), ip("198.51.100.11")), t.lookup("www.example.test"),
                "every address of a name, in file order, without duplicates");
        assertTrue(t.lookup("localhost").isEmpty(), "IPv6 lines are skipped");
        assertTrue(t.lookup("link.example.test").isEmpty());
        assertTrue(t.lookup("nowhere.test").isEmpty());
        assertTrue(t.lookup("bad..name").isEmpty());
        assertEquals(3, t.size());
    }

    @Test
    void rejectsBadLinesWithTheLineNumber() {
        var e = assertThrows(IllegalArgumentException.class, () -> HostsTable.parse("198.51.100.1 a\n198.51.100.300 b\n"));
        assertTrue(e.getMessage().startsWith("hosts line 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HostsTable.parse("198.51.100.1\n"));
        assertTrue(e.getMessage().contains("without a name"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostsTable.parse("198.51.100.1 " + "x".repeat(64)));
    }

    @Test
    void withAndOfBuildNewTables() {
        HostsTable t = HostsTable.of(Map.of("db.test", List.of(ip("203.0.113.5"))));
        HostsTable u = t.with("db.test", ip("203.0.113.6")).with("cache.test", ip("203.0.113.7"));
        assertEquals(List.of(ip("203.0.113.5")), t.lookup("db.test"), "the original is unchanged");
        assertEquals(List.of(ip("203.0.113.5"), ip("203.0.113.6")), u.lookup("db.test"));
        assertEquals(List.of(ip("203.0.113.7")), u.lookup("CACHE.test"));
        assertEquals(0, HostsTable.EMPTY.size());
        assertThrows(IllegalArgumentException.class, () -> t.with("x.test"));
        assertThrows(IllegalArgumentException.class, () -> t.with(".", ip("203.0.113.7")));
    }
}
