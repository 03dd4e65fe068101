package io.netstack4j.link;

/** Which way a frame crossed a LAN adapter, seen from the stack. */
public enum Direction {
    /** Received by the stack from the medium. */
    RX,
    /** Transmitted by the stack onto the medium. */
    TX
}
