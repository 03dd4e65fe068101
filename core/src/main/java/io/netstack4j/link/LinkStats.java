package io.netstack4j.link;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe counters of a LAN adapter (written by the adapter, read by anyone).
 */
public final class LinkStats {
    public final AtomicLong rxFrames = new AtomicLong();
    public final AtomicLong rxBytes = new AtomicLong();
    public final AtomicLong txFrames = new AtomicLong();
    public final AtomicLong txBytes = new AtomicLong();
    /** Frames dropped because a bounded queue was full or the medium refused them. */
    public final AtomicLong dropped = new AtomicLong();
    /** Frames the fault injector dropped on purpose. */
    public final AtomicLong injectedDrops = new AtomicLong();

    @Override
    public String toString() {
        return "rx " + rxFrames + " frames/" + rxBytes + " B, tx " + txFrames + " frames/" + txBytes
                + " B, dropped " + dropped + ", injected drops " + injectedDrops;
    }
}
