package io.netstack4j.socket.tcp;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.iface.NetworkLayer;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.TcpPacket;

/**
 * What a connection sends, and when (RFC 9293 §3.8.6, RFC 1122 §4.2.3.4, RFC 5681): segments cut to
 * the MSS from the send buffer when the window, the congestion window, the Nagle rule and sender-side
 * silly-window avoidance allow; the FIN after the last byte; ACKs and window updates; resets. Each
 * segment is a header in a pooled buffer with its data attached from the send ring, not copied (the
 * link gathers both onto its medium), and the checksum computed once over the pieces (or left to
 * the link).
 */
final class TcpOutput {
    private TcpOutput() {
    }

    /**
     * Sends what the rules allow now, then a bare ACK if one is due and no segment carried it.
     * Called after a user call, after an input burst, and by the timers.
     */
    static void output(TcpConnection c, long now) {
        if (!c.state.synchronizedState()) {
            if (c.ackNow && c.state == TcpState.SYN_RECEIVED) {
                c.ackNow = false;   // a duplicate SYN in SYN-RECEIVED: the SYN+ACK again
                sendSyn(c, now);
            }
            return;
        }
        boolean sent = false;
        int mss = c.dataMss();
        int burst = largestSegment(c, mss);
        if (c.sndNxt == c.sndUna && c.lastSentAt != 0 && now - c.lastSentAt > c.rtt.rto()) {
            c.cc.onIdleRestart();   // RFC 5681 §4.1: restart from the initial window after an idle RTO
        }
        while (true) {
            int buffered = c.unsentAndUnacked();
            int dataSent = Math.min(c.sndNxt - c.sndUna, buffered);
            int unsent = buffered - dataSent;
            int finSeq = c.sndUna + buffered;
            boolean finToSend = c.finQueued && !c.finAcked() && c.sndNxt - finSeq <= 0;
            long window = Math.min(c.sndWnd, c.cc.cwnd());
            long usable = window - (c.sndNxt - c.sndUna);
            int len = (int) Math.max(0, Math.min(Math.min(unsent, burst), usable));
            if (len > mss && len < unsent) {
                len = len / mss * mss;   // a buffer the link cuts up ends on a whole segment unless it ends the data
            }
            boolean fin = finToSend && len == unsent;
            if (len == 0 && !fin) {
                break;
            }
            if (len < mss && len < unsent) {
                // Window-limited: RFC 9293 §3.8.6.2.1, send only if at least half the largest window
                // the peer has offered fits, or nothing is in flight to bring an ACK.
                if (len * 2L < c.maxSndWnd && c.sndNxt != c.sndUna) {
                    break;
                }
            } else if (len < mss && !fin && !c.noDelay && c.sndNxt != c.sndUna) {
                // The Nagle rule (RFC 896, RFC 1122 §4.2.3.4): a partial segment waits while data is
                // unacknowledged, unless TCP_NODELAY or the FIN goes with it.
                break;
            }
            int flags = TcpPacket.ACK;
            if (len > 0 && len == unsent) {
                flags |= TcpPacket.PSH;   // the last segment of what the application wrote
            }
            if (fin) {
                flags |= TcpPacket.FIN;
            }
            boolean retransmission = c.sndNxt - c.sndMax < 0;
            if (retransmission) {
                int segments = Math.max(1, (len + mss - 1) / mss);
                c.layer.stats().retransSegs += segments;
                c.retransmittedSegments += segments;
            } else if (!c.rttTiming && len > 0) {
                c.rttTiming = true;   // time one new segment per RTT (Karn: never a retransmitted one)
                c.rttSeq = c.sndNxt + len;
                c.rttStart = now;
            }
            sendSegment(c, c.sndNxt, len, flags, now);
            sent = true;
            c.sndNxt += len + (fin ? 1 : 0);
            if (c.sndNxt - c.sndMax > 0) {
                c.sndMax = c.sndNxt;
            }
            if (c.rtoAt == Long.MAX_VALUE) {
                c.rtoAt = now + c.rtt.rto();   // RFC 6298 §5.1
                c.persistAt = Long.MAX_VALUE;
                TcpTimers.schedule(c);
            }
            if (fin) {
                break;
            }
        }
        if (!sent && c.ackNow) {
            sendAck(c, now);
        }
        // RFC 9293 §3.8.6.1: data waits on a zero window and nothing is in flight to bring the
        // window update: probe it on the persist timer.
        if (c.sndWnd == 0 && c.sndNxt == c.sndUna && c.unsentAndUnacked() > 0 && c.persistAt == Long.MAX_VALUE
                && c.rtoAt == Long.MAX_VALUE) {
            TcpTimers.armPersist(c, now);
        }
    }

