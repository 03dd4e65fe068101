package io.netstack4j.app.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.netstack4j.app.demo.Pcapng.Captured;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The narrated fetch, run in-process: phases in the story's order, numbers from the wire, the files it writes. */
public class FetchDemoTest {
    record Run(FetchDemo.Result result, String out) {
    }

    static Run run(String lang, double loss, long seed, boolean keepAlive, Path pcap, Path svg) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        FetchDemo.Result r = new FetchDemo(out, new FetchDemo.Options(lang, loss, seed, keepAlive, pcap, svg)).runForResult();
        return new Run(r, bytes.toString(StandardCharsets.UTF_8));
    }

    static Properties bundle(String lang) throws Exception {
        Properties p = new Properties();
        try (var in = FetchDemoTest.class.getResourceAsStream("Narration_" + lang + ".properties")) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    public static void assertInOrder(String out, List<String> parts) {
        int at = -1;
        for (String p : parts) {
            int i = out.indexOf(p, at + 1);
            assertTrue(i > at, "'" + p + "' missing or out of order in\n" + out);
            at = i;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "ja", "ko"})
    void tellsThePhasesInOrderWithTheNumbersOnTheWire(String lang, @TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("demo.pcapng");
        Path svg = dir.resolve("ladder.svg");
        Run r = run(lang, 0, 1, false, pcap, svg);
        assertTrue(r.result().ok(), r.out());
        Properties words = bundle(lang);
        List<String> titles = new ArrayList<>();
        for (String phase : new String[] {"phase0", "phase1", "phase2", "phase3", "phase4"}) {
            titles.add("== " + words.getProperty(phase + ".title") + " ==");
        }
        assertInOrder(r.out(), titles);
        // the browser asks ARP for its gateway, never for a server; the router asks on the servers' LAN
        assertInOrder(r.out(), List.of("browser -> all (broadcast)  ARP who-has 198.51.100.1 ",
                "router  -> all (broadcast)  ARP who-has 203.0.113.53 ", "DNS query", "DNS answer", "socket()",
                "browser -> router", "TCP [SYN]", "router  -> all (broadcast)  ARP who-has 203.0.113.80 ",
                "router  -> www", "TCP [SYN ACK]", "connect()", "write(fd", "LEN 1448", "TCP [FIN ACK]",
                words.getProperty("done.ok")));
        assertFalse(r.out().contains("browser -> all (broadcast)  ARP who-has 203.0.113."), r.out());
        assertTrue(r.out().contains("64 -> 63"), "the router's TTL told\n" + r.out());
        assertTrue(r.out().contains("MSS 1460 = MTU 1500 - 20"), r.out());
        assertTrue(r.out().contains("1448") && r.out().contains("(1460 - 12)"), r.out());

        // one capture per LAN: the browser's in the file asked for, the servers' beside it
        Path servers = Report.pcapFor(pcap, 1, DemoNetwork.SERVER_LAN);
        assertEquals(dir.resolve("demo-203.0.113.0_24.pcapng"), servers);
        List<Captured> clientLan = Pcapng.read(pcap);
        List<Captured> serverLan = Pcapng.read(servers);
        List<Captured> frames = new java.util.ArrayList<>(clientLan);
        frames.addAll(serverLan);
        assertEquals(r.result().packets(), frames.size());
        // the SYN's sequence number, as narrated, is the one in the capture
        long syn = Pcapng.firstSyn(frames);
        assertTrue(r.out().contains("TCP [SYN] SEQ " + syn + " "), "SYN " + syn + " not narrated in\n" + r.out());
        // one comment per packet, carrying its narration
        for (Captured c : frames) {
            assertTrue(c.comment() != null && c.comment().length() > 20, "a packet without its comment");
        }
        assertTrue(frames.stream().anyMatch(c -> c.comment().contains(Long.toString(syn))));
        tshark(pcap, clientLan.size());
        tshark(servers, serverLan.size());
        ttlOnBothLans(clientLan, serverLan);

        // the ladder: well-formed XML, one arrow per frame
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getTagName());
        NodeList groups = doc.getElementsByTagName("g");
        int arrows = 0;
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("frame")) {
                arrows++;
                assertEquals(1, g.getElementsByTagName("line").getLength(), "one line per frame");
            }
        }
        assertEquals(frames.size(), arrows);
    }

    private static final long ROUTER_ETH1 = 0x02_00_00_00_00_02L;
    private static final long WWW = 0x02_00_00_00_00_80L;

    /**
     * Every segment for the web server crosses the browser's LAN (its capture) with TTL 64, and the servers'
     * LAN (the other capture) with TTL 63, sent there by the router.
     */
    private static void ttlOnBothLans(List<Captured> clientLanFrames, List<Captured> serverLanFrames) {
        List<Captured> frames = new java.util.ArrayList<>(clientLanFrames);
        frames.addAll(serverLanFrames);
        int before = 0;
        int after = 0;
        for (Captured c : frames) {
            ByteBuffer f = ByteBuffer.wrap(c.frame());
            if (f.getShort(12) != 0x0800 || f.get(14 + 9) != 6 || f.getInt(14 + 16) != 0xCB007150) {   // to 203.0.113.80
                continue;
            }
            int ttl = f.get(14 + 8) & 0xFF;
            if (clientLanFrames.contains(c)) {
                assertEquals(64, ttl, c.comment());
                before++;
            } else {
                assertEquals(63, ttl, c.comment());
                assertEquals(ROUTER_ETH1, mac(f, 6), "sent on by the router: " + c.comment());
                assertEquals(WWW, mac(f, 0), c.comment());
                assertTrue(c.comment().contains("router -> www"), c.comment());
                after++;
            }
        }
        assertTrue(before > 0 && before == after, before + " segments on the browser's LAN, " + after + " on the servers'");
    }

    private static long mac(ByteBuffer f, int at) {
        return (Short.toUnsignedLong(f.getShort(at)) << 32) | Integer.toUnsignedLong(f.getInt(at + 2));
    }

    /**
     * If tshark is installed: the capture opens with its default settings (TCP analysis and reassembly on), shows
     * every comment, and nothing is malformed.
     */
    private static void tshark(Path pcap, int packets) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/tshark"))) {
            return;
        }
        Process p = new ProcessBuilder("/usr/bin/tshark", "-r", pcap.toString(), "-V").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), text);
        assertFalse(text.contains("Malformed"), text);
        assertEquals(packets, text.split("Packet comments", -1).length - 1, "one comment per packet");
    }

    @Test
    void lossIsToldAsRetransmissions() throws Exception {
        Run r = run("en", 0.20, 1, false, null, null);
        assertTrue(r.result().ok(), r.out());
        assertTrue(r.result().lost() > 0, "seed 1 at 20 % loses frames\n" + r.out());
        assertTrue(r.result().retransmissions() > 0, r.out());
        assertTrue(r.out().contains("** LOST **"), r.out());
        assertTrue(r.out().contains("again (SEQ"), r.out());
        assertTrue(r.out().contains("retransmission timer") || r.out().contains("duplicate ACKs"), r.out());
    }

    @Test
    void keepAliveSendsTwoRequestsOverOneHandshake() throws Exception {
        Run r = run("en", 0, 1, true, null, null);
        assertTrue(r.result().ok(), r.out());
        Properties words = bundle("en");
        assertInOrder(r.out(), List.of("\"GET / HTTP/1.1\"", "== " + words.getProperty("reuse.title") + " ==",
                "no SYN/SYN+ACK/ACK", "\"POST /guestbook HTTP/1.1\"", "TCP [FIN ACK]"));
        assertEquals(1, r.out().split("browser -> router +TCP \\[SYN\\] SEQ", -1).length - 1, "one handshake\n" + r.out());
    }

    @Test
    void everyLanguageHasEveryText() throws Exception {
        Properties en = bundle("en");
        for (String lang : Narration.LANGUAGES) {
            Properties p = bundle(lang);
            assertEquals(en.keySet(), p.keySet(), lang);
            for (String k : en.stringPropertyNames()) {
                for (String placeholder : placeholders(en.getProperty(k))) {
                    assertTrue(p.getProperty(k).contains(placeholder), lang + " " + k + " lacks " + placeholder);
                }
            }
        }
    }

    private static List<String> placeholders(String s) {
        List<String> out = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("\\{[a-z]+}").matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void svgTextIsEscaped() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;", LadderSvg.esc("a <b> & \"c\" 'd'"));
    }
}
