package io.netstack4j.socket.tcp;

/**
 * Connections and TIME-WAIT entries by their 4-tuple: an open-addressing hash table (linear probing,
 * deletion by backward shift) over primitive keys, so finding the connection of a segment boxes
 * nothing and allocates nothing. It grows at half full; never shrinks.
 */
final class ConnectionTable {
    private FourTuple[] slots = new FourTuple[64];
    private int size;

    int size() {
        return size;
    }

    static int hash(int la, int lp, int ra, int rp) {
        long k = ((long) la << 32 ^ ra) * 0x9E3779B97F4A7C15L + ((long) lp << 16 | rp) * 0xC2B2AE3D27D4EB4FL;
        return (int) (k ^ k >>> 29);
    }

    FourTuple get(int la, int lp, int ra, int rp) {
        int mask = slots.length - 1;
        for (int i = hash(la, lp, ra, rp) & mask; ; i = i + 1 & mask) {
            FourTuple t = slots[i];
            if (t == null) {
                return null;
            }
            if (t.matches(la, lp, ra, rp)) {
                return t;
            }
        }
    }

    /** Adds {@code t}; its tuple must not be in the table. */
    void put(FourTuple t) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        insert(slots, t);
        t.inTable = true;
        size++;
    }

    private static void insert(FourTuple[] a, FourTuple t) {
        int mask = a.length - 1;
        int i = hash(t.localAddr, t.localPort, t.remoteAddr, t.remotePort) & mask;
        while (a[i] != null) {
            i = i + 1 & mask;
        }
        a[i] = t;
    }

    private void grow() {
        FourTuple[] old = slots;
        slots = new FourTuple[old.length * 2];
        for (FourTuple t : old) {
            if (t != null) {
                insert(slots, t);
            }
        }
    }

    /** Removes {@code t} (the very object) if present. */
    boolean remove(FourTuple t) {
        int mask = slots.length - 1;
        int i = hash(t.localAddr, t.localPort, t.remoteAddr, t.remotePort) & mask;
        while (slots[i] != null && slots[i] != t) {
            i = i + 1 & mask;
        }
        if (slots[i] == null) {
            return false;
        }
        slots[i] = null;
        t.inTable = false;
        size--;
        // Backward shift: move later entries of the run into the hole when their home allows it.
        for (int j = i + 1 & mask; slots[j] != null; j = j + 1 & mask) {
            FourTuple u = slots[j];
            int home = hash(u.localAddr, u.localPort, u.remoteAddr, u.remotePort) & mask;
            if ((j - home & mask) >= (j - i & mask)) {
                slots[i] = u;
                slots[j] = null;
                i = j;
            }
        }
        return true;
    }

    /** Calls {@code c} with every entry (for tables and leak checks; not on the data path). */
    void forEach(java.util.function.Consumer<FourTuple> c) {
        for (FourTuple t : slots.clone()) {
            if (t != null) {
                c.accept(t);
            }
        }
    }

    /** Whether any entry uses local port {@code lp} on {@code la} (or any address when la is 0). */
    boolean usesLocal(int la, int lp, int ra, int rp) {
        return get(la, lp, ra, rp) != null;
    }
}
