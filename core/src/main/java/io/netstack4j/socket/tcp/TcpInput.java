package io.netstack4j.socket.tcp;

import io.netstack4j.socket.Errno;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.TcpPacket;

/**
 * SEGMENT ARRIVES for a connection (RFC 9293 §3.10.7.3 for SYN-SENT, §3.10.7.4 for the other
 * states), written as the RFC's steps, a comment naming each: first check the sequence number,
 * second the RST bit, fourth the SYN bit, fifth the ACK field, seventh the segment text, eighth the
 * FIN bit (the third, security, and the sixth, URG, have nothing to do here: no security option, and
 * urgent data is delivered inline as RFC 6093 recommends). RFC 5961's checks refine the second, fourth
 * and fifth. What the segment calls for is sent at the end of the input burst ({@link TcpLayer}).
 */
final class TcpInput {

    private TcpInput() {
    }

    /** A segment for connection {@code c} (not LISTEN, not TIME-WAIT). */
    static void segmentArrives(TcpConnection c, Segment s, long now) {
        TcpTimers.heard(c, now);
        if (c.state == TcpState.SYN_SENT) {
            synSent(c, s, now);
            return;
        }
        TcpLayer layer = c.layer;
        if (c.state == TcpState.SYN_RECEIVED && s.syn() && s.seq == c.irs) {
            if (!s.ackFlag()) {
                c.ackNow = true;   // our SYN+ACK was lost: the peer sent its SYN again
                layer.dirty(c);
                return;
            }
            // Simultaneous open (RFC 9293 Figure 8): the peer's SYN+ACK; its SYN is counted already.
            s.flags &= ~TcpPacket.SYN;
            s.seq++;
        }
        // RFC 7323 §5.3 R3, before the sequence number check: remember the TSval to echo from a segment
        // that is not ahead of our last ACK. A duplicate (a retransmission we had) counts too, so its
        // ACK echoes the retransmission's time, not the original's.
        if (c.tsOk && s.options.timestamps && SeqNumber.lessOrEqual(s.seq, c.lastAckSent)
                && SeqNumber.greaterOrEqual(s.options.tsVal, c.tsRecent)) {
            c.tsRecent = s.options.tsVal;
        }
        // First, check the sequence number.
        if (!acceptable(c, s)) {
            if (!s.rst()) {
                c.ackNow = true;   // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
                layer.dirty(c);
            }
            layer.stats().drops.count(DropReason.TCP_UNACCEPTABLE);
            return;
        }
        trim(c, s);
        // Second, check the RST bit (RFC 5961 §3.2: only an exact RCV.NXT resets; else a challenge ACK).
        if (s.rst()) {
            if (s.seq != c.rcvNxt) {
                layer.challengeAck(c, now);
                return;
            }
            reset(c, now);
            return;
        }
        // Fourth, check the SYN bit (RFC 5961 §4.2: a challenge ACK, whatever its sequence number).
        if (s.syn()) {
            layer.challengeAck(c, now);
            return;
        }
        // Fifth, check the ACK field.
        if (!s.ackFlag()) {
            layer.stats().drops.count(DropReason.TCP_BAD_FLAGS);
            return;
        }
        if (c.state == TcpState.SYN_RECEIVED) {
            if (!SeqNumber.inRange(s.ack, c.sndUna + 1, c.sndMax + 1)) {
                TcpOutput.sendControl(layer, c.localAddr, c.localPort, c.remoteAddr, c.remotePort, s.ack, 0,
                        TcpPacket.RST, 0, 0, now);   // <SEQ=SEG.ACK><CTL=RST>
                layer.stats().outRsts++;
                return;
            }
            c.sndUna = s.ack;   // our SYN is acknowledged
            updateWindow(c, s);
            rttSample(c, s, now);
            c.established(now);
            if (!c.inTable) {
                return;
            }
        } else if (!ack(c, s, now)) {
            return;
        }
        switch (c.state) {
            case FIN_WAIT_1 -> {
                if (c.finAcked()) {
                    c.setState(TcpState.FIN_WAIT_2);
                    if (c.orphaned) {
                        c.giveUpAt = now + c.config.finWait2Timeout();
                        TcpTimers.schedule(c);
                    }
                }
            }
            case CLOSING -> {
                if (c.finAcked()) {
                    layer.enterTimeWait(c, now);
                    return;
                }
            }
            case LAST_ACK -> {
                if (c.finAcked()) {
                    layer.erase(c);
                    c.readiness.run();
                    return;
                }
            }
            default -> {
            }
        }
        // Seventh, process the segment text.
        if (s.len > 0) {
            if (!text(c, s, now)) {
                return;
            }
        }
        // Eighth, check the FIN bit.
        if (s.fin() && s.seq + s.len == c.rcvNxt) {
            fin(c, now);
        }
        layer.dirty(c);
    }

