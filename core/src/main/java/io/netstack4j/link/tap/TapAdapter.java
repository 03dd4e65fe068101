package io.netstack4j.link.tap;

import static io.netstack4j.link.tap.TapAbi.*;

import io.netstack4j.buffer.PacketBuffer;
import io.netstack4j.link.LinkAdapter;
import io.netstack4j.link.LinkCapabilities;
import io.netstack4j.link.LinkException;
import io.netstack4j.link.LinkStats;
import io.netstack4j.wire.Checksum;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * A Linux TAP device (Documentation/networking/tuntap.rst) as a LAN adapter: whole Ethernet
 * frames are read from and written to {@code /dev/net/tun} after {@code TUNSETIFF} attached the
 * descriptor to the device with {@code IFF_TAP | IFF_NO_PI} (no packet-information prefix).
 *
 * <p>The only class in the project that calls native code (java.lang.foreign). The descriptor is
 * non-blocking: {@link #receive} returns -1 on {@code EAGAIN}, and {@link #await} sleeps in
 * {@code ppoll(2)} on the TAP and an {@code eventfd(2)} that {@link #wakeup()} writes, so a loop
 * never sits in {@code read} and the device can be released and attached again at once. Buffers
 * and the segment that captures {@code errno} are allocated once, when the adapter opens; a
 * call allocates nothing.
 *
 * <p>Offloads are set on attach, off unless {@link TapOptions#segmentationOffload()} asks for them
 * ({@code TUNSETOFFLOAD}): they persist on a persistent TAP, and with them the kernel hands us
 * frames larger than the MTU and partial checksums. {@link #receive}, {@link #transmit} and {@link #await} belong to one (loop) thread;
 * {@link #wakeup()} and {@link #close()} may be called from any thread.
 *
 * <p>With {@link TapOptions#vnetHeader()} the descriptor is attached with {@code IFF_VNET_HDR}
 * and a {@value #VNET_HEADER_SIZE}-byte {@code virtio_net_hdr_v1} precedes each frame in both
 * directions (set with {@code TUNSETVNETHDRSZ}). Twelve, not the legacy ten: the virtio 1.x
 * header always has {@code num_buffers} (virtio 1.x §5.1.6), so it is the layout a vhost or
 * virtio consumer of the same frames expects, and merged receive buffers (GRO) need no change of
 * format later. The header lives in the native buffers in front of the frame: receive copies the
 * frame out behind it, transmit copies the frame in behind a header that stays zeroed (flags 0,
 * {@code GSO_NONE}), so the header costs no copy of its own. With offloads off the kernel should
 * never send a frame that needs its checksum completed ({@code VIRTIO_NET_HDR_F_NEEDS_CSUM}) or
 * cutting up (a GSO type): one that does is dropped and counted ({@link #vnetDrops()}).
 *
 * <p>With {@link TapOptions#segmentationOffload()} as well, the adapter offers TCP segmentation
 * offload ({@link LinkCapabilities#maxSegmentationSize()}): {@link #transmitSegmented} writes a
 * TCP segment of up to 64 KiB in one system call, its header asking the kernel to complete the
 * checksum and to take it as segments of the sender's MSS ({@code GSO_TCPV4}), as a virtual
 * machine's virtio-net driver does. A TAP costs one system call per frame (DESIGN.md §6), so this
 * is what lets bulk data into the kernel faster than about 2 Gbit/s at MTU 1500. The other way the
 * kernel then sends TCP segments of up to 64 KiB whole, and leaves transport checksums partial
 * ({@code NEEDS_CSUM}), which {@link #receive} completes; a segment longer than the caller's buffer
 * waits for a larger one ({@link LinkAdapter#TOO_LONG}).
 */
public final class TapAdapter implements LinkAdapter {
    /** The virtio-net header with {@code IFF_VNET_HDR}: {@code struct virtio_net_hdr_v1}. */
    public static final int VNET_HEADER_SIZE = 12;

    /** The largest IP packet handed down for the kernel to treat as MSS-sized segments (TSO). */
    public static final int MAX_SEGMENTATION_SIZE = 65_535;
    private static final ValueLayout.OfShort LE16 = JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** The Ethernet header, and where an IPv4 header's fields sit in it. */
    private static final int ETH = 14;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int PROTOCOL_TCP = 6;
    /** Where the checksum sits in a TCP header (RFC 9293 §3.1). */
    private static final int TCP_CHECKSUM_OFFSET = 16;

    /** Room for the largest frame a TAP can carry (MTU 65521 plus headers). */
    private static final int BUFFER_SIZE = 65_536 + 64;
    /** Timeouts at least this long sleep without a deadline. */
    private static final long FOREVER_NANOS = 1_000_000_000L * 60 * 60 * 24 * 365;

    private final String name;
    private final int mtu;
    /** {@link #VNET_HEADER_SIZE} with the virtio-net header, else 0: where the frame starts in the buffers. */
    private final int hdr;
    private final LinkCapabilities capabilities;
    private final AtomicLong vnetDrops = new AtomicLong();
    private final AtomicLong vnetDataValid = new AtomicLong();
    private final AtomicLong vnetChecksummed = new AtomicLong();
    /** The kernel may send checksums to complete and uncut TCP segments (with segmentation offload). */
    private final boolean receiveOffload;
    /** The length of a frame read but too long for the last caller's buffer (kept in rxBuf), or -1. */
    private int pending = -1;
    private final int fd;
    private final int eventFd;
    private final Arena arena;
    private final MemorySegment errno;
    private final MemorySegment rxBuf;
    private final MemorySegment txBuf;
    private final MemorySegment pollFds;
    private final MemorySegment timeout;
    private final MemorySegment counter;
    private final MemorySegment wakeErrno;
    private final MemorySegment wakeValue;
    private final ReentrantLock ioLock = new ReentrantLock();
    private final ReentrantLock wakeLock = new ReentrantLock();
    private final AtomicBoolean closing = new AtomicBoolean();
    private boolean closed;
    private final LinkStats stats = new LinkStats();

    private TapAdapter(String name, int mtu, int hdr, boolean tso, int fd, int eventFd, Arena arena,
                       MemorySegment errno) {
        this.name = name;
        this.mtu = mtu;
        this.hdr = hdr;
        this.receiveOffload = tso;
        LinkCapabilities basic = LinkCapabilities.basic(mtu);
        this.capabilities = tso ? basic.withMaxSegmentationSize(MAX_SEGMENTATION_SIZE)
                .withMaxFrameLength(MAX_SEGMENTATION_SIZE + ETH) : basic;
        this.fd = fd;
        this.eventFd = eventFd;
        this.arena = arena;
        this.errno = errno;
        this.rxBuf = arena.allocate(BUFFER_SIZE, 64);
        this.txBuf = arena.allocate(BUFFER_SIZE, 64);
        this.pollFds = arena.allocate(16, 8);          // two struct pollfd {int fd; short events, revents;}
        this.timeout = arena.allocate(16, 8);          // struct timespec {long tv_sec, tv_nsec;}
        this.counter = arena.allocate(8, 8);
        this.wakeErrno = arena.allocate(Native.CAPTURE_LAYOUT);
        this.wakeValue = arena.allocate(8, 8);
        wakeValue.set(JAVA_LONG, 0, 1L);
        pollFds.set(JAVA_INT, 0, fd);
        pollFds.set(JAVA_SHORT, 4, POLLIN);
        pollFds.set(JAVA_INT, 8, eventFd);
        pollFds.set(JAVA_SHORT, 12, POLLIN);
    }

    /**
     * Attaches to the existing TAP device {@code ifname} (created beforehand with {@code ip tuntap
     * add dev NAME mode tap}). A missing device is refused with ENODEV, never created: a typo must
     * not leave a stray interface behind.
     *
     * @param ifname the interface name, at most 15 bytes
     * @param mtu    the MTU the stack uses (the device's own MTU is set with {@code ip link})
     * @throws LinkException if the device does not exist in this network namespace, or cannot be
     *                       opened or attached, with the reason
     */
    public static TapAdapter open(String ifname, int mtu) {
        return open(ifname, mtu, TapOptions.DEFAULT);
    }

    /**
     * As {@link #open(String, int)}, with options: {@link TapOptions#vnetHeader()} attaches with
     * {@code IFF_VNET_HDR} and a {@value #VNET_HEADER_SIZE}-byte header (see the class comment).
     *
     * @throws LinkException as {@link #open(String, int)}, or if the kernel refuses the header size
     */
    public static TapAdapter open(String ifname, int mtu, TapOptions options) {
        Objects.requireNonNull(ifname, "ifname");
        Objects.requireNonNull(options, "options");
        byte[] nameBytes = ifname.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length == 0 || nameBytes.length >= IFNAMSIZ || ifname.equals(".") || ifname.equals("..")
                || ifname.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c) || c == 0)) {
            throw new IllegalArgumentException("not a valid interface name (1 to 15 bytes, no '/', ':' or spaces): '"
                    + ifname + "'");
        }
        if (mtu < 68 || mtu > 65_521) {
            throw new IllegalArgumentException("MTU out of range 68..65521: " + mtu);
        }
        Arena arena = Arena.ofShared();
        int fd = -1;
        try {
            MemorySegment errno = arena.allocate(Native.CAPTURE_LAYOUT);
            // TUNSETIFF would create a missing device; we only attach to one that exists, so a
            // typo never leaves a stray interface behind (DESIGN.md §7: "an existing TAP device").
            if (Native.ifNameToIndex(arena.allocateFrom(ifname)) == 0) {
                throw new LinkException("no network device '" + ifname + "' in this network namespace"
                        + " (create it first: ip tuntap add dev " + ifname + " mode tap)", ENODEV);
            }
            fd = Native.open(errno, arena.allocateFrom("/dev/net/tun"), O_RDWR | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0) {
                int e = Native.errno(errno);
                String hint = switch (e) {
                    case EPERM, EACCES -> " (needs root or CAP_NET_ADMIN)";
                    case ENOENT, ENODEV -> " (is the tun module loaded? modprobe tun)";
                    default -> "";
                };
                throw new LinkException("cannot open /dev/net/tun: " + Native.strerror(e) + hint, e);
            }
            MemorySegment ifr = arena.allocate(IFREQ_SIZE, 8);
            MemorySegment.copy(nameBytes, 0, ifr, JAVA_BYTE, 0, nameBytes.length);
            short flags = (short) (IFF_TAP | IFF_NO_PI | (options.vnetHeader() ? IFF_VNET_HDR : 0));
            ifr.set(JAVA_SHORT, IFNAMSIZ, flags);
            if (Native.ioctl(errno, fd, TUNSETIFF, ifr) < 0) {
                int e = Native.errno(errno);
                String hint = switch (e) {
                    case EBUSY -> " (another process has it attached)";
                    case EPERM, EACCES -> " (needs root or CAP_NET_ADMIN, or a TAP owned by this user)";
                    case EINVAL -> " (is it a TUN device rather than a TAP, or multi-queue?)";
                    default -> "";
                };
                throw new LinkException("TUNSETIFF " + ifname + ": " + Native.strerror(e) + hint, e);
            }
            String actual = ifr.getString(0, StandardCharsets.UTF_8);
            int hdr = options.vnetHeader() ? setVnetHeaderSize(arena, errno, fd, actual) : 0;
            // With segmentation offload the kernel may also send us checksums to complete and TCP
            // segments it did not cut (TUN_F_CSUM | TUN_F_TSO4); without, nothing of the kind.
            long offloads = options.segmentationOffload() ? TUN_F_CSUM | TUN_F_TSO4 : 0L;
            if (Native.ioctl(errno, fd, TUNSETOFFLOAD, offloads) < 0) {
                int e = Native.errno(errno);
                throw new LinkException("TUNSETOFFLOAD " + actual + ": " + Native.strerror(e), e);
            }
            int efd = Native.eventfd(errno, 0, EFD_NONBLOCK | EFD_CLOEXEC);
            if (efd < 0) {
                int e = Native.errno(errno);
                throw new LinkException("eventfd for " + actual + ": " + Native.strerror(e), e);
            }
            return new TapAdapter(actual, mtu, hdr, options.segmentationOffload(), fd, efd, arena, errno);
        } catch (RuntimeException | Error e) {
            if (fd >= 0) {
                Native.close(fd);
            }
            arena.close();
            throw e;
        }
    }

    /** TUNSETVNETHDRSZ to {@link #VNET_HEADER_SIZE} (the size is the device's, and persists: always set). */
    private static int setVnetHeaderSize(Arena arena, MemorySegment errno, int fd, String ifname) {
        if (Native.ioctl(errno, fd, TUNSETVNETHDRSZ, arena.allocateFrom(JAVA_INT, VNET_HEADER_SIZE)) < 0) {
            int e = Native.errno(errno);
            throw new LinkException("TUNSETVNETHDRSZ " + ifname + ": " + Native.strerror(e), e);
        }
        return VNET_HEADER_SIZE;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Frames up to {@code mtu + 14} bytes, no batching; with {@link TapOptions#segmentationOffload()}
     * TCP segments of up to {@value #MAX_SEGMENTATION_SIZE} bytes cut up by the kernel, else nothing
     * offloaded.
     */
    @Override
    public LinkCapabilities capabilities() {
        return capabilities;
    }

    /** The size of the virtio-net header in front of each frame: {@value #VNET_HEADER_SIZE}, or 0 without it. */
    public int vnetHeaderSize() {
        return hdr;
    }

    /**
     * Frames the kernel sent with a virtio-net header asking for work offloads are off for (a
     * checksum to complete, a GSO type): dropped, also counted in {@code stats().dropped}.
     */
    public long vnetDrops() {
        return vnetDrops.get();
    }

    /** Frames whose transport checksum the kernel left for us to complete ({@code NEEDS_CSUM}; receive offload). */
    public long vnetChecksummed() {
        return vnetChecksummed.get();
    }

    /** Frames whose virtio-net header said the kernel had verified their checksum ({@code DATA_VALID}). */
    public long vnetDataValid() {
        return vnetDataValid.get();
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /**
     * Reads the next frame the kernel sent out of the TAP.
     *
     * @return its length, or -1 if none is waiting ({@code EAGAIN}) or the adapter is closed
     * @throws LinkException if the device failed for good (for example it was deleted)
     */
    @Override
    public int receive(byte[] buf, int off, long nowNanos) {
        ioLock.lock();
        try {
            if (closed) {
                return -1;
            }
            for (;;) {
                long n = pending >= 0 ? pending : Native.read(errno, fd, rxBuf, BUFFER_SIZE) - hdr;
                if (n >= 0) {
                    if (pending < 0 && hdr > 0 && !vnetHeaderAcceptable()) {
                        stats.dropped.incrementAndGet();   // asks for work offloads are off for
                        continue;
                    }
                    if (n > buf.length - off) {
                        if (receiveOffload && n <= MAX_SEGMENTATION_SIZE + ETH) {
                            pending = (int) n;   // a large segment the kernel did not cut: kept for a larger buffer
                            return TOO_LONG - (int) n;
                        }
                        pending = -1;
                        stats.dropped.incrementAndGet();   // does not fit the caller's buffer
                        continue;
                    }
                    pending = -1;
                    MemorySegment.copy(rxBuf, JAVA_BYTE, hdr, buf, off, (int) n);
                    if (hdr > 0 && (rxBuf.get(JAVA_BYTE, 0) & VIRTIO_NET_HDR_F_NEEDS_CSUM) != 0) {
                        completeChecksum(buf, off, (int) n);
                    }
                    stats.rxFrames.incrementAndGet();
                    stats.rxBytes.addAndGet(n);
                    return (int) n;
                }
                if (n + hdr >= 0) {
                    stats.dropped.incrementAndGet();       // shorter than the virtio-net header
                    continue;
                }
                int e = Native.errno(errno);
                if (e == EAGAIN) {
                    return -1;
                }
                if (e != EINTR) {
                    throw new LinkException("read " + name + ": " + Native.strerror(e), e);
                }
            }
        } finally {
            ioLock.unlock();
        }
    }

    /**
     * The kernel left the transport checksum for us to complete ({@code NEEDS_CSUM}: the field holds
     * the pseudo-header's folded sum, as our own {@code CHECKSUM_PARTIAL} frames do): the sum from
     * {@code csum_start} to the end goes, complemented, to {@code csum_start + csum_offset}, so the
     * stack receives, and verifies, a complete checksum. Out of range: left as it is (the stack's
     * verification then drops the frame).
     */
    private void completeChecksum(byte[] buf, int off, int len) {
        int start = rxBuf.get(LE16, VNET_CSUM_START) & 0xFFFF;
        int field = start + (rxBuf.get(LE16, VNET_CSUM_OFFSET) & 0xFFFF);
        if (start < len && field + 2 <= len) {
            int sum = Checksum.finish(Checksum.add(buf, off + start, len - start, 0));
            buf[off + field] = (byte) (sum >>> 8);
            buf[off + field + 1] = (byte) sum;
            vnetChecksummed.incrementAndGet();
        }
    }

    /**
     * The received frame's virtio-net header asks for nothing we do not do: with receive offload a
     * checksum to complete and a TCP segment left whole ({@code GSO_TCPV4}); without, nothing.
     * Counts what it says.
     */
    private boolean vnetHeaderAcceptable() {
        int flags = rxBuf.get(JAVA_BYTE, 0) & 0xFF;
        int gsoType = rxBuf.get(JAVA_BYTE, 1) & 0xFF;
        boolean ok = receiveOffload
                ? gsoType == VIRTIO_NET_HDR_GSO_NONE || gsoType == VIRTIO_NET_HDR_GSO_TCPV4
                : (flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) == 0 && gsoType == VIRTIO_NET_HDR_GSO_NONE;
        if (!ok) {
            vnetDrops.incrementAndGet();
            return false;
        }
        if ((flags & VIRTIO_NET_HDR_F_DATA_VALID) != 0) {
            vnetDataValid.incrementAndGet();
        }
        return true;
    }

    /**
     * Writes one frame into the TAP (the kernel receives it). A frame the kernel refuses
     * ({@code EIO} when the interface is down, {@code ENOBUFS}, ...) is dropped and counted.
     *
     * @throws LinkException if the device failed for good
     */
    @Override
    public void transmit(byte[] frame, int off, int len, long nowNanos) {
        Objects.checkFromIndexSize(off, len, frame.length);
        ioLock.lock();
        try {
            if (closed || len > BUFFER_SIZE - hdr) {
                stats.dropped.incrementAndGet();
                return;
            }
            // Behind the virtio-net header, which stays zeroed: no checksum to complete, GSO_NONE.
            MemorySegment.copy(frame, off, txBuf, JAVA_BYTE, hdr, len);
            write(len);
        } finally {
            ioLock.unlock();
        }
    }

    /**
     * Writes one frame holding a TCP/IPv4 segment of up to 64 KiB in one {@code write(2)}, behind a
     * virtio-net header that asks the kernel to complete its checksum ({@code NEEDS_CSUM}, from the
     * TCP header on) and to treat it as segments of {@code segmentSize} payload bytes
     * ({@code GSO_TCPV4}): TCP segmentation offload, offered with
     * {@link TapOptions#segmentationOffload()}. A frame that is not TCP over IPv4, or whose headers
     * run past it, is dropped and counted.
     */
    @Override
    public void transmitSegmented(byte[] frame, int off, int len, int segmentSize, long nowNanos) {
        if (segmentSize == 0) {
            transmit(frame, off, len, nowNanos);
            return;
        }
        Objects.checkFromIndexSize(off, len, frame.length);
        ioLock.lock();
        try {
            if (refuseSegmented(len, segmentSize)) {
                return;
            }
            MemorySegment.copy(frame, off, txBuf, JAVA_BYTE, hdr, len);
            writeSegmented(len, segmentSize);
        } finally {
            ioLock.unlock();
        }
    }

    /**
     * Gathers the frame (its window, then the data attached: a TCP segment's data on its send ring)
     * straight into the native buffer the kernel reads, so the data is copied once on its way from
     * the ring into the kernel; cut up by the kernel when it carries a segment size.
     */
    @Override
    public void transmit(PacketBuffer frame, long nowNanos) {
        int len = frame.totalLength();
        int segmentSize = frame.segmentSize();
        ioLock.lock();
        try {
            if (segmentSize > 0) {
                if (refuseSegmented(len, segmentSize)) {
                    return;
                }
            } else if (closed || len > BUFFER_SIZE - hdr) {
                stats.dropped.incrementAndGet();
                return;
            }
            long at = hdr;
            MemorySegment.copy(frame.array(), frame.start(), txBuf, JAVA_BYTE, at, frame.length());
            at += frame.length();
            if (frame.hasAttachment()) {
                byte[] a = frame.attachedArray();
                MemorySegment.copy(a, frame.attachedOffset(), txBuf, JAVA_BYTE, at, frame.attachedLength());
                at += frame.attachedLength();
                MemorySegment.copy(a, frame.attachedOffset2(), txBuf, JAVA_BYTE, at, frame.attachedLength2());
            }
            if (segmentSize > 0) {
                writeSegmented(len, segmentSize);
            } else {
                write(len);
            }
        } finally {
            ioLock.unlock();
        }
    }

    /** Whether a frame to be cut up is refused (no offload offered: thrown; closed or too long: counted). */
    private boolean refuseSegmented(int len, int segmentSize) {
        if (capabilities.maxSegmentationSize() == 0) {
            throw new UnsupportedOperationException(name + " offers no segmentation offload (TapOptions.OFFLOAD)");
        }
        if (closed || segmentSize <= 0 || len > BUFFER_SIZE - hdr) {
            stats.dropped.incrementAndGet();
            return true;
        }
        return false;
    }

    /**
     * Writes the TCP/IPv4 frame of {@code len} bytes staged in {@code txBuf} behind a virtio-net
     * header for segmentation (under the I/O lock); one that is not TCP over IPv4, or whose headers
     * run past it, is dropped and counted. The header is zeroed again for plain frames.
     */
    private void writeSegmented(int len, int segmentSize) {
        int ihl = len > ETH ? (txBuf.get(JAVA_BYTE, hdr + ETH) & 0x0F) * 4 : 0;
        int l4 = ETH + ihl;
        int etherType = (txBuf.get(JAVA_BYTE, hdr + 12) & 0xFF) << 8 | txBuf.get(JAVA_BYTE, hdr + 13) & 0xFF;
        boolean tcp = len >= l4 + 20 && ihl >= 20 && etherType == ETHERTYPE_IPV4
                && (txBuf.get(JAVA_BYTE, hdr + ETH + 9) & 0xFF) == PROTOCOL_TCP;
        int headers = tcp ? l4 + ((txBuf.get(JAVA_BYTE, hdr + l4 + 12) & 0xF0) >>> 2) : 0;
        if (!tcp || headers > len) {
            stats.dropped.incrementAndGet();
            return;
        }
        txBuf.set(JAVA_BYTE, 0, (byte) VIRTIO_NET_HDR_F_NEEDS_CSUM);
        txBuf.set(JAVA_BYTE, 1, (byte) VIRTIO_NET_HDR_GSO_TCPV4);
        txBuf.set(LE16, VNET_HDR_LEN, (short) headers);
        txBuf.set(LE16, VNET_GSO_SIZE, (short) segmentSize);
        txBuf.set(LE16, VNET_CSUM_START, (short) l4);
        txBuf.set(LE16, VNET_CSUM_OFFSET, (short) TCP_CHECKSUM_OFFSET);
        try {
            write(len);
        } finally {
            txBuf.set(JAVA_LONG, 0, 0L);   // plain frames go behind a zeroed header (12 bytes)
            txBuf.set(JAVA_INT, 8, 0);
        }
    }

    /** Writes the frame of {@code len} bytes in {@code txBuf} behind the header (under the I/O lock). */
    private void write(int len) {
        for (;;) {
            long n = Native.write(errno, fd, txBuf, hdr + len);
            if (n == hdr + len) {
                stats.txFrames.incrementAndGet();
                stats.txBytes.addAndGet(len);
                return;
            }
            int e = n < 0 ? Native.errno(errno) : 0;
            if (e == EINTR) {
                continue;
            }
            stats.dropped.incrementAndGet();
            if (e == EBADF || e == EBADFD) {
                throw new LinkException("write " + name + ": " + Native.strerror(e), e);
            }
            return;
        }
    }

    /**
     * Sleeps in {@code ppoll(2)} until the kernel has a frame for us, {@link #wakeup()} is called
     * or the timeout passes (at nanosecond resolution).
     */
    @Override
    public void await(long timeoutNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        ioLock.lock();
        try {
            if (closed) {
                return;
            }
            MemorySegment tmo = MemorySegment.NULL;
            if (timeoutNanos < FOREVER_NANOS) {
                long t = Math.max(0, timeoutNanos);
                timeout.set(JAVA_LONG, 0, t / 1_000_000_000L);
                timeout.set(JAVA_LONG, 8, t % 1_000_000_000L);
                tmo = timeout;
            }
            int r = Native.ppoll(errno, pollFds, 2, tmo);
            if (r < 0) {
                int e = Native.errno(errno);
                if (e != EINTR) {
                    throw new LinkException("ppoll " + name + ": " + Native.strerror(e), e);
                }
            } else if (r > 0 && (pollFds.get(JAVA_SHORT, 14) & POLLIN) != 0) {
                Native.read(errno, eventFd, counter, 8);   // reset the eventfd's counter
            }
        } finally {
            ioLock.unlock();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** Makes a concurrent or the next {@link #await} return at once (writes the eventfd). Any thread. */
    @Override
    public void wakeup() {
        wakeLock.lock();
        try {
            if (!closed) {
                Native.write(wakeErrno, eventFd, wakeValue, 8);
            }
        } finally {
            wakeLock.unlock();
        }
    }

    @Override
    public LinkStats stats() {
        return stats;
    }

    /**
     * Releases the descriptor, so the device can be attached again at once. Idempotent; from
     * any thread (a loop sleeping in {@link #await} is woken first).
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        wakeup();
        ioLock.lock();
        wakeLock.lock();
        try {
            closed = true;
            Native.close(fd);
            Native.close(eventFd);
        } finally {
            wakeLock.unlock();
            ioLock.unlock();
        }
        arena.close();
    }

    @Override
    public String toString() {
        return "TapAdapter[" + name + ", mtu " + mtu + (hdr > 0 ? ", vnet header " + hdr : "") + ", " + stats + "]";
    }
}
