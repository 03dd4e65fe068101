package io.netstack4j.socket.udp;

import io.netstack4j.wire.Ipv4Address;

import java.util.ArrayList;
import java.util.List;

/**
 * Which endpoint holds which (address, port): per port, the endpoints bound to it (one per local
 * address, or a single one bound to 0.0.0.0). No {@code SO_REUSEADDR}. Ports index a two-level
 * table of 256 pages of 256 entries, made on first use, so a lookup on the data path is two array
 * reads — no hashing, no boxed key.
 */
final class PortTable {
    private static final List<UdpEndpoint> NONE = List.of();

    @SuppressWarnings("unchecked")
    private final List<UdpEndpoint>[][] pages = new List[256][];
    private int size;

    private List<UdpEndpoint> at(int port) {
        List<UdpEndpoint>[] page = pages[(port >>> 8) & 0xFF];
        if (page == null) {
            return NONE;
        }
        List<UdpEndpoint> l = page[port & 0xFF];
        return l == null ? NONE : l;
    }

    /** Whether binding {@code local:port} would clash with an existing binding. */
    boolean conflicts(Ipv4Address local, int port) {
        for (UdpEndpoint e : at(port)) {
            Ipv4Address a = e.boundAddress();
            if (a.isUnspecified() || local.isUnspecified() || a.equals(local)) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    void add(UdpEndpoint e, int port) {
        List<UdpEndpoint>[] page = pages[port >>> 8];
        if (page == null) {
            page = pages[port >>> 8] = new List[256];
        }
        List<UdpEndpoint> l = page[port & 0xFF];
        if (l == null) {
            l = page[port & 0xFF] = new ArrayList<>(1);
        }
        l.add(e);
        size++;
    }

    void remove(UdpEndpoint e, int port) {
        List<UdpEndpoint> l = at(port);
        if (l != NONE && l.remove(e)) {
            size--;
            if (l.isEmpty()) {
                pages[port >>> 8][port & 0xFF] = null;
            }
        }
    }

    /** The endpoint bound to {@code port} on exactly {@code local}, else the one bound to 0.0.0.0, else null. */
    UdpEndpoint lookupLocal(Ipv4Address local, int port) {
        return lookupLocal(local.bits(), port);
    }

    /** As {@link #lookupLocal(Ipv4Address, int)}, for an address as 32 bits. */
    UdpEndpoint lookupLocal(int local, int port) {
        List<UdpEndpoint> l = at(port);
        UdpEndpoint any = null;
        for (int i = 0; i < l.size(); i++) {
            UdpEndpoint e = l.get(i);
            int a = e.boundAddress().bits();
            if (a == local) {
                return e;
            }
            if (a == 0) {
                any = e;
            }
        }
        return any;
    }

    /** The endpoints bound to 0.0.0.0 on {@code port} (at most one without SO_REUSEADDR). */
    List<UdpEndpoint> boundAny(int port) {
        List<UdpEndpoint> r = new ArrayList<>(1);
        for (UdpEndpoint e : at(port)) {
            if (e.boundAddress().isUnspecified()) {
                r.add(e);
            }
        }
        return r;
    }

    int size() {
        return size;
    }
}