    /**
     * RFC 9293 §3.10.7.4, first check: the four cases of SEG.LEN and RCV.WND. A zero window still
     * takes a segment at exactly RCV.NXT for its ACK and RST ("special allowance"); its data are trimmed.
     */
    private static boolean acceptable(TcpConnection c, Segment s) {
        int wnd = Math.max(0, c.rcvAdvertisedEdge - c.rcvNxt);
        int segLen = s.seqLen();
        if (wnd == 0) {
            return s.seq == c.rcvNxt;
        }
        if (segLen == 0) {
            return SeqNumber.inWindow(s.seq, c.rcvNxt, wnd);
        }
        return SeqNumber.inWindow(s.seq, c.rcvNxt, wnd) || SeqNumber.inWindow(s.seq + segLen - 1, c.rcvNxt, wnd);
    }

    /** Cuts what was received already off the front, and what lies past the window off the end. */
    private static void trim(TcpConnection c, Segment s) {
        int old = c.rcvNxt - s.seq;
        if (old > 0) {
            if (s.syn()) {
                s.flags &= ~TcpPacket.SYN;
                s.seq++;
                old--;
            }
            int n = Math.min(old, s.len);
            s.trimFront(n);
            if (old > n) {
                s.flags &= ~TcpPacket.FIN;   // the FIN too was received already
                s.seq++;
            }
        }
        int room = c.rcvAdvertisedEdge - s.seq;
        int wnd = Math.max(0, room);
        if (s.len > wnd) {
            s.len = wnd;
            s.flags &= ~TcpPacket.FIN;   // past the window: it comes again
            // Tell the sender what the window is: a zero-window probe carries one octet (§3.8.6.1)
            // and waits for this answer (Linux acknowledges such segments at once too).
            c.ackNow = true;
            c.layer.dirty(c);
        }
    }

    /** An acceptable RST at RCV.NXT (RFC 9293 §3.10.7.4, second check). */
    private static void reset(TcpConnection c, long now) {
        switch (c.state) {
            case SYN_RECEIVED -> {
                if (c.parent != null) {
                    c.layer.erase(c);   // passive: back to LISTEN, the listener never saw it
                } else {
                    c.fail(Errno.ECONNREFUSED, now, true);
                }
            }
            case CLOSING, LAST_ACK -> {
                c.layer.erase(c);
                c.readiness.run();
            }
            default -> c.fail(Errno.ECONNRESET, now, true);
        }
    }

    /**
     * The fifth check for synchronized states: RFC 9293 §3.10.7.4 with RFC 5961 §5.2's bounds.
     *
     * @return false if the segment is dropped here
     */
    private static boolean ack(TcpConnection c, Segment s, long now) {
        TcpLayer layer = c.layer;
        if (SeqNumber.greaterThan(s.ack, c.sndMax)) {
            c.ackNow = true;   // acknowledges something not yet sent: ACK, drop
            layer.dirty(c);
            return false;
        }
        if (SeqNumber.lessThan(s.ack, c.sndUna - Math.max(c.maxSndWnd, 1))) {
            layer.challengeAck(c, now);   // RFC 5961 §5.2: too old to be from the peer
            return false;
        }
        if (SeqNumber.greaterThan(s.ack, c.sndUna)) {
            newAck(c, s, now);
        } else if (s.ack == c.sndUna && s.len == 0 && !s.fin() && s.window << c.sndWndShift == c.sndWnd
                && c.sndMax != c.sndUna) {
            // RFC 5681 §2: a duplicate ACK.
            c.dupAcks++;
            int flight = c.sndMax - c.sndUna;
            long cwnd = c.cc.cwnd();
            long ssthresh = c.cc.ssthresh();
            if (c.cc.onDuplicateAck(c.dupAcks, c.sndUna, c.sndMax, flight, now)
                    == CongestionControl.Action.RETRANSMIT_FIRST_UNACKED) {
                layer.stats().fastRetrans++;
                if (c.tsOk && !c.undoPossible) {
                    c.undoPossible = true;   // RFC 3522: remember what this retransmission carries
                    c.undoTsVal = c.tsNow(now);
                    c.priorCwnd = cwnd;
                    c.priorSsthresh = ssthresh;
                }
                TcpOutput.retransmitFirst(c, now);
            }
            layer.dirty(c);   // inflation may let new data out
        }
        updateWindow(c, s);
        return true;
    }

