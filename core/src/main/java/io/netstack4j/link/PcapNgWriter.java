package io.netstack4j.link;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes frames to a pcapng capture file (the IETF draft "PCAP Now Generic (pcapng) Capture File
 * Format", draft-ietf-opsawg-pcapng): a Section Header Block, an Interface Description Block
 * per interface (link type 1, Ethernet; {@code if_tsresol} for nanoseconds), and an Enhanced
 * Packet Block per frame whose {@code epb_flags} option records the direction, and, when
 * given, an {@code opt_comment} with a note about the frame. Wireshark and tshark read it.
 *
 * <p>The stack's {@code nowNanos} is monotonic; {@code epochOffsetNanos} is added to turn it into
 * nanoseconds since 1970 ({@link #realTimeEpochOffset()} for {@code System.nanoTime()}, or
 * any fixed value for virtual time).
 *
 * <p>Thread-safe: frames may come from one loop and {@link #close()} from another. A write error
 * does not propagate into the stack's loop: the writer stops, keeps the first error
 * ({@link #error()}), and {@link #close()} reports it.
 */
public final class PcapNgWriter implements FrameObserver, AutoCloseable {
    /** Timestamp units of the capture. */
    public enum Resolution {
        NANOSECONDS(9, 1),
        MICROSECONDS(6, 1000);

        final int tsresol;
        final long divisor;

        Resolution(int tsresol, long divisor) {
            this.tsresol = tsresol;
            this.divisor = divisor;
        }
    }

    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 0x00000001;
    static final int EPB = 0x00000006;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int LINKTYPE_ETHERNET = 1;
    private static final int OPT_ENDOFOPT = 0;
    private static final int OPT_COMMENT = 1;
    private static final int SHB_USERAPPL = 4;
    private static final int IF_NAME = 2;
    private static final int IF_TSRESOL = 9;
    private static final int EPB_FLAGS = 2;
    /** epb_flags bits 0-1: 01 inbound, 10 outbound. */
    private static final int FLAG_INBOUND = 1;
    private static final int FLAG_OUTBOUND = 2;
    private static final int MAX_OPTION_LEN = 0xFFFF & ~3;

    private final ReentrantLock lock = new ReentrantLock();
    private final OutputStream out;
    private final long epochOffsetNanos;
    private final Resolution resolution;
    private byte[] scratch = new byte[2048];
    private int pos;
    private int interfaces;
    private long frames;
    private boolean closed;
    private IOException error;

    /** A nanosecond capture of one interface named "netstack4j", written to {@code file}. */
    public PcapNgWriter(Path file, long epochOffsetNanos) throws IOException {
        this(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), epochOffsetNanos,
                Resolution.NANOSECONDS, "netstack4j");
    }

    /** A nanosecond capture of one interface named "netstack4j"; the writer owns (and closes) {@code out}. */
    public PcapNgWriter(OutputStream out, long epochOffsetNanos) throws IOException {
        this(out, epochOffsetNanos, Resolution.NANOSECONDS, "netstack4j");
    }

    /**
     * @param out              where the capture goes; the writer owns and closes it
     * @param epochOffsetNanos added to {@code nowNanos} to get nanoseconds since 1970
     * @param resolution       timestamp units
     * @param interfaceName    the name of interface 0, which {@link #onFrame} writes to
     */
    public PcapNgWriter(OutputStream out, long epochOffsetNanos, Resolution resolution, String interfaceName)
            throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        this.epochOffsetNanos = epochOffsetNanos;
        this.resolution = Objects.requireNonNull(resolution, "resolution");
        writeSectionHeader();
        writeInterface(interfaceName);
        if (error != null) {
            throw error;
        }
    }

    /** The offset that turns {@code System.nanoTime()} into nanoseconds since 1970, now. */
    public static long realTimeEpochOffset() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
    }

    /**
     * Declares another interface in the same file (for example one per host of a simulation)
     * and returns the observer that writes frames as seen on it.
     */
    public FrameObserver addInterface(String name) {
        lock.lock();
        try {
            int id = interfaces;
            writeInterface(name);
            return new FrameObserver() {
                @Override
                public void onFrame(Direction dir, byte[] b, int off, int len, long nowNanos) {
                    writePacket(id, dir, b, off, len, nowNanos, null);
                }

                @Override
                public void onFrame(Direction dir, byte[] b, int off, int len, long nowNanos, String comment) {
                    writePacket(id, dir, b, off, len, nowNanos, comment);
                }
            };
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onFrame(Direction dir, byte[] b, int off, int len, long nowNanos) {
        writePacket(0, dir, b, off, len, nowNanos, null);
    }

    /** Writes a frame with {@code comment} as its {@code opt_comment} (null for none). */
    @Override
    public void onFrame(Direction dir, byte[] b, int off, int len, long nowNanos, String comment) {
        writePacket(0, dir, b, off, len, nowNanos, comment);
    }

    /** Frames written so far. */
    public long framesWritten() {
        lock.lock();
        try {
            return frames;
        } finally {
            lock.unlock();
        }
    }

    /** The first write error, or null. */
    public IOException error() {
        lock.lock();
        try {
            return error;
        } finally {
            lock.unlock();
        }
    }

    /** Pushes buffered blocks to the file, so a reader sees them while the capture goes on. */
    public void flush() {
        lock.lock();
        try {
            if (!closed && error == null) {
                try {
                    out.flush();
                } catch (IOException e) {
                    error = e;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Flushes and closes the file. Idempotent.
     *
     * @throws UncheckedIOException if a write, the flush or the close failed
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                try {
                    out.flush();
                } finally {
                    out.close();
                }
            } catch (IOException e) {
                if (error == null) {
                    error = e;
                }
            }
            if (error != null) {
                throw new UncheckedIOException("pcapng capture failed: " + error.getMessage(), error);
            }
        } finally {
            lock.unlock();
        }
    }

    private void writePacket(int ifId, Direction dir, byte[] b, int off, int len, long nowNanos, String comment) {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lock();
        try {
            if (closed || error != null) {
                return;
            }
            long ts = Math.floorDiv(epochOffsetNanos + nowNanos, resolution.divisor);
            pos = 0;
            int start = beginBlock(EPB);
            putInt(ifId);
            putInt((int) (ts >>> 32));
            putInt((int) ts);
            putInt(len);
            putInt(len);
            putBytes(b, off, len);
            pad();
            byte[] text = comment == null ? null : truncatedUtf8(comment);
            if (text != null) {
                putOption(OPT_COMMENT, text, text.length);
            }
            putShort(EPB_FLAGS);
            putShort(4);
            putInt(dir == Direction.RX ? FLAG_INBOUND : FLAG_OUTBOUND);
            putShort(OPT_ENDOFOPT);
            putShort(0);
            endBlock(start);
            emit();
            frames++;
        } finally {
            lock.unlock();
        }
    }

    private void writeSectionHeader() {
        lock.lock();
        try {
            pos = 0;
            int start = beginBlock(SHB);
            putInt(BYTE_ORDER_MAGIC);
            putShort(1);
            putShort(0);
            putLong(-1L);
            byte[] app = "netstack4j".getBytes(StandardCharsets.UTF_8);
            putOption(SHB_USERAPPL, app, app.length);
            putShort(OPT_ENDOFOPT);
            putShort(0);
            endBlock(start);
            emit();
        } finally {
            lock.unlock();
        }
    }

    private void writeInterface(String name) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("capture is closed");
            }
            pos = 0;
            int start = beginBlock(IDB);
            putShort(LINKTYPE_ETHERNET);
            putShort(0);
            putInt(0);                 // snaplen 0: no limit
            if (name != null && !name.isEmpty()) {
                byte[] n = truncatedUtf8(name);
                putOption(IF_NAME, n, n.length);
            }
            putOption(IF_TSRESOL, new byte[] {(byte) resolution.tsresol}, 1);
            putShort(OPT_ENDOFOPT);
            putShort(0);
            endBlock(start);
            emit();
            interfaces++;
        } finally {
            lock.unlock();
        }
    }

    private void emit() {
        if (error != null) {
            return;
        }
        try {
            out.write(scratch, 0, pos);
        } catch (IOException e) {
            error = e;
        }
    }

    // ---- block assembly in a reusable little-endian scratch buffer ----

    private int beginBlock(int type) {
        int start = pos;
        putInt(type);
        putInt(0);                     // total length, patched by endBlock
        return start;
    }

    private void endBlock(int start) {
        int total = pos - start + 4;
        putInt(total);
        int save = pos;
        pos = start + 4;
        putInt(total);
        pos = save;
    }

    private void putOption(int code, byte[] value, int len) {
        putShort(code);
        putShort(len);
        putBytes(value, 0, len);
        pad();
    }

    private void pad() {
        while ((pos & 3) != 0) {
            ensure(1);
            scratch[pos++] = 0;
        }
    }

    private void ensure(int n) {
        if (pos + n > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, pos + n));
        }
    }

    private void putBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, scratch, pos, len);
        pos += len;
    }

    private void putShort(int v) {
        ensure(2);
        scratch[pos++] = (byte) v;
        scratch[pos++] = (byte) (v >>> 8);
    }

    private void putInt(int v) {
        ensure(4);
        scratch[pos++] = (byte) v;
        scratch[pos++] = (byte) (v >>> 8);
        scratch[pos++] = (byte) (v >>> 16);
        scratch[pos++] = (byte) (v >>> 24);
    }

    private void putLong(long v) {
        putInt((int) v);
        putInt((int) (v >>> 32));
    }

    /** UTF-8 bytes of {@code s}, cut (on a character boundary) to fit an option's 16-bit length. */
    private static byte[] truncatedUtf8(String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        if (u.length <= MAX_OPTION_LEN) {
            return u;
        }
        int n = MAX_OPTION_LEN;
        while (n > 0 && (u[n] & 0xC0) == 0x80) {
            n--;                       // do not split a multi-byte sequence
        }
        return Arrays.copyOf(u, n);
    }
}
