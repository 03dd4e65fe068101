package io.netstack4j.link;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The forwarding table of a learning bridge (IEEE 802.1D §7.8, §7.9): which port a unicast
 * source MAC address was last seen on. Bounded: when full, the entry used least recently is
 * evicted (and counted). Entries age out after {@code agingNanos} without being refreshed by a
 * frame from that address (802.1D's default ageing time is 300 s). Not thread-safe: the LAN
 * uses it under its lock.
 */
final class MacTable {
    private static final class Slot {
        VirtualPort port;
        long lastSeen;
    }

    private final int capacity;
    private final long agingNanos;
    private final LinkedHashMap<Long, Slot> map;
    private long evictions;

    MacTable(int capacity, long agingNanos) {
        if (capacity < 1) {
            throw new IllegalArgumentException("MAC table capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.agingNanos = agingNanos;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Slot> eldest) {
                if (size() > MacTable.this.capacity) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    /** Records that {@code mac} (a unicast address) was seen on {@code port} at {@code now}. */
    void learn(long mac, VirtualPort port, long now) {
        Slot e = map.get(mac);
        if (e == null) {
            e = new Slot();
            map.put(mac, e);
        }
        e.port = port;
        e.lastSeen = now;
    }

    /** The port {@code mac} was learnt on, or null if unknown or aged out. */
    VirtualPort lookup(long mac, long now) {
        Slot e = map.get(mac);
        if (e == null) {
            return null;
        }
        if (now - e.lastSeen > agingNanos) {
            map.remove(mac);
            return null;
        }
        return e.port;
    }

    /** Forgets every address learnt on {@code port} (when it is unplugged). */
    void forget(VirtualPort port) {
        for (Iterator<Slot> it = map.values().iterator(); it.hasNext(); ) {
            if (it.next().port == port) {
                it.remove();
            }
        }
    }

    int size() {
        return map.size();
    }

    long evictions() {
        return evictions;
    }
}
