package io.netstack4j.socket.tcp;

import io.netstack4j.socket.Errno;
import io.netstack4j.time.Timer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The transmission control block of RFC 9293 §3.3.1: the variables of one connection, named as the
 * RFC names them (SND.UNA is {@code sndUna}, RCV.NXT {@code rcvNxt}...), with the state, the buffers,
 * the timers' deadlines, and the RTT and congestion state. {@link TcpConnection} adds the user calls;
 * the protocol's classes ({@link TcpInput}, {@link TcpOutput}, {@link TcpTimers}) read and write
 * these fields directly, on the loop thread (the few marked volatile are also read by application
 * threads).
 */
abstract sealed class TcpControlBlock extends FourTuple permits TcpConnection {
    final TcpLayer layer;
    final TcpConfig config;
    /** Volatile: application threads read it on the fast path (see TcpSocketImpl). */
    volatile TcpState state = TcpState.CLOSED;
    boolean bound;

    // ---- send sequence space (RFC 9293 §3.3.1, Figure 3) ----
    int iss;
    int sndUna;
    int sndNxt;
    /** The highest sequence number sent plus one (BSD's snd_max): SND.NXT goes back to SND.UNA on a timeout. */
    int sndMax;
    /** SND.WND, the peer's window in bytes (its field shifted by {@link #sndWndShift}). */
    int sndWnd;
    int sndWl1;
    int sndWl2;
    /** The largest window the peer has offered (RFC 9293 §3.8.6.2.1's Max(SND.WND)). */
    int maxSndWnd;
    /** SMSS: the largest segment we send (the peer's MSS option, or 536, and our route's limit). */
    int sendMss = 536;
    /** The MSS we announce: our route's MTU minus 40. */
    int ourMss;

    // ---- receive sequence space (Figure 4) ----
    int irs;
    int rcvNxt;
    /** RCV.NXT + the window we last advertised: the right edge we must never move left (§3.8.6.2.2). */
    int rcvAdvertisedEdge;
    /** The window in our last segment (read, racily, by application threads to decide on a window update). */
    volatile int lastAdvertisedWindow;

    // ---- window scaling (RFC 7323 §2) ----
    /** Our SYN offers a window-scale option (active open, before the SYN+ACK says whether it is on). */
    boolean wsOffered;
    /** Snd.Wind.Shift: the peer's shift, applied to every window it sends but on SYNs; 0 when off. */
    int sndWndShift;
    /** Rcv.Wind.Shift: our shift, applied to every window we send but on SYNs; 0 when off. */
    int rcvWndShift;

    // ---- timestamps (RFC 7323 §3-4) ----
    /** Both ends send the timestamps option (negotiated on the SYNs). */
    boolean tsOk;
    /** TS.Recent: the peer's TSval to echo. */
    int tsRecent;
    /** Last.ACK.sent: the RCV.NXT our last segment acknowledged. */
    int lastAckSent;
    /** The highest TSval sent (or sampled) so far. */
    int tsLast;
    /** A random offset of our timestamp clock, per connection (RFC 7323 §5.4). */
    int tsOffset;

    // ---- buffers ----
    int sendBufferSize;
    int receiveBufferSize;
    /** Volatile, with the flags below: application threads read them on the caller-thread path. */
    volatile ByteRing sendBuf;
    volatile RecvQueue recvBuf;
    OutOfOrder outOfOrder;

    // ---- closing ----
    /** The application has no more to send (close or shutdown): a FIN follows the data. */
    volatile boolean finQueued;
    /** Our FIN has been acknowledged. */
    boolean finWasAcked;
    /** The peer's FIN has been received (RCV.NXT is past it): reads end after the data. */
    volatile boolean peerFin;
    /** The application closed the descriptor: nothing will read, and arriving data is answered with RST. */
    boolean orphaned;
    volatile boolean readShutdown;
    /** What failed the connection (reset, timed out, refused), reported by the next call. */
    volatile Errno error;
    /** A soft ICMP error (RFC 1122 §4.2.3.9), reported only if the connection then times out. */
    Errno softError;

    // ---- options ----
    boolean noDelay;
    boolean keepAlive;
    /** TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT: from {@link TcpConfig}, settable per socket. */
    long keepIdle;
    long keepInterval;
    int keepCount;
    /** SO_LINGER: -1 off; 0 = close sends RST. */
    int lingerSeconds = -1;
    boolean reuseAddress;

    // ---- timers (TcpTimers): one wheel timer for the earliest of these deadlines ----
    final Timer timer;
    long rtoAt = Long.MAX_VALUE;
    long persistAt = Long.MAX_VALUE;
    long delayedAckAt = Long.MAX_VALUE;
    long keepAliveAt = Long.MAX_VALUE;
    /** FIN-WAIT-2 of an orphan, or connect's own timeout. */
    long giveUpAt = Long.MAX_VALUE;
    int retransmits;
    int persistBackoff;
    /** Zero-window probes sent since the peer was last heard from (bounded by dataRetries). */
    int persistProbes;
    int keepAliveProbesSent;
    long lastReceivedAt;
    long lastSentAt;

