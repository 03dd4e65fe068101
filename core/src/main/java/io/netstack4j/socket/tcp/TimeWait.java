package io.netstack4j.socket.tcp;

import io.netstack4j.time.Timer;

/**
 * A connection in TIME-WAIT (RFC 9293 §3.3.2), kept in compact form as Linux keeps its timewait
 * mini-socket: the 4-tuple, the two sequence numbers needed to acknowledge a retransmitted FIN, and
 * the timer that erases it after 2·MSL. No buffers, no control block.
 */
final class TimeWait extends FourTuple {
    final int sndNxt;
    int rcvNxt;
    final int window;
    final boolean tsOk;
    final int tsOffset;
    int tsRecent;
    /** Set by the layer right after construction. */
    Timer timer;

    TimeWait(TcpConnection c) {
        localAddr = c.localAddr;
        localPort = c.localPort;
        remoteAddr = c.remoteAddr;
        remotePort = c.remotePort;
        sndNxt = c.sndMax;
        rcvNxt = c.rcvNxt;
        window = c.lastAdvertisedWindow >>> c.rcvWndShift;   // the field, as in the last segment
        tsOk = c.tsOk;
        tsOffset = c.tsOffset;
        tsRecent = c.tsRecent;
    }
}
