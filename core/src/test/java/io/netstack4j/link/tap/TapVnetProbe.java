package io.netstack4j.link.tap;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static io.netstack4j.link.tap.KernelFrames.u16;

/**
 * Exercises {@link TapAdapter} with the virtio-net header ({@code IFF_VNET_HDR}) and the largest
 * MTU, against the real kernel. Not a test by itself: {@code TapVnetInteropTest} runs it with
 * {@code ip netns exec NS java ...} in a namespace it created, where the TAP {@code NAME} exists,
 * is up, has MTU 65,521 and the address {@code LOCAL}/24. The probe plays the host {@code PEER}:
 * it answers the kernel's ARP requests and exchanges UDP datagrams with a kernel socket, of 100
 * bytes and of 65,493 (a 65,535-byte frame, the most MTU 65,521 allows), both ways. Prints one
 * line per check and "OK" at the end; exits 1 with the reason otherwise.
 *
 * <pre>
 *   TapVnetProbe NAME LOCAL PEER
 * </pre>
 */
public final class TapVnetProbe {
    private static final byte[] PEER_MAC = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x03};
    private static final int PEER_PORT = 7778;
    private static final int MTU = 65_521;
    private static final int LARGEST = MTU - 28;

    private TapVnetProbe() {
    }

    public static void main(String[] args) {
        ProbeMain.run(() -> run(args[0], InetAddress.getByName(args[1]), InetAddress.getByName(args[2])));
    }


    private static void run(String name, InetAddress local, InetAddress peer) throws Exception {
        byte[] buf = new byte[MTU + 64];
        long kernelRx0 = counter(name, "rx_packets");
        try (TapAdapter tap = TapAdapter.open(name, MTU, TapOptions.DEFAULT.withVnetHeader(true));
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0))) {
            ProbeMain.check(tap.vnetHeaderSize() == TapAdapter.VNET_HEADER_SIZE && tap.mtu() == MTU, "attached " + tap);
            ProbeMain.check(!tap.capabilities().rxChecksumVerified() && !tap.capabilities().txChecksumOffload()
                    && tap.capabilities().maxSegmentationSize() == 0, "offloads off: " + tap.capabilities());
            socket.setSoTimeout(10_000);
            socket.setReceiveBufferSize(1 << 20);
            byte[] kernelMac = null;
            for (int size : new int[] {100, LARGEST}) {
                byte[] payload = payload(size, 1);
                socket.send(new DatagramPacket(payload, size, new InetSocketAddress(peer, PEER_PORT)));
                byte[] udp = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (udp == null && System.nanoTime() < deadline) {
                    int n = tap.receive(buf, 0, System.nanoTime());
                    if (n < 0) {
                        tap.await(TimeUnit.MILLISECONDS.toNanos(200));
                        continue;
                    }
                    byte[] f = Arrays.copyOf(buf, n);
                    if (u16(f, 12) == 0x0806 && u16(f, 20) == 1 && Arrays.equals(f, 38, 42, peer.getAddress(), 0, 4)) {
                        kernelMac = Arrays.copyOfRange(f, 6, 12);
                        tap.transmit(KernelFrames.arpReply(PEER_MAC, kernelMac, local, peer), 0, 42, 0);
                        ProbeMain.check(n == 42, "an ARP request of 42 bytes, the header stripped; answered");
                    } else if (u16(f, 12) == 0x0800 && f[23] == 17 && Arrays.equals(f, 0, 6, PEER_MAC, 0, 6)) {
                        udp = f;
                    }
                }
                ProbeMain.check(udp != null, "the kernel's " + size + "-byte datagram arrived");
                ProbeMain.check(udp.length == 42 + size && u16(udp, 16) == 28 + size && (u16(udp, 20) & 0x3FFF) == 0
                        && Arrays.equals(udp, 42, 42 + size, payload, 0, size),
                        "in one frame of " + udp.length + " bytes, unfragmented, payload intact");
                byte[] reply = payload(size, 2);
                byte[] frame = KernelFrames.udpFrame(PEER_MAC, kernelMac, peer, local, PEER_PORT, u16(udp, 34), reply, true);
                tap.transmit(frame, 0, frame.length, 0);
                DatagramPacket in = new DatagramPacket(new byte[LARGEST + 100], LARGEST + 100);
                socket.receive(in);
                ProbeMain.check(in.getLength() == size && Arrays.equals(in.getData(), 0, size, reply, 0, size),
                        "the kernel's socket received our " + frame.length + "-byte frame");
            }
            ProbeMain.check(tap.vnetDrops() == 0 && tap.stats().dropped.get() == 0, "nothing dropped: " + tap.stats());
            ProbeMain.check(counter(name, "rx_packets") - kernelRx0 >= 3, "the kernel counted the frames we wrote");
        }
        // The next attach without the option gets plain frames again (TUNSETIFF resets the flag).
        // The device lost its carrier while detached, so the kernel asks for the peer again.
        try (TapAdapter plain = TapAdapter.open(name, MTU);
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0))) {
            ProbeMain.check(plain.vnetHeaderSize() == 0, "re-attached without the header");
            socket.send(new DatagramPacket(new byte[10], 10, new InetSocketAddress(peer, PEER_PORT)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int n = -1;
            while (System.nanoTime() < deadline && (n = plain.receive(buf, 0, 0)) != 42) {
                if (n < 0) {
                    plain.await(TimeUnit.MILLISECONDS.toNanos(200));
                }
            }
            ProbeMain.check(n == 42 && Arrays.equals(buf, 0, 6, new byte[] {-1, -1, -1, -1, -1, -1}, 0, 6) && u16(buf, 12) == 0x0806,
                    "a plain ARP request, broadcast destination first");
        }
    }

    private static byte[] payload(int size, int salt) {
        byte[] p = new byte[size];
        for (int i = 0; i < size; i++) {
            p[i] = (byte) (i * 7 + salt);
        }
        return p;
    }

    private static long counter(String iface, String name) throws Exception {
        return Long.parseLong(Files.readString(Path.of("/sys/class/net", iface, "statistics", name)).trim());
    }
}
