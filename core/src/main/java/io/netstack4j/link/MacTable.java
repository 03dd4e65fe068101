package io.netstack4j.link;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The forwarding table of a learning bridge (IEEE 802.1D §7.8, §7.9): which port a unicast
 * source MAC address was last seen on. Bounded: when full, the entry refreshed least recently (the
 * oldest "last seen", ties to the one learnt first) is evicted and counted. Entries age out after
 * {@code agingNanos} without a frame from that address (802.1D's default ageing time is 300 s).
 *
 * <p>Read without a lock: the entries are published as an immutable open-addressing snapshot
 * through a volatile field, copied on write (a new address, a moved one, an eviction, an aged-out
 * or unplugged entry: rare once the LAN has learnt its hosts). Refreshing an entry that is already
 * right only stores its time (an opaque write, no lock), so a frame from a known host costs two
 * lookups in a small array and one store.
 */
final class MacTable {
    /** One learnt address; its port never changes (a move publishes a new entry). */
    static final class Entry {
        private static final VarHandle LAST_SEEN;

        static {
            try {
                LAST_SEEN = MethodHandles.lookup().findVarHandle(Entry.class, "lastSeen", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long mac;
        final VirtualPort port;
        final long order;
        private long lastSeen;

        Entry(long mac, VirtualPort port, long order, long now) {
            this.mac = mac;
            this.port = port;
            this.order = order;
            this.lastSeen = now;
        }

        long lastSeen() {
            return (long) LAST_SEEN.getOpaque(this);
        }

        void touch(long now) {
            LAST_SEEN.setOpaque(this, now);
        }
    }

    /** An immutable open-addressing map from MAC (48 bits) to entry, at most half full. */
    private record Snapshot(long[] keys, Entry[] entries, int size) {
        static final Snapshot EMPTY = build(List.of());

        static Snapshot build(List<Entry> list) {
            int cap = Integer.highestOneBit(Math.max(4, list.size() * 2 + 1)) << 1;
            long[] keys = new long[cap];
            Entry[] entries = new Entry[cap];
            for (Entry e : list) {
                int i = slot(e.mac, cap);
                while (entries[i] != null) {
                    i = (i + 1) & (cap - 1);
                }
                keys[i] = e.mac;
                entries[i] = e;
            }
            return new Snapshot(keys, entries, list.size());
        }

        Entry get(long mac) {
            int mask = keys.length - 1;
            for (int i = slot(mac, keys.length); ; i = (i + 1) & mask) {
                Entry e = entries[i];
                if (e == null) {
                    return null;
                }
                if (keys[i] == mac) {
                    return e;
                }
            }
        }

        List<Entry> list() {
            List<Entry> l = new ArrayList<>(size);
            for (Entry e : entries) {
                if (e != null) {
                    l.add(e);
                }
            }
            l.sort((a, b) -> Long.compare(a.order, b.order));
            return l;
        }

        private static int slot(long mac, int cap) {
            return (int) (VirtualLan.mix(mac) & (cap - 1));
        }
    }

    private final int capacity;
    private final long agingNanos;
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    /** Guarded by {@code this}: writers only. */
    private long nextOrder;
    private volatile long evictions;

    MacTable(int capacity, long agingNanos) {
        if (capacity < 1) {
            throw new IllegalArgumentException("MAC table capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.agingNanos = agingNanos;
    }

    /** Records that {@code mac} (a unicast address) was seen on {@code port} at {@code now}. Any thread. */
    void learn(long mac, VirtualPort port, long now) {
        Entry e = snapshot.get(mac);
        if (e != null && e.port == port) {
            e.touch(now);
            return;
        }
        learnSlow(mac, port, now);
    }

    private synchronized void learnSlow(long mac, VirtualPort port, long now) {
        Snapshot s = snapshot;
        Entry e = s.get(mac);
        if (e != null && e.port == port) {
            e.touch(now);
            return;
        }
        List<Entry> list = s.list();
        if (e != null) {
            list.remove(e);
        }
        list.add(new Entry(mac, port, nextOrder++, now));
        while (list.size() > capacity) {
            Entry oldest = list.get(0);
            for (Entry x : list) {
                if (x.lastSeen() - oldest.lastSeen() < 0) {
                    oldest = x;
                }
            }
            list.remove(oldest);
            evictions++;
        }
        snapshot = Snapshot.build(list);
    }

    /** The port {@code mac} was learnt on, or null if unknown or aged out (then it is removed). Any thread. */
    VirtualPort lookup(long mac, long now) {
        Entry e = snapshot.get(mac);
        if (e == null) {
            return null;
        }
        if (now - e.lastSeen() > agingNanos) {
            removeIf(e, now);
            return null;
        }
        return e.port;
    }

    private synchronized void removeIf(Entry e, long now) {
        Snapshot s = snapshot;
        if (s.get(e.mac) == e && now - e.lastSeen() > agingNanos) {
            List<Entry> list = s.list();
            list.remove(e);
            snapshot = Snapshot.build(list);
        }
    }

    /** Forgets every address learnt on {@code port} (when it is unplugged). */
    synchronized void forget(VirtualPort port) {
        List<Entry> list = snapshot.list();
        if (list.removeIf(e -> e.port == port)) {
            snapshot = Snapshot.build(list);
        }
    }

    int size() {
        return snapshot.size();
    }

    long evictions() {
        return evictions;
    }
}
