package io.netstack4j.socket.tcp;

/** The connection states of RFC 9293 §3.3.2 (Figure 5). TIME-WAIT is kept apart, in {@link TimeWait}. */
public enum TcpState {
    CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK,
    TIME_WAIT;

    /** RFC 9293 §3.3.2's "synchronized" states: ESTABLISHED and after. */
    public boolean synchronizedState() {
        return ordinal() >= ESTABLISHED.ordinal();
    }

    /** The name as RFC 9293 and {@code ss} write it: "SYN-SENT". */
    public String rfcName() {
        return name().replace('_', '-');
    }
}
