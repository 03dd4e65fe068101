package io.netstack4j.socket.tcp;

/**
 * A sender's congestion controller (RFC 5681): it keeps the congestion window {@code cwnd} and the
 * slow-start threshold {@code ssthresh} and tells the sender when loss recovery must retransmit.
 *
 * <p>The sender owns the sequence space and the timers and decides what an ACK is: it calls
 * {@link #onAck} when {@code SEG.ACK} advances {@code SND.UNA}, {@link #onDuplicateAck} for a
 * duplicate ACK as RFC 5681 §2 defines one, {@link #onRetransmitTimeout} when the retransmission
 * timer expires and {@link #onIdleRestart} before sending after an idle period longer than the RTO.
 * It may send while {@code SND.NXT - SND.UNA < min(cwnd, SND.WND)}. Byte counts are in bytes,
 * sequence numbers are {@code int}s compared with {@link SeqNumber}; {@code nowNanos} is the
 * caller's time, for controllers that need one.
 *
 * <p>Implementations are pure (no threads, no clock reads) and allocate nothing per ACK.
 */
public sealed interface CongestionControl permits NewReno {
    /** What the sender must do after an ACK. */
    enum Action {
        /** Nothing beyond sending what the window now allows. */
        NONE,
        /** Retransmit the segment that starts at {@code SND.UNA} now (fast retransmit, or a NewReno partial ACK). */
        RETRANSMIT_FIRST_UNACKED
    }

    /** The congestion window in bytes. */
    long cwnd();

    /** The slow-start threshold in bytes; {@link Integer#MAX_VALUE} until the first loss. */
    long ssthresh();

    /** Whether a fast recovery is in progress. */
    boolean inFastRecovery();

    /** The controller's name, as Linux's {@code tcp_congestion_control} spells it. */
    String name();

    /**
     * Starts (or restarts) a connection whose sender maximum segment size is {@code smss}:
     * {@code cwnd} becomes the initial window {@code min(10 * SMSS, max(2 * SMSS, 14600))}
     * (RFC 6928 §2), {@code ssthresh} effectively infinite (RFC 5681 §3.1).
     *
     * @throws IllegalArgumentException if {@code smss} is not positive
     */
    void init(int smss);

    /**
     * {@code SEG.ACK = ack} advanced {@code SND.UNA} by {@code acked} bytes;
     * {@code flightSizeBefore} is {@code SND.NXT - SND.UNA} before this ACK.
     */
    Action onAck(int ack, int acked, int flightSizeBefore, long nowNanos);

    /**
     * A duplicate ACK arrived (RFC 5681 §2; the caller decides). {@code dupAcks} counts the
     * duplicates in a row, this one included; {@code sndUna}, {@code sndNxt} and
     * {@code flightSize} are the sender's current values.
     */
    Action onDuplicateAck(int dupAcks, int sndUna, int sndNxt, int flightSize, long nowNanos);

    /**
     * The retransmission timer expired (the sender retransmits the first unacknowledged segment).
     * {@code sndNxt} is one past the highest sequence number sent so far, {@code flightSize} the
     * data outstanding.
     */
    void onRetransmitTimeout(int sndNxt, int flightSize, long nowNanos);

    /** The sender was idle for longer than the RTO and is about to send again (RFC 5681 §4.1). */
    void onIdleRestart();

    /**
     * The sender maximum segment size changed (for example learnt from the peer's MSS option, or
     * from path MTU discovery).
     *
     * @throws IllegalArgumentException if {@code smss} is not positive
     */
    void setSmss(int smss);

    /**
     * The last fast retransmit was spurious (the original segment arrived: RFC 3522's detection by
     * timestamps): put back the window and threshold from before it (RFC 4015's response, simply)
     * and leave fast recovery.
     */
    void undo(long priorCwnd, long priorSsthresh);
}
