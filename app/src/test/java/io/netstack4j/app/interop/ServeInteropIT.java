package io.netstack4j.app.interop;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.netstack4j.app.interop.TcpFixture.JAVA;
import static io.netstack4j.app.interop.TcpFixture.KERNEL;
import static io.netstack4j.app.interop.TcpFixture.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./netstack4j serve} on a TAP device against the kernel's clients, inside a namespace of the
 * test's own: curl downloads 20 MB (HTTP/1.1, two URLs on one connection, HTTP/1.0, a range), ApacheBench
 * runs a bounded keep-alive load with no failed request, and headless Chromium loads a page with a
 * stylesheet and an image.
 */
@Tag("interop")
class ServeInteropIT {
    static final String TAP = "ns4jtap9";
    static final String BASE = "http://" + JAVA;
    static final long BIG = 20_000_000;

    static Netns ns;
    static Process serve;
    static Path out;
    static Path site;
    static Path big;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        Netns.requireRootAndTools("ip", "curl", "ab");
        site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), """
                <!doctype html>
                <html><head><title>netstack4j</title><link rel="stylesheet" href="style.css"></head>
                <body><h1 id="greeting">Served by netstack4j</h1><img id="pic" src="pic.png" width="64" height="64"></body></html>
                """);
        Files.writeString(site.resolve("style.css"), "body { background: #e8f4e8; font-family: sans-serif }\nh1 { color: #063 }\n");
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x20, 0x60, 0xc0));
        g.fillRect(0, 0, 64, 64);
        g.setColor(Color.ORANGE);
        g.fillOval(12, 12, 40, 40);
        g.dispose();
        ImageIO.write(img, "png", site.resolve("pic.png").toFile());
        big = TcpFixture.payload(site, "big.bin", BIG, 20);
        ns = Netns.withTap(TAP, KERNEL + "/24");
        out = dir.resolve("serve.out");
        serve = ns.startAndWait(out, "on http://", 30, Netns.LAUNCHER.toString(), "serve", "--tap", TAP,
                "--ip", JAVA + "/24", "-v", site.toString());
    }

    @AfterAll
    static void down() throws Exception {
        if (serve != null) {
            Netns.stop(serve);
        }
        if (ns != null) {
            ns.close();
        }
    }

    private static Netns.Result curl(String... args) throws Exception {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "curl";
        cmd[1] = "-sS";
        System.arraycopy(args, 0, cmd, 2, args.length);
        Netns.Result r = ns.execResult(180, cmd);
        assertEquals(0, r.exit(), () -> String.join(" ", cmd) + ":\n" + r.output() + "\n" + serveLog());
        return r;
    }

    private static String serveLog() {
        String s;
        try {
            s = TcpFixture.read(out);
        } catch (java.io.IOException e) {
            return "(no serve log: " + e.getMessage() + ")";
        }
        return s.length() > 4000 ? "[...]" + s.substring(s.length() - 4000) : s;
    }

    @Test
    void curlDownloads20MegabytesWhole() throws Exception {
        Path got = dir.resolve("got-big.bin");
        Netns.Result r = curl("-o", got.toString(), "-w", "%{http_code} %{size_download}", BASE + "/big.bin");
        assertEquals("200 " + BIG, r.output().strip());
        assertEquals(sha256(big), sha256(got));
    }

    @Test
    void curlFetchesTwoUrlsOnOneConnection() throws Exception {
        Path a = dir.resolve("two-a.bin");
        Path b = dir.resolve("two-b.html");
        Netns.Result r = curl("-v", "-o", a.toString(), BASE + "/big.bin", "-o", b.toString(), BASE + "/index.html",
                "-w", "connects=%{num_connects}\\n");
        assertEquals(sha256(big), sha256(a));
        assertEquals(Files.readString(site.resolve("index.html")), Files.readString(b));
        assertTrue(r.output().contains("connects=1\nconnects=0\n"), "the second URL opened no connection:\n" + tail(r));
        assertTrue(r.output().matches("(?s).*Re-?using existing connection.*"), tail(r));
    }

    @Test
    void curlHttp10AndTheServerClosesFirst() throws Exception {
        Path got = dir.resolve("got-10.bin");
        Netns.Result r = curl("-0", "-v", "-o", got.toString(), BASE + "/big.bin");
        assertEquals(sha256(big), sha256(got));
        assertTrue(r.output().contains("< HTTP/1.1 200 OK") && r.output().contains("< Connection: close"), tail(r));
        Netns.waitForOutput(out, "\"GET /big.bin HTTP/1.0\" 200 " + BIG, 10, serve);
        Netns.waitForOutput(out, "connection close (server closes first)", 10, serve);
    }

    @Test
    void curlRangeRequest() throws Exception {
        Path got = dir.resolve("got-range.bin");
        Netns.Result r = curl("-r", "1000-1999", "-o", got.toString(), "-w", "%{http_code}", BASE + "/big.bin");
        assertEquals("206", r.output().strip());
        byte[] want = new byte[1000];
        try (var ch = java.nio.channels.FileChannel.open(big)) {
            ch.read(java.nio.ByteBuffer.wrap(want), 1000);
        }
        assertArrayEquals(want, Files.readAllBytes(got));
    }

    @Test
    void apacheBenchKeepAliveLoadHasNoFailedRequest() throws Exception {
        Netns.Result r = ns.execResult(300, "ab", "-n", "2000", "-c", "20", "-k", BASE + "/index.html");
        assertEquals(0, r.exit(), r.output());
        for (String line : r.output().lines().toList()) {
            if (line.matches("(Complete|Failed|Keep-Alive) requests:.*|Non-2xx responses:.*|Requests per second:.*")) {
                System.out.println("ab: " + line);
            }
        }
        assertTrue(Pattern.compile("Complete requests:\\s+2000\\n").matcher(r.output()).find(), r.output());
        assertTrue(Pattern.compile("Failed requests:\\s+0\\n").matcher(r.output()).find(), r.output());
        assertTrue(!r.output().contains("Non-2xx responses"), r.output());
        Matcher keepAlive = Pattern.compile("Keep-Alive requests:\\s+(\\d+)").matcher(r.output());
        assertTrue(keepAlive.find() && Integer.parseInt(keepAlive.group(1)) > 1900, "connections were reused:\n" + r.output());
    }

    @Test
    void headlessChromiumLoadsThePageWithItsStylesheetAndImage() throws Exception {
        Assumptions.assumeTrue(Netns.onPath("chromium") || "true".equals(System.getenv("CI")),
                "headless Chromium is not installed (Debian's chromium)");
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        Path shot = dir.resolve("page.png");
        String[] common = {"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile,
                "--no-first-run", "--disable-extensions", "--virtual-time-budget=5000"};
        Netns.Result dom = ns.execResult(120, concat(common, "--dump-dom", BASE + "/"));
        assertEquals(0, dom.exit(), dom.output());
        assertTrue(dom.output().contains("<h1 id=\"greeting\">Served by netstack4j</h1>"), dom.output());
        Netns.Result png = ns.execResult(120, concat(common, "--window-size=480,240", "--screenshot=" + shot, BASE + "/"));
        assertEquals(0, png.exit(), png.output());
        BufferedImage page = ImageIO.read(shot.toFile());
        // the stylesheet's background colour and the image's orange circle are on the screenshot
        assertEquals(0xe8f4e8, page.getRGB(470, 230) & 0xffffff, "background from style.css");
        Netns.waitForOutput(out, "\"GET /style.css HTTP/1.1\" 200", 10, serve);
        Netns.waitForOutput(out, "\"GET /pic.png HTTP/1.1\" 200", 10, serve);
        boolean orange = false;
        for (int y = 0; y < page.getHeight() && !orange; y++) {
            for (int x = 0; x < page.getWidth() && !orange; x++) {
                int rgb = page.getRGB(x, y) & 0xffffff;
                orange = rgb == (Color.ORANGE.getRGB() & 0xffffff);
            }
        }
        assertTrue(orange, "the image is drawn on the page (screenshot " + shot + ")");
        Files.copy(shot, Path.of(System.getProperty("java.io.tmpdir"), "ns4j-serve-page.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String tail(Netns.Result r) {
        String s = r.output();
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }
}
