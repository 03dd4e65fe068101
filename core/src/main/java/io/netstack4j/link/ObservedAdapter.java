package io.netstack4j.link;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a LAN adapter and shows every frame it receives and transmits to
 * {@link FrameObserver}s (a pcapng writer, a text trace), at the time the stack passed in.
 *
 * <p>An observer that throws does not break the link: the exception is counted
 * ({@link #observerFailures()}) and the frame goes on. Closing this adapter closes the wrapped
 * one, not the observers (their owner closes them, after the adapter).
 */
public final class ObservedAdapter implements LinkAdapter {
    private final LinkAdapter inner;
    private final CopyOnWriteArrayList<FrameObserver> observers;
    private final AtomicLong observerFailures = new AtomicLong();
    /** The inner adapter's capabilities last seen, and what this adapter made of them. */
    private volatile LinkCapabilities[] capabilities = new LinkCapabilities[2];

    public ObservedAdapter(LinkAdapter inner, List<? extends FrameObserver> observers) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.observers = new CopyOnWriteArrayList<>(observers);
    }

    public ObservedAdapter(LinkAdapter inner, FrameObserver... observers) {
        this(inner, List.of(observers));
    }

    /** The adapter that really moves the frames. */
    public LinkAdapter inner() {
        return inner;
    }

    /** Adds an observer; it sees frames from the next one on. Any thread. */
    public void addObserver(FrameObserver o) {
        observers.add(Objects.requireNonNull(o));
    }

    public boolean removeObserver(FrameObserver o) {
        return observers.remove(o);
    }

    /** Exceptions thrown by observers (and swallowed). */
    public long observerFailures() {
        return observerFailures.get();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int mtu() {
        return inner.mtu();
    }

    /**
     * The wrapped adapter's, without the transmit offloads (checksum, segmentation): the observers
     * see the frames the stack sends, so these carry their real checksums and are at most an MTU
     * long (a capture shows what a wire would).
     */
    @Override
    public LinkCapabilities capabilities() {
        LinkCapabilities in = inner.capabilities();
        LinkCapabilities[] c = capabilities;
        if (!in.equals(c[0])) {
            c = new LinkCapabilities[] {in, in.withChecksumOffload(in.rxChecksumVerified(), false)
                    .withMaxSegmentationSize(0)};
            capabilities = c;
        }
        return c[1];
    }

    @Override
    public int receive(byte[] buf, int off, long nowNanos) {
        int n = inner.receive(buf, off, nowNanos);
        if (n >= 0) {
            notify(Direction.RX, buf, off, n, nowNanos);
        }
        return n;
    }

    @Override
    public void transmit(byte[] frame, int off, int len, long nowNanos) {
        notify(Direction.TX, frame, off, len, nowNanos);
        inner.transmit(frame, off, len, nowNanos);
    }

    private void notify(Direction dir, byte[] b, int off, int len, long now) {
        for (FrameObserver o : observers) {
            try {
                o.onFrame(dir, b, off, len, now);
            } catch (RuntimeException e) {
                observerFailures.incrementAndGet();
            }
        }
    }

    @Override
    public long pollAt() {
        return inner.pollAt();
    }

    @Override
    public void await(long timeoutNanos) throws InterruptedException {
        inner.await(timeoutNanos);
    }

    @Override
    public void wakeup() {
        inner.wakeup();
    }

    @Override
    public boolean wakeAlso(LinkAdapter sleeper) {
        return inner.wakeAlso(sleeper);
    }

    @Override
    public LinkStats stats() {
        return inner.stats();
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "ObservedAdapter[" + inner + ", " + observers.size() + " observers]";
    }
}
