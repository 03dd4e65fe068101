package io.netstack4j.socket.udp;

/**
 * Limits of the UDP layer.
 *
 * @param receiveQueueDatagrams most datagrams waiting in one endpoint's receive queue (1..2^20)
 * @param receiveQueueBytes     most payload bytes waiting in one endpoint's receive queue; a
 *                              datagram that would go beyond either limit is dropped and counted
 *                              (as Linux drops beyond {@code SO_RCVBUF})
 * @param ephemeralLow          lowest port chosen for an unbound endpoint (inclusive)
 * @param ephemeralHigh         highest port chosen for an unbound endpoint (inclusive); the
 *                              default range is Linux's {@code ip_local_port_range}, 32768..60999
 *                              (RFC 6056 §3.2 recommends using as wide a range as possible)
 */
public record UdpConfig(int receiveQueueDatagrams, int receiveQueueBytes, int ephemeralLow, int ephemeralHigh) {
    /** 1024 datagrams, 256 KiB, ports 32768..60999. */
    public static final UdpConfig DEFAULT = new UdpConfig(1024, 256 * 1024, 32768, 60999);

    public UdpConfig {
        if (receiveQueueDatagrams < 1 || receiveQueueDatagrams > 1 << 20) {
            throw new IllegalArgumentException("receiveQueueDatagrams out of range 1..1048576: " + receiveQueueDatagrams);
        }
        if (receiveQueueBytes < 0) {
            throw new IllegalArgumentException("receiveQueueBytes negative: " + receiveQueueBytes);
        }
        if (ephemeralLow < 1 || ephemeralHigh > 0xFFFF || ephemeralLow > ephemeralHigh) {
            throw new IllegalArgumentException("bad ephemeral port range " + ephemeralLow + ".." + ephemeralHigh);
        }
    }

    public UdpConfig withReceiveQueue(int datagrams, int bytes) {
        return new UdpConfig(datagrams, bytes, ephemeralLow, ephemeralHigh);
    }

    public UdpConfig withEphemeralRange(int low, int high) {
        return new UdpConfig(receiveQueueDatagrams, receiveQueueBytes, low, high);
    }

    /** How many ports the ephemeral range holds. */
    public int ephemeralCount() {
        return ephemeralHigh - ephemeralLow + 1;
    }
}
