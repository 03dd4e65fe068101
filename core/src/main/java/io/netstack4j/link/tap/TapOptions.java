package io.netstack4j.link.tap;

/**
 * How {@link TapAdapter#open(String, int, TapOptions)} attaches to a TAP device. Immutable; build
 * from {@link #DEFAULT}: {@code TapOptions.DEFAULT.withVnetHeader(true)}.
 *
 * @param vnetHeader attach with {@code IFF_VNET_HDR}: every frame read from or written to the
 *                   device is preceded by a {@value TapAdapter#VNET_HEADER_SIZE}-byte
 *                   {@code virtio_net_hdr_v1} (virtio 1.x §5.1.6), the channel through which the
 *                   kernel and the adapter tell each other about checksum and segmentation
 *                   offloads. The adapter strips it on receive and prepends a zeroed one (no
 *                   checksum to complete, {@code GSO_NONE}) on transmit; offloads stay off
 *                   ({@code TUNSETOFFLOAD 0}), so frames and capabilities are as without it
 */
public record TapOptions(boolean vnetHeader) {
    /** Plain frames, no virtio-net header. */
    public static final TapOptions DEFAULT = new TapOptions(false);

    public TapOptions withVnetHeader(boolean on) {
        return new TapOptions(on);
    }
}
