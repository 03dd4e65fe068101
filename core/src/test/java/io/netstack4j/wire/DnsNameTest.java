package io.netstack4j.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DnsNameTest {
    @Test
    void textToWireForm() {
        DnsName n = DnsName.of("www.example.test");
        assertArrayEquals(new byte[] {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 4, 't', 'e', 's', 't', 0},
                n.wire());
        assertEquals(18, n.wireLength());
        assertEquals(3, n.labelCount());
        assertEquals(List.of("www", "example", "test"), n.labels());
        assertEquals("www.example.test", n.toString());
        assertEquals(n, DnsName.of("www.example.test."), "the final dot is optional");
    }

    @Test
    void theRoot() {
        assertSame(DnsName.ROOT, DnsName.of(""));
        assertSame(DnsName.ROOT, DnsName.of("."));
        assertTrue(DnsName.ROOT.isRoot());
        assertEquals(0, DnsName.ROOT.labelCount());
        assertEquals(1, DnsName.ROOT.wireLength());
        assertEquals(".", DnsName.ROOT.toString());
        assertThrows(IllegalStateException.class, DnsName.ROOT::parent);
    }

    @Test
    void comparesCaseInsensitivelyButKeepsTheCase() {
        DnsName upper = DnsName.of("WWW.Example.TEST");
        DnsName lower = DnsName.of("www.example.test");
        assertEquals(lower, upper);
        assertEquals(lower.hashCode(), upper.hashCode());
        assertEquals("WWW.Example.TEST", upper.toString());
        // Only ASCII letters fold (RFC 4343 §3): 0xC9 and 0xE9 differ.
        assertNotEquals(DnsName.of("\\201"), DnsName.of("\\233"));
        assertNotEquals(DnsName.of("www.example.test"), DnsName.of("www.example.tes"));
        assertNotEquals(DnsName.of("ab.c"), DnsName.of("a.bc"));
    }

    @Test
    void escapesRoundTrip() {
        DnsName n = DnsName.of("a\\.b.c\\\\d.\\000\\255 \\(x\\)");
        assertEquals(List.of("a.b", "c\\d", "\0\u00ff\u0020(x)"), n.labels());
        assertEquals("a\\.b.c\\\\d.\\000\\255\\032\\(x\\)", n.toString());
        assertEquals(n, DnsName.of(n.toString()));
        assertArrayEquals(n.wire(), DnsName.of(n.toString()).wire());
    }

    @Test
    void limits() {
        String l63 = "a".repeat(63);
        assertEquals(65, DnsName.of(l63).wireLength());
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("a".repeat(64)));
        // 4 labels of 63 (256 octets) are too many; 3 of 63 and one of 61 make exactly 255.
        String max = l63 + "." + l63 + "." + l63 + "." + "b".repeat(61);
        assertEquals(255, DnsName.of(max).wireLength());
        assertThrows(IllegalArgumentException.class, () -> DnsName.of(max + "b"));
        assertThrows(IllegalArgumentException.class, () -> DnsName.of(max + ".b"));
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("a..b"));
        assertThrows(IllegalArgumentException.class, () -> DnsName.of(".a"));
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("a.."));
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("a\\"));
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("\\256"));
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("caf\u0101"));
    }

    @Test
    void subdomainsAndParents() {
        DnsName www = DnsName.of("www.Example.test");
        DnsName zone = DnsName.of("example.TEST");
        assertTrue(www.isSubdomainOf(zone));
        assertTrue(zone.isSubdomainOf(zone));
        assertTrue(zone.isSubdomainOf(DnsName.ROOT));
        assertFalse(zone.isSubdomainOf(www));
        assertFalse(DnsName.of("wwwexample.test").isSubdomainOf(zone), "only on a label boundary");
        assertFalse(DnsName.of("xample.test").isSubdomainOf(zone));
        assertEquals(zone, www.parent());
        assertEquals(DnsName.ROOT, DnsName.of("test").parent());
    }
}
