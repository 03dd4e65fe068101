package io.netstack4j.app.demo;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.Resolver;
import io.netstack4j.app.demo.DemoEvents.Event;
import io.netstack4j.app.demo.DemoEvents.Item;
import io.netstack4j.app.http.HttpFields;
import io.netstack4j.app.http.client.HttpClient;
import io.netstack4j.app.http.client.HttpRequest;
import io.netstack4j.app.http.client.HttpResponse;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ./netstack4j demo --tap NAME --ip A.B.C.D/P}: the same narrated fetch, with the browser's stack on a
 * TAP device and the Linux kernel's servers on the other end ({@link TapNetwork}) — a GET of a page (a few KB:
 * several MSS-sized segments, each acknowledged), and with {@code --post URL} the long form posted too. Both
 * requests say "Connection: close", so the kernel's web server closes first, as the story has it. Only the
 * browser's frames are seen; the narration, the capture and the ladder are those of the in-process demo
 * ({@link Report}).
 */
public final class TapDemo {
    /**
     * The demo's choices on a TAP device.
     *
     * @param dns  the DNS server the resolver asks, or null (the URLs then name addresses)
     * @param post a URL to post the long form to, or null
     */
    public record Options(String tap, Ipv4Cidr ip, Ipv4Address gateway, Ipv4Address dns, int mtu, URI url, URI post,
                          String lang, Path pcap, Path svg) {
    }

    /** The default page: the in-process demo's name, resolved through {@code --dns}. */
    public static final URI DEFAULT_URL = URI.create("http://" + FetchDemo.NAME + "/");
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * What a run left behind.
     *
     * @param told    the narration's result
     * @param error   why the fetch failed (a name not resolved, a connection refused, a timeout...), or null
     * @param failure the same, or an HTTP status that was not a success, in one line; null when the fetch worked
     */
    public record Result(FetchDemo.Result told, IOException error, String failure) {
    }

    private final PrintStream out;
    private final Options options;
    private final DemoEvents events = new DemoEvents();
    private final Set<String> nodelay = ConcurrentHashMap.newKeySet();
    private String failure;

    public TapDemo(PrintStream out, Options options) {
        this.out = out;
        this.options = options;
    }

    /** @throws io.netstack4j.link.LinkException the TAP device cannot be attached (none of that name, not root, busy) */
    public Result run() throws IOException, InterruptedException {
        try (TapNetwork net = new TapNetwork(events, options)) {
            Thread hook = new Thread(net::close, "demo-tap-release");   // SIGINT/SIGTERM: release the device
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                // The interface announces itself (gratuitous ARP) as it starts: not part of the story.
                Thread.sleep(50);
                events.clear();
                IOException error = null;
                boolean fetched;
                try {
                    fetched = fetch(net.browser);
                } catch (IOException e) {
                    error = e;
                    failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                    fetched = false;
                }
                Tables tables = Tables.collectAlone(net.browser);
                List<Item> items = events.items();
                net.nameServers(serverAddress(items), items);
                FetchDemo.Result told = new Report(out, Narration.of(options.lang()), options.pcap(), options.svg())
                        .tell(net, new Report.Run(items, nodelay, tables, fetched, failure, 0, 0));
                return new Result(told, error, failure);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway
                }
            }
        }
    }

    /** The GET, then the POST if asked for; true if each got a success status and a body. */
    private boolean fetch(NetStack browser) throws IOException {
        try (Resolver resolver = options.dns() == null ? null : Resolver.create(browser, options.dns());
             HttpClient client = HttpClient.builder(browser).resolver(resolver)
                     .listener(new BrowserEvents(events, nodelay, browser))
                     .connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build()) {
            HttpRequest get = HttpRequest.get(options.url()).withHeaders(HttpFields.of("Connection", "close"));
            boolean ok = succeeded(client, get);
            if (ok && options.post() != null) {
                ok = succeeded(client, new HttpRequest("POST", options.post(),
                        HttpFields.of("Content-Type", "application/x-www-form-urlencoded", "Connection", "close"),
                        Pages.form(FetchDemo.FORM_BYTES)));
            }
            return ok;
        }
    }

    private boolean succeeded(HttpClient client, HttpRequest request) throws IOException {
        try (HttpResponse r = client.send(request)) {
            byte[] body = r.bodyBytes();
            if (r.status() / 100 != 2) {
                failure = request.method() + " " + request.uri() + ": HTTP " + r.statusLine().status() + " "
                        + r.statusLine().reason();
                return false;
            }
            return body.length > 0;
        }
    }

    /** The web server's address: the resolver's answer, or the URL's own address. */
    private Ipv4Address serverAddress(List<Item> items) {
        for (Item item : items) {
            if (item instanceof Event e && e.kind() == DemoEvents.Kind.RESOLVED && e.s2() != null) {
                return Ipv4Address.parse(e.s2().split(" ")[0]);
            }
        }
        try {
            return Ipv4Address.parse(options.url().getHost());
        } catch (RuntimeException notAnAddress) {
            return null;
        }
    }

    /** The URL's port, 80 if it names none. */
    static int port(URI url) {
        return url.getPort() < 0 ? 80 : url.getPort();
    }
}
