package io.netstack4j.app.interop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.netstack4j.app.interop.TcpFixture.BYTES;
import static io.netstack4j.app.interop.TcpFixture.JAVA;
import static io.netstack4j.app.interop.TcpFixture.KERNEL;
import static io.netstack4j.app.interop.TcpFixture.exitOf;
import static io.netstack4j.app.interop.TcpFixture.read;
import static io.netstack4j.app.interop.TcpFixture.sha256;
import static io.netstack4j.app.interop.TcpFixture.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCP against the Linux kernel through the {@code listen} and {@code connect} commands: bulk bytes
 * each way with the kernel's {@code nc}, {@code socat} and python3 as peers (SHA-256 compared at
 * both ends), and the failures a user sees — refused, timed out, reset — plus TIME-WAIT on the side
 * that closed first. Each test gets a namespace of its own with a TAP device; the Java stack is
 * attached to it with {@code --tap} inside the namespace.
 */
@Tag("interop")
class TcpInteropIT {
    static final String TAP = "ns4jtap2";

    Netns ns;
    @TempDir
    Path dir;
    Path peer;
    /** Kernel → Java and Java → kernel payloads (different, so a crossed stream shows). */
    Path toJava;
    Path toKernel;

    @BeforeEach
    void up() throws Exception {
        Netns.requireRootAndTools("ip", "ss", "nc", "socat", "python3", "nft", "tshark");
        ns = Netns.withTap(TAP, KERNEL + "/24");
        peer = TcpFixture.kernelPeer(dir);
    }

    @AfterEach
    void down() {
        if (ns != null) {
            ns.close();
        }
    }

    private void payloads() throws Exception {
        toJava = TcpFixture.payload(dir, "to-java.bin", BYTES, 1);
        toKernel = TcpFixture.payload(dir, "to-kernel.bin", BYTES + 1_234, 2);
    }

    /** {@code ./netstack4j listen} with stdin from {@code toKernel}, stdout to j.out; waits until it listens. */
    private Process javaListen(int port, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(TcpFixture.launcher("listen", "--tap", TAP, "--ip", JAVA + "/24"));
        cmd.addAll(List.of(extra));
        cmd.add(String.valueOf(port));
        Process p = ns.startRedirected(toKernel, dir.resolve("j.out"), dir.resolve("j.err"), cmd.toArray(String[]::new));
        Netns.waitForOutput(dir.resolve("j.err"), "listening on " + JAVA + ":" + port, 30, p);
        return p;
    }

    /** {@code ./netstack4j connect} with stdin from {@code in} (null: none). */
    private Process javaConnect(Path in, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(TcpFixture.launcher("connect", "--tap", TAP, "--ip", JAVA + "/24"));
        cmd.addAll(List.of(args));
        return ns.startRedirected(in, dir.resolve("j.out"), dir.resolve("j.err"), cmd.toArray(String[]::new));
    }

    /**
     * The Java side ended with 0 and received exactly what the kernel sent; the kernel received
     * exactly what Java sent ({@code kernelReceived}: its output file, or null when the kernel
     * peer reports its own SHA-256).
     */
    private void assertBothWays(Process java, Path kernelReceived) throws Exception {
        int exit = exitOf(java, 120, dir.resolve("j.err"));
        assertEquals(0, exit, () -> "java side:\n" + showUnchecked());
        assertEquals(sha256(toJava), sha256(dir.resolve("j.out")), () -> "kernel → java bytes differ\n" + showUnchecked());
        if (kernelReceived != null) {
            assertEquals(sha256(toKernel), sha256(kernelReceived), () -> "java → kernel bytes differ\n" + showUnchecked());
        }
    }

    /** The line kpeer.py prints after moving both files. */
    private String peerLine() throws Exception {
        return "sent " + BYTES + " sha256 " + sha256(toJava) + " received " + (BYTES + 1_234) + " sha256 "
                + sha256(toKernel);
    }

    private String showAll() throws Exception {
        return show(dir.resolve("j.err"), dir.resolve("k.out"), dir.resolve("k.err"));
    }

    @Test
    void kernelNetcatAndJavaListenMoveBytesBothWays() throws Exception {
        payloads();
        Path pcap = dir.resolve("listen-nc.pcapng");
        Process java = javaListen(5001, "--pcap", pcap.toString());
        Netns.Result nc = ns.execResult(120, "sh", "-c",
                "nc -N " + JAVA + " 5001 < " + toJava + " > " + dir.resolve("k.out"));
        assertEquals(0, nc.exit(), () -> "nc: " + nc.output());
        assertBothWays(java, dir.resolve("k.out"));
        // The capture of a clean run over a clean link: well formed, nothing sent twice.
        TcpFixture.assertWellFormed(pcap);
        TcpFixture.assertNoRetransmission(pcap);
        assertTrue(TcpFixture.count(pcap, "tcp.flags.fin == 1") >= 2, "a FIN each way in the capture");
    }

