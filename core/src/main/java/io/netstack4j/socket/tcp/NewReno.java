package io.netstack4j.socket.tcp;

/**
 * Reno congestion control (RFC 5681) with NewReno's fast recovery (RFC 6582), an initial window
 * of ten segments (RFC 6928) and appropriate byte counting (RFC 3465).
 *
 * <ul>
 *   <li><b>Slow start</b> (RFC 5681 §3.1), while {@code cwnd < ssthresh}: each ACK adds the bytes it
 *       acknowledges, at most {@code L = 2 * SMSS} (RFC 3465), and at most {@code 1 * SMSS}
 *       in the slow start that follows a retransmission timeout (RFC 3465 advises this, since
 *       ACKs for data that was received before the timeout would otherwise open the window in
 *       bursts). {@code cwnd} stops at {@code ssthresh}.</li>
 *   <li><b>Congestion avoidance</b>, once {@code cwnd >= ssthresh}: byte counting (RFC 5681 §3.1,
 *       RFC 3465): {@code cwnd} grows by one SMSS each time a full {@code cwnd} of bytes has
 *       been acknowledged, i.e. about one SMSS per round trip.</li>
 *   <li><b>Fast retransmit and fast recovery</b> (RFC 5681 §3.2 with RFC 6582 §3.2): on the third
 *       duplicate ACK, {@code ssthresh = max(FlightSize / 2, 2 * SMSS)}, {@code recover = SND.NXT},
 *       {@code cwnd = ssthresh + 3 * SMSS} and the first unacknowledged segment is retransmitted;
 *       each further duplicate ACK inflates {@code cwnd} by one SMSS. A partial ACK (below
 *       {@code recover}) deflates {@code cwnd} by the bytes it acknowledges, gives one SMSS back if
 *       that was at least one SMSS, and retransmits the next hole; a full ACK ends the recovery with
 *       {@code cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS)}, FlightSize being what is left
 *       outstanding after that ACK (RFC 6582 §3.2 step 3, option 1).
 *       </li>
 *   <li><b>The {@code recover} check</b> (RFC 6582 §3.2 step 2 and §4.1): three duplicate ACKs start
 *       a fast retransmit only if the cumulative ACK covers more than the data outstanding when
 *       the last loss was detected, so duplicates caused by that episode's own retransmissions do
 *       not halve the window a second time. RFC 6582 keeps {@code recover} as the highest sequence
 *       number sent; this class keeps one past it ({@code SND.NXT}, like Linux's {@code high_seq}),
 *       so the check reads {@code SND.UNA > recover} and a full ACK is {@code SEG.ACK >= recover}.
 *       </li>
 *   <li><b>Timeouts</b> (RFC 5681 §3.1, equation 4): {@code ssthresh = max(FlightSize / 2, 2 * SMSS)}
 *       on the first expiry for a segment (kept as it is when the timer expires again before any
 *       ACK advances {@code SND.UNA}), {@code cwnd} = the loss window of one SMSS, and fast recovery
 *       ends with {@code recover = SND.NXT} (RFC 6582 §3.2 step 4).</li>
 *   <li><b>Restart after idle</b> (RFC 5681 §4.1): {@code cwnd = min(cwnd, IW)}.</li>
 * </ul>
 *
 * <p>Left to the sender: limited transmit (RFC 3042), sending new data when the window allows,
 * and restarting the retransmission timer on the first partial ACK (RFC 6582 §3.2 step 3).
 * If the MSS becomes known before any data was sent (from the peer's SYN), call {@link #init}
 * again so that the initial window uses it.
 */
public final class NewReno implements CongestionControl {
    /** The default sender MSS until {@link #init} is told better (RFC 9293 §3.7.1). */
    private static final int DEFAULT_SMSS = 536;
    /** Duplicate ACKs that signal a loss (RFC 5681 §3.2). */
    private static final int DUP_ACK_THRESHOLD = 3;

    private int smss;
    private long cwnd;
    private long ssthresh;
    private boolean inFastRecovery;
    /** One past the highest sequence number sent when the last loss was detected; valid if {@link #recoverSet}. */
    private int recover;
    /** False until a loss sets {@link #recover}, and again once an ACK has passed it (so that it cannot age into the wrong half of the sequence circle). */
    private boolean recoverSet;
    /** Bytes acknowledged towards the next congestion-avoidance increase (RFC 3465). */
    private long bytesAcked;
    /** In the slow start that follows a timeout: L = 1 SMSS. */
    private boolean slowStartAfterTimeout;
    /** The retransmission timer expired and no ACK has advanced SND.UNA since. */
    private boolean timedOutSinceAck;

    /** A controller initialised for the default MSS of 536 bytes; call {@link #init} with the real one. */
    public NewReno() {
        init(DEFAULT_SMSS);
    }

    @Override
    public long cwnd() {
        return cwnd;
    }

    @Override
    public long ssthresh() {
        return ssthresh;
    }

