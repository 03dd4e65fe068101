package io.netstack4j.socket.tcp;

import io.netstack4j.socket.Errno;

/**
 * One connection's numbers as {@code ss -ti} shows them: state, sequence variables, windows, MSS,
 * RTT and RTO, the congestion window and threshold, retransmissions, and buffer fill.
 */
public record TcpInfo(TcpState state, int sndUna, int sndNxt, int rcvNxt, int sndWnd, int rcvWnd, int mss,
                      long srttNanos, long rtoNanos, long cwnd, long ssthresh, long retransmits, int sendQueued,
                      int receiveQueued, Errno error) {
    /** "ESTABLISHED una=… nxt=… rcv_nxt=… wnd=… rwnd=… mss=1460 rtt=0.2ms rto=200ms cwnd=14600 ssthresh=- retrans=0". */
    public String text() {
        return state.rfcName() + " una=" + Integer.toUnsignedString(sndUna) + " nxt=" + Integer.toUnsignedString(sndNxt)
                + " rcv_nxt=" + Integer.toUnsignedString(rcvNxt) + " wnd=" + sndWnd + " rwnd=" + rcvWnd + " mss=" + mss
                + " rtt=" + ms(srttNanos) + "ms rto=" + ms(rtoNanos) + "ms cwnd=" + cwnd + " ssthresh="
                + (ssthresh >= Integer.MAX_VALUE ? "-" : Long.toString(ssthresh)) + " retrans=" + retransmits
                + (error != null ? " error=" + error.name() : "");
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
