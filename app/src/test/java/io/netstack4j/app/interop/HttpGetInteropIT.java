package io.netstack4j.app.interop;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./netstack4j get} against the kernel's side: dnsmasq answers the names, and a 20 MB file
 * comes from nginx, from {@code python3 -m http.server}, and chunked from a small python3 server;
 * each download's SHA-256 equals the file's. An HTTP 404 gives exit status 22, a closed port 7, an
 * unknown name 6.
 */
@Tag("interop")
class HttpGetInteropIT {
    static final String TAP = "ns4jtaph";
    static final String KERNEL = "198.51.100.1";
    static final String JAVA = "198.51.100.2";
    static final int SIZE = 20_000_000;

    static Netns ns;
    @TempDir
    static Path dir;
    static Path www;
    static String sha;

    @BeforeAll
    static void up() throws Exception {
        Netns.requireRootAndTools("ip", "dnsmasq", "nginx", "python3");
        ns = Netns.withTap(TAP, KERNEL + "/24");
        www = Files.createDirectories(dir.resolve("www"));
        byte[] data = new byte[SIZE];
        new Random(42).nextBytes(data);
        Files.write(www.resolve("file.bin"), data);
        sha = sha256(www.resolve("file.bin"));
        ns.startDnsmasqHosts(dir, KERNEL, "nginx.test python.test chunked.test");
    }

    @AfterAll
    static void down() {
        if (ns != null) {
            ns.close();
        }
    }

    static String sha256(Path p) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    Netns.Result get(String... args) throws Exception {
        String[] cmd = new String[args.length + 8];
        String[] head = {Netns.LAUNCHER.toString(), "get", "--tap", TAP, "--ip", JAVA + "/24", "--dns", KERNEL};
        System.arraycopy(head, 0, cmd, 0, head.length);
        System.arraycopy(args, 0, cmd, head.length, args.length);
        Netns.Result r = ns.execResult(180, cmd);
        System.out.println("$ " + String.join(" ", cmd) + "\n" + r.output());
        return r;
    }

    void download(String url, String name) throws Exception {
        Path out = dir.resolve(name);
        Netns.Result r = get("-v", "-o", out.toString(), url);
        assertEquals(0, r.exit(), r.output());
        assertEquals(SIZE, Files.size(out), r.output());
        assertEquals(sha, sha256(out), "SHA-256 of " + url);
        Files.delete(out);
    }

    @Test
    void fromNginxByName() throws Exception {
        Process nginx = ns.startNginx(dir, KERNEL + ":8080", www, "application/octet-stream");
        try {
            waitForPort(8080);
            download("http://nginx.test:8080/file.bin", "nginx.bin");
            Netns.Result missing = get("-o", dir.resolve("404.html").toString(), "http://nginx.test:8080/nothing");
            assertEquals(22, missing.exit(), missing.output());
            assertTrue(missing.output().contains("HTTP 404"), missing.output());
        } finally {
            Netns.stop(nginx);
        }
    }

    @Test
    void fromPythonHttpServerByName() throws Exception {
        Process py = ns.start(dir.resolve("python.out"), "python3", "-m", "http.server", "--bind", KERNEL,
                "--directory", www.toString(), "8000");
        try {
            waitForPort(8000);
            download("http://python.test:8000/file.bin", "python.bin");
        } finally {
            Netns.stop(py);
        }
    }

    @Test
    void chunkedFromAPythonServer() throws Exception {
        Path script = dir.resolve("chunked.py");
        Files.writeString(script, """
                import http.server, sys
                class H(http.server.BaseHTTPRequestHandler):
                    protocol_version = "HTTP/1.1"
                    def do_GET(self):
                        self.send_response(200)
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        with open(sys.argv[2], "rb") as f:
                            n = 1
                            while True:
                                b = f.read(n)
                                if not b:
                                    break
                                self.wfile.write(b"%x;n=%d\\r\\n" % (len(b), n) + b + b"\\r\\n")
                                n = n * 3 % 65521 + 1
                        self.wfile.write(b"0\\r\\nX-Trailer: done\\r\\n\\r\\n")
                    def log_message(self, *a):
                        pass
                http.server.HTTPServer((sys.argv[1], 8001), H).serve_forever()
                """);
        Process py = ns.start(dir.resolve("chunked.out"), "python3", script.toString(), KERNEL,
                www.resolve("file.bin").toString());
        try {
            waitForPort(8001);
            download("http://chunked.test:8001/file.bin", "chunked.bin");
        } finally {
            Netns.stop(py);
        }
    }

    @Test
    void failuresHaveTheirExitStatus() throws Exception {
        Netns.Result refused = get("http://" + KERNEL + ":9/");
        assertEquals(7, refused.exit(), refused.output());
        Netns.Result unknown = get("http://nobody.test/");
        assertEquals(6, unknown.exit(), unknown.output());
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
