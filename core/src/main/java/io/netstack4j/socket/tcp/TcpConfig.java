package io.netstack4j.socket.tcp;

/**
 * TCP's limits and timers, with defaults chosen against Linux's (named where they differ from the
 * RFCs). Durations are in nanoseconds, sizes in bytes. Change one with {@code toBuilder()}.
 *
 * @param sendBufferBytes      SO_SNDBUF default: the send ring's size (allocated on the first write)
 * @param receiveBufferBytes   SO_RCVBUF default: the receive queue's size in bytes (made when data arrive);
 *                             the advertised window is at most this (at most 65,535 without window scaling)
 * @param initialRto           RFC 6298 §2.1: 1 s
 * @param minRto               200 ms, Linux's TCP_RTO_MIN (RFC 6298 §2.4 says 1 s)
 * @param maxRto               120 s, Linux's TCP_RTO_MAX (RFC 6298 §2.5 allows 60 s or more)
 * @param synRetries           SYN retransmissions before connect fails with ETIMEDOUT (Linux's
 *                             tcp_syn_retries, 6: about 127 s at 1 s doubling)
 * @param synAckRetries        SYN+ACK retransmissions of a half-open connection (tcp_synack_retries, 5)
 * @param dataRetries          retransmissions of one segment before the connection gives up with
 *                             ETIMEDOUT (tcp_retries2, 15; RFC 1122 §4.2.3.5's R2, at least 100 s)
 * @param delayedAck           the delayed-ACK timeout (RFC 5681 §4.2: under 500 ms; Linux's minimum 40 ms)
 * @param timeWait             2·MSL, how long TIME-WAIT lasts (Linux's TCP_TIMEWAIT_LEN, 60 s)
 * @param finWait2Timeout      how long an orphaned connection (closed by the application) waits in
 *                             FIN-WAIT-2 for the peer's FIN (tcp_fin_timeout, 60 s)
 * @param maxTimeWait          TIME-WAIT entries kept at most (tcp_max_tw_buckets); beyond it a
 *                             closing connection is erased at once and counted
 * @param synBacklogMax        the largest SYN queue a listener gets (tcp_max_syn_backlog, 128 here)
 * @param synCookies           answer SYNs with a cookie when a SYN queue is full (RFC 4987 §3.6;
 *                             Linux's tcp_syncookies=1)
 * @param outOfOrderRanges     out-of-order segments held for reassembly per connection (in the frames
 *                             they came in); a segment that would need one more is dropped and counted
 * @param keepAliveIdle        RFC 1122 §4.2.3.6: at least two hours (7,200 s)
 * @param keepAliveInterval    between unanswered probes (tcp_keepalive_intvl, 75 s)
 * @param keepAliveProbes      unanswered probes before the connection is dropped (9)
 * @param challengeAcksPerSecond RFC 5961 §7: the rate limit on challenge ACKs, per stack (1,000)
 * @param maxConnections       connections (any state but TIME-WAIT) a stack holds at most
 * @param timestamps           offer and accept the timestamps option (RFC 7323 §3; Linux's tcp_timestamps=1):
 *                             an RTT sample from every acknowledgement, retransmissions included
 * @param windowScaling        offer and accept window scaling (RFC 7323 §2; Linux's tcp_window_scaling=1),
 *                             so a receive buffer over 64 KiB is a window over 64 KiB
 */
public record TcpConfig(int sendBufferBytes, int receiveBufferBytes, long initialRto, long minRto, long maxRto,
                        int synRetries, int synAckRetries, int dataRetries, long delayedAck, long timeWait,
                        long finWait2Timeout, int maxTimeWait, int synBacklogMax, boolean synCookies,
                        int outOfOrderRanges, long keepAliveIdle, long keepAliveInterval, int keepAliveProbes,
                        int challengeAcksPerSecond, int maxConnections, boolean timestamps,
                        boolean windowScaling) {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    public static final TcpConfig DEFAULT = new TcpConfig(256 * 1024, 256 * 1024, S, 200 * MS, 120 * S, 6, 5, 15,
            40 * MS, 60 * S, 60 * S, 16_384, 128, true, 32, 7_200 * S, 75 * S, 9, 1_000, 65_536, true, true);

    public TcpConfig {
        if (sendBufferBytes < 1024 || receiveBufferBytes < 1024) {
            throw new IllegalArgumentException("buffers below 1 KiB");
        }
        if (minRto <= 0 || minRto > maxRto || initialRto <= 0) {
            throw new IllegalArgumentException("bad RTO bounds " + minRto + ".." + maxRto);
        }
        if (synRetries < 0 || synAckRetries < 0 || dataRetries < 1 || keepAliveProbes < 1) {
            throw new IllegalArgumentException("bad retry counts");
        }
        if (delayedAck <= 0 || delayedAck > 500 * MS) {
            throw new IllegalArgumentException("delayed ACK must be in (0, 500 ms] (RFC 5681 §4.2)");
        }
        if (timeWait < 0 || finWait2Timeout <= 0 || maxTimeWait < 0 || synBacklogMax < 1 || outOfOrderRanges < 1
                || keepAliveIdle <= 0 || keepAliveInterval <= 0 || challengeAcksPerSecond < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("bad TCP limits");
        }
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A mutable copy for changing a few values. */
    public static final class Builder {
        public int sendBufferBytes, receiveBufferBytes, synRetries, synAckRetries, dataRetries, maxTimeWait,
                synBacklogMax, outOfOrderRanges, keepAliveProbes, challengeAcksPerSecond, maxConnections;
        public long initialRto, minRto, maxRto, delayedAck, timeWait, finWait2Timeout, keepAliveIdle,
                keepAliveInterval;
        public boolean synCookies, timestamps, windowScaling;

        Builder(TcpConfig c) {
            sendBufferBytes = c.sendBufferBytes;
            receiveBufferBytes = c.receiveBufferBytes;
            initialRto = c.initialRto;
            minRto = c.minRto;
            maxRto = c.maxRto;
            synRetries = c.synRetries;
            synAckRetries = c.synAckRetries;
            dataRetries = c.dataRetries;
            delayedAck = c.delayedAck;
            timeWait = c.timeWait;
            finWait2Timeout = c.finWait2Timeout;
            maxTimeWait = c.maxTimeWait;
            synBacklogMax = c.synBacklogMax;
            synCookies = c.synCookies;
            outOfOrderRanges = c.outOfOrderRanges;
            keepAliveIdle = c.keepAliveIdle;
            keepAliveInterval = c.keepAliveInterval;
            keepAliveProbes = c.keepAliveProbes;
            challengeAcksPerSecond = c.challengeAcksPerSecond;
            maxConnections = c.maxConnections;
            timestamps = c.timestamps;
            windowScaling = c.windowScaling;
        }

        public TcpConfig build() {
            return new TcpConfig(sendBufferBytes, receiveBufferBytes, initialRto, minRto, maxRto, synRetries,
                    synAckRetries, dataRetries, delayedAck, timeWait, finWait2Timeout, maxTimeWait, synBacklogMax,
                    synCookies, outOfOrderRanges, keepAliveIdle, keepAliveInterval, keepAliveProbes,
                    challengeAcksPerSecond, maxConnections, timestamps, windowScaling);
        }
    }
}