    @Override
    public boolean inFastRecovery() {
        return inFastRecovery;
    }

    @Override
    public String name() {
        return "newreno";
    }

    @Override
    public void init(int smss) {
        this.smss = checkSmss(smss);
        cwnd = initialWindow(smss);
        ssthresh = Integer.MAX_VALUE;
        inFastRecovery = false;
        recoverSet = false;
        bytesAcked = 0;
        slowStartAfterTimeout = false;
        timedOutSinceAck = false;
    }

    @Override
    public Action onAck(int ack, int acked, int flightSizeBefore, long nowNanos) {
        if (acked <= 0) {
            return Action.NONE;
        }
        timedOutSinceAck = false;
        if (inFastRecovery) {
            return recoveryAck(ack, acked, flightSizeBefore);
        }
        if (recoverSet && SeqNumber.greaterThan(ack, recover)) {
            recoverSet = false; // past the last loss episode: the recover check no longer restrains
        }
        if (cwnd < ssthresh) {
            long limit = slowStartAfterTimeout ? smss : 2L * smss;
            cwnd = Math.min(cwnd + Math.min(acked, limit), ssthresh);
        } else {
            slowStartAfterTimeout = false;
            bytesAcked += acked;
            if (bytesAcked >= cwnd) {
                bytesAcked -= cwnd;
                cwnd += smss;
            }
        }
        return Action.NONE;
    }

    /** RFC 6582 §3.2 step 3: an ACK of new data during fast recovery, full or partial. */
    private Action recoveryAck(int ack, int acked, int flightSizeBefore) {
        if (SeqNumber.greaterOrEqual(ack, recover)) {
            long flightSize = Math.max(0L, (long) flightSizeBefore - acked);
            cwnd = Math.min(ssthresh, Math.max(flightSize, smss) + smss);
            inFastRecovery = false;
            bytesAcked = 0;
            return Action.NONE;
        }
        long deflated = cwnd - acked;
        if (acked >= smss) {
            deflated += smss;
        }
        cwnd = Math.max(deflated, smss);
        return Action.RETRANSMIT_FIRST_UNACKED;
    }

    @Override
    public Action onDuplicateAck(int dupAcks, int sndUna, int sndNxt, int flightSize, long nowNanos) {
        if (inFastRecovery) {
            cwnd += smss; // RFC 5681 §3.2 step 4: each further duplicate means a segment left the network
            return Action.NONE;
        }
        if (dupAcks != DUP_ACK_THRESHOLD) {
            return Action.NONE;
        }
        if (recoverSet && !SeqNumber.greaterThan(sndUna, recover)) {
            return Action.NONE; // RFC 6582 §3.2 step 2: still inside the last loss episode
        }
        ssthresh = halvedFlight(flightSize);
        recover = sndNxt;
        recoverSet = true;
        cwnd = ssthresh + 3L * smss;
        inFastRecovery = true;
        bytesAcked = 0;
        slowStartAfterTimeout = false;
        return Action.RETRANSMIT_FIRST_UNACKED;
    }

    @Override
    public void onRetransmitTimeout(int sndNxt, int flightSize, long nowNanos) {
        if (!timedOutSinceAck) {
            ssthresh = halvedFlight(flightSize);
        }
        timedOutSinceAck = true;
        cwnd = smss;
        inFastRecovery = false;
        // The highest sequence number sent, even if the sender rewound SND.NXT after a timeout.
        recover = recoverSet ? SeqNumber.max(recover, sndNxt) : sndNxt;
        recoverSet = true;
        bytesAcked = 0;
        slowStartAfterTimeout = true;
    }

    @Override
    public void onIdleRestart() {
        cwnd = Math.min(cwnd, initialWindow(smss));
        bytesAcked = 0;
    }

    /** Keeps {@code cwnd} and {@code ssthresh} in bytes; {@code cwnd} never falls below one new SMSS. */
    @Override
    public void setSmss(int smss) {
        this.smss = checkSmss(smss);
        cwnd = Math.max(cwnd, smss);
    }

    /** RFC 5681 §3.1 equation (4) and §3.2 step 2: {@code max(FlightSize / 2, 2 * SMSS)}. */
    private long halvedFlight(int flightSize) {
        return Math.max(Integer.toUnsignedLong(flightSize) / 2, 2L * smss);
    }

    /** RFC 6928 §2: {@code IW = min(10 * MSS, max(2 * MSS, 14600))}. */
    private static long initialWindow(int smss) {
        return Math.min(10L * smss, Math.max(2L * smss, 14_600L));
    }

    private static int checkSmss(int smss) {
        if (smss <= 0) {
            throw new IllegalArgumentException("SMSS must be positive: " + smss);
        }
        return smss;
    }

    @Override
    public void undo(long priorCwnd, long priorSsthresh) {
        cwnd = Math.max(cwnd, priorCwnd);
        ssthresh = Math.max(ssthresh, priorSsthresh);
        inFastRecovery = false;
    }
}
