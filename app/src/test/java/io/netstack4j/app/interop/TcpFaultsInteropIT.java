package io.netstack4j.app.interop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.netstack4j.app.interop.TcpFixture.JAVA;
import static io.netstack4j.app.interop.TcpFixture.KERNEL;
import static io.netstack4j.app.interop.TcpFixture.exitOf;
import static io.netstack4j.app.interop.TcpFixture.read;
import static io.netstack4j.app.interop.TcpFixture.sha256;
import static io.netstack4j.app.interop.TcpFixture.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bulk transfers of {@link TcpInteropIT} again — the kernel's {@code nc}, {@code socat} and
 * python3 against {@code ./netstack4j listen}, and {@code ./netstack4j connect} against a kernel
 * listener, both directions at once, SHA-256 compared — over an impaired link: 5 % loss, 25 %
 * reordering, 2 % duplication and 5 ms delay, each way.
 *
 * <p>This kernel has no {@code netem}, so the impairments come from two places:
 * <ul>
 *   <li>the Java side's fault injector around its TAP adapter ({@code --reorder 25 --duplicate 2
 *       --delay 5} each way, and {@code --loss-in 5}: the frames the kernel sends);</li>
 *   <li>an nftables rule in the test's namespace, {@code numgen random mod 100 < 5 drop} on the
 *       kernel's input from the TAP: the frames the Java stack sends. (Not on the kernel's output:
 *       a drop there is a send error the kernel's TCP retries at once, no loss on the wire.)</li>
 * </ul>
 * Each test prints one line with the time, the Java side's TCP counters (RetransSegs must be
 * above 0: the losses were repaired by retransmission), what the injector did and the nftables
 * drops. {@code -Dns4j.interop.faults.bytes=50000000} for the long run; the waits grow with the size.
 * {@code -Dns4j.faults.seed=N} changes the injector's seed (the kernel's drops are not seeded).
 */
@Tag("interop")
class TcpFaultsInteropIT {
    static final String TAP = "ns4jtapf";
    /** The injector's options, both directions (loss only inbound: the kernel drops the other way). */
    static final List<String> FAULTS = List.of("--loss-in", "5", "--reorder", "25", "--duplicate", "2", "--delay", "5");
    static final int KERNEL_LOSS_PERCENT = 5;
    static final long SEED = Long.getLong("ns4j.faults.seed", 20_240_605L);
    /** Seconds a whole transfer may take: generous, and growing with the size (about 50 kB/s at worst). */
    /**
     * Bytes each way: 1 MB in {@code make test} (a transfer under these faults takes a few seconds per
     * megabyte, NewReno without SACK), {@code -Dns4j.interop.faults.bytes=50000000} for the long run.
     */
    static final long BYTES = Long.getLong("ns4j.interop.faults.bytes", 1_000_000L);
    static final int TIMEOUT = (int) Math.min(7_200, 180 + BYTES / 50_000);

    Netns ns;
    @TempDir
    Path dir;
    Path peer;
    Path toJava;
    Path toKernel;
    String testName;

    @BeforeEach
    void up(TestInfo info) throws Exception {
        Netns.requireRootAndTools("ip", "ss", "nc", "socat", "python3", "nft");
        testName = info.getTestMethod().map(m -> m.getName()).orElse("?");
        ns = Netns.withTap(TAP, KERNEL + "/24");
        peer = TcpFixture.kernelPeer(dir);
        // The kernel's side of the loss: frames from the Java stack dropped on input, at random.
        ns.exec("nft", "add", "table", "inet", "ns4jfault");
        ns.exec("nft", "add", "chain", "inet", "ns4jfault", "in", "{ type filter hook input priority 0; policy accept; }");
        ns.exec("nft", "add", "rule", "inet", "ns4jfault", "in", "iifname", TAP, "numgen", "random", "mod", "100",
                "<", String.valueOf(KERNEL_LOSS_PERCENT), "counter", "drop");
        toJava = TcpFixture.payload(dir, "to-java.bin", BYTES, 1);
        toKernel = TcpFixture.payload(dir, "to-kernel.bin", BYTES + 1_234, 2);
    }