    /**
     * The most data one segment built here carries: the MSS, or with segmentation offload (TSO)
     * towards the peer as many whole MSS-sized segments as the link cuts out of one buffer. The
     * rules below (Nagle, silly-window avoidance) still reason in MSS-sized segments; a buffer of
     * several is the same segments sent at once, as the link puts them on the wire.
     */
    private static int largestSegment(TcpConnection c, int mss) {
        int tso = c.layer.network().maxSegmentationPayload(c.remoteAddr);
        if (tso <= 0 || mss <= 0) {
            return mss;
        }
        int room = tso - TcpPacket.headerLength(0, c.tsOk);
        return Math.max(mss, room / mss * mss);
    }

    /**
     * Sends one segment of {@code len} bytes at {@code seq} from the send buffer, with RCV.NXT and
     * our window: the header in a pooled buffer, the data attached from the send ring rather than
     * copied ({@link ByteRing#attachTo}; the link copies it onto the medium). A segment longer than
     * the MSS goes to the link to be cut up (TSO): marked with the MSS, its checksum left for the
     * link to complete.
     */
    static void sendSegment(TcpConnection c, int seq, int len, int flags, long now) {
        NetworkLayer net = c.layer.network();
        int hl = TcpPacket.headerLength(0, c.tsOk);
        int mss = c.dataMss();
        boolean cut = len > mss;
        PacketBuffer p = net.allocate();
        if (cut) {
            p.segmentSize(mss);
        }
        int at = p.append(hl);
        int window = advertise(c);
        TcpPacket.emit(p.array(), at, c.localPort, c.remotePort, seq, c.rcvNxt, flags, window, 0, c.tsOk, c.tsNow(now),
                c.tsRecent);
        if (len > 0) {
            c.sendBuf.attachTo(p, seq - c.sndUna, len);
            c.layer.stats().bytesOut += len;
        }
        ackSent(c);
        c.layer.stats().outSegs += cut ? (len + mss - 1) / mss - 1 : 0;   // transmit counts one
        transmit(c.layer, p, at, c.localAddr, c.remoteAddr, cut, now);
        c.lastSentAt = now;
    }

    /** The SYN (SYN-SENT) or SYN+ACK (SYN-RECEIVED) from ISS, with our MSS (RFC 9293 §3.7.1). */
    static void sendSyn(TcpConnection c, long now) {
        int flags = c.state == TcpState.SYN_SENT ? TcpPacket.SYN : TcpPacket.SYN | TcpPacket.ACK;
        int ack = c.state == TcpState.SYN_SENT ? 0 : c.rcvNxt;
        int window = Math.min(0xFFFF, c.receiveBufferSize);   // never scaled on a SYN (RFC 7323 §2.2)
        c.rcvAdvertisedEdge = c.rcvNxt + window;
        c.lastAdvertisedWindow = window;
        c.lastAckSent = c.rcvNxt;
        boolean ws = c.wsOffered;   // SYN-SENT: offered; SYN-RECEIVED: only if the peer's SYN offered it
        PacketBuffer p = c.layer.network().allocate();
        int hl = TcpPacket.headerLength(c.ourMss, c.tsOk) + (ws ? TcpPacket.WINDOW_SCALE_OPTION_LEN : 0);
        int at = p.append(hl);
        TcpPacket.emit(p.array(), at, c.localPort, c.remotePort, c.iss, ack, flags, window, c.ourMss, c.tsOk,
                c.tsNow(now), c.tsRecent, ws ? c.rcvWndShift : -1);
        transmit(c.layer, p, at, c.localAddr, c.remoteAddr, false, now);
        c.lastSentAt = now;
    }

