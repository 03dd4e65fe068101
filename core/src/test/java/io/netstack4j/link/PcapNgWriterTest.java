package io.netstack4j.link;

import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.netstack4j.link.TestFrames.MAC_A;
import static io.netstack4j.link.TestFrames.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PcapNgWriterTest {
    private static final long EPOCH = 1_700_000_000_123_456_789L;

    /** One block of a pcapng file, as read back here independently of the writer. */
    record Block(int type, ByteBuffer body) {
    }

    /** One option: code and value. */
    record Option(int code, byte[] value) {
    }

    /**
     * Splits a little-endian pcapng file into blocks, checking the framing: each block's length
     * is a multiple of 4, at least 12, repeated at its end, and the blocks fill the file exactly.
     */
    static List<Block> parse(byte[] file) {
        ByteBuffer bb = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Block> blocks = new ArrayList<>();
        while (bb.hasRemaining()) {
            int start = bb.position();
            assertTrue(bb.remaining() >= 12, "a block needs 12 bytes at " + start);
            int type = bb.getInt(start);
            int len = bb.getInt(start + 4);
            assertTrue(len >= 12 && len % 4 == 0 && len <= bb.remaining(), "bad block length " + len + " at " + start);
            assertEquals(len, bb.getInt(start + len - 4), "trailing length of block at " + start);
            ByteBuffer body = bb.slice(start + 8, len - 12).order(ByteOrder.LITTLE_ENDIAN);
            blocks.add(new Block(type, body));
            bb.position(start + len);
        }
        return blocks;
    }

    /** Reads options from {@code b}'s position to opt_endofopt (which must be there). */
    static List<Option> options(ByteBuffer b) {
        List<Option> out = new ArrayList<>();
        while (true) {
            int code = b.getShort() & 0xFFFF;
            int len = b.getShort() & 0xFFFF;
            if (code == 0) {
                assertEquals(0, len);
                assertFalse(b.hasRemaining(), "nothing after opt_endofopt");
                return out;
            }
            byte[] v = new byte[len];
            b.get(v);
            b.position(b.position() + ((4 - len % 4) % 4));
            out.add(new Option(code, v));
        }
    }

    static byte[] option(List<Option> opts, int code) {
        return opts.stream().filter(o -> o.code() == code).map(Option::value).findFirst().orElse(null);
    }

    private static byte[] sample(int len, int seq) {
        return frame(MacAddress.BROADCAST, MAC_A, seq, len);
    }

    @Test
    void blocksAreWellFormed() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] f60 = sample(60, 1);
        byte[] f61 = sample(61, 2);
        byte[] f1514 = sample(1514, 3);
        try (PcapNgWriter w = new PcapNgWriter(bytes, EPOCH)) {
            w.onFrame(Direction.RX, f60, 0, 60, 1_000);
            w.onFrame(Direction.TX, f61, 0, 61, 2_000, "ARP reply, ünïcode");
            byte[] padded = new byte[1600];
            System.arraycopy(f1514, 0, padded, 40, 1514);
            w.onFrame(Direction.TX, padded, 40, 1514, 3_000);
            w.addInterface("second").onFrame(Direction.RX, f60, 0, 60, 4_000, "on interface 1");
            assertEquals(4, w.framesWritten());
        }
        List<Block> blocks = parse(bytes.toByteArray());
        assertEquals(List.of(PcapNgWriter.SHB, PcapNgWriter.IDB, PcapNgWriter.EPB, PcapNgWriter.EPB,
                PcapNgWriter.EPB, PcapNgWriter.IDB, PcapNgWriter.EPB), blocks.stream().map(Block::type).toList());

        ByteBuffer shb = blocks.get(0).body();
        assertEquals(0x1A2B3C4D, shb.getInt());
        assertEquals(1, shb.getShort());
        assertEquals(0, shb.getShort());
        assertEquals(-1L, shb.getLong());
        assertEquals("netstack4j", new String(option(options(shb), 4), StandardCharsets.UTF_8));

        ByteBuffer idb = blocks.get(1).body();
        assertEquals(1, idb.getShort(), "LINKTYPE_ETHERNET");
        assertEquals(0, idb.getShort());
        assertEquals(0, idb.getInt(), "snaplen: no limit");
        List<Option> idbOpts = options(idb);
        assertArrayEquals(new byte[] {9}, option(idbOpts, 9), "if_tsresol: nanoseconds");
        assertEquals("netstack4j", new String(option(idbOpts, 2), StandardCharsets.UTF_8));

        checkEpb(blocks.get(2), 0, 1_000, f60, 1, null);
        checkEpb(blocks.get(3), 0, 2_000, f61, 2, "ARP reply, ünïcode");
        checkEpb(blocks.get(4), 0, 3_000, f1514, 2, null);
        assertEquals("second", new String(option(options(blocks.get(5).body().position(8)), 2), StandardCharsets.UTF_8));
        checkEpb(blocks.get(6), 1, 4_000, f60, 1, "on interface 1");
    }

    private static void checkEpb(Block block, int ifId, long now, byte[] frame, int direction, String comment) {
        ByteBuffer b = block.body();
        assertEquals(ifId, b.getInt());
        long ts = (b.getInt() & 0xFFFF_FFFFL) << 32 | (b.getInt() & 0xFFFF_FFFFL);
        assertEquals(EPOCH + now, ts);
        assertEquals(frame.length, b.getInt(), "captured length");
        assertEquals(frame.length, b.getInt(), "original length");
        byte[] data = new byte[frame.length];
        b.get(data);
        assertArrayEquals(frame, data);
        int pad = (4 - frame.length % 4) % 4;
        for (int i = 0; i < pad; i++) {
            assertEquals(0, b.get(), "padding is zero");
        }
        List<Option> opts = options(b);
        byte[] flags = option(opts, 2);
        assertNotNull(flags, "epb_flags");
        assertEquals(direction, ByteBuffer.wrap(flags).order(ByteOrder.LITTLE_ENDIAN).getInt() & 3);
        byte[] c = option(opts, 1);
        assertEquals(comment, c == null ? null : new String(c, StandardCharsets.UTF_8));
    }

    @Test
    void microsecondResolution() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapNgWriter w = new PcapNgWriter(bytes, EPOCH, PcapNgWriter.Resolution.MICROSECONDS, "eth")) {
            w.onFrame(Direction.RX, sample(60, 0), 0, 60, 5_000);
        }
        List<Block> blocks = parse(bytes.toByteArray());
        ByteBuffer idb = blocks.get(1).body().position(8);
        assertArrayEquals(new byte[] {6}, option(options(idb), 9));
        ByteBuffer epb = blocks.get(2).body();
        epb.getInt();
        long ts = (epb.getInt() & 0xFFFF_FFFFL) << 32 | (epb.getInt() & 0xFFFF_FFFFL);
        assertEquals((EPOCH + 5_000) / 1_000, ts);
    }

    @Test
    void longCommentIsCutToFitTheOptionLength() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapNgWriter w = new PcapNgWriter(bytes, 0)) {
            w.onFrame(Direction.TX, sample(60, 0), 0, 60, 0, "é".repeat(40_000));
        }
        List<Block> blocks = parse(bytes.toByteArray());
        ByteBuffer epb = blocks.get(2).body().position(20 + 60);
        byte[] c = option(options(epb), 1);
        assertTrue(c.length <= 65_535 && c.length > 60_000);
        assertEquals("é".repeat(c.length / 2), new String(c, StandardCharsets.UTF_8));
    }

    @Test
    void writesFromSeveralThreadsThenCloseFromAnother(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("threads.pcapng");
        PcapNgWriter w = new PcapNgWriter(file, 0);
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            Direction d = t == 0 ? Direction.RX : Direction.TX;
            threads[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1_000; i++) {
                    byte[] f = sample(60 + i % 7, i);
                    w.onFrame(d, f, 0, f.length, i);
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        Thread closer = Thread.ofPlatform().start(w::close);
        closer.join();
        w.close();                                           // idempotent
        w.onFrame(Direction.RX, sample(60, 0), 0, 60, 0);    // ignored after close
        List<Block> blocks = parse(Files.readAllBytes(file));
        assertEquals(2_002, blocks.size());
        assertEquals(2_000, blocks.stream().filter(b -> b.type() == PcapNgWriter.EPB).count());
    }

    @Test
    void writeErrorsDoNotReachTheStackButCloseReportsThem() throws IOException {
        OutputStream failing = new OutputStream() {
            int writes;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (++writes > 2) {
                    throw new IOException("disk full");
                }
            }
        };
        PcapNgWriter w = new PcapNgWriter(failing, 0);
        assertNull(w.error());
        w.onFrame(Direction.RX, sample(60, 0), 0, 60, 0);
        w.onFrame(Direction.RX, sample(60, 0), 0, 60, 0);
        assertEquals("disk full", w.error().getMessage());
        assertThrows(UncheckedIOException.class, w::close);
    }

    @Test
    void realTimeOffsetMapsNanoTimeToNow() {
        long wall = PcapNgWriter.realTimeEpochOffset() + System.nanoTime();
        long millis = System.currentTimeMillis();
        assertTrue(Math.abs(wall / 1_000_000 - millis) < 5_000);
    }

    /** The reference reader: tshark must open the file without complaint and see each frame. */
    @Test
    void tsharkReadsTheCapture(@TempDir Path dir) throws Exception {
        String tshark = onPath("tshark");
        Assumptions.assumeTrue(tshark != null,
                "tshark is not on the PATH (apt-get install tshark); the structural test still checks the format");
        Path file = dir.resolve("capture.pcapng");
        int[] lengths = {60, 61, 62, 63, 1514, 42};
        try (PcapNgWriter w = new PcapNgWriter(file, EPOCH)) {
            for (int i = 0; i < lengths.length; i++) {
                byte[] f = sample(lengths[i], i);
                w.onFrame(i % 2 == 0 ? Direction.RX : Direction.TX, f, 0, f.length, i * 1_000L,
                        i == 1 ? "the second frame" : null);
            }
        }
        Result r = run(tshark, "-r", file.toString(), "-T", "fields", "-e", "frame.len", "-e", "frame.comment");
        assertEquals(0, r.exit, "tshark failed: " + r.err);
        assertFalse(r.err.toLowerCase().contains("error") || r.err.contains("damaged") || r.err.contains("cut short"),
                r.err);
        List<String> lines = r.out.lines().toList();
        assertEquals(lengths.length, lines.size(), r.out);
        for (int i = 0; i < lengths.length; i++) {
            String[] fields = lines.get(i).split("\t", -1);
            assertEquals(String.valueOf(lengths[i]), fields[0]);
            assertEquals(i == 1 ? "the second frame" : "", fields.length > 1 ? fields[1] : "");
        }
        Result t = run(tshark, "-r", file.toString(), "-T", "fields", "-e", "frame.time_epoch");
        assertEquals("1700000000.123456789", t.out.lines().findFirst().orElseThrow());
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        // Small outputs: read both after exit would risk a full pipe only for large ones.
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + Arrays.toString(cmd));
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static String onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
