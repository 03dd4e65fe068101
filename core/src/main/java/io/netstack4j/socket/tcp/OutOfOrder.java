package io.netstack4j.socket.tcp;

import io.netstack4j.buffer.PacketBuffer;

import java.util.function.Consumer;

/**
 * Segments that arrived past a hole (RFC 9293 §3.10.7.4, seventh step: "segments with higher
 * beginning sequence numbers ... may be held"; RFC 5681 §4.2's out-of-order data), held in the
 * packet buffers they came in, sorted by sequence number and never overlapping: a segment is
 * trimmed to what no held one has, one it covers whole replaces them. At most {@code max}; a
 * segment that would need one more is refused (the caller drops and counts it). When the hole
 * fills, {@link #takeFirst} hands them over in order, trimmed to RCV.NXT. Sequence numbers are
 * compared as offsets from RCV.NXT (RFC 9293 §3.4: within one window, less than 2^31 apart).
 * Loop thread only; nothing is allocated after construction.
 */
final class OutOfOrder {
    private final int[] seqs;
    private final int[] offs;
    private final int[] lens;
    private final PacketBuffer[] bufs;
    private int count;

    OutOfOrder(int max) {
        seqs = new int[max];
        offs = new int[max];
        lens = new int[max];
        bufs = new PacketBuffer[max];
    }

    boolean isEmpty() {
        return count == 0;
    }

    int segments() {
        return count;
    }

    /** Results of {@link #add}. */
    static final int HELD = 0;
    static final int COVERED = 1;
    static final int FULL = 2;

    /**
     * Holds the {@code len} bytes at {@code off} of {@code b}, sequence number {@code seq}, past
     * {@code rcvNxt}. {@link #HELD}: the buffer is ours now; {@link #COVERED}: every byte is held
     * already (the caller keeps {@code b}); {@link #FULL}: no room (the caller keeps {@code b}).
     */
    int add(int rcvNxt, int seq, PacketBuffer b, int off, int len) {
        int start = seq - rcvNxt;
        int end = start + len;
        int i = 0;
        while (i < count && end(i, rcvNxt) <= start) {
            i++;   // held segments wholly before it
        }
        if (i < count && from(i, rcvNxt) <= start) {
            if (end(i, rcvNxt) >= end) {
                return COVERED;
            }
            int cut = end(i, rcvNxt) - start;   // its front is held: trim it
            start += cut;
            off += cut;
            i++;
        }
        int j = i;
        while (j < count && end(j, rcvNxt) <= end) {
            j++;   // held segments it covers whole
        }
        if (j < count && from(j, rcvNxt) < end) {
            end = from(j, rcvNxt);   // its back is held: trim it
        }
        if (end <= start) {
            return COVERED;
        }
        int removed = j - i;
        if (removed == 0 && count == seqs.length) {
            return FULL;
        }
        for (int k = i; k < j; k++) {
            bufs[k].release();
        }
        int shift = 1 - removed;   // slots gained (+1) or freed
        if (shift != 0) {
            System.arraycopy(seqs, j, seqs, j + shift, count - j);
            System.arraycopy(offs, j, offs, j + shift, count - j);
            System.arraycopy(lens, j, lens, j + shift, count - j);
            System.arraycopy(bufs, j, bufs, j + shift, count - j);
            count += shift;
            for (int k = count; k < count - shift && k < bufs.length; k++) {
                bufs[k] = null;
            }
        }
        seqs[i] = rcvNxt + start;
        offs[i] = off;
        lens[i] = end - start;
        bufs[i] = b;
        return HELD;
    }

    private int from(int i, int rcvNxt) {
        return seqs[i] - rcvNxt;
    }

    private int end(int i, int rcvNxt) {
        return seqs[i] - rcvNxt + lens[i];
    }

    /** The end of the highest segment held, as an offset from {@code rcvNxt}, or 0. */
    int highestEnd(int rcvNxt) {
        return count == 0 ? 0 : end(count - 1, rcvNxt);
    }

    /** Whether the first segment held begins at or before {@code rcvNxt} (the hole before it filled). */
    boolean firstReady(int rcvNxt) {
        return count > 0 && from(0, rcvNxt) <= 0;
    }

    /**
     * Takes the first segment, trimmed to start at {@code rcvNxt}: sets {@code into}'s buffer, data
     * offset and length ({@code into.len} 0 when nothing of it is new; its buffer is then released
     * here). Only after {@link #firstReady}.
     */
    void takeFirst(int rcvNxt, Taken into) {
        int cut = -from(0, rcvNxt);
        PacketBuffer b = bufs[0];
        int off = offs[0] + cut;
        int len = lens[0] - cut;
        System.arraycopy(seqs, 1, seqs, 0, count - 1);
        System.arraycopy(offs, 1, offs, 0, count - 1);
        System.arraycopy(lens, 1, lens, 0, count - 1);
        System.arraycopy(bufs, 1, bufs, 0, count - 1);
        count--;
        bufs[count] = null;
        if (len <= 0) {
            b.release();
            into.set(null, 0, 0);
        } else {
            into.set(b, off, len);
        }
    }

    /** Gives back every buffer held. */
    void clear() {
        for (int k = 0; k < count; k++) {
            bufs[k].release();
            bufs[k] = null;
        }
        count = 0;
    }

    void forEachHeld(Consumer<PacketBuffer> c) {
        for (int k = 0; k < count; k++) {
            c.accept(bufs[k]);
        }
    }

    /** A segment handed over by {@link #takeFirst} (one reused holder per connection layer, no allocation). */
    static final class Taken {
        PacketBuffer buffer;
        int off;
        int len;

        void set(PacketBuffer b, int o, int l) {
            buffer = b;
            off = o;
            len = l;
        }
    }
}
