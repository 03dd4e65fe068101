package io.netstack4j.link.tap;

import io.netstack4j.link.LinkException;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static io.netstack4j.link.tap.KernelFrames.u16;

/**
 * Exercises {@link TapAdapter} against the real kernel. Not a test by itself: the interop test
 * runs it with {@code ip netns exec NS java ...} inside a network namespace it created, where the
 * TAP device {@code NAME} exists, is up and has the address {@code LOCAL}/24; the kernel is the
 * peer. Prints one line per check and "OK" at the end; exits 1 with the reason otherwise.
 *
 * <pre>
 *   TapProbe exchange NAME LOCAL PEER   ARP and UDP both ways, wake-ups, re-attach
 *   TapProbe denied NAME                 run without CAP_NET_ADMIN: the error must say why
 * </pre>
 */
public final class TapProbe {
    private static final byte[] PEER_MAC = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x02};
    private static final int UDP_PORT = 7777;

    private TapProbe() {
    }

    public static void main(String[] args) {
        ProbeMain.run(() -> {
            switch (args[0]) {
                case "exchange" -> exchange(args[1], InetAddress.getByName(args[2]), InetAddress.getByName(args[3]));
                case "denied" -> denied(args[1]);
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        });
    }


    private static void denied(String name) {
        try {
            TapAdapter.open(name, 1500).close();
            throw new AssertionError("opened " + name + " without CAP_NET_ADMIN");
        } catch (LinkException e) {
            System.out.println("message: " + e.getMessage());
            ProbeMain.check(e.getMessage().equals("TUNSETIFF " + name + ": Operation not permitted"
                    + " (needs root or CAP_NET_ADMIN, or a TAP owned by this user)")
                    || e.getMessage().startsWith("cannot open /dev/net/tun: "), "refusal says what and why");
            ProbeMain.check(e.errno() != 0, "errno kept: " + e.errno());
        }
    }

    private static void exchange(String name, InetAddress local, InetAddress peer) throws Exception {
        byte[] buf = new byte[2048];
        TapAdapter tap = TapAdapter.open(name, 1500);
        ProbeMain.check(tap.name().equals(name) && tap.mtu() == 1500, "attached to " + tap.name());

        try {
            TapAdapter.open(name, 1500).close();
            throw new AssertionError("a second attach succeeded");
        } catch (LinkException e) {
            ProbeMain.check(e.getMessage().startsWith("TUNSETIFF " + name + ": Device or resource busy"),
                    "second attach refused: " + e.getMessage());
        }

        int drained = 0;
        while (tap.receive(buf, 0, 0) >= 0 && drained < 10_000) {
            drained++;
        }
        ProbeMain.check(tap.receive(buf, 0, 0) == -1, "receive returns -1 when nothing is queued (drained " + drained + ")");

        Thread waker = Thread.ofPlatform().start(() -> {
            sleep(100);
            tap.wakeup();
        });
        long t0 = System.nanoTime();
        tap.await(TimeUnit.SECONDS.toNanos(30));
        ProbeMain.check(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "wakeup() from another thread ends await");
        waker.join();

        t0 = System.nanoTime();
        tap.await(TimeUnit.MILLISECONDS.toNanos(50));
        long waited = System.nanoTime() - t0;
        ProbeMain.check(waited >= TimeUnit.MILLISECONDS.toNanos(45), "await times out (" + waited / 1000 + " µs)");

        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0))) {
            socket.setSoTimeout(10_000);
            byte[] hello = "hello netstack4j".getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(hello, hello.length, new InetSocketAddress(peer, UDP_PORT)));

            // The kernel first asks who has the peer's address (RFC 826).
            byte[] arp = waitFor(tap, buf, f -> etherType(f) == 0x0806 && u16(f, 20) == 1
                    && Arrays.equals(f, 38, 42, peer.getAddress(), 0, 4), "an ARP request for " + peer);
            byte[] kernelMac = Arrays.copyOfRange(arp, 6, 12);
            ProbeMain.check(Arrays.equals(arp, 28, 32, local.getAddress(), 0, 4), "ARP request from " + local);

            tap.transmit(KernelFrames.arpReply(PEER_MAC, kernelMac, local, peer), 0, 42, 0);
            byte[] udp = waitFor(tap, buf, f -> etherType(f) == 0x0800 && f[23] == 17
                    && Arrays.equals(f, 0, 6, PEER_MAC, 0, 6), "the UDP datagram, now that the peer is resolved");
            int srcPort = u16(udp, 34);
            ProbeMain.check(u16(udp, 36) == UDP_PORT && new String(udp, 42, u16(udp, 38) - 8, StandardCharsets.US_ASCII)
                    .equals("hello netstack4j"), "datagram to port " + UDP_PORT + " carries the payload");

            byte[] reply = "hello kernel".getBytes(StandardCharsets.US_ASCII);
            tap.transmit(KernelFrames.udpFrame(PEER_MAC, kernelMac, peer, local, UDP_PORT, srcPort, reply, false), 0,
                    42 + reply.length, 0);
            DatagramPacket in = new DatagramPacket(new byte[100], 100);
            socket.receive(in);
            ProbeMain.check(new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII).equals("hello kernel")
                    && in.getAddress().equals(peer) && in.getPort() == UDP_PORT,
                    "the kernel's socket received the frame we wrote");
        }
        ProbeMain.check(tap.stats().txFrames.get() == 2 && tap.stats().rxFrames.get() >= 2, "stats " + tap.stats());

        tap.close();
        tap.close();
        ProbeMain.check(tap.receive(buf, 0, 0) == -1, "receive after close returns -1");
        TapAdapter again = TapAdapter.open(name, 1500);
        ProbeMain.check(true, "re-attached at once after close");

        Thread closer = Thread.ofPlatform().start(() -> {
            sleep(100);
            again.close();
        });
        t0 = System.nanoTime();
        again.await(TimeUnit.SECONDS.toNanos(30));
        ProbeMain.check(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "close() from another thread ends await");
        closer.join();
        TapAdapter.open(name, 1500).close();
        ProbeMain.check(true, "re-attached after a close from another thread");
    }

    interface FramePredicate {
        boolean test(byte[] frame);
    }

    private static byte[] waitFor(TapAdapter tap, byte[] buf, FramePredicate p, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            int n = tap.receive(buf, 0, System.nanoTime());
            if (n < 0) {
                tap.await(TimeUnit.MILLISECONDS.toNanos(200));
                continue;
            }
            byte[] f = Arrays.copyOf(buf, n);
            if (n >= 42 && p.test(f)) {
                ProbeMain.check(true, "received " + what);
                return f;
            }
        }
        throw new AssertionError("no " + what + " within 10 s");
    }

    private static int etherType(byte[] f) {
        return u16(f, 12);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