    /** SND.UNA < SEG.ACK =< SND.MAX: data (and maybe our FIN) acknowledged. */
    private static void newAck(TcpConnection c, Segment s, long now) {
        if (c.undoPossible && s.options.timestamps && s.options.tsEcr != 0) {
            // RFC 3522: this ACK covers the retransmitted segment; an echo older than the
            // retransmission's TSval says the original arrived (it was reordered, not lost).
            c.undoPossible = false;
            if (SeqNumber.lessThan(s.options.tsEcr, c.undoTsVal)) {
                c.cc.undo(c.priorCwnd, c.priorSsthresh);
                c.layer.stats().spuriousRetransUndone++;
            }
        }
        int acked = s.ack - c.sndUna;
        int buffered = c.unsentAndUnacked();
        int dataAcked = Math.min(acked, buffered);
        if (c.finQueued && acked > buffered) {
            c.finWasAcked = true;
        }
        if (dataAcked > 0) {
            c.sendBuf.skip(dataAcked);
            if (c.sendBuf.isEmpty()) {
                TcpTimers.drained(c, now);
            }
        }
        int flightBefore = c.sndMax - c.sndUna;
        c.sndUna = s.ack;
        if (SeqNumber.lessThan(c.sndNxt, c.sndUna)) {
            c.sndNxt = c.sndUna;   // after a timeout went back, the peer had more than we re-sent
        }
        rttSample(c, s, now);
        c.retransmits = 0;
        c.persistBackoff = 0;
        c.dupAcks = 0;
        if (c.cc.onAck(s.ack, dataAcked, flightBefore, now) == CongestionControl.Action.RETRANSMIT_FIRST_UNACKED) {
            TcpOutput.retransmitFirst(c, now);   // RFC 6582 §3.2 step 3: a partial ACK
        }
        // RFC 6298 §5.2/5.3: stop the timer when all is acknowledged, else restart it (lazily).
        c.rtoAt = c.sndUna == c.sndMax ? Long.MAX_VALUE : now + c.rtt.rto();
        if (c.rtoAt != Long.MAX_VALUE) {
            TcpTimers.schedule(c);
        }
        c.layer.notifyLater(c);   // room in the send buffer
    }

    /**
     * An RTT sample from an ACK that advances SND.UNA. The segment being timed gives it when this ACK
     * covers it (RFC 6298 §3, Karn's rule: never a retransmitted one); otherwise, with the timestamps
     * option on, the echoed timestamp does (RFC 7323 §4.1: valid after retransmissions too). Linux
     * prefers the same order: an echoed timestamp can be old when the ACKs before this one were lost.
     */
    private static void rttSample(TcpConnection c, Segment s, long now) {
        if (c.rttTiming && SeqNumber.greaterOrEqual(s.ack, c.rttSeq)) {
            c.rtt.sample(now - c.rttStart);
            c.rttTiming = false;
        } else if (c.tsOk && s.options.timestamps && s.options.tsEcr != 0) {
            int ms = c.tsNow(now) - s.options.tsEcr;
            if (ms >= 0) {
                c.rtt.sample(ms * 1_000_000L);
            }
        }
    }

    /** RFC 9293 §3.10.7.4, fifth check: SND.WND from the newest segment (SND.WL1, SND.WL2). */
    private static void updateWindow(TcpConnection c, Segment s) {
        if (SeqNumber.lessThan(c.sndWl1, s.seq) || c.sndWl1 == s.seq && SeqNumber.lessOrEqual(c.sndWl2, s.ack)) {
            int wnd = s.window << c.sndWndShift;   // RFC 7323 §2.3 (a SYN's window never gets here)
            boolean opened = c.sndWnd == 0 && wnd > 0;
            c.sndWnd = wnd;
            c.sndWl1 = s.seq;
            c.sndWl2 = s.ack;
            c.maxSndWnd = Math.max(c.maxSndWnd, wnd);
            if (opened) {
                c.persistAt = Long.MAX_VALUE;
                c.persistBackoff = 0;
                c.layer.dirty(c);
            }
        }
    }

