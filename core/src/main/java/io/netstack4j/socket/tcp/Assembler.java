package io.netstack4j.socket.tcp;

/**
 * The out-of-order ranges of a receive buffer (RFC 9293 §3.10.7.4, seventh step; RFC 5681 §4.2's
 * "out-of-order data"): which bytes past RCV.NXT have arrived and wait, written in place in the
 * receive ring, for the hole before them to fill. Ranges are offsets from RCV.NXT, kept sorted and
 * merged; at most {@code max} of them, so a peer cannot make it grow (a segment that would need one
 * more range is dropped and counted by the caller). No allocation after construction.
 */
final class Assembler {
    private final int[] starts;
    private final int[] ends;
    private int count;

    Assembler(int max) {
        starts = new int[max];
        ends = new int[max];
    }

    boolean isEmpty() {
        return count == 0;
    }

    int ranges() {
        return count;
    }

    /** The end of the last range (the highest offset held), or 0. */
    int highestEnd() {
        return count == 0 ? 0 : ends[count - 1];
    }

    /**
     * Records {@code [off, off + len)} as held, merging with neighbours.
     *
     * @return false (nothing recorded) if it needs a new range and all are in use
     */
    boolean add(int off, int len) {
        int end = off + len;
        int i = 0;
        while (i < count && ends[i] < off) {
            i++;
        }
        int j = i;
        while (j < count && starts[j] <= end) {
            j++;
        }
        if (i == j) {   // touches nothing: a new range at i
            if (count == starts.length) {
                return false;
            }
            System.arraycopy(starts, i, starts, i + 1, count - i);
            System.arraycopy(ends, i, ends, i + 1, count - i);
            starts[i] = off;
            ends[i] = end;
            count++;
            return true;
        }
        // merge ranges i..j-1 with [off, end)
        starts[i] = Math.min(starts[i], off);
        ends[i] = Math.max(ends[j - 1], end);
        int removed = j - i - 1;
        if (removed > 0) {
            System.arraycopy(starts, j, starts, i + 1, count - j);
            System.arraycopy(ends, j, ends, i + 1, count - j);
            count -= removed;
        }
        return true;
    }

    /**
     * Takes the range that starts at offset 0, if any, and moves every other offset down by its length
     * (RCV.NXT advances over it).
     *
     * @return the bytes now contiguous from offset 0 (0 if none)
     */
    int takeFront() {
        if (count == 0 || starts[0] > 0) {
            return 0;
        }
        int n = ends[0];
        System.arraycopy(starts, 1, starts, 0, count - 1);
        System.arraycopy(ends, 1, ends, 0, count - 1);
        count--;
        for (int k = 0; k < count; k++) {
            starts[k] -= n;
            ends[k] -= n;
        }
        return n;
    }

    void clear() {
        count = 0;
    }
}
