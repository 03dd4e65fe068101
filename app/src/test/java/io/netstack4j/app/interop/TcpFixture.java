package io.netstack4j.app.interop;

import org.junit.jupiter.api.Assertions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What the TCP interop tests share: payload files, SHA-256, the kernel-side python3 peer
 * ({@code kpeer.py}), bounded waits on processes, and the tshark checks of a capture.
 */
final class TcpFixture {
    /** Bytes moved each way in the bulk tests: {@code -Dns4j.interop.bytes=50000000} for a long run. */
    static final long BYTES = Long.getLong("ns4j.interop.bytes", 5_000_000L);

    static final String KERNEL = "198.51.100.1";
    static final String JAVA = "198.51.100.2";

    private TcpFixture() {
    }

    /** A file of {@code size} pseudo-random bytes (seeded, so a failure can be repeated). */
    static Path payload(Path dir, String name, long size, long seed) throws IOException {
        Path p = dir.resolve(name);
        Random r = new Random(seed);
        byte[] buf = new byte[64 * 1024];
        try (OutputStream o = Files.newOutputStream(p)) {
            for (long left = size; left > 0; ) {
                r.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                o.write(buf, 0, n);
                left -= n;
            }
        }
        return p;
    }

    static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Copies the kernel-side peer script into {@code dir}; returns its path. */
    static Path kernelPeer(Path dir) throws IOException {
        Path p = dir.resolve("kpeer.py");
        try (InputStream in = TcpFixture.class.getResourceAsStream("/interop/kpeer.py")) {
            Assertions.assertNotNull(in, "kpeer.py on the test class path");
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    /** Waits (bounded) for {@code p} to exit; fails with its output files if it does not. */
    static int exitOf(Process p, int seconds, Path... outputs) throws Exception {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            Assertions.fail(p.info().commandLine().orElse("process") + " did not finish within " + seconds + " s:\n"
                    + show(outputs));
        }
        return p.exitValue();
    }

    static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }

    static String show(Path... outputs) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path o : outputs) {
            sb.append("--- ").append(o.getFileName()).append(" ---\n");
            String s = read(o);
            sb.append(s.length() > 4000 ? s.substring(0, 4000) + "\n[...]" : s).append('\n');
        }
        return sb.toString();
    }

    /** Waits (bounded) until something in the namespace listens on TCP {@code port}. */
    static void awaitKernelListener(Netns ns, int port, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Netns.Result r = ns.execResult(10, "ss", "-Hltn", "sport = :" + port);
            if (r.exit() == 0 && !r.output().isBlank()) {
                return;
            }
            Thread.sleep(50);
        }
        Assertions.fail("no kernel listener on port " + port + " after " + seconds + " s");
    }

    /**
     * Runs tshark with a display filter over a capture and returns the matching packets (one line
     * each); tshark itself must succeed.
     */
    static String tshark(Path pcap, String filter) throws Exception {
        Netns.Result r = Netns.runResult(120, "tshark", "-n", "-r", pcap.toString(), "-o", "tcp.check_checksum:TRUE",
                "-o", "ip.check_checksum:TRUE", "-Y", filter);
        Assertions.assertEquals(0, r.exit(), () -> "tshark -Y '" + filter + "' failed:\n" + r.output());
        return r.output().lines()
                .filter(l -> !l.startsWith("Running as user \"root\""))   // tshark's root warning
                .reduce("", (a, b) -> a + b + "\n");
    }

    /** No bad TCP or IP checksum and nothing malformed in the capture. */
    static void assertWellFormed(Path pcap) throws Exception {
        String bad = tshark(pcap, "tcp.checksum.status == \"Bad\" || _ws.malformed || ip.checksum.status == \"Bad\"");
        Assertions.assertEquals("", bad, "malformed or bad-checksum packets in " + pcap);
    }

    /** No retransmission and no out-of-order segment in the capture (a clean link, a clean run). */
    static void assertNoRetransmission(Path pcap) throws Exception {
        String retrans = tshark(pcap, "tcp.analysis.retransmission || tcp.analysis.out_of_order");
        Assertions.assertEquals("", retrans, "retransmitted or out-of-order segments in " + pcap);
    }

    /** How many packets of the capture match {@code filter}. */
    static long count(Path pcap, String filter) throws Exception {
        return tshark(pcap, filter).lines().count();
    }

    static List<String> launcher(String command, String... args) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Netns.LAUNCHER.toString());
        cmd.add(command);
        cmd.addAll(List.of(args));
        return cmd;
    }
}