    /**
     * A bare ACK: {@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>}, with the highest SND.NXT sent (SND.MAX):
     * while a timeout has SND.NXT gone back for retransmission, the peer's RCV.NXT may be past it
     * already, and an ACK numbered below that would be unacceptable to it (RFC 9293 §3.10.7.4, first
     * check) and dropped with its acknowledgement (BSD's tcp_output does the same).
     */
    static void sendAck(TcpConnection c, long now) {
        int window = advertise(c);
        ackSent(c);
        sendControl(c.layer, c.localAddr, c.localPort, c.remoteAddr, c.remotePort, c.sndMax, c.rcvNxt,
                TcpPacket.ACK, window, 0, c.tsOk, c.tsNow(now), c.tsRecent, now);
    }

    /** A probe of the peer (zero window, keep-alive): an ACK one below SND.UNA, which the peer must answer. */
    static void sendProbe(TcpConnection c, long now) {
        int window = advertise(c);
        sendControl(c.layer, c.localAddr, c.localPort, c.remoteAddr, c.remotePort, c.sndUna - 1, c.rcvNxt,
                TcpPacket.ACK, window, 0, c.tsOk, c.tsNow(now), c.tsRecent, now);
    }

    /** A reset from a connection: {@code <SEQ=seq><ACK=RCV.NXT><CTL=RST,ACK>}. */
    static void sendReset(TcpConnection c, int seq, long now) {
        sendControl(c.layer, c.localAddr, c.localPort, c.remoteAddr, c.remotePort, seq, c.rcvNxt,
                TcpPacket.RST | TcpPacket.ACK, 0, 0, now);
        c.layer.stats().outRsts++;
    }

    /** A segment with no data, from nothing but addresses and numbers (resets for closed ports, cookies). */
    static void sendControl(TcpLayer layer, int src, int sport, int dst, int dport, int seq, int ack, int flags,
                            int window, int mss, long now) {
        sendControl(layer, src, sport, dst, dport, seq, ack, flags, window, mss, false, 0, 0, now);
    }

    /** As above, with the timestamps option when {@code ts} is set. */
    static void sendControl(TcpLayer layer, int src, int sport, int dst, int dport, int seq, int ack, int flags,
                            int window, int mss, boolean ts, int tsVal, int tsEcr, long now) {
        PacketBuffer p = layer.network().allocate();
        int hl = TcpPacket.headerLength(mss, ts);
        int at = p.append(hl);
        TcpPacket.emit(p.array(), at, sport, dport, seq, ack, flags, window, mss, ts, tsVal, tsEcr);
        transmit(layer, p, at, src, dst, false, now);
    }

    /**
     * Checksums the segment (its header at {@code at}, then any data attached) or leaves that to the
     * link (offload, or a segment it cuts up), and sends it.
     */
    private static void transmit(TcpLayer layer, PacketBuffer p, int at, int src, int dst, boolean cut, long now) {
        NetworkLayer net = layer.network();
        byte[] b = p.array();
        boolean partial = cut || net.txChecksumOffload();
        int hl = p.end() - at;
        if (p.hasAttachment()) {
            TcpPacket.finishChecksum(b, at, hl, p.attachedArray(), p.attachedOffset(), p.attachedLength(),
                    p.attachedOffset2(), p.attachedLength2(), src, dst, partial);
        } else {
            TcpPacket.finishChecksum(b, at, hl, src, dst, partial);
        }
        layer.stats().outSegs++;
        net.send(p, src, dst, IpProtocol.TCP, 0, false, now);
    }

