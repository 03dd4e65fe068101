package io.netstack4j.app.demo;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.Resolver;
import io.netstack4j.app.http.HttpFields;
import io.netstack4j.app.http.client.HttpClient;
import io.netstack4j.app.http.client.HttpRequest;
import io.netstack4j.app.http.client.HttpResponse;
import io.netstack4j.app.http.server.FormHandler;
import io.netstack4j.app.http.server.HttpServer;
import io.netstack4j.app.http.server.HttpServerConfig;
import io.netstack4j.app.http.server.RequestHead;
import io.netstack4j.socket.dns.DnsServer;
import io.netstack4j.socket.dns.DnsServerEndpoint;
import io.netstack4j.socket.dns.Zone;
import io.netstack4j.wire.DnsMessage;
import io.netstack4j.wire.Ipv4Address;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code make demo}: a browser fetches a page over an in-process network, and the demo tells it in the
 * story's order (DESIGN.md §1; the study notes in ../shared/story): the resolver asks the DNS server over
 * UDP (with ARP first), then the four phases — the socket created (its descriptor and its row of the
 * socket table), connect (SYN, SYN+ACK, ACK with their numbers and MSS, the buffers), send and receive (a
 * long form posted and cut into MSS-sized segments, why each left when it did, the ACK numbers confirming
 * them, the page read), and disconnect (the server closing first, FIN and ACK both ways, end-of-stream,
 * TIME-WAIT, the socket erased).
 *
 * <p>The hosts run on real loop threads; {@link DemoEvents} records every frame and every application
 * step, and the narration is written afterwards from that record ({@link WireLog}), so every number it
 * shows is one that was on the wire. Steps an application reports after the call returned (a write, a
 * close) are told just before the first frame they caused, so the order reads the same on every run.
 */
public final class FetchDemo {
    /** The demo's choices. */
    public record Options(String lang, double loss, long seed, boolean keepAlive, Path pcap, Path svg) {
    }

    static final String NAME = "www.example.test";
    static final int PORT = 80;
    /** The form's size: long enough to need three segments. */
    static final int FORM_BYTES = 4000;

    private final PrintStream out;
    private final Options options;
    private final Narration n;
    private final DemoEvents events = new DemoEvents();
    private final Set<String> nodelay = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public FetchDemo(PrintStream out, Options options) {
        this.out = out;
        this.options = options;
        this.n = Narration.of(options.lang());
    }

    /** What a run left behind, for tests. */
    public record Result(boolean ok, int packets, int lost, int retransmissions, String narration) {
    }

    /** Runs the demo; true when the page arrived and everything closed as told. */
    public boolean run() throws IOException, InterruptedException {
        return runForResult().ok();
    }

    public Result runForResult() throws IOException, InterruptedException {
        Path site = Files.createTempDirectory("netstack4j-demo-site");
        try (DemoNetwork net = new DemoNetwork(events, options.loss(), options.seed())) {
            // The interfaces announce themselves (gratuitous ARP) as they start: not part of the story.
            Thread.sleep(50);
            events.clear();
            Files.writeString(site.resolve("index.html"), Pages.index());
            serveDns(net);
            boolean fetched;
            Tables tables;
            try (HttpServer server = HttpServer.start(net.www.net(), site, HttpServerConfig.DEFAULT.withPort(PORT),
                    new ServerEvents(events, nodelay, net.www.net()), new Guestbook())) {
                fetched = fetch(net);
                tables = Tables.collect(net);
            }
            return new Report(out, n, options.pcap(), options.svg()).tell(net,
                    new Report.Run(events.items(), nodelay, tables, fetched, failure, options.loss(), options.seed()));
        } finally {
            try (var files = Files.list(site)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(site);
        }
    }

    // ---------------------------------------------------------------- running

    private void serveDns(DemoNetwork net) throws IOException {
        Zone zone = Zone.builder("example.test").a(NAME, net.www.ip().toString()).build();
        NetStack dns = net.dns.net();
        try {
            dns.loop().submit(now -> DnsServerEndpoint.install(dns.stack(), dns.udp(), Ipv4Address.ANY,
                    DnsMessage.PORT, new DnsServer(zone))).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("demo: the DNS server did not start: " + e.getMessage(), e);
        }
    }

    /** The browser's fetch (two requests on one connection with --keep-alive); true if every page arrived. */
    private boolean fetch(DemoNetwork net) {
        try {
            return fetchOrFail(net);
        } catch (IOException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            return false;
        }
    }

    private String failure;

    private boolean fetchOrFail(DemoNetwork net) throws IOException {
        NetStack browser = net.browser.net();
        try (Resolver resolver = Resolver.create(browser, net.dns.ip());
             HttpClient client = HttpClient.builder(browser).resolver(resolver).listener(new BrowserEvents(events, nodelay, browser))
                     .readTimeout(java.time.Duration.ofSeconds(20)).connectTimeout(java.time.Duration.ofSeconds(20))
                     .build()) {
            boolean ok = true;
            if (options.keepAlive()) {
                try (HttpResponse r = client.get("http://" + NAME + "/")) {
                    ok &= r.status() == 200 && r.bodyBytes().length > 0;
                }
            }
            HttpRequest post = new HttpRequest("POST", URI.create("http://" + NAME + "/guestbook"),
                    HttpFields.of("Content-Type", "application/x-www-form-urlencoded", "Connection", "close"),
                    Pages.form(FORM_BYTES));
            try (HttpResponse r = client.send(post)) {
                ok &= r.status() == 200 && r.bodyBytes().length > 0;
            }
            return ok;
        }
    }

    /** The guestbook: takes the posted form, answers with a page. */
    private static final class Guestbook implements FormHandler {
        @Override
        public Reply post(RequestHead head, byte[] body) {
            if (!head.target().equals("/guestbook")) {
                return null;
            }
            return new Reply(200, "text/html; charset=utf-8", Pages.thanks(body.length).getBytes(StandardCharsets.UTF_8));
        }
    }
}
