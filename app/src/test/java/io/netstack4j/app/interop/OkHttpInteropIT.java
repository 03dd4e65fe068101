package io.netstack4j.app.interop;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OkHttp, unmodified, over netstack4j on a TAP device against the kernel: {@code python3 -m
 * http.server -p HTTP/1.1} serves two files, dnsmasq answers the name, and {@link OkHttpTapClient}
 * (a process inside the namespace, where the TAP device is) fetches both over one TCP connection;
 * the SHA-256 of each body equals the file's.
 */
@Tag("interop")
class OkHttpInteropIT {
    static final String TAP = "ns4jtapo";
    static final String KERNEL = "198.51.100.1";
    static final String JAVA = "198.51.100.2";

    static Netns ns;
    @TempDir
    static Path dir;
    static Path www;

    @BeforeAll
    static void up() throws Exception {
        Netns.requireRootAndTools("ip", "dnsmasq", "python3");
        ns = Netns.withTap(TAP, KERNEL + "/24");
        www = Files.createDirectories(dir.resolve("www"));
        Random random = new Random(9);
        byte[] small = new byte[10_000];
        byte[] large = new byte[3_000_000];
        random.nextBytes(small);
        random.nextBytes(large);
        Files.write(www.resolve("small.bin"), small);
        Files.write(www.resolve("large.bin"), large);
        ns.startDnsmasqHosts(dir, KERNEL, "python.test");
    }

    @AfterAll
    static void down() {
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void twoFilesFromPythonHttpServerOverOneConnection() throws Exception {
        Process py = ns.start(dir.resolve("python.out"), "python3", "-m", "http.server", "--bind", KERNEL,
                "-p", "HTTP/1.1", "--directory", www.toString(), "8000");
        try {
            waitForPort(8000);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Netns.Result r = ns.execResult(120, java, "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), OkHttpTapClient.class.getName(),
                    TAP, JAVA + "/24", KERNEL,
                    "http://python.test:8000/small.bin", "http://python.test:8000/large.bin");
            System.out.println(r.output());
            assertEquals(0, r.exit(), r.output());
            List<String> ports = new java.util.ArrayList<>();
            for (String name : List.of("small.bin", "large.bin")) {
                Matcher m = Pattern.compile("GET http://python\\.test:8000/" + Pattern.quote(name)
                        + " -> 200 (\\d+) ([0-9a-f]{64}) localPort (\\d+) http/1\\.1").matcher(r.output());
                assertTrue(m.find(), r.output());
                assertEquals(Files.size(www.resolve(name)), Long.parseLong(m.group(1)));
                assertEquals(HttpGetInteropIT.sha256(www.resolve(name)), m.group(2), "SHA-256 of " + name);
                ports.add(m.group(3));
            }
            assertEquals(ports.get(0), ports.get(1), "both requests on the same local port: one connection");
            assertTrue(r.output().contains("connectStart 1 pooled 1"), r.output());
            String log = Files.readString(dir.resolve("python.out"));
            assertTrue(log.contains("\"GET /small.bin HTTP/1.1\" 200") && log.contains("\"GET /large.bin HTTP/1.1\" 200"),
                    log);
        } finally {
            Netns.stop(py);
        }
    }

    void waitForPort(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (ns.execResult(5, "bash", "-c", "exec 3<>/dev/tcp/" + KERNEL + "/" + port).exit() == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nothing listens on " + KERNEL + ":" + port);
    }
}
