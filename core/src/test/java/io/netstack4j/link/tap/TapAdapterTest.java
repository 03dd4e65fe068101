package io.netstack4j.link.tap;

import io.netstack4j.link.LinkException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Argument checks, which need no device (and no root). */
class TapAdapterTest {
    @Test
    void rejectsBadInterfaceNames() {
        for (String bad : new String[] {"", "a-name-longer-than-15", "ta/p", "tap 0", "tap:1", ".", ".."}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TapAdapter.open(bad, 1500));
            assertTrue(e.getMessage().contains("interface name"), e.getMessage());
        }
    }

    @Test
    void rejectsMtuOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> TapAdapter.open("tap0", 67));
        assertThrows(IllegalArgumentException.class, () -> TapAdapter.open("tap0", 65_522));
    }

    @Test
    void refusesToCreateADeviceThatDoesNotExist() {
        // if_nametoindex needs no privileges, so this runs everywhere; without the check, root's
        // TUNSETIFF would quietly create the device in this namespace.
        LinkException e = assertThrows(LinkException.class, () -> TapAdapter.open("ns4jnosuch9", 1500));
        assertTrue(e.getMessage().contains("no network device 'ns4jnosuch9'"), e.getMessage());
    }
}
