package io.netstack4j.link.tap;

/**
 * The Linux ABI numbers {@link TapAdapter} passes to the kernel: open flags, ioctl requests and
 * their flags, the virtio-net header's fields, the layout of {@code struct ifreq}, and errno values.
 * Plain constants (no native code here).
 */
final class TapAbi {
    private TapAbi() {
    }

    // <fcntl.h>, <sys/eventfd.h>, <poll.h>: the values of x86-64 and arm64 Linux.
    static final int O_RDWR = 0x2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = O_NONBLOCK;
    static final int EFD_CLOEXEC = O_CLOEXEC;
    static final short POLLIN = 0x1;
    // <linux/if_tun.h>: _IOW('T', 202, int) and _IOW('T', 208, unsigned int).
    static final long TUNSETIFF = 0x400454CAL;
    static final long TUNSETOFFLOAD = 0x400454D0L;
    static final short IFF_TAP = 0x0002;
    static final short IFF_NO_PI = 0x1000;
    static final short IFF_VNET_HDR = 0x4000;
    // TUNSETOFFLOAD flags: the kernel may leave checksums partial, and send TCP/IPv4 segments uncut.
    static final long TUN_F_CSUM = 0x01;
    static final long TUN_F_TSO4 = 0x02;
    // _IOW('T', 216, int).
    static final long TUNSETVNETHDRSZ = 0x400454D8L;
    // <linux/virtio_net.h>: virtio_net_hdr.flags and .gso_type.
    static final int VIRTIO_NET_HDR_F_NEEDS_CSUM = 1;
    static final int VIRTIO_NET_HDR_F_DATA_VALID = 2;
    static final int VIRTIO_NET_HDR_GSO_NONE = 0;
    static final int VIRTIO_NET_HDR_GSO_TCPV4 = 1;
    // virtio_net_hdr_v1 field offsets (little-endian 16-bit fields after flags and gso_type).
    static final int VNET_HDR_LEN = 2;
    static final int VNET_GSO_SIZE = 4;
    static final int VNET_CSUM_START = 6;
    static final int VNET_CSUM_OFFSET = 8;
    // <linux/if.h>: struct ifreq is a 16-byte name, then a union whose first member we use as
    // ifr_flags (a short); 40 bytes in all on 64-bit Linux.
    static final int IFNAMSIZ = 16;
    static final int IFREQ_SIZE = 40;
    // <errno.h>
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int EBADFD = 77;
}