    @Test
    void kernelSocatAndJavaListenMoveBytesBothWays() throws Exception {
        payloads();
        Process java = javaListen(5002);
        long[] before = tapCounters("tx");
        // -t: after one direction ends, how long socat waits for the other (our echo of the rest)
        Netns.Result socat = ns.execResult(120, "sh", "-c", "socat -t 60 -T 60 - TCP:" + JAVA + ":5002 < "
                + toJava + " > " + dir.resolve("k.out"));
        assertEquals(0, socat.exit(), () -> "socat: " + socat.output());
        assertBothWays(java, dir.resolve("k.out"));
        // Receive offload is on by default: the kernel handed the Java stack TCP segments longer than
        // the MTU (it did not cut them), so the frames it sent average more than 1514 bytes.
        long[] after = tapCounters("tx");
        double average = (double) (after[0] - before[0]) / (after[1] - before[1]);
        assertTrue(average > 1514, () -> "average frame out of the kernel " + average + " bytes: no receive offload?");
    }

    @Test
    void kernelPythonAndJavaListenMoveBytesBothWays() throws Exception {
        payloads();
        Process java = javaListen(5003);
        Netns.Result py = ns.execResult(120, "python3", peer.toString(), "client", JAVA, "5003", toJava.toString());
        assertEquals(0, py.exit(), () -> "python3: " + py.output());
        assertBothWays(java, null);
        assertEquals(peerLine(), py.output().strip());
    }

    @Test
    void javaConnectAndKernelPythonListenerMoveBytesBothWays() throws Exception {
        connectToKernelPython(5004);
    }

