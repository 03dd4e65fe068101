package io.netstack4j.buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test-mode accounting of {@link PacketBuffer}s (on when the system property
 * {@code netstack4j.leakDetection} is {@code true} or {@code paranoid}, as the build sets it for the test suite): every pool made
 * while it is on is registered here, and {@link #check()} reports each buffer that was acquired but
 * neither released nor kept by a registered {@link PacketPool.Holder}, with the stack trace of where
 * it was acquired.
 *
 * <p>Unlike a detector that waits for the garbage collector to find a dropped buffer (Netty's), this
 * one is exact and deterministic: at a quiet moment, buffers out = buffers held.
 */
public final class LeakDetector {
    /** Whether pools track their buffers (read once, at class initialisation). */
    public static final boolean ENABLED;
    /** Also record a stack trace at every acquire ({@code netstack4j.leakDetection=paranoid}): slow. */
    static final boolean PARANOID;

    static {
        String v = System.getProperty("netstack4j.leakDetection", "false");
        PARANOID = v.equalsIgnoreCase("paranoid");
        ENABLED = PARANOID || v.equalsIgnoreCase("true");
    }

    private static final List<PacketPool> POOLS = new ArrayList<>();

    private LeakDetector() {
    }

    static synchronized void register(PacketPool p) {
        POOLS.add(p);
    }

    /** Forgets every pool registered so far (a new test begins). */
    public static synchronized void reset() {
        POOLS.clear();
    }

    /**
     * The leaks of every registered pool whose last user is the calling thread or has ended (a pool
     * still in use by a running loop thread cannot be checked safely and is skipped): one text per
     * leaked buffer, naming the pool and where the buffer was acquired. Empty when there is none.
     */
    public static synchronized List<String> check() {
        List<String> out = new ArrayList<>();
        for (PacketPool p : POOLS) {
            Thread user = p.lastUser();
            if (user != null && user != Thread.currentThread() && user.isAlive()) {
                continue;
            }
            for (Map.Entry<PacketBuffer, Throwable> e : p.leaks().entrySet()) {
                StringBuilder sb = new StringBuilder("leaked ").append(e.getKey()).append(" from pool ")
                        .append(p.name()).append(": ").append(e.getValue().getMessage());
                if (e.getValue().getStackTrace().length > 0) {
                    sb.append(", at:");
                }
                for (StackTraceElement s : e.getValue().getStackTrace()) {
                    sb.append("\n    at ").append(s);
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
