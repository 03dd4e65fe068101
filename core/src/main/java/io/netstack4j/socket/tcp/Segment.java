package io.netstack4j.socket.tcp;

import io.netstack4j.wire.TcpOptions;
import io.netstack4j.wire.TcpPacket;

/**
 * The segment being processed, its fields read once into primitives (one instance per layer, reused
 * for every segment: nothing is allocated per segment). The data are {@code len} bytes of
 * {@code array} at {@code dataOff}; RFC 9293's SEG.LEN is {@link #seqLen()}.
 */
final class Segment {
    int src;
    int dst;
    int srcPort;
    int dstPort;
    int seq;
    int ack;
    int flags;
    int window;
    byte[] array;
    /** The frame the segment came in; {@link #kept} once the receive queue or the out-of-order holder owns it. */
    io.netstack4j.buffer.PacketBuffer buffer;
    boolean kept;
    int dataOff;
    int len;
    final TcpOptions options = new TcpOptions();

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    boolean syn() {
        return (flags & TcpPacket.SYN) != 0;
    }

    boolean fin() {
        return (flags & TcpPacket.FIN) != 0;
    }

    boolean rst() {
        return (flags & TcpPacket.RST) != 0;
    }

    boolean ackFlag() {
        return (flags & TcpPacket.ACK) != 0;
    }

    /** SEG.LEN: the data, plus one for SYN and one for FIN. */
    int seqLen() {
        return len + (syn() ? 1 : 0) + (fin() ? 1 : 0);
    }

    /** Drops {@code n} bytes of data from the front (already received). */
    void trimFront(int n) {
        dataOff += n;
        len -= n;
        seq += n;
    }
}
