package io.netstack4j.link.tap;

import java.net.InetAddress;

/** Frames the TAP probes write to the kernel, built by hand (the probes use no stack). */
final class KernelFrames {
    private KernelFrames() {
    }

    /** An ARP reply (RFC 826): {@code peer} is at {@code peerMac}, to {@code local} at {@code kernelMac}. */
    static byte[] arpReply(byte[] peerMac, byte[] kernelMac, InetAddress local, InetAddress peer) {
        byte[] f = new byte[42];
        System.arraycopy(kernelMac, 0, f, 0, 6);
        System.arraycopy(peerMac, 0, f, 6, 6);
        f[12] = 0x08;
        f[13] = 0x06;
        byte[] arp = {0, 1, 8, 0, 6, 4, 0, 2};                 // Ethernet, IPv4, reply
        System.arraycopy(arp, 0, f, 14, 8);
        System.arraycopy(peerMac, 0, f, 22, 6);
        System.arraycopy(peer.getAddress(), 0, f, 28, 4);
        System.arraycopy(kernelMac, 0, f, 32, 6);
        System.arraycopy(local.getAddress(), 0, f, 38, 4);
        return f;
    }

    /**
     * An IPv4/UDP frame (UDP checksum 0: none, allowed over IPv4 by RFC 768), with Don't Fragment
     * set if {@code df}.
     */
    static byte[] udpFrame(byte[] srcMac, byte[] dstMac, InetAddress src, InetAddress dst, int srcPort, int dstPort,
                           byte[] payload, boolean df) {
        byte[] f = new byte[42 + payload.length];
        System.arraycopy(dstMac, 0, f, 0, 6);
        System.arraycopy(srcMac, 0, f, 6, 6);
        f[12] = 0x08;
        int ipLen = 28 + payload.length;
        f[14] = 0x45;
        f[16] = (byte) (ipLen >>> 8);
        f[17] = (byte) ipLen;
        f[20] = (byte) (df ? 0x40 : 0);
        f[22] = 64;
        f[23] = 17;
        System.arraycopy(src.getAddress(), 0, f, 26, 4);
        System.arraycopy(dst.getAddress(), 0, f, 30, 4);
        int sum = 0;
        for (int i = 14; i < 34; i += 2) {
            sum += u16(f, i);
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        int checksum = ~sum & 0xFFFF;                           // RFC 1071
        f[24] = (byte) (checksum >>> 8);
        f[25] = (byte) checksum;
        f[34] = (byte) (srcPort >>> 8);
        f[35] = (byte) srcPort;
        f[36] = (byte) (dstPort >>> 8);
        f[37] = (byte) dstPort;
        f[38] = (byte) ((8 + payload.length) >>> 8);
        f[39] = (byte) (8 + payload.length);
        System.arraycopy(payload, 0, f, 42, payload.length);
        return f;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }
}
