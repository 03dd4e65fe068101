package io.netstack4j.api;

import java.util.Arrays;

/**
 * The waiting calls that have a deadline, earliest first: a binary min-heap whose elements know
 * their own position ({@link Waiter#heapIndex}), so a call that completes early leaves at once, in
 * O(log n), instead of staying (with its result) until its deadline comes round. Loop thread only.
 */
final class DeadlineHeap {
    private Waiter<?>[] heap = new Waiter<?>[16];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest, or null. */
    Waiter<?> peek() {
        return size == 0 ? null : heap[0];
    }

    /** Adds {@code w} (not already in) at its {@link Waiter#deadline}. */
    void add(Waiter<?> w) {
        if (w.heapIndex >= 0) {
            throw new IllegalStateException("already armed: " + w.call);
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = w;
        w.heapIndex = size;
        up(size++);
    }

    /** Removes {@code w} if it is in; returns whether it was. */
    boolean remove(Waiter<?> w) {
        int i = w.heapIndex;
        if (i < 0 || i >= size || heap[i] != w) {
            return false;
        }
        w.heapIndex = -1;
        Waiter<?> last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.heapIndex = i;
            if (!up(i)) {
                down(i);
            }
        }
        if (heap.length > 64 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, heap.length / 2);   // shrink after a burst of waiters
        }
        return true;
    }

    /** Removes and returns the earliest, or null. */
    Waiter<?> poll() {
        Waiter<?> w = peek();
        if (w != null) {
            remove(w);
        }
        return w;
    }

    /** Moves the element at {@code i} up while it is earlier than its parent; true if it moved. */
    private boolean up(int i) {
        Waiter<?> w = heap[i];
        int start = i;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Waiter<?> p = heap[parent];
            if (p.deadline <= w.deadline) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = w;
        w.heapIndex = i;
        return i != start;
    }

    private void down(int i) {
        Waiter<?> w = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].deadline < heap[child].deadline) {
                child = right;
            }
            Waiter<?> c = heap[child];
            if (w.deadline <= c.deadline) {
                break;
            }
            heap[i] = c;
            c.heapIndex = i;
            i = child;
        }
        heap[i] = w;
        w.heapIndex = i;
    }
}