    @AfterEach
    void down() {
        if (ns != null) {
            ns.close();
        }
    }

    private List<String> javaCommand(String command, String... args) {
        List<String> cmd = new ArrayList<>(TcpFixture.launcher(command, "--tap", TAP, "--ip", JAVA + "/24", "-v"));
        cmd.addAll(FAULTS);
        cmd.add("--fault-seed");
        cmd.add(String.valueOf(SEED));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Process javaListen(int port) throws Exception {
        List<String> cmd = javaCommand("listen", String.valueOf(port));
        Process p = ns.startRedirected(toKernel, dir.resolve("j.out"), dir.resolve("j.err"), cmd.toArray(String[]::new));
        Netns.waitForOutput(dir.resolve("j.err"), "listening on " + JAVA + ":" + port, 60, p);
        return p;
    }

    private Process javaConnect(String port) throws Exception {
        List<String> cmd = javaCommand("connect", KERNEL, port);
        return ns.startRedirected(toKernel, dir.resolve("j.out"), dir.resolve("j.err"), cmd.toArray(String[]::new));
    }

    /** python3 kpeer.py with its waits raised to the test's bound. */
    private String[] kpeer(String... args) {
        List<String> cmd = new ArrayList<>(List.of("env", "KPEER_TIMEOUT=" + TIMEOUT, "python3", peer.toString()));
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }

    private String peerLine() throws Exception {
        return "sent " + BYTES + " sha256 " + sha256(toJava) + " received " + (BYTES + 1_234) + " sha256 "
                + sha256(toKernel);
    }

    /**
     * The Java side ended with 0, both byte streams arrived intact ({@code kernelReceived}: the
     * kernel peer's output file, or null when it checks its own), the losses were repaired by
     * retransmission, and every fault really happened. Prints the summary line.
     */
    private void assertTransferUnderFaults(Process java, Path kernelReceived, long startNanos) throws Exception {
        int exit = exitOf(java, TIMEOUT, dir.resolve("j.err"));
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String err = read(dir.resolve("j.err"));
        assertEquals(0, exit, () -> "java side:\n" + showUnchecked());
        assertEquals(sha256(toJava), sha256(dir.resolve("j.out")), () -> "kernel → java bytes differ\n" + showUnchecked());
        if (kernelReceived != null) {
            assertEquals(sha256(toKernel), sha256(kernelReceived), () -> "java → kernel bytes differ\n" + showUnchecked());
        }
        long nftDrops = nftDrops();
        long retrans = counter(err, "RetransSegs=(\\d+)");
        System.out.printf("TcpFaultsInteropIT.%s: %d + %d bytes in %.1f s; java tcp RetransSegs=%d TCPFastRetrans=%d"
                        + " TCPTimeouts=%d TCPOFOQueue=%d InSegs=%d OutSegs=%d; kernel input drops (nft) %d; injector %s%n",
                testName, BYTES, BYTES + 1_234, seconds, retrans, counter(err, "TCPFastRetrans=(\\d+)"),
                counter(err, "TCPTimeouts=(\\d+)"), counter(err, "TCPOFOQueue=(\\d+)"), counter(err, "InSegs=(\\d+)"),
                counter(err, "OutSegs=(\\d+)"), nftDrops, injectorSummary(err));
        System.out.flush();
        assertTrue(retrans > 0, () -> "no retransmission under 5 % loss?\n" + err);
        assertTrue(nftDrops > 0, "the kernel's nftables rule dropped nothing");
        assertTrue(err.contains("faults rx lost ") && counter(err, "faults rx lost (\\d+)") > 0
                && counter(err, "faults rx lost \\d+ duplicated (\\d+)") > 0
                && counter(err, "faults tx lost \\d+ duplicated \\d+ reordered (\\d+)") > 0, () -> "injector idle?\n" + err);
    }

    private static long counter(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String injectorSummary(String err) {
        StringBuilder sb = new StringBuilder();
        for (String l : err.lines().toList()) {
            String t = l.strip();
            if (t.startsWith("faults ")) {
                int cut = t.indexOf(" queue-full ");
                sb.append(sb.isEmpty() ? "" : "; ").append(cut > 0 ? t.substring(7, cut) : t.substring(7));
            }
        }
        return sb.toString();
    }

    /** Packets the kernel-side rule dropped so far. */
    private long nftDrops() throws Exception {
        String rules = ns.exec("nft", "list", "chain", "inet", "ns4jfault", "in");
        return counter(rules, "counter packets (\\d+)");
    }

    private String showUnchecked() {
        try {
            return show(dir.resolve("j.err"), dir.resolve("k.out"), dir.resolve("k.err"));
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void kernelNetcatAndJavaListenUnderFaults() throws Exception {
        Process java = javaListen(5101);
        long start = System.nanoTime();
        Netns.Result nc = ns.execResult(TIMEOUT, "sh", "-c",
                "nc -N " + JAVA + " 5101 < " + toJava + " > " + dir.resolve("k.out"));
        assertEquals(0, nc.exit(), () -> "nc: " + nc.output() + "\n" + showUnchecked());
        assertTransferUnderFaults(java, dir.resolve("k.out"), start);
    }

    @Test
    void kernelSocatAndJavaListenUnderFaults() throws Exception {
        Process java = javaListen(5102);
        long start = System.nanoTime();
        Netns.Result socat = ns.execResult(TIMEOUT, "sh", "-c", "socat -t " + TIMEOUT + " -T " + TIMEOUT + " - TCP:"
                + JAVA + ":5102 < " + toJava + " > " + dir.resolve("k.out"));
        assertEquals(0, socat.exit(), () -> "socat: " + socat.output() + "\n" + showUnchecked());
        assertTransferUnderFaults(java, dir.resolve("k.out"), start);
    }

    @Test
    void kernelPythonAndJavaListenUnderFaults() throws Exception {
        Process java = javaListen(5103);
        long start = System.nanoTime();
        Netns.Result py = ns.execResult(TIMEOUT, kpeer("client", JAVA, "5103", toJava.toString()));
        assertEquals(0, py.exit(), () -> "python3: " + py.output() + "\n" + showUnchecked());
        assertTransferUnderFaults(java, null, start);
        assertEquals(peerLine(), py.output().strip());
    }

    @Test
    void javaConnectAndKernelPythonListenerUnderFaults() throws Exception {
        Process server = ns.startRedirected(null, dir.resolve("k.out"), dir.resolve("k.err"),
                kpeer("server", KERNEL, "5104", toJava.toString()));
        Netns.waitForOutput(dir.resolve("k.out"), "ready", 20, server);
        long start = System.nanoTime();
        Process java = javaConnect("5104");
        assertTransferUnderFaults(java, null, start);
        assertEquals(0, exitOf(server, 120, dir.resolve("k.out"), dir.resolve("k.err")), this::showUnchecked);
        assertTrue(read(dir.resolve("k.out")).contains(peerLine()), this::showUnchecked);
    }

    @Test
    void javaConnectAndKernelSocatListenerUnderFaults() throws Exception {
        Process socat = ns.startRedirected(toJava, dir.resolve("k.out"), dir.resolve("k.err"),
                "socat", "-t", String.valueOf(TIMEOUT), "-T", String.valueOf(TIMEOUT),
                "TCP-LISTEN:5105,bind=" + KERNEL + ",reuseaddr", "-");
        TcpFixture.awaitKernelListener(ns, 5105, 20);
        long start = System.nanoTime();
        Process java = javaConnect("5105");
        assertTransferUnderFaults(java, null, start);
        assertEquals(0, exitOf(socat, 120, dir.resolve("k.err")), this::showUnchecked);
        assertEquals(sha256(toKernel), sha256(dir.resolve("k.out")), () -> "java → kernel bytes differ\n" + showUnchecked());
    }
}
