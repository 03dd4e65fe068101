package io.netstack4j.socket.tcp;

import java.util.random.RandomGenerator;

/**
 * Initial sequence numbers as RFC 6528 §3 (and RFC 9293 §3.4.1) asks: {@code ISN = M + F(localip,
 * localport, remoteip, remoteport, secretkey)}.
 *
 * <ul>
 *   <li>{@code M} is a timer that ticks every 4 µs, taken from the {@code nowNanos} argument
 *       ({@code nowNanos / 4000}); it advances by 250,000 a second and wraps the 32-bit space in
 *       about 4.77 hours, so a new incarnation of a 4-tuple usually starts beyond the sequence
 *       numbers its predecessor used (RFC 9293 §3.4.1).</li>
 *   <li>{@code F} is SipHash-2-4 ({@link SipHash}) of the 4-tuple, keyed with 128 secret bits
 *       drawn once, at construction, from the given {@link RandomGenerator}. The offset is fixed
 *       per 4-tuple but unguessable from outside, which is what defeats off-path sequence-number
 *       guessing (RFC 6528 §1).</li>
 * </ul>
 *
 * <p>Give it a generator fit for secrets in production ({@code new java.security.SecureRandom()}
 * implements {@code RandomGenerator}); tests pass a seeded one. Pure: no clock read, no
 * allocation per call.
 */
public final class IsnGenerator {
    /** Nanoseconds per tick of the timer {@code M} (RFC 6528 §3: "a timer that is incremented every 4 microseconds"). */
    static final long TICK_NANOS = 4_000;

    private final long k0;
    private final long k1;

    /** Draws the 128-bit secret key from {@code keySource}, once. */
    public IsnGenerator(RandomGenerator keySource) {
        this.k0 = keySource.nextLong();
        this.k1 = keySource.nextLong();
    }

    /**
     * The ISN for a new connection on this 4-tuple at time {@code nowNanos}. Addresses are IPv4
     * addresses as {@code int}s (network order, most significant byte first); ports are taken
     * modulo 2^16.
     */
    public int isn(int localAddr, int localPort, int remoteAddr, int remotePort, long nowNanos) {
        int m = (int) Math.floorDiv(nowNanos, TICK_NANOS);
        return m + (int) f(localAddr, localPort, remoteAddr, remotePort);
    }

    /** RFC 6528's {@code F}: SipHash-2-4 of the 4-tuple under this generator's key. */
    long f(int localAddr, int localPort, int remoteAddr, int remotePort) {
        long addrs = (long) localAddr << 32 | Integer.toUnsignedLong(remoteAddr);
        long ports = (long) (localPort & 0xFFFF) << 16 | (remotePort & 0xFFFF);
        return SipHash.hash(k0, k1, addrs, ports);
    }
}
