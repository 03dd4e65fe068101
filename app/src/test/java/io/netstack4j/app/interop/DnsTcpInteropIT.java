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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DNS over TCP (RFC 7766) against the Linux side. The kernel's dig asks the Java DNS server over TCP
 * ({@code +tcp}, several queries on one connection with {@code +keepopen}), and over UDP for names
 * whose answers do not fit: the Java server sets TC, and dig retries over TCP by itself. The Java
 * resolver asks dnsmasq for a name with 40 addresses: dnsmasq's UDP answer is truncated, and the
 * resolver gets all 40 over TCP.
 */
@Tag("interop")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DnsTcpInteropIT {
    static final String TAP = "ns4jtap5";
    static final String KERNEL = "198.51.100.1";
    static final String JAVA = "198.51.100.2";
    static final Path LAUNCHER = Netns.LAUNCHER;
    /** Over dig's EDNS size (1232): 100 A records are about 1,650 octets. */
    static final int HUGE = 100;
    /** Over 512 octets, within 1232: truncated only for a query without EDNS. */
    static final int MID = 40;

    static Netns ns;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        Netns.requireRootAndTools("ip", "dig", "dnsmasq", "tshark");
        ns = Netns.withTap(TAP, KERNEL + "/24");
    }

    @AfterAll
    static void down() {
        if (ns != null) {
            ns.close();
        }
    }

    static String addresses(int count) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add("203.0.113." + i);
        }
        return String.join(",", out);
    }

    /** A-record lines of dig's answer section for {@code name}. */
    static int answers(String digOutput, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\.\\s+\\d+\\s+IN\\s+A\\s+203\\.0\\.113\\.\\d+$")
                .matcher(digOutput);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    Netns.Result dig(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("dig", "+tries=2", "+time=3", "@" + JAVA));
        cmd.addAll(List.of(args));
        Netns.Result r = ns.execResult(30, cmd.toArray(String[]::new));
        System.out.println("$ " + String.join(" ", cmd) + "\n" + r.output());
        return r;
    }

    @Test
    @Order(1)
    void kernelDigAsksTheJavaDnsServerOverTcp() throws Exception {
        Path out = dir.resolve("dns-server.out");
        Path pcap = dir.resolve("dns-server.pcapng");
        Process server = ns.startAndWait(out, "dns-server on", 30, LAUNCHER.toString(), "dns-server", "--tap", TAP,
                "--ip", JAVA + "/24", "--pcap", pcap.toString(), "--record", "www.java.test=198.51.100.90",
                "--record", "huge.java.test=" + addresses(HUGE), "--record", "mid.java.test=" + addresses(MID));
        try {
            assertTrue(Files.readString(out).contains("(UDP and TCP)"), Files.readString(out));

            // 1. Over TCP from the start.
            Netns.Result tcp = dig("+tcp", "www.java.test", "A");
            assertEquals(0, tcp.exit(), tcp.output());
            assertTrue(tcp.output().contains("status: NOERROR"), tcp.output());
            assertTrue(tcp.output().matches("(?s).*flags: qr aa.*"), tcp.output());
            assertTrue(tcp.output().matches("(?s).*www\\.java\\.test\\.\\s+\\d+\\s+IN\\s+A\\s+198\\.51\\.100\\.90.*"),
                    tcp.output());
            assertTrue(tcp.output().contains("(TCP)"), "dig says it used TCP:\n" + tcp.output());

            Netns.Result hugeTcp = dig("+tcp", "huge.java.test");
            assertEquals(0, hugeTcp.exit(), hugeTcp.output());
            assertEquals(HUGE, answers(hugeTcp.output(), "huge.java.test"), hugeTcp.output());
            assertFalse(hugeTcp.output().contains("Truncated"), hugeTcp.output());

            // 2. Over UDP, too long for dig's EDNS size: TC, and dig retries over TCP by itself.
            Netns.Result huge = dig("huge.java.test");
            assertEquals(0, huge.exit(), huge.output());
            assertTrue(huge.output().contains(";; Truncated, retrying in TCP mode."), huge.output());
            assertEquals(HUGE, answers(huge.output(), "huge.java.test"), huge.output());

            // ... and a 40-record answer: fits dig's EDNS 1232, but not the 512 octets of plain DNS.
            Netns.Result midEdns = dig("mid.java.test");
            assertFalse(midEdns.output().contains("Truncated"), midEdns.output());
            assertEquals(MID, answers(midEdns.output(), "mid.java.test"), midEdns.output());
            Netns.Result midPlain = dig("+noedns", "mid.java.test");
            assertTrue(midPlain.output().contains(";; Truncated, retrying in TCP mode."), midPlain.output());
            assertEquals(MID, answers(midPlain.output(), "mid.java.test"), midPlain.output());

            // 3. Several queries on one TCP connection (+keepopen).
            Netns.Result several = dig("+tcp", "+keepopen", "www.java.test", "mid.java.test", "nobody.java.test");
            assertEquals(0, several.exit(), several.output());
            assertEquals(MID, answers(several.output(), "mid.java.test"), several.output());
            assertTrue(several.output().contains("status: NXDOMAIN"), several.output());
            assertTrue(several.output().matches("(?s).*www\\.java\\.test\\.\\s+\\d+\\s+IN\\s+A\\s+198\\.51\\.100\\.90.*"),
                    several.output());
        } finally {
            assertEquals(143, Netns.stop(server), "dns-server exit status on SIGTERM");
        }
        // The capture: the three +keepopen queries went over one connection; nothing malformed.
        String streams = KernelPingIT.withoutRootWarning(Netns.run("tshark", "-r", pcap.toString(),
                "-Y", "tcp and dns.flags.response == 0", "-T", "fields", "-e", "tcp.stream"));
        long most = streams.lines().collect(java.util.stream.Collectors.groupingBy(l -> l,
                java.util.stream.Collectors.counting())).values().stream().mapToLong(Long::longValue).max().orElse(0);
        assertEquals(3, most, "queries per TCP connection, by stream:\n" + streams);
        String bad = KernelPingIT.withoutRootWarning(Netns.run("tshark", "-r", pcap.toString(),
                "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-Y", "_ws.malformed or ip.checksum.status == \"Bad\" or tcp.checksum.status == \"Bad\""
                        + " or udp.checksum.status == \"Bad\""));
        assertEquals("", bad, "tshark flags these frames:\n" + bad);
    }

    @Test
    @Order(2)
    void javaResolverRetriesOverTcpWithDnsmasq() throws Exception {
        Path hosts = dir.resolve("many.hosts");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= MID; i++) {
            sb.append("203.0.113.").append(i).append(" many.example.test\n");
        }
        Files.writeString(hosts, sb);
        // Foreground, no configuration, no upstream, no /etc/hosts: only this test's hosts file.
        Process dnsmasq = ns.startAndWait(dir.resolve("dnsmasq.log"), "started", 10, "dnsmasq", "--no-daemon",
                "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--addn-hosts=" + hosts,
                "--listen-address=" + KERNEL, "--bind-interfaces", "--user=root", "--group=root", "--pid-file=");
        try {
            // The kernel's own check first: dnsmasq truncates this answer over plain UDP.
            Netns.Result plain = ns.execResult(30, "dig", "+tries=2", "+time=3", "+noedns", "+ignore", "@" + KERNEL,
                    "many.example.test");
            System.out.println(plain.output());
            assertTrue(plain.output().matches("(?s).*flags: [a-z ]*tc.*"), "dnsmasq sets TC:\n" + plain.output());

            Netns.Result r = ns.execResult(60, LAUNCHER.toString(), "resolve", "--tap", TAP, "--ip", JAVA + "/24",
                    "--dns", KERNEL, "many.example.test");
            System.out.println(r.output());
            assertEquals(0, r.exit(), r.output());
            Matcher m = Pattern.compile("(?m)^many\\.example\\.test\\.\\t\\d+\\tIN\\tA\\t203\\.0\\.113\\.\\d+$")
                    .matcher(r.output());
            int n = 0;
            while (m.find()) {
                n++;
            }
            assertEquals(MID, n, r.output());
            assertTrue(r.output().contains(";; SERVER: " + KERNEL + "#53(" + KERNEL + ") (TCP)"), r.output());
            assertFalse(r.output().contains("TRUNCATED"), r.output());
        } finally {
            Netns.stop(dnsmasq);
        }
    }
}
