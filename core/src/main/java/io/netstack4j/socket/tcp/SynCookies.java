package io.netstack4j.socket.tcp;

import java.util.random.RandomGenerator;

/**
 * SYN cookies (RFC 4987 §3.6): when the SYN queue is full, a listener answers a SYN with a SYN+ACK
 * whose ISN encodes what it needs to know later, keeps no state, and rebuilds the connection from
 * the ACK that completes the handshake (that ACK carries our ISN + 1 and the peer's ISN + 1).
 *
 * <p>The 32-bit cookie, this class's own layout:
 * <pre>
 *   bits 31..30  the MSS class index, XORed with the top two bits of the MAC hash
 *   bits 29..0   the low 30 bits of the MAC hash, XORed with a tag that differs per MSS class
 * </pre>
 * The MAC hash is SipHash-2-4 ({@link SipHash}, shared with {@link IsnGenerator}, under this
 * object's own 128-bit key) of the 4-tuple, the peer's ISN and the counter
 * {@code floor(nowNanos / 64 s)}. The counter is not written into the cookie: {@link #decode} tries
 * the current period and the one before, so a cookie is accepted for at least 64 s and at most
 * 128 s after it was made (the same span as Linux's two one-minute counts), and a blind forgery
 * succeeds with probability 2 * 2^-30 per attempt. Every single-bit change is rejected: a change in
 * the low 30 bits breaks the MAC, and a change in the class bits selects a different tag.
 *
 * <p>The MSS classes are {@code 536, 1300, 1440, 1460} (2 bits, in the manner of Linux's
 * {@code msstab}): {@link #encode} keeps the largest not above the peer's MSS, and 536 (the
 * default send MSS of RFC 9293 §3.7.1) for anything smaller. Other SYN options (window scale,
 * SACK-permitted, timestamps) do not fit and are lost, the trade-off RFC 4987 §3.6 describes; a
 * connection made from a cookie runs without them. Cookie ISNs also lose RFC 6528's clock-driven
 * ordering ({@link IsnGenerator}): they are a fallback for a SYN flood, not the usual path.
 *
 * <p>Pure: no clock read (time is the {@code nowNanos} argument), no allocation per call.
 */
public final class SynCookies {
    /** The length of one counter period: 64 s. */
    static final long PERIOD_NANOS = 64_000_000_000L;
    /** A cookie made {@code MAX_AGE_PERIODS} or more counter periods ago is refused. */
    static final int MAX_AGE_PERIODS = 2;

    /** The MSS values a cookie can carry, by class index. */
    private static final int[] MSS_CLASSES = {536, 1300, 1440, 1460};
    /** Per-class tags for the MAC bits: pairwise different, so a changed class index never validates. */
    private static final int[] CLASS_TAGS = {0, 0x1555_5555, 0x2AAA_AAAA, 0x3FFF_FFFF};
    private static final int MAC_MASK = 0x3FFF_FFFF;

    private final long k0;
    private final long k1;

    /** Draws this object's own 128-bit secret key from {@code keySource}, once. */
    public SynCookies(RandomGenerator keySource) {
        this.k0 = keySource.nextLong();
        this.k1 = keySource.nextLong();
    }

    /**
     * Our ISN for the SYN+ACK answering a SYN from the peer: encodes the largest MSS class not
     * above {@code peerMss} (536 if it is smaller than all), bound to the 4-tuple, the peer's ISN
     * ({@code SEG.SEQ} of its SYN) and the current counter period.
     */
    public int encode(int localAddr, int localPort, int remoteAddr, int remotePort, int peerIsn, int peerMss,
                      long nowNanos) {
        int index = mssClass(peerMss);
        long h = mac(localAddr, localPort, remoteAddr, remotePort, peerIsn, Math.floorDiv(nowNanos, PERIOD_NANOS));
        return ((index ^ (int) (h >>> 62)) << 30) | (((int) h ^ CLASS_TAGS[index]) & MAC_MASK);
    }

    /**
     * Checks the ACK completing a cookie handshake: {@code ourIsn} is {@code SEG.ACK - 1},
     * {@code peerIsn} is {@code SEG.SEQ - 1}. Returns the MSS the cookie carries, or -1 if it was
     * not made by this object for this 4-tuple and peer ISN, or was made {@link #MAX_AGE_PERIODS}
     * or more counter periods ago.
     */
    public int decode(int localAddr, int localPort, int remoteAddr, int remotePort, int peerIsn, int ourIsn,
                      long nowNanos) {
        long period = Math.floorDiv(nowNanos, PERIOD_NANOS);
        for (int age = 0; age < MAX_AGE_PERIODS; age++) {
            long h = mac(localAddr, localPort, remoteAddr, remotePort, peerIsn, period - age);
            int index = (ourIsn >>> 30) ^ (int) (h >>> 62);
            if (((ourIsn ^ (int) h ^ CLASS_TAGS[index]) & MAC_MASK) == 0) {
                return MSS_CLASSES[index];
            }
        }
        return -1;
    }

    /** The index of the largest MSS class not above {@code peerMss}; 0 if none is. */
    static int mssClass(int peerMss) {
        for (int i = MSS_CLASSES.length - 1; i > 0; i--) {
            if (MSS_CLASSES[i] <= peerMss) {
                return i;
            }
        }
        return 0;
    }

    private long mac(int localAddr, int localPort, int remoteAddr, int remotePort, int peerIsn, long period) {
        long addrs = (long) localAddr << 32 | Integer.toUnsignedLong(remoteAddr);
        long portsAndIsn = (long) (localPort & 0xFFFF) << 48 | (long) (remotePort & 0xFFFF) << 32
                | Integer.toUnsignedLong(peerIsn);
        return SipHash.hash(k0, k1, addrs, portsAndIsn, period);
    }
}
