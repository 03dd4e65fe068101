package io.netstack4j.app.interop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.netstack4j.app.interop.TcpFixture.JAVA;
import static io.netstack4j.app.interop.TcpFixture.KERNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bounded SYN flood from the kernel side ({@code hping3 --flood} for a few seconds) against
 * {@code ./netstack4j host --tcp-echo}, from an address in the test subnet that nobody answers
 * for, so the half-open connections are never completed nor reset and the SYN queue overflows:
 * the listener must switch to SYN cookies and a legitimate kernel client must still connect and
 * get its echo. The host's capture is then checked by tshark: nothing malformed, no bad checksum.
 */
@Tag("interop")
class TcpSynFloodIT {
    static final String TAP = "ns4jtap4";
    /** In the subnet, unused: the SYN-ACKs to it wait for an ARP answer that never comes. */
    static final String SPOOFED = "198.51.100.77";
    static final int FLOOD_SECONDS = 4;

    Netns ns;
    Process host;
    @TempDir
    Path dir;

    @BeforeEach
    void up() throws Exception {
        Netns.requireRootAndTools("ip", "hping3", "python3", "tshark", "timeout");
        ns = Netns.withTap(TAP, KERNEL + "/24");
    }

    @AfterEach
    void down() throws Exception {
        if (host != null) {
            Netns.stop(host);
        }
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void legitimateClientIsServedDuringASynFlood() throws Exception {
        Path peer = TcpFixture.kernelPeer(dir);
        Path out = dir.resolve("host.out");
        Path pcap = dir.resolve("flood.pcapng");
        host = ns.startAndWait(out, "up:", 30, Netns.LAUNCHER.toString(), "host", "--tap", TAP, "--ip", JAVA + "/24",
                "--pcap", pcap.toString(), "--tcp-echo", "7");
        // Bounded in time twice over: hping3 under timeout(1), the whole command under execResult's limit.
        Process flood = ns.startRedirected(null, dir.resolve("hping.out"), dir.resolve("hping.err"),
                "timeout", "-s", "INT", String.valueOf(FLOOD_SECONDS), "hping3", "-q", "-S", "--flood", "-p", "7",
                "-a", SPOOFED, JAVA);
        Thread.sleep(1_000);   // the flood is under way
        String hpingOutput = flood.isAlive() ? "" : TcpFixture.show(dir.resolve("hping.out"), dir.resolve("hping.err"));
        assertTrue(flood.isAlive(), () -> "hping3 ended early:\n" + hpingOutput);
        Netns.Result r = ns.execResult(60, "python3", peer.toString(), "halfclose", JAVA, "7", "20000");
        boolean stillFlooding = flood.isAlive();
        TcpFixture.exitOf(flood, FLOOD_SECONDS + 20, dir.resolve("hping.err"));
        assertEquals(0, r.exit(), r.output());
        assertEquals("echo equal after half-close: sent 20000 received 20000", r.output().strip());
        System.out.println("legitimate client served " + (stillFlooding ? "during" : "after") + " the flood; hping3: "
                + TcpFixture.read(dir.resolve("hping.err")).strip().replace('\n', ' '));

        OutputStream stdin = host.getOutputStream();
        stdin.write("stats\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        String stats = Netns.waitForOutput(out, "SyncookiesSent=", 10, host);
        Matcher m = Pattern.compile("SyncookiesSent=(\\d+)").matcher(stats);
        assertTrue(m.find(), stats);
        assertTrue(Long.parseLong(m.group(1)) > 0, "the flood overflowed the SYN queue, so cookies were sent:\n" + stats);
        System.out.println(stats.lines().filter(l -> l.startsWith("tcp {")).findFirst().orElse(stats));

        Netns.stop(host);   // finishes the capture file
        host = null;
        TcpFixture.assertWellFormed(pcap);
        assertTrue(TcpFixture.count(pcap, "tcp.flags.syn == 1 && tcp.flags.ack == 1 && ip.dst == " + KERNEL) >= 1,
                "a SYN-ACK to the legitimate client in the capture");
    }
}
