package io.netstack4j.socket.tcp;

import io.netstack4j.socket.EphemeralPorts;
import io.netstack4j.socket.Errno;
import io.netstack4j.socket.SocketException;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.TcpPacket;

import java.util.List;

/**
 * Opening connections (RFC 9293 §3.5, §3.10.1, §3.10.7.2): the active open (ISS per RFC 6528, an
 * ephemeral port per RFC 6056, the SYN), listeners and their SYN and accept queues, a SYN to a
 * listener (SYN-RECEIVED, or a SYN cookie per RFC 4987 §3.6 when the SYN queue is full) and the
 * ACK that completes a cookie. Part of {@link TcpLayer}, split out by concern; loop thread only.
 */
final class TcpAccept {
    private final TcpLayer layer;

    TcpAccept(TcpLayer layer) {
        this.layer = layer;
    }

    /**
     * LISTEN (RFC 9293 §3.10.1, passive OPEN) on the port {@code c} is bound to (an ephemeral one if
     * unbound); {@code c} becomes the listening socket.
     */
    TcpListener listen(TcpConnection c, int backlog) throws SocketException {
        if (c.state != TcpState.CLOSED || c.error != null) {
            throw new SocketException("listen", Errno.EINVAL, c.toString());
        }
        if (!c.bound) {
            c.bind(0, 0);
        }
        if (layer.listeners == null) {
            layer.listeners = new TcpListener[65536];
        }
        for (TcpListener l = layer.listeners[c.localPort]; l != null; l = l.nextOnPort) {
            if (l.localAddr == 0 || c.localAddr == 0 || l.localAddr == c.localAddr) {
                throw new SocketException("listen", Errno.EADDRINUSE, "port " + c.localPort);
            }
        }
        TcpListener l = new TcpListener(layer, c.localAddr, c.localPort, backlog);
        l.nextOnPort = layer.listeners[c.localPort];
        layer.listeners[c.localPort] = l;
        c.state = TcpState.LISTEN;
        c.bound = false;   // the listener holds the port now
        return l;
    }

    TcpListener findListener(int addr, int port) {
        TcpListener any = null;
        for (TcpListener l = layer.listenerOn(port); l != null; l = l.nextOnPort) {
            if (l.localAddr == addr) {
                return l;
            }
            if (l.localAddr == 0) {
                any = l;
            }
        }
        return any;
    }

    void closeListener(TcpListener l, long now) {
        if (l.closed) {
            return;
        }
        l.closed = true;
        TcpListener prev = null;
        for (TcpListener x = layer.listeners[l.localPort]; x != null; prev = x, x = x.nextOnPort) {
            if (x == l) {
                if (prev == null) {
                    layer.listeners[l.localPort] = x.nextOnPort;
                } else {
                    prev.nextOnPort = x.nextOnPort;
                }
                break;
            }
        }
        layer.unbindPort(l.localPort);
        for (TcpConnection c : List.copyOf(l.synQueue)) {
            c.abort(now);
        }
        for (TcpConnection c; (c = l.acceptQueue.poll()) != null; ) {
            c.orphaned = true;
            c.abort(now);
        }
    }

