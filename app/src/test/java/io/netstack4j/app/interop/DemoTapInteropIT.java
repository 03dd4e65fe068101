package io.netstack4j.app.interop;

import io.netstack4j.app.demo.FetchDemoTest;
import io.netstack4j.app.demo.Pcapng;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./netstack4j demo --tap …} against the kernel's servers in a namespace of the test's own: dnsmasq
 * answers www.example.test, nginx serves a page of a few KB. The narration tells the phases in the story's
 * order, its SYN's sequence number is the one in the capture, and the page read is the file's size; a closed
 * port and a missing TAP device give a one-line reason and their exit status.
 */
@Tag("interop")
class DemoTapInteropIT {
    static final String TAP = "ns4jtapd";
    static final String KERNEL = "198.51.100.1";
    static final String BROWSER = "198.51.100.10/24";

    static Netns ns;
    @TempDir
    static Path dir;
    static Path www;
    static Process nginx;

    @BeforeAll
    static void up() throws Exception {
        Netns.requireRootAndTools("ip", "dnsmasq", "nginx");
        ns = Netns.withTap(TAP, KERNEL + "/24");
        www = Files.createDirectories(dir.resolve("www"));
        StringBuilder page = new StringBuilder("<!doctype html>\n<html><body>\n");
        for (int i = 1; i <= 80; i++) {
            page.append("<p>Line ").append(i).append(" of the page: long enough to need several segments.</p>\n");
        }
        Files.writeString(www.resolve("index.html"), page.append("</body></html>\n"));
        ns.startDnsmasqHosts(dir, KERNEL, "www.example.test", "--local-ttl=60");
        nginx = ns.startNginx(dir, KERNEL + ":80", www, "text/html");
        long until = System.nanoTime() + 10_000_000_000L;
        while (!ns.execResult(10, "ss", "-ltn").output().contains(KERNEL + ":80")) {
            assertTrue(System.nanoTime() < until, "nginx did not listen on " + KERNEL + ":80");
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void down() throws Exception {
        if (nginx != null) {
            Netns.stop(nginx);
        }
        if (ns != null) {
            ns.close();
        }
    }

    static Netns.Result demo(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Netns.LAUNCHER.toString(), "demo"));
        cmd.addAll(List.of(args));
        Netns.Result r = ns.execResult(120, cmd.toArray(String[]::new));
        System.out.println("$ " + String.join(" ", cmd) + "\n" + r.output());
        return r;
    }

    @Test
    void tellsTheFetchFromTheKernelsServersWithTheNumbersOnTheWire() throws Exception {
        Path pcap = dir.resolve("demo.pcapng");
        Path svg = dir.resolve("demo.svg");
        Netns.Result r = demo("--tap", TAP, "--ip", BROWSER, "--dns", KERNEL, "--pcap", pcap.toString(),
                "--svg", svg.toString());
        String out = r.output();
        assertEquals(0, r.exit(), out);
        FetchDemoTest.assertInOrder(out, List.of("== Before the four phases", "ARP who-has " + KERNEL, "DNS query", "DNS answer",
                "== 1. Create the socket ==", "socket() returned descriptor", "== 2. Connect", "[SYN]", "[SYN ACK]",
                "== 3. Send and receive ==", "\"GET / HTTP/1.1\"", "== 4. Disconnect", "FIN from kernel",
                "FIN from browser", "Demo complete."));
        long syn = Pcapng.firstSyn(Pcapng.read(pcap));
        assertTrue(out.contains("TCP [SYN] SEQ " + syn + " "), "the capture's SYN " + syn + " is not the one told:\n" + out);
        long size = Files.size(www.resolve("index.html"));
        assertTrue(size > 3 * 1448, "the page needs several segments");
        assertTrue(out.contains("the whole page read: " + size + " bytes (status 200)"), out);
        assertTrue(out.contains("LEN 1448"), "full segments from the kernel (no offloads on the TAP):\n" + out);
        List<Pcapng.Captured> frames = Pcapng.read(pcap);
        assertTrue(frames.stream().allMatch(c -> c.comment() != null && !c.comment().isBlank()), "a comment on every packet");
        String ladder = Files.readString(svg);
        assertTrue(ladder.startsWith("<?xml") && ladder.contains("kernel") && ladder.trim().endsWith("</svg>"));
    }

    @Test
    void aClosedPortIsRefusedWithExitSeven() throws Exception {
        Netns.Result r = demo("--tap", TAP, "--ip", BROWSER, "--url", "http://" + KERNEL + ":81/");
        assertEquals(7, r.exit(), r.output());
        assertTrue(r.output().contains("netstack4j demo: could not connect"), r.output());
    }

    @Test
    void noSuchTapDeviceIsOneLine() throws Exception {
        Netns.Result r = demo("--tap", "ns4jnone", "--ip", BROWSER, "--dns", KERNEL);
        assertEquals(2, r.exit(), r.output());
        assertEquals(1, r.output().strip().lines().count(), r.output());
        assertTrue(r.output().contains("no network device 'ns4jnone'"), r.output());
        assertFalse(r.output().contains("Exception"), r.output());
    }
}
