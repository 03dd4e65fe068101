package io.netstack4j.app.interop;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.netstack4j.app.interop.TcpFixture.BYTES;
import static io.netstack4j.app.interop.TcpFixture.JAVA;
import static io.netstack4j.app.interop.TcpFixture.KERNEL;
import static io.netstack4j.app.interop.TcpFixture.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TCP test services of {@code ./netstack4j host} against kernel clients: echo (also after the
 * client's half-close), discard, and hold (the Java window closes and the kernel's sender stalls),
 * with the console's socket table and TCP counters.
 */
@Tag("interop")
class TcpHostInteropIT {
    static final String TAP = "ns4jtap3";

    static Netns ns;
    static Process host;
    static Path out;
    static Path peer;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        Netns.requireRootAndTools("ip", "nc", "python3");
        ns = Netns.withTap(TAP, KERNEL + "/24");
        peer = TcpFixture.kernelPeer(dir);
        out = dir.resolve("host.out");
        host = ns.startAndWait(out, "up:", 30, Netns.LAUNCHER.toString(), "host", "--tap", TAP, "--ip", JAVA + "/24",
                "--tcp-echo", "7", "--tcp-echo", "5007", "--tcp-discard", "9", "--tcp-hold", "19");
    }

    @AfterAll
    static void down() throws Exception {
        if (host != null) {
            Netns.stop(host);
        }
        if (ns != null) {
            ns.close();
        }
    }

    /** Sends a console command; returns the host's output once it contains {@code expect}. */
    static synchronized String console(String command, String expect) throws Exception {
        OutputStream stdin = host.getOutputStream();
        stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        return Netns.waitForOutput(out, expect, 10, host);
    }

    @Test
    void kernelNetcatGetsItsBytesEchoed() throws Exception {
        Path in = TcpFixture.payload(dir, "echo-in.bin", BYTES, 3);
        Path back = dir.resolve("echo-back.bin");
        Netns.Result nc = ns.execResult(120, "sh", "-c", "nc -N " + JAVA + " 5007 < " + in + " > " + back);
        assertEquals(0, nc.exit(), nc.output());
        assertEquals(sha256(in), sha256(back));
    }

    @Test
    void echoAfterTheClientsHalfClose() throws Exception {
        // The kernel client sends, shuts down its sending half, and still reads the whole echo;
        // the echo service closes its side only after that.
        Netns.Result r = ns.execResult(60, "python3", peer.toString(), "halfclose", JAVA, "7", "1000000");
        assertEquals(0, r.exit(), r.output());
        assertEquals("echo equal after half-close: sent 1000000 received 1000000", r.output().strip());
    }

    @Test
    void discardTakesEverythingAndSendsNothing() throws Exception {
        Path in = TcpFixture.payload(dir, "discard-in.bin", BYTES, 4);
        Path back = dir.resolve("discard-back.bin");
        Netns.Result nc = ns.execResult(120, "sh", "-c", "nc -N " + JAVA + " 9 < " + in + " > " + back);
        assertEquals(0, nc.exit(), nc.output());
        assertEquals(0, java.nio.file.Files.size(back));
    }

    @Test
    void holdClosesTheWindowAndTheKernelSenderStalls() throws Exception {
        // The kernel sends without blocking until nothing has been taken for 2 s: what went is the
        // Java receive buffer plus the kernel's own send buffer, then the window is zero.
        Netns.Result r = ns.execResult(90, "python3", peer.toString(), "hold", JAVA, "19", "2");
        assertEquals(0, r.exit(), r.output());
        Matcher m = Pattern.compile("stalled after (\\d+) bytes").matcher(r.output());
        assertTrue(m.find(), r.output());
        long sent = Long.parseLong(m.group(1));
        assertTrue(sent > 64 * 1024 && sent < 16L * 1024 * 1024, "kernel sent " + sent + " bytes before stalling");
    }

    @Test
    void consoleShowsTcpSocketsAndCounters() throws Exception {
        String s = console("sockets", "0.0.0.0:19");
        assertTrue(s.contains("0.0.0.0:7") && s.contains("0.0.0.0:9") && s.contains("LISTEN"), s);
        String stats = console("stats", "PassiveOpens=");
        assertTrue(stats.contains("tcp {ActiveOpens="), stats);
        console("help", "TCP connections by 4-tuple and state");
    }
}