    /** The active open of {@code c} (RFC 9293 §3.10.1): ISS (RFC 6528), SYN, SYN-SENT. */
    void activeOpen(TcpConnection c, int addr, int port, long now) throws SocketException {
        int src = c.localAddr != 0 ? c.localAddr : layer.stack.sourceAddressFor(addr);
        if (src == 0) {
            throw new SocketException("connect", Errno.ENETUNREACH, new Ipv4Address(addr).toString());
        }
        if (!c.bound) {
            int p = EphemeralPorts.choose(layer.random, TcpLayer.EPHEMERAL_LOW, TcpLayer.EPHEMERAL_COUNT,
                    q -> layer.bound[q] != 0 || layer.table.get(src, q, addr, port) != null);
            if (p < 0) {
                throw new SocketException("connect", Errno.EADDRNOTAVAIL, "no free ephemeral port");
            }
            layer.bound[p]++;
            c.localPort = p;
            c.bound = true;
        } else if (layer.table.get(src, c.localPort, addr, port) != null) {
            throw new SocketException("connect", Errno.EADDRNOTAVAIL, "4-tuple in use");
        }
        if (layer.connections >= layer.config.maxConnections()) {
            throw new SocketException("connect", Errno.ENOBUFS, layer.connections + " connections");
        }
        c.localAddr = src;
        c.remoteAddr = addr;
        c.remotePort = port;
        c.ourMss = layer.stack.maxPayload(addr) - TcpPacket.HEADER_LEN;
        c.sendMss = Math.min(536, c.ourMss);
        c.iss = layer.isn.isn(src, c.localPort, addr, port, now);
        c.tsOk = layer.config.timestamps();   // offered; kept only if the SYN+ACK has it too
        c.wsOffered = layer.config.windowScaling();
        c.rcvWndShift = c.wsOffered ? TcpConnection.shiftFor(c.receiveBufferSize) : 0;
        c.tsOffset = layer.random.nextInt();
        c.sndUna = c.iss;
        c.sndNxt = c.iss + 1;
        c.sndMax = c.sndNxt;
        c.setState(TcpState.SYN_SENT);
        layer.table.put(c);
        layer.connections++;
        layer.stats.activeOpens++;
        c.rttTiming = true;
        c.rttSeq = c.sndNxt;
        c.rttStart = now;
        TcpOutput.sendSyn(c, now);
        c.rtoAt = now + c.rtt.rto();
        TcpTimers.schedule(c);
    }

    /** SMSS from the peer's MSS option (536 when absent, RFC 9293 §3.7.1), and our route's limit. */
    static int sendMss(TcpConnection c, int peerMss) {
        int announced = peerMss < 0 ? 536 : Math.max(peerMss, 64);
        return Math.min(announced, c.ourMss);
    }

    /** RFC 9293 §3.10.7.2: a segment for a listener. */
    void listenSegment(TcpListener l, Segment s, long now) {
        // First, check for a RST: ignore it.
        if (s.rst()) {
            return;
        }
        // Second, check for an ACK: a SYN cookie completing, else a reset.
        if (s.ackFlag()) {
            if (!s.syn() && layer.config.synCookies() && cookieAck(l, s, now)) {
                return;
            }
            layer.stats.drops.count(DropReason.TCP_LISTEN_ACK);
            TcpOutput.sendControl(layer, s.dst, s.dstPort, s.src, s.srcPort, s.ack, 0, TcpPacket.RST, 0, 0, now);
            layer.stats.outRsts++;
            return;
        }
        // Third, check for a SYN.
        if (!s.syn()) {
            layer.stats.drops.count(DropReason.TCP_BAD_FLAGS);
            return;
        }
        if (l.acceptQueueFull()) {
            layer.stats.listenOverflows++;
            layer.stats.listenDrops++;
            layer.stats.drops.count(DropReason.TCP_LISTEN_OVERFLOW);
            return;
        }
        int ourMss = layer.stack.maxPayload(s.src) - TcpPacket.HEADER_LEN;
        if (l.synQueue.size() >= l.synLimit || layer.connections >= layer.config.maxConnections()) {
            if (!layer.config.synCookies()) {
                layer.stats.listenDrops++;
                layer.stats.drops.count(DropReason.TCP_LISTEN_OVERFLOW);
                return;
            }
            // RFC 4987 §3.6: answer without state; the ISS encodes what we need back.
            int peerMss = s.options.mss < 0 ? 536 : s.options.mss;
            int cookie = layer.cookies.encode(s.dst, s.dstPort, s.src, s.srcPort, s.seq, Math.min(peerMss, ourMss), now);
            TcpOutput.sendControl(layer, s.dst, s.dstPort, s.src, s.srcPort, cookie, s.seq + 1,
                    TcpPacket.SYN | TcpPacket.ACK, Math.min(0xFFFF, layer.config.receiveBufferBytes()), ourMss, now);
            layer.stats.synCookiesSent++;
            return;
        }
        TcpConnection c = passive(l, s, s.seq, layer.isn.isn(s.dst, s.dstPort, s.src, s.srcPort, now), s.options.mss, now);
        c.setState(TcpState.SYN_RECEIVED);
        l.synQueue.add(c);
        TcpOutput.sendSyn(c, now);
        c.rtoAt = now + c.rtt.rto();
        TcpTimers.schedule(c);
    }