    // ---- RTT and congestion (RFC 6298, RFC 5681) ----
    final RttEstimator rtt;
    final CongestionControl cc;
    boolean rttTiming;
    int rttSeq;
    long rttStart;
    int dupAcks;
    /**
     * Eifel detection (RFC 3522): the TSval of the last fast retransmission and the window and
     * threshold before it, while an ACK may still show that the original had arrived.
     */
    boolean undoPossible;
    int undoTsVal;
    long priorCwnd;
    long priorSsthresh;

    // ---- acknowledgements (RFC 5681 §4.2, RFC 9293 §3.8.6.3) ----
    /** Full-sized segments received since we last sent an ACK. */
    int segmentsUnacked;
    /** An ACK is due at the end of this input burst. */
    boolean ackNow;
    /** On the layer's list of connections to flush at the end of the burst. */
    boolean dirty;
    TcpConnection nextDirty;

    /** Scheduled for output by an application thread (TcpLayer's lock-free list). */
    volatile int scheduled;
    TcpConnection nextScheduled;
    /**
     * The send ring's producers (an application thread, or the loop answering a waiting call) take
     * turns on {@code sendLock}, the receive ring's consumers on {@code receiveLock}; the loop takes
     * one with tryLock before it gives an idle connection's ring back ({@link TcpTimers}).
     */
    final ReentrantLock sendLock = new ReentrantLock();
    final ReentrantLock receiveLock = new ReentrantLock();
    /** When an idle connection's empty rings go back (0: not armed). */
    long releaseAt = Long.MAX_VALUE;
    /**
     * How many bytes had ever entered each ring at the last look ({@link ByteRing#written()}), or
     * -1: a ring goes back only if nothing entered it for a whole period, so a busy connection whose
     * reader keeps its ring empty does not lose (and regrow) it every second.
     */
    long sendWrittenMark = -1;
    long recvWrittenMark = -1;

    /** Its readiness callback is due at the end of this input burst. */
    boolean notifyPending;
    /** An application thread freed receive space: consider a window update. */
    volatile boolean windowUpdateWanted;

    // ---- the socket above ----
    TcpListener parent;
    Runnable readiness = () -> { };
    long retransmittedSegments;

    TcpControlBlock(TcpLayer layer) {
        this.keepIdle = layer.config().keepAliveIdle();
        this.keepInterval = layer.config().keepAliveInterval();
        this.keepCount = layer.config().keepAliveProbes();
        this.layer = layer;
        this.config = layer.config();
        this.sendBufferSize = config.sendBufferBytes();
        this.receiveBufferSize = config.receiveBufferBytes();
        this.timer = new Timer(now -> TcpTimers.fire((TcpConnection) this, now));
        this.rtt = new RttEstimator(config.initialRto(), config.minRto(), config.maxRto(), 1_000_000L);
        this.cc = new NewReno();
    }

    boolean finAcked() {
        return finWasAcked;
    }

    /** Our timestamp clock: milliseconds plus the connection's offset (RFC 7323 §5.4). */
    int tsNow(long now) {
        int t = (int) (now / 1_000_000L) + tsOffset;
        // Never backwards (RFC 7323 §5.4): calls completed from readiness callbacks carry a loop time
        // up to one turn old, and a TSval below one already sent fails the peer's PAWS check (§5.3),
        // which drops the segment (Linux counts it as PAWSEstab): a loss on a clean link.
        if (t - tsLast < 0) {
            return tsLast;
        }
        tsLast = t;
        return t;
    }

    /** The shift that makes {@code buffer} fit the 16-bit window field (RFC 7323 §2.3: at most 14). */
    static int shiftFor(int buffer) {
        int shift = 0;
        while (shift < 14 && (0xFFFFL << shift) < buffer) {
            shift++;
        }
        return shift;
    }

    /** The data a segment carries at most: SMSS less the timestamps option when it is on. */
    int dataMss() {
        return sendMss - (tsOk ? io.netstack4j.wire.TcpPacket.TIMESTAMPS_OPTION_LEN : 0);
    }

    /** Moves to {@code s}, keeping CurrEstab (ESTABLISHED + CLOSE-WAIT, as RFC 1213's tcpCurrEstab). */
    void setState(TcpState s) {
        boolean was = state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT;
        boolean is = s == TcpState.ESTABLISHED || s == TcpState.CLOSE_WAIT;
        if (was != is) {
            layer.stats().currEstab += is ? 1 : -1;
        }
        state = s;
    }
}