    /**
     * RFC 9293 §3.10.7.4, seventh: data in order go into the receive buffer, data past a hole are
     * written in place and remembered (bounded); RFC 5681 §4.2 decides between a delayed ACK and
     * an immediate one.
     *
     * @return false if the connection was reset (data after close)
     */
    private static boolean text(TcpConnection c, Segment s, long now) {
        TcpLayer layer = c.layer;
        switch (c.state) {
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> {
            }
            default -> {
                layer.stats().drops.count(DropReason.TCP_CLOSED);   // after the peer's FIN: ignore
                return true;
            }
        }
        if (c.orphaned) {
            // Nobody will read it: Linux answers data after close with a reset (RFC 9293 §3.10.7.4 "data after close").
            layer.stats().drops.count(DropReason.TCP_CLOSED);
            TcpOutput.sendReset(c, c.sndMax, now);
            c.fail(Errno.ECONNRESET, now, false);
            return false;
        }
        if (c.recvBuf == null) {
            c.recvBuf = new RecvQueue(RecvQueue.slotsFor(c.receiveBufferSize));
        }
        int offset = s.seq - c.rcvNxt;
        boolean hadHole = c.outOfOrder != null && !c.outOfOrder.isEmpty();
        if (offset > 0) {
            // Past a hole: held in the frame it came in, until the hole fills (the holder is made
            // at the first such segment, and goes with the receive queue when the connection idles).
            if (c.outOfOrder == null) {
                c.outOfOrder = new OutOfOrder(c.config.outOfOrderRanges());
            }
            int r = c.outOfOrder.add(c.rcvNxt, s.seq, s.buffer, s.dataOff, s.len);
            if (r == OutOfOrder.FULL) {
                layer.stats().ofoDrop++;
                layer.stats().drops.count(DropReason.TCP_OUT_OF_ORDER_FULL);
            } else {
                s.kept = r == OutOfOrder.HELD;
                layer.stats().bytesIn += s.len;
                layer.stats().ofoQueue++;
            }
            c.ackNow = true;   // RFC 5681 §4.2: out of order, a duplicate ACK at once
            return true;
        }
        int d = deliver(c, s.buffer, s.dataOff, s.len);
        if (d == NO_ROOM) {
            layer.stats().drops.count(DropReason.QUEUE_FULL);   // no slot: not acknowledged, sent again
            c.ackNow = true;
            return true;
        }
        s.kept = d == KEPT;
        layer.stats().bytesIn += s.len;
        OutOfOrder.Taken t = layer.taken;
        while (c.outOfOrder != null && c.outOfOrder.firstReady(c.rcvNxt)) {   // the hole filled: what was held follows in order
            c.outOfOrder.takeFirst(c.rcvNxt, t);
            if (t.len > 0) {
                d = deliver(c, t.buffer, t.off, t.len);
                if (d != KEPT) {
                    t.buffer.release();
                }
                if (d == NO_ROOM) {
                    break;   // no slot: the rest is sent again
                }
            }
        }
        if (!c.readShutdown) {
            layer.notifyLater(c);
            TcpTimers.drained(c, now);   // the idle clock: the buffers are looked at in a second (no wake-up per read)
        }
        if (hadHole || c.outOfOrder != null && !c.outOfOrder.isEmpty()) {
            c.ackNow = true;   // a hole filled, or one remains: tell the sender at once
        } else if (TcpOutput.windowUpdateDue(c)) {
            c.ackNow = true;   // the application has read since our last ACK: the window opens (Linux does the same)
        } else if (s.len >= fullSized(c) && (c.segmentsUnacked += s.len / fullSized(c)) >= 2) {
            // RFC 5681 §4.2: at least every second full-sized segment (a segment the link left
            // uncut, receive offload, counts as the segments it stands for)
            c.ackNow = true;
        } else if (c.delayedAckAt == Long.MAX_VALUE) {
            c.delayedAckAt = now + c.config.delayedAck();
            TcpTimers.schedule(c);
        }
        return true;
    }

    /** The data of a full-sized segment from the peer: the smaller MSS, less the timestamps option. */
    private static int fullSized(TcpConnection c) {
        return Math.max(1, Math.min(c.ourMss, c.sendMss) - (c.tsOk ? TcpPacket.TIMESTAMPS_OPTION_LEN : 0));
    }