    /** {@code ./netstack4j connect} with {@code options} to a kernel python3 listener on {@code port}: both ways equal. */
    private void connectToKernelPython(int port, String... options) throws Exception {
        payloads();
        Process server = ns.startRedirected(null, dir.resolve("k.out"), dir.resolve("k.err"),
                "python3", peer.toString(), "server", KERNEL, String.valueOf(port), toJava.toString());
        Netns.waitForOutput(dir.resolve("k.out"), "ready", 20, server);
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of(KERNEL, String.valueOf(port)));
        Process java = javaConnect(toKernel, args.toArray(String[]::new));
        assertBothWays(java, null);
        assertEquals(0, exitOf(server, 60, dir.resolve("k.out"), dir.resolve("k.err")), this::showUnchecked);
        assertTrue(read(dir.resolve("k.out")).contains(peerLine()), this::showUnchecked);
    }

    @Test
    void javaConnectAndKernelSocatListenerMoveBytesBothWays() throws Exception {
        payloads();
        Process socat = ns.startRedirected(toJava, dir.resolve("k.out"), dir.resolve("k.err"),
                "socat", "-t", "60", "-T", "60", "TCP-LISTEN:5005,bind=" + KERNEL + ",reuseaddr", "-");
        TcpFixture.awaitKernelListener(ns, 5005, 20);
        long[] before = tapReceived();
        Process java = javaConnect(toKernel, "-v", KERNEL, "5005");
        assertEquals(0, exitOf(socat, 120, dir.resolve("k.err")), this::showUnchecked);
        assertBothWays(java, dir.resolve("k.out"));
        // Segmentation offload is on by default: the kernel took frames longer than MTU 1500 + 14
        // (one write of up to 64 KiB that it treats as MSS-sized segments), so on average too.
        long[] after = tapReceived();
        double average = (double) (after[0] - before[0]) / (after[1] - before[1]);
        assertTrue(average > 1514, () -> "average frame into the kernel " + average + " bytes: no TSO?");
    }

    @Test
    void withoutOffloadEveryFrameIntoTheKernelFitsTheMtu() throws Exception {
        long[] before = tapReceived();
        connectToKernelPython(5010, "--no-offload");
        long[] after = tapReceived();
        long frames = after[1] - before[1];
        assertTrue(frames >= BYTES / 1460, () -> frames + " frames for " + BYTES + " bytes");
        assertTrue(after[0] - before[0] <= frames * 1514L, "frames no longer than the MTU, on average");
    }

    /** The kernel's receive counters of the TAP (what the Java stack wrote into it): bytes, packets. */
    private long[] tapReceived() throws Exception {
        return tapCounters("rx");
    }

    /** The kernel's counters of the TAP in direction {@code rx} (from Java) or {@code tx} (to Java): bytes, packets. */
    private long[] tapCounters(String direction) throws Exception {
        Netns.Result r = ns.execResult(10, "cat", "/sys/class/net/" + TAP + "/statistics/" + direction + "_bytes",
                "/sys/class/net/" + TAP + "/statistics/" + direction + "_packets");
        String[] v = r.output().strip().split("\\s+");
        return new long[] {Long.parseLong(v[0]), Long.parseLong(v[1])};
    }

    private String showUnchecked() {
        try {
            return showAll();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void connectToAClosedKernelPortIsRefused() throws Exception {
        Process java = javaConnect(null, KERNEL, "5006");
        int exit = exitOf(java, 60, dir.resolve("j.err"));
        String err = read(dir.resolve("j.err"));
        assertEquals(1, exit, err);
        assertEquals("netstack4j connect: " + KERNEL + ":5006: connection refused (ECONNREFUSED)", err.strip());
    }

    @Test
    void connectToAPortWhoseSynsAreDroppedTimesOut() throws Exception {
        // The kernel answers ARP but an nftables rule in the namespace drops the SYNs: no answer at all.
        ns.exec("nft", "add", "table", "inet", "ns4jtest");
        ns.exec("nft", "add", "chain", "inet", "ns4jtest", "in", "{ type filter hook input priority 0; }");
        ns.exec("nft", "add", "rule", "inet", "ns4jtest", "in", "tcp", "dport", "5007", "drop");
        long start = System.nanoTime();
        Process java = javaConnect(null, "--timeout", "2", KERNEL, "5007");
        int exit = exitOf(java, 60, dir.resolve("j.err"));
        double seconds = (System.nanoTime() - start) / 1e9;
        String err = read(dir.resolve("j.err"));
        assertEquals(1, exit, err);
        assertEquals("netstack4j connect: " + KERNEL + ":5007: connection timed out (ETIMEDOUT)", err.strip());
        assertTrue(seconds >= 2 && seconds < 20, "gave up after " + seconds + " s");
    }

    @Test
    void connectToAnAddressNobodyHasTimesOut() throws Exception {
        // 198.51.100.99 is in the subnet but nobody has it: ARP goes unanswered.
        Process java = javaConnect(null, "--timeout", "2", "198.51.100.99", "5008");
        int exit = exitOf(java, 60, dir.resolve("j.err"));
        String err = read(dir.resolve("j.err"));
        assertEquals(1, exit, err);
        assertEquals("netstack4j connect: 198.51.100.99:5008: connection timed out (ETIMEDOUT)", err.strip());
    }

    @Test
    void kernelAbortIsReportedAsResetByPeer() throws Exception {
        Process server = ns.startRedirected(null, dir.resolve("k.out"), dir.resolve("k.err"),
                "python3", peer.toString(), "reset", KERNEL, "5009");
        Netns.waitForOutput(dir.resolve("k.out"), "ready", 20, server);
        Path hello = dir.resolve("hello.txt");
        java.nio.file.Files.writeString(hello, "hello, then reset me\n");
        Process java = javaConnect(hello, KERNEL, "5009");
        int exit = exitOf(java, 60, dir.resolve("j.err"));
        String err = read(dir.resolve("j.err"));
        assertEquals(0, exitOf(server, 30, dir.resolve("k.out"), dir.resolve("k.err")), this::showUnchecked);
        assertTrue(read(dir.resolve("k.out")).contains("reset after"), this::showUnchecked);
        assertEquals(1, exit, err);
        assertEquals("netstack4j connect: " + KERNEL + ":5009: connection reset by peer (ECONNRESET)", err.strip());
    }

    @Test
    void theSideThatClosesFirstHoldsTimeWait() throws Exception {
        // The Java client sends nothing and shuts down writing at once (FIN first); the kernel peer
        // reads to the end, answers "bye" and closes. The Java side ends in TIME-WAIT (RFC 9293 §3.6).
        Process server = ns.startRedirected(null, dir.resolve("k.out"), dir.resolve("k.err"),
                "python3", peer.toString(), "closer", KERNEL, "5010");
        Netns.waitForOutput(dir.resolve("k.out"), "ready", 20, server);
        Process java = javaConnect(null, "-v", KERNEL, "5010");
        int exit = exitOf(java, 60, dir.resolve("j.err"));
        String err = read(dir.resolve("j.err"));
        assertEquals(0, exit, err);
        assertEquals("bye\n", read(dir.resolve("j.out")));
        assertTrue(err.lines().anyMatch(l -> l.contains(":5010 TIME-WAIT") || l.contains(KERNEL + ":5010 TIME-WAIT")), err);
        assertEquals(0, exitOf(server, 30, dir.resolve("k.out")), this::showUnchecked);
        // The kernel, which closed second, went through LAST-ACK to CLOSED: no TIME-WAIT there.
        String ss = ns.exec("ss", "-Htan", "state", "time-wait");
        assertEquals("", ss.strip(), "kernel TIME-WAIT sockets: " + ss);
    }
}