    /** Every segment we send acknowledges RCV.NXT: nothing is left to acknowledge. */
    private static void ackSent(TcpConnection c) {
        c.lastAckSent = c.rcvNxt;
        c.ackNow = false;
        c.segmentsUnacked = 0;
        c.delayedAckAt = Long.MAX_VALUE;
    }

    /**
     * The window to advertise (RFC 9293 §3.8.6.2.2): the free space of the receive buffer (at most
     * 65,535 without window scaling), its right edge moved only by at least min(buffer/2, MSS) at a
     * time (receiver silly-window avoidance), and never moved left.
     */
    static int advertise(TcpConnection c) {
        int shift = c.rcvWndShift;
        int free = freeWindow(c);
        int wnd = free >>> shift << shift;   // what the scaled field can say, rounded down
        int edge = c.rcvNxt + wnd;
        int step = Math.min(c.receiveBufferSize / 2, Math.max(c.ourMss, 1));
        if (edge - c.rcvAdvertisedEdge < step) {
            // Too small a step: keep the old edge (never shrink it either). With scaling the field
            // rounds it up, unless that passes the free space (RFC 7323 §2.4 then lets it shrink).
            int keep = Math.max(0, c.rcvAdvertisedEdge - c.rcvNxt);
            int up = (int) Math.min(((long) keep + (1L << shift) - 1) >>> shift << shift, Integer.MAX_VALUE);
            wnd = up <= free ? up : keep >>> shift << shift;
            edge = c.rcvNxt + wnd;
        }
        c.rcvAdvertisedEdge = edge;
        c.lastAdvertisedWindow = wnd;
        return wnd >>> shift;
    }

    /** The receive buffer's free space, capped at what the window field can say (65,535 << shift). */
    static int freeWindow(TcpConnection c) {
        RecvQueue r = c.recvBuf;
        int used = r == null ? 0 : r.size();
        return (int) Math.min(0xFFFFL << c.rcvWndShift, c.receiveBufferSize - used);
    }

    /**
     * The application read: if the window can now grow by at least two segments (or half the buffer),
     * tell the peer at once (a window update, RFC 9293 §3.8.6.2.2) rather than wait for its next segment.
     */
    static void afterRead(TcpConnection c, long now) {
        if (c.state.synchronizedState() && !c.peerFin && windowUpdateDue(c)) {
            sendAck(c, now);
        }
        RecvQueue r = c.recvBuf;
        if (r != null && r.isEmpty()) {
            TcpTimers.drained(c, now);
        }
    }

    /** Whether the window's right edge can move by at least two segments (or half the buffer). */
    static boolean windowUpdateDue(TcpConnection c) {
        int edge = c.rcvNxt + freeWindow(c);
        int threshold = Math.min(c.receiveBufferSize / 2, 2 * Math.max(c.ourMss, 1));
        return edge - c.rcvAdvertisedEdge >= threshold;
    }

    /** Sends the first unacknowledged segment again (fast retransmit, NewReno's partial ACK). */
    static void retransmitFirst(TcpConnection c, long now) {
        int buffered = c.unsentAndUnacked();
        int len = Math.min(Math.min(buffered, c.dataMss()), c.sndMax - c.sndUna);
        boolean fin = c.finQueued && !c.finAcked() && len == buffered && c.sndMax - (c.sndUna + buffered) > 0;
        if (len <= 0 && !fin) {
            return;
        }
        c.rttTiming = false;   // Karn's rule: no sample from a retransmitted segment
        c.layer.stats().retransSegs++;
        c.retransmittedSegments++;
        sendSegment(c, c.sndUna, len, TcpPacket.ACK | (fin ? TcpPacket.FIN : 0), now);
    }
}
