package io.netstack4j.link.tap;

/**
 * How {@link TapAdapter#open(String, int, TapOptions)} attaches to a TAP device. Immutable; build
 * from {@link #DEFAULT}: {@code TapOptions.DEFAULT.withVnetHeader(true)}.
 *
 * @param vnetHeader          attach with {@code IFF_VNET_HDR}: every frame read from or written to
 *                            the device is preceded by a {@value TapAdapter#VNET_HEADER_SIZE}-byte
 *                            {@code virtio_net_hdr_v1} (virtio 1.x §5.1.6), the channel through
 *                            which the kernel and the adapter tell each other about checksum and
 *                            segmentation offloads. The adapter strips it on receive and prepends a
 *                            zeroed one (no checksum to complete, {@code GSO_NONE}) on transmit
 * @param segmentationOffload also offer TCP segmentation offload to the stack (needs the header):
 *                            the stack hands down TCP segments of up to 64 KiB with their MSS, and
 *                            the adapter writes each in one {@code write(2)} with a header saying
 *                            {@code GSO_TCPV4} and {@code NEEDS_CSUM}, for the kernel to treat as
 *                            MSS-sized segments (as it does a virtual machine's); and the other way
 *                            ({@code TUNSETOFFLOAD TUN_F_CSUM | TUN_F_TSO4}) the kernel may send us
 *                            TCP segments of up to 64 KiB it did not cut, and checksums left for us
 *                            to complete (the adapter completes them, so the stack still verifies a
 *                            whole checksum). Without it offloads are off both ways
 */
public record TapOptions(boolean vnetHeader, boolean segmentationOffload) {
    /** Plain frames, no virtio-net header. */
    public static final TapOptions DEFAULT = new TapOptions(false, false);

    /** The virtio-net header with TCP segmentation offload: the fast way to send bulk data into the kernel. */
    public static final TapOptions OFFLOAD = new TapOptions(true, true);

    public TapOptions {
        if (segmentationOffload && !vnetHeader) {
            throw new IllegalArgumentException("segmentation offload needs the virtio-net header");
        }
    }

    public TapOptions withVnetHeader(boolean on) {
        return new TapOptions(on, segmentationOffload && on);
    }

    public TapOptions withSegmentationOffload(boolean on) {
        return new TapOptions(vnetHeader || on, on);
    }
}
