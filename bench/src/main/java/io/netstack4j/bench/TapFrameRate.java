package io.netstack4j.bench;

import io.netstack4j.link.tap.TapAdapter;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Frames per second through {@link TapAdapter} at 1514 bytes (the largest frame at MTU 1500), a
 * harness, never a test. Runs inside a network namespace where the TAP device exists, is up, has
 * {@code LOCAL/24}, a long transmit queue and a permanent neighbour entry for {@code PEER}
 * (scripts/bench-tap.sh sets that up):
 *
 * <ul>
 *   <li><b>receive</b>: with the reader paused, the kernel sends a burst of UDP datagrams of 1472
 *       bytes to PEER (1514-byte frames, queued in the TAP's ring), then the time to drain the
 *       full queue with {@link TapAdapter#receive} is measured. The kernel's own sending rate is
 *       reported too, but it is not part of the measured drain.</li>
 *   <li><b>send</b>: {@link TapAdapter#transmit} of 1514-byte frames as fast as it goes. The frames
 *       carry IPv4/UDP to a MAC address that is not the TAP's, so the kernel receives each one
 *       (the write runs its receive path) and discards it at the IP layer as "other host".</li>
 * </ul>
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar io.netstack4j.bench.TapFrameRate \
 *        TAP LOCAL PEER [BURST=100000] [SEND_FRAMES=1000000] [ROUNDS=5]
 * </pre>
 * Each measurement runs two unmeasured warm-up rounds, then ROUNDS rounds; it prints each round and
 * the median, and ends with a line {@code RESULT receive=... send=...} (frames/s, medians).
 */
public final class TapFrameRate {
    private static final int FRAME = 1514;
    private static final int UDP_PAYLOAD = FRAME - 14 - 20 - 8;
    private static final int DISCARD_PORT = 9;
    /** Unmeasured rounds first, so the measured ones run compiled code. */
    private static final int WARMUPS = 2;

    private TapFrameRate() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: TapFrameRate TAP LOCAL PEER [BURST=100000] [SEND_FRAMES=1000000] [ROUNDS=5]");
            System.exit(2);
        }
        String tapName = args[0];
        InetAddress local = InetAddress.getByName(args[1]);
        InetAddress peer = InetAddress.getByName(args[2]);
        int burst = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
        int sendFrames = args.length > 4 ? Integer.parseInt(args[4]) : 1_000_000;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 5;

        try (TapAdapter tap = TapAdapter.open(tapName, 1500)) {
            double rx = receive(tap, local, peer, burst, rounds);
            double tx = send(tap, sendFrames, rounds);
            System.out.printf(Locale.ROOT, "RESULT receive=%.0f send=%.0f%n", rx, tx);
        }
    }

    /** Median frames/s draining a full queue of {@code burst} frames. */
    private static double receive(TapAdapter tap, InetAddress local, InetAddress peer, int burst, int rounds)
            throws Exception {
        byte[] buf = new byte[65_536];
        List<Double> rates = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0))) {
            socket.setSendBufferSize(4 << 20);
            DatagramPacket datagram = new DatagramPacket(new byte[UDP_PAYLOAD], UDP_PAYLOAD,
                    new InetSocketAddress(peer, DISCARD_PORT));
            for (int round = 1 - WARMUPS; round <= rounds; round++) {
                while (tap.receive(buf, 0, 0) >= 0) {
                    // empty the queue before the burst
                }
                long k0 = System.nanoTime();
                for (int i = 0; i < burst; i++) {
                    socket.send(datagram);
                }
                long k1 = System.nanoTime();
                Thread.sleep(20);
                int frames = 0;
                int wrongSize = 0;
                long t0 = System.nanoTime();
                int n;
                while ((n = tap.receive(buf, 0, 0)) >= 0) {
                    frames++;
                    if (n != FRAME) {
                        wrongSize++;
                    }
                }
                long t1 = System.nanoTime();
                double rate = frames / ((t1 - t0) / 1e9);
                System.out.printf(Locale.ROOT,
                        "receive %s: kernel queued %d datagrams at %.0f/s; drained %d frames (%d not %d B) in %.1f ms"
                                + " = %.0f frames/s, %.2f Gbit/s%n",
                        round <= 0 ? "warm-up" : "round " + round, burst, burst / ((k1 - k0) / 1e9), frames,
                        wrongSize, FRAME, (t1 - t0) / 1e6, rate, rate * FRAME * 8 / 1e9);
                if (frames < burst * 0.99) {
                    System.out.println("  warning: " + (burst - frames) + " frames missing (txqueuelen too short?)");
                }
                if (round > 0) {
                    rates.add(rate);
                }
            }
        }
        double m = median(rates);
        System.out.printf(Locale.ROOT, "receive median: %.0f frames/s%n", m);
        return m;
    }

    /** Median frames/s writing {@code count} 1514-byte frames. */
    private static double send(TapAdapter tap, int count, int rounds) {
        byte[] frame = otherHostFrame();
        List<Double> rates = new ArrayList<>();
        for (int round = 1 - WARMUPS; round <= rounds; round++) {
            long sent0 = tap.stats().txFrames.get();
            long dropped0 = tap.stats().dropped.get();
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                tap.transmit(frame, 0, FRAME, 0);
            }
            long t1 = System.nanoTime();
            long sent = tap.stats().txFrames.get() - sent0;
            long dropped = tap.stats().dropped.get() - dropped0;
            double rate = sent / ((t1 - t0) / 1e9);
            System.out.printf(Locale.ROOT, "send %s: wrote %d frames (%d refused) in %.1f ms = %.0f frames/s, %.2f Gbit/s%n",
                    round <= 0 ? "warm-up" : "round " + round, sent, dropped, (t1 - t0) / 1e6, rate,
                    rate * FRAME * 8 / 1e9);
            if (round > 0) {
                rates.add(rate);
            }
        }
        double m = median(rates);
        System.out.printf(Locale.ROOT, "send median: %.0f frames/s%n", m);
        return m;
    }

    /**
     * An Ethernet/IPv4/UDP frame of 1514 bytes from 198.51.100.2 to 198.51.100.3, addressed to a
     * MAC that is not the TAP's: the kernel takes it in and drops it as PACKET_OTHERHOST.
     */
    private static byte[] otherHostFrame() {
        byte[] f = new byte[FRAME];
        byte[] dst = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x63};
        byte[] src = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x02};
        System.arraycopy(dst, 0, f, 0, 6);
        System.arraycopy(src, 0, f, 6, 6);
        f[12] = 0x08;
        int ipLen = FRAME - 14;
        f[14] = 0x45;
        f[16] = (byte) (ipLen >>> 8);
        f[17] = (byte) ipLen;
        f[22] = 64;
        f[23] = 17;
        byte[] addrs = {(byte) 198, 51, 100, 2, (byte) 198, 51, 100, 3};
        System.arraycopy(addrs, 0, f, 26, 8);
        int sum = 0;
        for (int i = 14; i < 34; i += 2) {
            sum += (f[i] & 0xFF) << 8 | (f[i + 1] & 0xFF);
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        int checksum = ~sum & 0xFFFF;
        f[24] = (byte) (checksum >>> 8);
        f[25] = (byte) checksum;
        f[34] = 0x30;                        // source port 12345
        f[35] = 0x39;
        f[37] = DISCARD_PORT;
        f[38] = (byte) ((ipLen - 20) >>> 8);
        f[39] = (byte) (ipLen - 20);
        return f;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
