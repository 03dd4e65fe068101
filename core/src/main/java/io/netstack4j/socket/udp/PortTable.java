package io.netstack4j.socket.udp;

import io.netstack4j.wire.Ipv4Address;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which endpoint holds which (address, port): per port, the endpoints bound to it (one per local
 * address, or a single one bound to 0.0.0.0). No {@code SO_REUSEADDR}.
 */
final class PortTable {
    private final Map<Integer, List<UdpEndpoint>> byPort = new HashMap<>();
    private int size;

    /** Whether binding {@code local:port} would clash with an existing binding. */
    boolean conflicts(Ipv4Address local, int port) {
        List<UdpEndpoint> l = byPort.get(port);
        if (l == null) {
            return false;
        }
        for (UdpEndpoint e : l) {
            Ipv4Address a = e.boundAddress();
            if (a.isUnspecified() || local.isUnspecified() || a.equals(local)) {
                return true;
            }
        }
        return false;
    }

    /** Records {@code e} on {@code port}; its address is {@link UdpEndpoint#boundAddress()}. */
    void add(UdpEndpoint e, int port) {
        byPort.computeIfAbsent(port, p -> new ArrayList<>(1)).add(e);
        size++;
    }

    void remove(UdpEndpoint e, int port) {
        List<UdpEndpoint> l = byPort.get(port);
        if (l != null && l.remove(e)) {
            size--;
            if (l.isEmpty()) {
                byPort.remove(port);
            }
        }
    }

    /** The endpoint bound to {@code port} on exactly {@code local}, else the one bound to 0.0.0.0, else null. */
    UdpEndpoint lookupLocal(Ipv4Address local, int port) {
        List<UdpEndpoint> l = byPort.get(port);
        if (l == null) {
            return null;
        }
        UdpEndpoint any = null;
        for (UdpEndpoint e : l) {
            Ipv4Address a = e.boundAddress();
            if (a.equals(local)) {
                return e;
            }
            if (a.isUnspecified()) {
                any = e;
            }
        }
        return any;
    }

    /** The endpoints bound to 0.0.0.0 on {@code port} (at most one without SO_REUSEADDR). */
    List<UdpEndpoint> boundAny(int port) {
        List<UdpEndpoint> l = byPort.get(port);
        if (l == null) {
            return List.of();
        }
        List<UdpEndpoint> r = new ArrayList<>(1);
        for (UdpEndpoint e : l) {
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
