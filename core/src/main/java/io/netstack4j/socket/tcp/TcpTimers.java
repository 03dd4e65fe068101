package io.netstack4j.socket.tcp;

import io.netstack4j.socket.Errno;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection's timers (RFC 9293 §3.8.1, RFC 6298, RFC 1122 §4.2.3.6): retransmission, persist,
 * delayed ACK, keep-alive and the give-up deadline of a connect or an orphan in FIN-WAIT-2. Each is a
 * deadline field of the connection; one {@link io.netstack4j.time.Timer} on the stack's wheel is armed
 * for the earliest. Re-arming is lazy: moving a deadline later (an ACK restarting the retransmission
 * timer) does not touch the wheel; the timer fires early, finds nothing due, and re-arms for the
 * new earliest.
 */
final class TcpTimers {
    private TcpTimers() {
    }

    /** Arms the wheel timer for the earliest deadline, if that is earlier than it is armed for. */
    static void schedule(TcpConnection c) {
        if (!c.inTable) {
            return;   // erased, or replaced by its TIME-WAIT entry: no timer of its own any more
        }
        long next = earliest(c);
        if (next != Long.MAX_VALUE && (!c.timer.isArmed() || next < c.timer.deadline())) {
            c.layer.timers().schedule(c.timer, next);
        }
    }

    private static long earliest(TcpConnection c) {
        return Math.min(Math.min(Math.min(c.rtoAt, c.persistAt), Math.min(c.delayedAckAt, c.keepAliveAt)),
                Math.min(c.giveUpAt, c.releaseAt));
    }

    /** The wheel timer fired: runs what is due, then re-arms for what is left. */
    static void fire(TcpConnection c, long now) {
        if (!c.inTable) {
            return;   // erased
        }
        if (c.giveUpAt <= now) {
            c.giveUpAt = Long.MAX_VALUE;
            giveUp(c, now);
            return;
        }
        if (c.rtoAt <= now) {
            c.rtoAt = Long.MAX_VALUE;
            retransmissionTimeout(c, now);
            if (!c.inTable) {
                return;
            }
        }
        if (c.persistAt <= now) {
            c.persistAt = Long.MAX_VALUE;
            persist(c, now);
        }
        if (c.delayedAckAt <= now) {
            c.delayedAckAt = Long.MAX_VALUE;
            c.layer.stats().delayedAcks++;
            TcpOutput.sendAck(c, now);
        }
        if (c.keepAliveAt <= now) {
            c.keepAliveAt = Long.MAX_VALUE;
            keepAlive(c, now);
            if (!c.inTable) {
                return;
            }
        }
        if (c.releaseAt <= now) {
            c.releaseAt = Long.MAX_VALUE;
            releaseIdleBuffers(c);
            if (c.sendBuf != null || c.recvBuf != null) {
                c.releaseAt = now + RELEASE_AFTER;   // still in use: look again in a second
            }
        }
        schedule(c);
    }

    /** The give-up deadline: connect timed out, or an orphan waited too long in FIN-WAIT-2. */
    private static void giveUp(TcpConnection c, long now) {
        if (c.state == TcpState.FIN_WAIT_2) {
            c.layer.erase(c);
        } else {
            c.fail(Errno.ETIMEDOUT, now, false);   // the caller's own connect timeout
        }
    }