    /** A connection for a listener, from the peer's ISN and ours; in the table, in no state yet. */
    TcpConnection passive(TcpListener l, Segment s, int irs, int iss, int peerMss, long now) {
        TcpConnection c = new TcpConnection(layer);
        c.localAddr = s.dst;
        c.localPort = s.dstPort;
        c.remoteAddr = s.src;
        c.remotePort = s.srcPort;
        c.parent = l;
        c.ourMss = layer.stack.maxPayload(s.src) - TcpPacket.HEADER_LEN;
        c.sendMss = sendMss(c, peerMss);
        c.irs = irs;
        c.rcvNxt = irs + 1;
        c.iss = iss;
        c.sndUna = iss;
        c.sndNxt = iss + 1;
        c.sndMax = c.sndNxt;
        c.sndWnd = s.window;
        c.maxSndWnd = s.window;
        c.sndWl1 = irs;
        c.sndWl2 = iss;
        c.rcvAdvertisedEdge = c.rcvNxt + TcpOutput.freeWindow(c);
        c.tsOk = layer.config.timestamps() && s.options.timestamps;   // RFC 7323 §3.2: only if the SYN had it
        if (layer.config.windowScaling() && s.options.windowScale >= 0) {   // RFC 7323 §2.2: only if the SYN had it
            c.sndWndShift = s.options.windowScale;
            c.rcvWndShift = TcpConnection.shiftFor(c.receiveBufferSize);
            c.wsOffered = true;
        }
        c.tsRecent = s.options.tsVal;
        c.tsOffset = layer.random.nextInt();
        c.rttTiming = true;
        c.rttSeq = c.sndNxt;
        c.rttStart = now;
        layer.table.put(c);
        layer.connections++;
        layer.stats.passiveOpens++;
        return c;
    }

    /** The ACK of a cookie SYN+ACK: if the cookie checks, the connection is made now, established. */
    boolean cookieAck(TcpListener l, Segment s, long now) {
        int mss = layer.cookies.decode(s.dst, s.dstPort, s.src, s.srcPort, s.seq - 1, s.ack - 1, now);
        if (mss < 0) {
            layer.stats.synCookiesFailed++;
            return false;
        }
        if (l.acceptQueueFull() || layer.connections >= layer.config.maxConnections()) {
            layer.stats.listenOverflows++;
            layer.stats.listenDrops++;
            layer.stats.drops.count(DropReason.TCP_LISTEN_OVERFLOW);
            return true;   // dropped: the client's retransmission may find room
        }
        layer.stats.synCookiesRecv++;
        TcpConnection c = passive(l, s, s.seq - 1, s.ack - 1, mss, now);
        c.rttTiming = false;
        c.tsOk = false;   // the cookie's SYN+ACK carried no timestamps, so the peer sends none
        c.sndWndShift = 0;   // nor a window scale: windows are unscaled both ways
        c.rcvWndShift = 0;
        c.wsOffered = false;
        c.state = TcpState.SYN_RECEIVED;
        l.synQueue.add(c);
        TcpInput.segmentArrives(c, s, now);   // its ACK establishes it; its data, if any, are taken
        return true;
    }
}
