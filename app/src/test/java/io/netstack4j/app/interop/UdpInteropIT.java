package io.netstack4j.app.interop;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * UDP against the Linux kernel: the kernel's {@code nc -u} talks to a Java UDP echo service, a
 * datagram to a closed Java port makes the kernel's socket see "connection refused" (ICMP port
 * unreachable), and the host's console shows the socket table.
 */
@Tag("interop")
class UdpInteropIT {
    static final String TAP = "ns4jtap1";
    static final String KERNEL = "198.51.100.1";
    static final String JAVA = "198.51.100.2";
    static final Path LAUNCHER = Netns.LAUNCHER;

    static Netns ns;
    static Process host;
    static Path out;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        Netns.requireRootAndTools("ip", "nc", "python3");
        ns = Netns.withTap(TAP, KERNEL + "/24");
        out = dir.resolve("host.out");
        host = ns.startAndWait(out, "up:", 30, LAUNCHER.toString(), "host", "--tap", TAP, "--ip", JAVA + "/24",
                "--udp-echo", "7", "--udp-echo", "5007");
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

    static String waitFor(String text, int seconds) throws Exception {
        return Netns.waitForOutput(out, text, seconds, host);
    }

    @Test
    void kernelNetcatExchangesDatagramsWithJavaUdpEcho() throws Exception {
        for (int port : new int[] {7, 5007}) {
            Netns.Result r = ns.execResult(20, "sh", "-c",
                    "printf 'hello from the kernel %s\\n' " + port + " | nc -u -w 2 " + JAVA + " " + port);
            assertEquals("hello from the kernel " + port + "\n", r.output(), "nc output (exit " + r.exit() + ")");
        }
    }

    @Test
    void datagramToClosedJavaPortIsRefusedByIcmpPortUnreachable() throws Exception {
        String py = String.join("\n",
                "import socket",
                "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
                "s.settimeout(3)",
                "s.connect(('" + JAVA + "', 9999))",
                "s.send(b'anyone there?')",
                "try:",
                "    s.recv(100)",
                "    print('answered')",
                "except ConnectionRefusedError:",
                "    print('refused')",
                "except socket.timeout:",
                "    print('timeout')");
        Netns.Result r = ns.execResult(20, "python3", "-c", py);
        assertEquals("refused", r.output().strip(), r.output());
    }

    @Test
    void consoleShowsTheSocketTable() throws Exception {
        OutputStream stdin = host.getOutputStream();
        stdin.write("sockets\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        String s = waitFor("0.0.0.0:5007", 10);
        assertTrue(s.contains("0.0.0.0:7"), s);
        assertTrue(s.toLowerCase().contains("udp"), s);
    }
}