    /**
     * RFC 6298 §5.4–5.6: retransmit the earliest unacknowledged segment, back the timer off, and
     * (RFC 5681 §3.1) collapse the congestion window to one segment; the sender then goes back to
     * SND.UNA and slow-starts. After too many tries the connection gives up (RFC 1122 §4.2.3.5).
     */
    static void retransmissionTimeout(TcpConnection c, long now) {
        TcpLayer layer = c.layer;
        layer.stats().timeouts++;
        c.rttTiming = false;   // Karn's rule
        c.dupAcks = 0;
        c.undoPossible = false;   // a timeout's own response stands
        int limit = switch (c.state) {
            case SYN_SENT -> c.config.synRetries();
            case SYN_RECEIVED -> c.config.synAckRetries();
            default -> c.config.dataRetries();
        };
        if (c.retransmits >= limit) {
            if (c.state == TcpState.SYN_RECEIVED && c.parent != null) {
                layer.erase(c);   // a half-open passive connection just goes away
            } else {
                c.fail(c.softError != null ? c.softError : Errno.ETIMEDOUT, now, false);
            }
            return;
        }
        if (c.sndWnd == 0 && c.state.synchronizedState() && c.unsentAndUnacked() > 0) {
            // The peer closed its window on data in flight (RFC 9293 §3.8.6.1): nothing can be
            // retransmitted into it. Go back to SND.UNA and let the persist timer probe: that does
            // not use up the retries while the peer answers (Linux: "our retransmits become zero
            // probes").
            c.rtt.backoff();
            c.cc.onRetransmitTimeout(c.sndMax, c.sndMax - c.sndUna, now);
            c.sndNxt = c.sndUna;
            c.persistBackoff = 0;
            armPersist(c, now);
            return;
        }
        c.retransmits++;
        c.rtt.backoff();
        if (c.state == TcpState.SYN_SENT || c.state == TcpState.SYN_RECEIVED) {
            layer.stats().retransSegs++;
            c.retransmittedSegments++;
            TcpOutput.sendSyn(c, now);
            c.rtoAt = now + c.rtt.rto();
            return;
        }
        int flight = c.sndMax - c.sndUna;
        c.cc.onRetransmitTimeout(c.sndMax, flight, now);
        c.sndNxt = c.sndUna;   // go back: everything from SND.UNA is sent again as the window allows
        c.rtoAt = Long.MAX_VALUE;
        TcpOutput.output(c, now);
        if (c.rtoAt == Long.MAX_VALUE && c.sndMax != c.sndUna) {
            c.rtoAt = now + c.rtt.rto();
        }
    }

    /** Arms the persist timer: the RTO, doubled for each unanswered probe, between 200 ms and 120 s. */
    static void armPersist(TcpConnection c, long now) {
        long base = Math.max(c.rtt.rto(), c.config.minRto());
        long interval = Math.min(c.config.maxRto(), base << Math.min(c.persistBackoff, 20));
        c.persistAt = now + interval;
        schedule(c);
    }

    /** RFC 9293 §3.8.6.1: probe a zero window; never give up while the peer answers. */
    private static void persist(TcpConnection c, long now) {
        if (c.sndWnd != 0 || c.unsentAndUnacked() == 0 || !c.state.synchronizedState()) {
            c.persistBackoff = 0;
            TcpOutput.output(c, now);
            return;
        }
        if (c.persistProbes >= c.config.dataRetries()) {
            // As Linux's tcp_probe_timer (tcp_retries2 unanswered probes): a peer that vanished
            // behind a closed window must not hold the connection for ever.
            c.fail(c.softError != null ? c.softError : Errno.ETIMEDOUT, now, false);
            return;
        }
        c.persistProbes++;
        c.layer.stats().zeroWindowProbes++;
        TcpOutput.sendProbe(c, now);
        c.persistBackoff++;
        armPersist(c, now);
    }

    /** Arms (or disarms) keep-alive: idle time after the last segment received (RFC 1122 §4.2.3.6). */
    static void armKeepAlive(TcpConnection c, long now) {
        if (!c.keepAlive || !c.state.synchronizedState()) {
            c.keepAliveAt = Long.MAX_VALUE;
            return;
        }
        c.keepAliveProbesSent = 0;
        c.keepAliveAt = Math.max(now, c.lastReceivedAt) + c.keepIdle;
        schedule(c);
    }

    private static void keepAlive(TcpConnection c, long now) {
        if (!c.keepAlive || !c.state.synchronizedState()) {
            return;
        }
        long idleSince = c.lastReceivedAt;
        if (c.keepAliveProbesSent == 0 && now - idleSince < c.keepIdle) {
            c.keepAliveAt = idleSince + c.keepIdle;   // heard from the peer since: not idle
            return;
        }
        if (c.keepAliveProbesSent >= c.keepCount) {
            // Linux's tcp_keepalive_timer resets the connection it gives up on: should the peer
            // still be there (only the path was down), it learns the connection is gone.
            TcpOutput.sendReset(c, c.sndNxt, now);
            c.fail(Errno.ETIMEDOUT, now, false);
            return;
        }
        c.keepAliveProbesSent++;
        c.layer.stats().keepAliveProbes++;
        TcpOutput.sendProbe(c, now);
        c.keepAliveAt = now + c.keepInterval;
    }