    /** What {@link #deliver} did with the data: no slot (nothing taken), copied or thrown away, buffer kept. */
    private static final int NO_ROOM = -1;
    private static final int TAKEN = 0;
    private static final int KEPT = 1;

    /**
     * In-order data at RCV.NXT into the receive queue (RFC 9293 §3.10.7.4, seventh step), which
     * keeps the frame or copies small data ({@link RecvQueue#add}); after SHUT_RD they are
     * acknowledged and thrown away. RCV.NXT moves over them unless there was no slot.
     */
    private static int deliver(TcpConnection c, io.netstack4j.buffer.PacketBuffer b, int off, int len) {
        int kept = TAKEN;
        if (!c.readShutdown) {
            int r = c.recvBuf.add(b, off, len, c.layer.network());
            if (r == RecvQueue.FULL) {
                return NO_ROOM;
            }
            kept = r == RecvQueue.KEPT ? KEPT : TAKEN;
        }
        c.rcvNxt += len;
        return kept;
    }

    /** RFC 9293 §3.10.7.4, eighth: the peer's FIN, in sequence. */
    private static void fin(TcpConnection c, long now) {
        c.rcvNxt++;
        c.peerFin = true;
        c.ackNow = true;
        switch (c.state) {
            case ESTABLISHED -> c.setState(TcpState.CLOSE_WAIT);
            case FIN_WAIT_1 -> {
                if (c.finAcked()) {
                    c.layer.enterTimeWait(c, now);
                } else {
                    c.setState(TcpState.CLOSING);
                }
            }
            case FIN_WAIT_2 -> c.layer.enterTimeWait(c, now);
            default -> {
            }
        }
        c.layer.notifyLater(c);
    }

    /** RFC 9293 §3.10.7.3: a segment for a connection in SYN-SENT. */
    private static void synSent(TcpConnection c, Segment s, long now) {
        TcpLayer layer = c.layer;
        boolean ackOk = false;
        if (s.ackFlag()) {
            // First, check the ACK bit: it must acknowledge our SYN.
            if (!SeqNumber.inRange(s.ack, c.iss + 1, c.sndMax + 1)) {
                if (!s.rst()) {
                    TcpOutput.sendControl(layer, c.localAddr, c.localPort, c.remoteAddr, c.remotePort, s.ack, 0,
                            TcpPacket.RST, 0, 0, now);
                    layer.stats().outRsts++;
                }
                layer.stats().drops.count(DropReason.TCP_UNACCEPTABLE);
                return;
            }
            ackOk = true;
        }
        // Second, check the RST bit: with an acceptable ACK, the connection is refused.
        if (s.rst()) {
            if (ackOk) {
                c.fail(Errno.ECONNREFUSED, now, true);
            }
            return;
        }
        // Fourth, check the SYN bit.
        if (!s.syn()) {
            return;
        }
        c.irs = s.seq;
        c.rcvNxt = s.seq + 1;
        c.sendMss = TcpAccept.sendMss(c, s.options.mss);
        c.tsOk = c.tsOk && s.options.timestamps;   // RFC 7323 §3.2: both SYNs carried it
        c.tsRecent = s.options.tsVal;
        if (c.wsOffered && s.options.windowScale >= 0) {
            c.sndWndShift = s.options.windowScale;   // RFC 7323 §2.2: on only if both SYNs carried it
        } else {
            c.rcvWndShift = 0;
            c.sndWndShift = 0;
            c.wsOffered = false;   // nor on our SYN+ACK of a simultaneous open
        }
        c.sndWl1 = s.seq;
        c.sndWl2 = s.ack;
        c.sndWnd = s.window;
        c.maxSndWnd = s.window;
        c.rcvAdvertisedEdge = c.rcvNxt + TcpOutput.freeWindow(c);
        if (ackOk) {
            c.sndUna = s.ack;
            rttSample(c, s, now);
            c.established(now);
            c.ackNow = true;   // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
            layer.dirty(c);
            if (s.len > 0 || s.fin()) {
                s.flags &= ~TcpPacket.SYN;
                s.seq++;
                if (s.len > 0) {
                    text(c, s, now);
                }
                if (s.fin() && s.seq + s.len == c.rcvNxt) {
                    fin(c, now);
                }
            }
            return;
        }
        // A SYN without ACK: a simultaneous open (RFC 9293 §3.5, Figure 8).
        c.setState(TcpState.SYN_RECEIVED);
        c.rttTiming = false;
        TcpOutput.sendSyn(c, now);
    }
}
