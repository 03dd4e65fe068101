package io.netstack4j.socket.tcp;

import io.netstack4j.time.Timer;
import io.netstack4j.wire.TcpPacket;

/**
 * TIME-WAIT (RFC 9293 §3.3.2, §3.10.7.4): a closing connection replaced in the table by its compact
 * {@link TimeWait} entry for 2·MSL, the segments that reach it, and its expiry. Part of
 * {@link TcpLayer}, split out by concern; loop thread only.
 */
final class TimeWaits {
    private final TcpLayer layer;

    TimeWaits(TcpLayer layer) {
        this.layer = layer;
    }

    /** RFC 9293 §3.10.7.4 for TIME-WAIT, as Linux's timewait processing. */
    void timeWaitSegment(TimeWait tw, Segment s, long now) {
        if (s.rst()) {
            // Linux's default (RFC 1337's hazard accepted, as tcp_rfc1337=0), but only for a RST at
            // RCV.NXT (RFC 5961 §3.2): a blind reset elsewhere in the space must not end it.
            if (s.seq == tw.rcvNxt) {
                expireTimeWait(tw);
            }
            return;
        }
        if (s.syn() && !s.ackFlag() && SeqNumber.greaterThan(s.seq, tw.rcvNxt)) {
            // A new incarnation (RFC 9293 §3.10.7.4 note; RFC 6191 without timestamps): its SYN is
            // above anything the old connection received, so the old one's duplicates cannot be taken.
            expireTimeWait(tw);
            layer.stats.timeWaitRecycled++;
            TcpListener l = layer.listeners == null ? null : layer.accept.findListener(s.dst, s.dstPort);
            if (l != null) {
                layer.accept.listenSegment(l, s, now);
            } else {
                layer.closedPort(s, now);
            }
            return;
        }
        if (s.fin()) {
            layer.stack.timers().schedule(tw.timer, now + layer.config.timeWait());   // restart the 2·MSL timeout
        } else if (s.len == 0 && s.seq == tw.rcvNxt) {
            // An acceptable bare ACK: nothing to answer (RFC 9293 §3.10.7.4, TIME-WAIT takes only the
            // peer's FIN again; Linux's tcp_timewait_state_process is silent too). Answering would
            // trade ACKs with a confused peer for as long as it keeps sending.
            return;
        }
        if (tw.tsOk && s.options.timestamps && SeqNumber.greaterOrEqual(s.options.tsVal, tw.tsRecent)) {
            tw.tsRecent = s.options.tsVal;
        }
        TcpOutput.sendControl(layer, tw.localAddr, tw.localPort, tw.remoteAddr, tw.remotePort, tw.sndNxt, tw.rcvNxt,
                TcpPacket.ACK, tw.window, 0, tw.tsOk, tsVal(tw, now), tw.tsRecent, now);
    }

    /** Moves {@code c} to TIME-WAIT: a compact entry replaces it in the table for 2·MSL. */
    void enterTimeWait(TcpConnection c, long now) {
        if (c.ackNow) {
            // The peer's FIN is acknowledged now: once out of the table the connection is no longer
            // flushed at the end of the burst (RFC 9293 §3.10.7.4, eighth: "acknowledge the FIN").
            TcpOutput.sendAck(c, now);
        }
        c.dirty = false;
        c.setState(TcpState.TIME_WAIT);
        c.timer.cancel();
        layer.table.remove(c);
        layer.connections--;
        layer.releasePort(c);
        TcpTimers.dropBuffers(c);
        if (layer.config.timeWait() > 0 && layer.timeWaits < layer.config.maxTimeWait()) {
            TimeWait tw = new TimeWait(c);
            tw.timer = new Timer(t -> expireTimeWait(tw));
            layer.table.put(tw);
            layer.timeWaits++;
            layer.stack.timers().schedule(tw.timer, now + layer.config.timeWait());
        } else if (layer.config.timeWait() > 0) {
            layer.stats.timeWaitOverflow++;
        }
        c.readiness.run();
    }

    void expireTimeWait(TimeWait tw) {
        if (layer.table.remove(tw)) {
            layer.timeWaits--;
        }
        tw.timer.cancel();
    }

    /** The entry's TSval: its connection's clock, never below what the connection sent last (RFC 7323 §5.4). */
    private static int tsVal(TimeWait tw, long now) {
        int t = (int) (now / 1_000_000L) + tw.tsOffset;
        if (t - tw.tsLast > 0) {
            tw.tsLast = t;
        }
        return tw.tsLast;
    }
}