    /** How long a connection's rings stay allocated after they drain (reuse for the next burst). */
    static final long RELEASE_AFTER = 1_000_000_000L;

    /**
     * A ring was used (data acknowledged, or data arrived): look at the rings in a second and give
     * back those that are empty then, so that an idle connection holds no buffer (as Linux's sockets
     * hold no skb); rings still in use are looked at again a second later. Lazy: only arms a deadline
     * when none is armed, and an application thread's read never has to wake the loop for it.
     */
    static void drained(TcpConnection c, long now) {
        if (c.releaseAt == Long.MAX_VALUE) {
            c.releaseAt = now + RELEASE_AFTER;
            schedule(c);
        }
    }

    /**
     * Gives back the buffers that are empty and took no byte since the last look, if no application
     * thread is copying into or out of them. One that took bytes is only marked: a busy connection
     * whose reader drains its buffer as fast as data comes keeps it (giving the send ring back would
     * cost a regrowth, up to SO_SNDBUF, a moment later).
     */
    static void releaseIdleBuffers(TcpConnection c) {
        ByteRing s = c.sendBuf;
        if (s != null) {
            long w = s.written();
            boolean idle = w == c.sendWrittenMark && s.isEmpty();
            c.sendWrittenMark = w;
            if (idle && c.sendLock().tryLock()) {
                try {
                    if (s.isEmpty()) {
                        c.sendBuf = null;
                        s.release(c.layer.ringArrays());   // no producer can hold it: we hold its lock
                        c.sendWrittenMark = -1;
                    }
                } finally {
                    c.sendLock().unlock();
                }
            }
        }
        RecvQueue r = c.recvBuf;
        if (r != null) {
            long w = r.written();
            boolean idle = w == c.recvWrittenMark && r.isEmpty() && (c.outOfOrder == null || c.outOfOrder.isEmpty());
            c.recvWrittenMark = w;
            if (idle && c.receiveLock().tryLock()) {
                try {
                    if (r.isEmpty()) {
                        c.recvBuf = null;
                        c.outOfOrder = null;   // empty (checked above)
                        r.clear();   // no consumer can be in it: we hold its lock
                        c.recvWrittenMark = -1;
                    }
                } finally {
                    c.receiveLock().unlock();
                }
            }
        }
    }

    /**
     * The connection is done (CLOSED, or TIME-WAIT with no buffers): the send ring goes, and the
     * receive queue too unless the application may still read from it (it has not closed; its close
     * comes back here). A send ring whose lock is free is given to the layer's arrays for reuse (one
     * an application thread is copying at this moment is left to the garbage collector); the receive
     * queue's packet buffers go back to the pool, after any read in progress.
     */
    static void dropBuffers(TcpConnection c) {
        ByteRing s = c.sendBuf;
        c.sendBuf = null;
        recycle(c, s, c.sendLock());
        if (c.orphaned) {
            RecvQueue r = c.recvBuf;
            c.recvBuf = null;
            if (r != null) {
                c.receiveLock().lock();
                try {
                    r.clear();
                } finally {
                    c.receiveLock().unlock();
                }
            }
            c.layer.unreadAfterClose.remove(c);
        } else if (c.recvBuf != null && !c.layer.unreadAfterClose.contains(c)) {
            c.layer.unreadAfterClose.add(c);   // its application may still read: released at its close
        }
        if (c.outOfOrder != null) {
            c.outOfOrder.clear();
            c.outOfOrder = null;
        }
    }

    /** Gives a ring no longer referenced by the connection to the arrays, if no thread is copying it now. */
    private static void recycle(TcpConnection c, ByteRing ring, ReentrantLock lock) {
        if (ring != null && lock.tryLock()) {
            try {
                ring.release(c.layer.ringArrays());
            } finally {
                lock.unlock();
            }
        }
    }

    /** Any segment from the peer: it is alive. Cheap: only fields, the wheel is not touched. */
    static void heard(TcpConnection c, long now) {
        c.lastReceivedAt = now;
        c.persistProbes = 0;
        if (c.keepAliveProbesSent > 0) {
            c.keepAliveProbesSent = 0;
            c.keepAliveAt = now + c.keepIdle;
        }
    }
}
