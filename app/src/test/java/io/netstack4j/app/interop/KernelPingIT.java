package io.netstack4j.app.interop;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ground floor against the Linux kernel: the Java stack ({@code ./netstack4j host}) on a TAP
 * device in a namespace of its own; the kernel's ping and neighbour table are the peers.
 * Runs after {@code package} (failsafe), so it drives the real launcher.
 */
@Tag("interop")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelPingIT {
    static final String TAP = "ns4jtap0";
    static final String KERNEL = "198.51.100.1";
    static final String JAVA = "198.51.100.2";
    static final String JAVA_MAC = "02:00:5e:10:00:02";
    static final Path LAUNCHER = Netns.LAUNCHER;

    static Netns ns;
    static Process host;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        Netns.requireRootAndTools("ip", "ping", "tshark");
        ns = Netns.withTap(TAP, KERNEL + "/24");
        host = ns.startAndWait(dir.resolve("host.out"), "up:", 30, LAUNCHER.toString(), "host", "--tap", TAP,
                "--ip", JAVA + "/24", "--mac", JAVA_MAC, "--pcap", dir.resolve("host.pcapng").toString());
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

    @Test
    @Order(1)
    void kernelPingsJavaStack200TimesWithoutLoss() throws Exception {
        Netns.Result r = ns.execResult(60, "ping", "-c", "200", "-i", "0.01", "-q", JAVA);
        System.out.println(r.output());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("200 packets transmitted, 200 received, 0% packet loss"), r.output());
    }

    @Test
    @Order(2)
    void fragmentedPingBothWays() throws Exception {
        Netns.Result r = ns.execResult(30, "ping", "-c", "3", "-s", "5000", JAVA);
        System.out.println(r.output());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("3 received"), r.output());
        assertTrue(r.output().contains("5008 bytes from " + JAVA), r.output());
    }

    @Test
    @Order(3)
    void kernelLearnedJavaMacByArp() throws Exception {
        String neigh = ns.exec("ip", "neigh", "show", JAVA, "dev", TAP);
        System.out.println(neigh);
        assertTrue(neigh.contains("lladdr " + JAVA_MAC), neigh);
    }

    @Test
    @Order(4)
    void javaStackPingsKernel() throws Exception {
        // One stack owns the TAP at a time: stop the host (it must let go at once) and ping from a new one.
        assertEquals(143, Netns.stop(host), "host exit status on SIGTERM");
        Netns.Result r = ns.execResult(60, LAUNCHER.toString(), "ping", "--tap", TAP, "--ip", "198.51.100.3/24",
                "-c", "5", "-i", "0.2", KERNEL);
        System.out.println(r.output());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("5 packets transmitted, 5 received, 0% packet loss"), r.output());
        assertTrue(r.output().contains("64 bytes from " + KERNEL + ": icmp_seq=1 ttl=64"), r.output());

        Netns.Result big = ns.execResult(60, LAUNCHER.toString(), "ping", "--tap", TAP, "--ip", "198.51.100.3/24",
                "-c", "3", "-i", "0.2", "-s", "5000", KERNEL);
        System.out.println(big.output());
        assertEquals(0, big.exit(), big.output());
        assertTrue(big.output().contains("3 received, 0% packet loss"), big.output());
    }

    @Test
    @Order(5)
    void captureHasNoMalformedPacketAndNoBadChecksum() throws Exception {
        Path pcap = dir.resolve("host.pcapng");
        assertTrue(Files.size(pcap) > 0, "capture is empty");
        String count = Netns.run("tshark", "-r", pcap.toString(), "-T", "fields", "-e", "frame.number");
        long frames = withoutRootWarning(count).lines().count();
        assertTrue(frames >= 400, "expected the pings in the capture, got " + frames + " frames");
        String bad = Netns.run("tshark", "-r", pcap.toString(), "-o", "ip.check_checksum:TRUE",
                "-Y", "_ws.malformed or _ws.expert.severity == error or ip.checksum.status == \"Bad\""
                        + " or icmp.checksum.status == \"Bad\" or arp.duplicate-address-detected");
        String flagged = withoutRootWarning(bad);
        assertEquals("", flagged, "tshark flags these frames:\n" + flagged);
    }

    /** tshark warns on stderr when run as root; the rest is its real output. */
    static String withoutRootWarning(String out) {
        return out.lines().filter(l -> !l.isBlank() && !l.startsWith("Running as user"))
                .reduce("", (a, b) -> a.isEmpty() ? b : a + "\n" + b);
    }
}
