package io.netstack4j.link;

/**
 * What a LAN adapter can do besides moving frames: the sizes it carries and the work it takes off
 * the stack. A stack reads it from {@link LinkAdapter#capabilities()}; a capability it does not
 * use costs nothing, and a stack may always do the work itself (verify a checksum the link
 * vouches for, compute one the link would fill).
 *
 * <p>The checksums concerned are the IPv4 header checksum (RFC 791 §3.1) and the transport
 * checksums over the pseudo-header (UDP, RFC 768; TCP, RFC 9293 §3.1; ICMP, RFC 792, has none).
 *
 * @param mtu                 the largest IP packet one frame carries (1500 on Ethernet)
 * @param maxFrameLength      the largest frame the adapter sends and delivers, the Ethernet header
 *                            included and the FCS not; at least {@code mtu + 14}
 * @param rxChecksumVerified  receive checksum offload: every frame this adapter delivers is known to
 *                            hold the bytes its sender wrote, so the stack need not verify the IPv4
 *                            header checksum nor the UDP and TCP checksums of the frames it receives
 *                            (a sender that left a checksum to the link, below, is no error then).
 *                            False: the stack verifies them, as RFC 1122 §3.2.1.2 and §4.1.3.4 say
 * @param txChecksumOffload   transmit checksum offload: the stack may send UDP and TCP packets whose
 *                            checksum field holds only the ones'-complement sum of the pseudo-header
 *                            (the form Linux calls {@code CHECKSUM_PARTIAL}), and the link either
 *                            completes the checksum or delivers the frame only to receivers that do
 *                            not verify it. The IPv4 header checksum is always the stack's. False:
 *                            the stack computes every checksum
 * @param maxSegmentationSize segmentation offload: the largest TCP or UDP packet (IP header
 *                            included) the stack may hand down for the link to cut into packets of
 *                            at most {@code mtu} bytes (TSO, USO); 0 for none
 * @param batching            the medium's fixed costs (a system call, waking the peer's thread) are
 *                            paid once per burst of frames rather than once per frame, so a stack
 *                            gains by moving many frames per turn of its loop
 */
public record LinkCapabilities(int mtu, int maxFrameLength, boolean rxChecksumVerified, boolean txChecksumOffload,
                               int maxSegmentationSize, boolean batching) {
    /** The Ethernet header without a VLAN tag (IEEE 802.3 §3.1.1). */
    public static final int ETHERNET_HEADER = 14;

    public LinkCapabilities {
        if (mtu < 68 || mtu > 65_535) {
            throw new IllegalArgumentException("MTU out of range 68..65535: " + mtu);
        }
        if (maxFrameLength < mtu + ETHERNET_HEADER) {
            throw new IllegalArgumentException("largest frame " + maxFrameLength + " below MTU " + mtu + " + 14");
        }
        if (maxSegmentationSize != 0 && (maxSegmentationSize < mtu || maxSegmentationSize > 65_535)) {
            throw new IllegalArgumentException("segmentation size 0 or MTU..65535: " + maxSegmentationSize);
        }
    }

    /** A plain Ethernet link: frames up to {@code mtu + 14} bytes, no offload, no batching. */
    public static LinkCapabilities basic(int mtu) {
        return new LinkCapabilities(mtu, mtu + ETHERNET_HEADER, false, false, 0, false);
    }

    public LinkCapabilities withMaxFrameLength(int v) {
        return new LinkCapabilities(mtu, v, rxChecksumVerified, txChecksumOffload, maxSegmentationSize, batching);
    }

    /** Both checksum offloads, receive and transmit. */
    public LinkCapabilities withChecksumOffload(boolean rx, boolean tx) {
        return new LinkCapabilities(mtu, maxFrameLength, rx, tx, maxSegmentationSize, batching);
    }

    public LinkCapabilities withMaxSegmentationSize(int v) {
        return new LinkCapabilities(mtu, maxFrameLength, rxChecksumVerified, txChecksumOffload, v, batching);
    }

    public LinkCapabilities withBatching(boolean v) {
        return new LinkCapabilities(mtu, maxFrameLength, rxChecksumVerified, txChecksumOffload, maxSegmentationSize, v);
    }
}
