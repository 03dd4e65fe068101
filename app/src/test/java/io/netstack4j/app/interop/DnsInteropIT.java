package io.netstack4j.app.interop;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DNS against the Linux side: the Java resolver asks dnsmasq (serving only this test's records)
 * and follows a CNAME; the kernel's dig asks the Java DNS server.
 */
@Tag("interop")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DnsInteropIT {
    static final String TAP = "ns4jtap2";
    static final String KERNEL = "198.51.100.1";
    static final String JAVA = "198.51.100.2";
    static final Path LAUNCHER = Netns.LAUNCHER;

    static Netns ns;
    static Process dnsmasq;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        Netns.requireRootAndTools("ip", "dnsmasq", "dig");
        ns = Netns.withTap(TAP, KERNEL + "/24");
        Path log = dir.resolve("dnsmasq.log");
        // Foreground, no configuration, no upstream, no /etc/hosts: only this test's records,
        // authoritative for example.test so unknown names get NXDOMAIN.
        dnsmasq = ns.startAndWait(log, "started", 10, "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                "--listen-address=" + KERNEL, "--bind-interfaces", "--user=root", "--group=root", "--pid-file=",
                "--auth-server=ns1.example.test," + KERNEL, "--auth-zone=example.test",
                "--auth-soa=2026112101,hostmaster.example.test,1200,120,1209600", "--auth-ttl=300",
                "--host-record=www.example.test,198.51.100.80",
                "--cname=alias.example.test,www.example.test");
    }

    @AfterAll
    static void down() throws Exception {
        if (dnsmasq != null) {
            Netns.stop(dnsmasq);
        }
        if (ns != null) {
            ns.close();
        }
    }

    Netns.Result resolve(String name) throws Exception {
        return ns.execResult(60, LAUNCHER.toString(), "resolve", "--tap", TAP, "--ip", JAVA + "/24", "--dns", KERNEL, name);
    }

    @Test
    @Order(1)
    void javaResolverGetsTheARecordFromDnsmasq() throws Exception {
        Netns.Result r = resolve("www.example.test");
        System.out.println(r.output());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().matches("(?s).*www\\.example\\.test\\.\\t\\d+\\tIN\\tA\\t198\\.51\\.100\\.80.*"), r.output());
        assertTrue(r.output().contains(";; SERVER: " + KERNEL + "#53"), r.output());
    }

    @Test
    @Order(2)
    void javaResolverFollowsACnameFromDnsmasq() throws Exception {
        Netns.Result r = resolve("alias.example.test");
        System.out.println(r.output());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().matches("(?s).*alias\\.example\\.test\\.\\t\\d+\\tIN\\tCNAME\\twww\\.example\\.test\\..*"),
                r.output());
        assertTrue(r.output().contains("IN\tA\t198.51.100.80"), r.output());
    }

    @Test
    @Order(3)
    void javaResolverReportsNxdomainFromDnsmasq() throws Exception {
        Netns.Result r = resolve("nobody.example.test");
        System.out.println(r.output());
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("status: NXDOMAIN"), r.output());
    }

    @Test
    @Order(4)
    void kernelDigGetsAnswersFromTheJavaDnsServer() throws Exception {
        Path out = dir.resolve("dns-server.out");
        Process server = ns.startAndWait(out, "dns-server on", 30, LAUNCHER.toString(), "dns-server", "--tap", TAP,
                "--ip", JAVA + "/24", "--record", "www.java.test=198.51.100.90",
                "--record", "multi.java.test=198.51.100.91,198.51.100.92");
        try {
            Netns.Result a = ns.execResult(20, "dig", "+tries=3", "+time=2", "@" + JAVA, "www.java.test", "A");
            System.out.println(a.output());
            assertEquals(0, a.exit(), a.output());
            assertTrue(a.output().contains("status: NOERROR"), a.output());
            assertTrue(a.output().matches("(?s).*flags: qr aa.*"), a.output());
            assertTrue(a.output().matches("(?s).*www\\.java\\.test\\.\\s+\\d+\\s+IN\\s+A\\s+198\\.51\\.100\\.90.*"), a.output());

            Netns.Result multi = ns.execResult(20, "dig", "+short", "+tries=3", "+time=2", "@" + JAVA, "multi.java.test");
            assertEquals("198.51.100.91\n198.51.100.92", multi.output().strip(), multi.output());

            Netns.Result nx = ns.execResult(20, "dig", "+tries=3", "+time=2", "@" + JAVA, "nobody.java.test");
            System.out.println(nx.output());
            assertTrue(nx.output().contains("status: NXDOMAIN"), nx.output());
        } finally {
            assertEquals(143, Netns.stop(server), "dns-server exit status on SIGTERM");
        }
    }
}
