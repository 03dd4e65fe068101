package io.netstack4j.app.demo;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.Resolver;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketInfo;
import io.netstack4j.api.SocketOption;
import io.netstack4j.app.http.HttpFields;
import io.netstack4j.app.http.StatusLine;
import io.netstack4j.app.http.client.CloseReason;
import io.netstack4j.app.http.client.HttpClient;
import io.netstack4j.app.http.client.HttpRequest;
import io.netstack4j.app.http.client.HttpResponse;
import io.netstack4j.app.http.server.FormHandler;
import io.netstack4j.app.http.server.HttpServer;
import io.netstack4j.app.http.server.HttpServerConfig;
import io.netstack4j.app.http.server.HttpServerListener;
import io.netstack4j.app.http.server.RequestHead;
import io.netstack4j.app.demo.DemoEvents.Event;
import io.netstack4j.app.demo.DemoEvents.Frame;
import io.netstack4j.app.demo.DemoEvents.Item;
import io.netstack4j.app.demo.DemoEvents.Kind;
import io.netstack4j.app.demo.WireLog.Packet;
import io.netstack4j.link.Direction;
import io.netstack4j.link.PcapNgWriter;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.dns.DnsResult;
import io.netstack4j.socket.dns.DnsServer;
import io.netstack4j.socket.dns.DnsServerEndpoint;
import io.netstack4j.socket.dns.Zone;
import io.netstack4j.wire.ArpRepr;
import io.netstack4j.wire.DnsMessage;
import io.netstack4j.wire.DnsRdata;
import io.netstack4j.wire.DnsRecord;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.TcpPacket;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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
    private long t0;

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
        StringBuilder told = new StringBuilder();
        try (DemoNetwork net = new DemoNetwork(events, options.loss(), options.seed())) {
            // The interfaces announce themselves (gratuitous ARP) as they start: not part of the story.
            Thread.sleep(50);
            events.clear();
            Files.writeString(site.resolve("index.html"), Pages.index());
            serveDns(net);
            boolean fetched;
            Tables tables;
            try (HttpServer server = HttpServer.start(net.www.net(), site, HttpServerConfig.DEFAULT.withPort(PORT),
                    new ServerEvents(net.www.net()), new Guestbook())) {
                fetched = fetch(net);
                tables = afterwards(net);
            }
            List<Item> items = events.items();
            WireLog wire = new WireLog(net, items, nodelay);
            wireCache = wire.packets;
            wireLog = wire;
            Ordered story = order(items, wire);
            String text = tell(net, story, wire, tables, fetched);
            told.append(text);
            out.print(text);
            boolean ok = fetched && tables.erased;
            int retrans = (int) wire.packets.stream().filter(p -> p.retransmit != WireLog.Retransmit.NONE).count();
            int lost = (int) wire.packets.stream().filter(Packet::lost).count();
            if (options.pcap() != null) {
                writePcap(net, wire);
                out.println(n.t("files.pcap", "file", options.pcap(), "count", wire.packets.size()));
            }
            if (options.svg() != null) {
                Files.writeString(options.svg(), new LadderSvg(net, wire, n).render(), StandardCharsets.UTF_8);
                out.println(n.t("files.svg", "file", options.svg(), "count", wire.packets.size()));
            }
            out.println();
            out.println(ok ? n.t("done.ok") : n.t("done.failed"));
            return new Result(ok, wire.packets.size(), lost, retrans, told.toString());
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
             HttpClient client = HttpClient.builder(browser).resolver(resolver).listener(new BrowserEvents(browser))
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

    /** The TCP tables once the browser has closed, then after TIME-WAIT. */
    private record Tables(String browserSockets, String wwwSockets, List<String> tcpBefore, List<String> tcpAfter,
                          boolean erased, long timeWaitMillis, Map<String, String> counters) {
    }

    private Tables afterwards(DemoNetwork net) throws InterruptedException {
        NetStack b = net.browser.net();
        NetStack w = net.www.net();
        // the browser's last ACK arrives, and the server's connection goes to TIME-WAIT
        waitFor(() -> call(w, () -> w.tcp().timeWaitCount()) >= 1 && call(b, () -> b.tcp().connectionCount()) == 0,
                10_000);
        List<String> before = new ArrayList<>();
        for (DemoNetwork.Host h : net.hosts()) {
            call(h.net(), () -> h.net().tcp().describe()).forEach(l -> before.add(h.name() + "  " + l));
        }
        long start = System.nanoTime();
        boolean erased = waitFor(() -> call(w, () -> w.tcp().timeWaitCount()) == 0
                && call(b, () -> b.tcp().connectionCount()) == 0, 10_000);
        long waited = (System.nanoTime() - start) / 1_000_000;
        List<String> after = new ArrayList<>();
        for (DemoNetwork.Host h : net.hosts()) {
            call(h.net(), () -> h.net().tcp().describe()).forEach(l -> after.add(h.name() + "  " + l));
        }
        Map<String, String> counters = new java.util.LinkedHashMap<>();
        for (DemoNetwork.Host h : net.hosts()) {
            NetStack s = h.net();
            counters.put(h.name(), call(s, () -> Counters.of(s)));
        }
        return new Tables(b.sockets().tableText().stripTrailing(), w.sockets().tableText().stripTrailing(), before,
                after, erased, waited, counters);
    }

    private static <T> T call(NetStack s, java.util.concurrent.Callable<T> c) {
        try {
            return s.loop().submit(now -> c.call()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("demo: " + s.name() + "'s loop did not answer: " + e, e);
        }
    }

    private static boolean waitFor(BooleanSupplier done, long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** The socket table's header and the row of {@code fd}, indented. */
    private static String row(NetStack net, int fd) {
        for (SocketInfo i : net.sockets().table()) {
            if (i.fd() == fd) {
                return "      " + SocketInfo.HEADER + "\n      " + i.toString().replace("\n", "\n      ");
            }
        }
        return "      (fd " + fd + ": no row)";
    }

    /** The browser's steps, from the HTTP client's listener (on the demo's thread). */
    private final class BrowserEvents implements HttpClient.Listener {
        private final NetStack net;

        BrowserEvents(NetStack net) {
            this.net = net;
        }

        @Override
        public void resolving(String host) {
            events.event(Kind.RESOLVING, "browser", -1, 0, 0, host, null);
        }

        @Override
        public void resolved(String host, Ipv4Address address, DnsResult.Source source, DnsResult result) {
            long micros = result == null ? 0 : (result.completedAt() - result.startedAt()) / 1000;
            events.event(Kind.RESOLVED, "browser", -1, result == null ? 0 : result.queries(), micros, host,
                    address + (result == null || result.server() == null ? "" : " " + result.server()));
        }

        @Override
        public void socketCreated(int fd) {
            events.event(Kind.SOCKET, "browser", fd, 0, 0, row(net, fd), null);
        }

        @Override
        public void connecting(int fd, SocketAddress4 remote) {
            events.event(Kind.CONNECTING, "browser", fd, 0, 0, remote.toString(), null);
        }

        @Override
        public void connected(int fd, SocketAddress4 local, SocketAddress4 remote) {
            long snd = -1;
            long rcv = -1;
            try {
                snd = net.sockets().getOption(fd, SocketOption.SO_SNDBUF);
                rcv = net.sockets().getOption(fd, SocketOption.SO_RCVBUF);
                if (net.sockets().getOption(fd, SocketOption.TCP_NODELAY) != 0) {
                    nodelay.add("browser");
                }
            } catch (SocketException e) {
                // shown as unknown
            }
            events.event(Kind.CONNECTED, "browser", fd, snd, rcv, local.toString(), row(net, fd));
        }

        @Override
        public void connectionReused(int fd, SocketAddress4 local, SocketAddress4 remote, int previousRequests) {
            events.event(Kind.REUSED, "browser", fd, previousRequests, 0, local.toString(), null);
        }

        @Override
        public void requestHeadWritten(int fd, String head, int bytes) {
            events.event(Kind.HEAD_WRITTEN, "browser", fd, bytes, 0, head.lines().findFirst().orElse(""), null);
        }

        @Override
        public void requestBodyWritten(int fd, long bytes) {
            events.event(Kind.BODY_WRITTEN, "browser", fd, bytes, 0, null, null);
        }

        @Override
        public void responseHeaders(int fd, HttpFields headers, int headBytes) {
            events.event(Kind.RESPONSE_HEAD, "browser", fd, headBytes, 0, null, null);
        }

        @Override
        public void responseStatus(int fd, StatusLine status) {
            events.event(Kind.RESPONSE_HEAD, "browser", fd, -1, status.status(), status.toString(), null);
        }

        @Override
        public void responseComplete(int fd, int status, long bodyBytes) {
            events.event(Kind.RESPONSE_COMPLETE, "browser", fd, bodyBytes, status, null, null);
        }

        @Override
        public void endOfStream(int fd) {
            events.event(Kind.END_OF_STREAM, "browser", fd, 0, 0, null, null);
        }

        @Override
        public void connectionKept(int fd, int idleConnections) {
            events.event(Kind.KEPT, "browser", fd, idleConnections, 0, null, null);
        }

        @Override
        public void connectionClosed(int fd, CloseReason reason) {
            events.event(Kind.CLOSED, "browser", fd, 0, 0, reason.name(), null);
        }
    }

    /** The web server's steps (on its connection threads). */
    private final class ServerEvents implements HttpServerListener {
        private final NetStack net;

        ServerEvents(NetStack net) {
            this.net = net;
        }

        @Override
        public void connectionAccepted(Connection c) {
            try {
                if (net.sockets().getOption(c.fd(), SocketOption.TCP_NODELAY) != 0) {
                    nodelay.add("www");
                }
            } catch (SocketException e) {
                // unknown
            }
            events.event(Kind.ACCEPTED, "www", c.fd(), 0, 0, c.remote().toString(), row(net, c.fd()));
        }

        @Override
        public void requestReceived(Connection c, int number, RequestHead head) {
            events.event(Kind.REQUEST, "www", c.fd(), number, head.length(), head.requestLine(), null);
        }

        @Override
        public void responseHeadSent(Connection c, int status, String head) {
            events.event(Kind.RESPONSE_SENT, "www", c.fd(), status, head.length(),
                    head.lines().findFirst().orElse(""), null);
        }

        @Override
        public void bodySent(Connection c, long bytes) {
            events.event(Kind.BODY_WRITTEN, "www", c.fd(), bytes, 0, null, null);
        }

        @Override
        public void connectionClosing(Connection c, CloseReason reason, int requests) {
            events.event(Kind.SERVER_CLOSING, "www", c.fd(), requests, reason.serverClosesFirst() ? 1 : 0,
                    reason.name(), null);
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

    // ---------------------------------------------------------------- ordering

    /**
     * The recorded list, with each application step that causes frames (connect, write, close) put just
     * before the first frame it caused, and connect's return just after the handshake's last ACK: a
     * listener is told after the call returned, when the loop thread may already have sent the frames.
     */
    static Ordered order(List<Item> items, WireLog wire) {
        List<Item> list = new ArrayList<>(items);
        Map<Item, Packet> movedBefore = new IdentityHashMap<>();
        Map<Integer, WireLog.Conn> connOfBrowserFd = new HashMap<>();
        Map<Integer, WireLog.Conn> connOfServerFd = new HashMap<>();
        Map<WireLog.Conn, long[]> written = new IdentityHashMap<>();
        int socketAt = 0;
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Event e)) {
                continue;
            }
            Packet target = null;
            boolean before = true;
            switch (e.kind()) {
                case SOCKET -> socketAt = i;
                case CONNECTING -> {
                    int from = socketAt;
                    target = first(wire, p -> p.position > from && p.from.equals("browser") && p.has(TcpPacket.SYN)
                            && !p.has(TcpPacket.ACK));
                }
                case CONNECTED -> {
                    WireLog.Conn c = connByPort(wire, "browser", e.s1());
                    connOfBrowserFd.put(e.fd(), c);
                    target = c == null ? null : first(wire, p -> p.conn == c && p.side == 0 && !p.has(TcpPacket.SYN)
                            && p.has(TcpPacket.ACK));
                    before = false;
                }
                case ACCEPTED -> connOfServerFd.put(e.fd(), connByPort(wire, "browser", e.s1()));
                case HEAD_WRITTEN, BODY_WRITTEN, RESPONSE_SENT -> {
                    boolean server = e.actor().equals("www");
                    WireLog.Conn c = (server ? connOfServerFd : connOfBrowserFd).get(e.fd());
                    if (c == null) {
                        break;
                    }
                    int side = server ? 1 : 0;
                    long[] w = written.computeIfAbsent(c, k -> new long[2]);
                    if (server && e.kind() == Kind.BODY_WRITTEN) {
                        w[side] += e.n1();   // written with the head, told with it
                        break;
                    }
                    long offset = 1 + w[side];
                    w[side] += e.kind() == Kind.RESPONSE_SENT ? e.n2() : e.n1();
                    long end = 1 + w[side];
                    target = first(wire, p -> p.conn == c && p.side == side && p.tcpLen > 0 && p.relSeq + p.tcpLen > offset
                            && p.retransmit == WireLog.Retransmit.NONE);
                    // a short segment that left when an ACK came, of bytes written before that ACK: Nagle held it
                    for (Packet p : wire.of(c)) {
                        if (p.side == side && p.why == WireLog.Why.NOTHING_IN_FLIGHT && p.relSeq >= offset
                                && p.relSeq < end && p.ackArrived > i) {
                            p.why = WireLog.Why.AFTER_ACK;
                        }
                    }
                }
                case CLOSED, SERVER_CLOSING -> {
                    boolean server = e.actor().equals("www");
                    WireLog.Conn c = (server ? connOfServerFd : connOfBrowserFd).get(e.fd());
                    int side = server ? 1 : 0;
                    target = c == null ? null : first(wire, p -> p.conn == c && p.side == side && p.has(TcpPacket.FIN));
                }
                default -> {
                }
            }
            if (target == null) {
                continue;
            }
            Frame f = (Frame) items.get(target.position);
            int eventIndex = indexOf(list, e);
            int frameIndex = indexOf(list, f);
            if (before && frameIndex < eventIndex) {
                list.remove(eventIndex);
                list.add(frameIndex, e);
                movedBefore.put(e, target);
            } else if (!before && frameIndex > eventIndex) {
                list.remove(eventIndex);
                list.add(frameIndex, e);   // the frame moved up one: the event goes right after it
            }
        }
        return new Ordered(list, movedBefore);
    }

    /** The story's order, and the steps told before a frame that was recorded earlier (with that frame). */
    record Ordered(List<Item> items, Map<Item, Packet> movedBefore) {
    }

    private static int indexOf(List<Item> list, Item x) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == x) {
                return i;
            }
        }
        return -1;
    }

    private static Packet first(WireLog wire, java.util.function.Predicate<Packet> p) {
        return wire.packets.stream().filter(p).findFirst().orElse(null);
    }

    /** The connection whose {@code host} side has the port of {@code address} ("ip:port"). */
    private static WireLog.Conn connByPort(WireLog wire, String host, String address) {
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        WireLog.Conn found = null;
        for (WireLog.Conn c : wire.conns) {
            if (c.host[0].equals(host) && c.port[0] == port) {
                found = c;   // the last one: a port may come back on a later connection
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- telling

    private String tell(DemoNetwork net, Ordered ordered, WireLog wire, Tables tables, boolean fetched) {
        StringBuilder sb = new StringBuilder();
        List<Item> story = ordered.items();
        movedBefore = ordered.movedBefore();
        t0 = story.isEmpty() ? 0 : story.stream().mapToLong(Item::nanos).min().orElse(0);
        sb.append(n.t("title")).append("\n\n");
        sb.append(String.format(Locale.ROOT, "  %-8s %-17s %s  %s%n", "browser", net.browser.cidr(), net.browser.mac(),
                n.t("host.browser")));
        sb.append(String.format(Locale.ROOT, "  %-8s %-17s %s  %s%n", "dns", net.dns.cidr(), net.dns.mac(),
                n.t("host.dns", "name", NAME)));
        sb.append(String.format(Locale.ROOT, "  %-8s %-17s %s  %s%n", "www", net.www.cidr(), net.www.mac(),
                n.t("host.www", "port", PORT)));
        sb.append("  ").append(n.t("lan", "mtu", net.browser.net().stack().mtu(),
                "delay", String.format(Locale.ROOT, "%.1f", DemoNetwork.WIRE_DELAY_NANOS / 1e6)));
        if (options.loss() > 0) {
            sb.append(n.t("lan.loss", "percent", String.format(Locale.ROOT, "%.0f", options.loss() * 100),
                    "seed", options.seed(), "rto", DemoNetwork.MAX_RTO_NANOS / 1_000_000));
        }
        sb.append("\n");
        Set<String> shown = new HashSet<>();
        Map<Integer, Long> connectAt = new HashMap<>();
        for (int i = 0; i < story.size(); i++) {
            Item item = story.get(i);
            if (item instanceof Frame f) {
                if (f.dir() != Direction.TX) {
                    continue;
                }
                Packet p = packetOf(wire, f);
                if (p == null) {
                    continue;
                }
                if (p.has(TcpPacket.FIN) && shown.add("phase4")) {
                    section(sb, "phase4");
                }
                sb.append(frameLine(p)).append('\n');
                sb.append("                 ").append(note(p)).append('\n');
                if (p.tcp != null && p.conn != null && p.side == 0 && p.has(TcpPacket.ACK) && !p.has(TcpPacket.SYN)
                        && p.relSeq == 1 && p.relAck == 1 && p.tcpLen == 0 && shown.add("mss" + p.conn.number)) {
                    sb.append(mssExplained(p.conn));
                }
            } else if (item instanceof Event e) {
                if (e.kind() == Kind.HEAD_WRITTEN && i + 1 < story.size() && story.get(i + 1) instanceof Event b
                        && b.kind() == Kind.BODY_WRITTEN && b.fd() == e.fd() && b.actor().equals(e.actor())
                        && b.n1() <= COALESCED_BODY) {
                    if (shown.add("phase3")) {
                        section(sb, "phase3");
                    }
                    sb.append(time(e)).append("  ").append(e.actor()).append(": ")
                            .append(n.t("ev.write", "fd", e.fd(), "bytes", e.n1() + b.n1(), "line", e.s1(), "head", e.n1(),
                                    "body", b.n1())).append('\n');
                    sb.append("             ").append(cut(wire, e.fd(), e.n1() + b.n1())).append('\n');
                    i++;
                    continue;
                }
                event(sb, e, shown, wire, connectAt);
            }
        }
        if (!shown.contains("phase4")) {
            section(sb, "phase4");
        }
        sb.append('\n').append(n.t("tw.before")).append('\n');
        tables.tcpBefore().forEach(l -> sb.append("    ").append(l).append('\n'));
        sb.append(n.t("tw.explain", "ms", DemoNetwork.DEMO_TIME_WAIT_NANOS / 1_000_000)).append('\n');
        if (tables.erased()) {
            sb.append(n.t("tw.after", "ms", tables.timeWaitMillis())).append('\n');
        } else {
            sb.append(n.t("tw.stuck")).append('\n');
        }
        tables.tcpAfter().forEach(l -> sb.append("    ").append(l).append('\n'));
        if (tables.tcpAfter().isEmpty()) {
            sb.append("    ").append(n.t("tables.none")).append('\n');
        }
        sb.append('\n').append("== ").append(n.t("tables.title")).append(" ==\n\n");
        sb.append(n.t("tables.sockets", "host", "browser")).append('\n');
        sb.append(indent(tables.browserSockets(), "    ")).append('\n');
        if (!tables.browserSockets().contains("\n")) {
            sb.append("    ").append(n.t("tables.browser.empty")).append('\n');
        }
        sb.append(n.t("tables.sockets", "host", "www")).append('\n');
        sb.append(indent(tables.wwwSockets(), "    ")).append('\n');
        sb.append("    ").append(n.t("tables.listener")).append('\n');
        sb.append('\n').append(n.t("tables.counters")).append('\n');
        tables.counters().forEach((h, c) -> sb.append("  ").append(h).append('\n').append(indent(c, "    ")).append('\n'));
        sb.append('\n').append(summary(wire)).append('\n');
        if (!fetched) {
            sb.append(n.t("fetch.failed", "why", failure == null ? "?" : failure)).append('\n');
        }
        return sb.toString();
    }

    private static String indent(String s, String by) {
        return by + s.replace("\n", "\n" + by);
    }

    private void section(StringBuilder sb, String key) {
        sb.append('\n').append("== ").append(n.t(key + ".title")).append(" ==\n");
        sb.append(n.t(key + ".text")).append("\n\n");
    }

    private Map<Item, Packet> movedBefore = Map.of();
    /** The browser's connection of each descriptor, and the bytes written on each connection so far. */
    private final Map<Integer, WireLog.Conn> browserConn = new HashMap<>();
    private final Map<WireLog.Conn, Long> browserWritten = new IdentityHashMap<>();
    /** The HTTP client writes a body of up to 16 KiB together with the head, in one call (Transfer). */
    static final int COALESCED_BODY = 16 * 1024;

    /** How the {@code bytes} the browser just wrote on {@code fd} were cut into segments (from the frames). */
    private String cut(WireLog wire, int fd, long bytes) {
        WireLog.Conn c = browserConn.get(fd);
        if (c == null) {
            return "";
        }
        long offset = 1 + browserWritten.getOrDefault(c, 0L);
        long end = offset + bytes;
        browserWritten.put(c, end - 1);
        List<String> sizes = new ArrayList<>();
        for (Packet p : wire.of(c)) {
            if (p.side == 0 && p.tcpLen > 0 && p.retransmit == WireLog.Retransmit.NONE && p.relSeq >= offset
                    && p.relSeq < end) {
                sizes.add(Integer.toString(p.tcpLen));
            }
        }
        return sizes.size() <= 1 ? n.t("cut.one", "mss", c.effectiveMss(0))
                : n.t("cut.many", "count", sizes.size(), "sizes", String.join(" + ", sizes), "mss", c.effectiveMss(0));
    }

    /**
     * When a step happened: a step told before the frame it caused was reported after that frame had
     * left, so it shows "at or before" the frame's time.
     */
    private String time(Item item) {
        Packet p = movedBefore.get(item);
        return p == null ? time(item.nanos()) : String.format(Locale.ROOT, "\u2264%7.3f ms", (p.nanos - t0) / 1e6);
    }

    private String time(long nanos) {
        return String.format(Locale.ROOT, "%8.3f ms", (nanos - t0) / 1e6);
    }

    private void event(StringBuilder sb, Event e, Set<String> shown, WireLog wire, Map<Integer, Long> connectAt) {
        String who = e.actor();
        String line = switch (e.kind()) {
            case RESOLVING -> {
                if (shown.add("phase0")) {
                    section(sb, "phase0");
                }
                yield n.t("ev.resolving", "name", e.s1());
            }
            case RESOLVED -> {
                String[] parts = e.s2().split(" ");
                yield e.n1() == 0 ? n.t("ev.resolved.cache", "name", e.s1(), "ip", parts[0])
                        : n.t("ev.resolved", "name", e.s1(), "ip", parts[0], "server", parts.length > 1 ? parts[1] : "?",
                        "queries", e.n1(), "ms", String.format(Locale.ROOT, "%.3f", e.n2() / 1000.0));
            }
            case SOCKET -> {
                if (shown.add("phase1")) {
                    section(sb, "phase1");
                }
                yield n.t("ev.socket", "fd", e.fd()) + "\n" + e.s1() + "\n" + n.t("ev.socket.after", "fd", e.fd());
            }
            case CONNECTING -> {
                if (shown.add("phase2")) {
                    section(sb, "phase2");
                }
                connectAt.put(e.fd(), e.nanos());
                yield n.t("ev.connecting", "fd", e.fd(), "remote", e.s1());
            }
            case CONNECTED -> {
                browserConn.put(e.fd(), connByPort(wire, "browser", e.s1()));
                yield n.t("ev.connected", "fd", e.fd(), "local", e.s1()) + "\n" + e.s2() + "\n"
                    + n.t("ev.buffers", "snd", e.n1(), "rcv", e.n2());
            }
            case ACCEPTED -> n.t("ev.accepted", "fd", e.fd(), "remote", e.s1()) + "\n" + e.s2();
            case REUSED -> {
                if (shown.add("reuse")) {
                    section(sb, "reuse");
                }
                yield n.t("ev.reused", "fd", e.fd(), "requests", e.n1(), "rtt", handshakeRtt(wire));
            }
            case HEAD_WRITTEN -> {
                if (shown.add("phase3")) {
                    section(sb, "phase3");
                }
                yield n.t("ev.head", "fd", e.fd(), "bytes", e.n1(), "line", e.s1()) + "\n             " + cut(wire, e.fd(), e.n1());
            }
            case BODY_WRITTEN -> who.equals("browser")
                    ? n.t("ev.body", "fd", e.fd(), "bytes", e.n1()) + "\n             " + cut(wire, e.fd(), e.n1())
                    : n.t("ev.server.body", "fd", e.fd(), "bytes", e.n1());
            case REQUEST -> n.t("ev.request", "fd", e.fd(), "n", e.n1(), "line", e.s1());
            case RESPONSE_SENT -> n.t("ev.response", "fd", e.fd(), "line", e.s1(), "head", e.n2());
            case RESPONSE_HEAD -> e.n1() < 0 ? n.t("ev.status", "fd", e.fd(), "line", e.s1())
                    : n.t("ev.headers", "fd", e.fd(), "bytes", e.n1());
            case RESPONSE_COMPLETE -> n.t("ev.complete", "fd", e.fd(), "bytes", e.n1(), "status", e.n2());
            case END_OF_STREAM -> n.t("ev.eof", "fd", e.fd());
            case KEPT -> n.t("ev.kept", "fd", e.fd());
            case CLOSED -> n.t("ev.closed", "fd", e.fd());
            case SERVER_CLOSING -> {
                if (e.n2() == 1 && shown.add("phase4")) {
                    section(sb, "phase4");
                }
                yield e.n2() == 1 ? n.t("ev.server.close", "fd", e.fd(), "requests", e.n1())
                        : n.t("ev.server.close.client", "fd", e.fd());
            }
        };
        sb.append(time(e)).append("  ").append(who).append(": ").append(line).append('\n');
    }

    /** The handshake's round trip as seen by the browser: SYN sent to SYN+ACK received, in ms. */
    private String handshakeRtt(WireLog wire) {
        Packet syn = first(wire, p -> p.side == 0 && p.has(TcpPacket.SYN) && !p.has(TcpPacket.ACK));
        Packet ack = first(wire, p -> p.side == 0 && p.has(TcpPacket.ACK) && !p.has(TcpPacket.SYN));
        if (syn == null || ack == null) {
            return "?";
        }
        return String.format(Locale.ROOT, "%.3f", (ack.nanos - syn.nanos) / 1e6);
    }

    private static Packet packetOf(WireLog wire, Frame f) {
        for (Packet p : wire.packets) {
            if (p.bytes == f.bytes()) {
                return p;
            }
        }
        return null;
    }

    /** The short technical line of a frame: time, who to whom, what (tcpdump-like, the same in every language). */
    String frameLine(Packet p) {
        String to = p.broadcast ? "all (broadcast)" : p.to == null ? "?" : p.to;
        return String.format(Locale.ROOT, "%s  #%-3d %-7s -> %-16s %s%s", time(p.nanos), p.number, p.from, to, label(p),
                p.lost() ? "   " + n.t("lost.mark") : "");
    }

    /** What a frame is, in a few symbols: the ladder's label and the first half of the capture's comment. */
    static String label(Packet p) {
        if (p.arp != null) {
            return p.arp.operation() == ArpRepr.REQUEST
                    ? "ARP who-has " + p.arp.targetProtocol() + " tell " + p.arp.senderProtocol()
                    : "ARP " + p.arp.senderProtocol() + " is-at " + p.arp.senderHardware();
        }
        if (p.dns != null) {
            boolean response = (p.dns.flags() & DnsMessage.FLAG_QR) != 0;
            String q = p.dns.questions().isEmpty() ? "?" : p.dns.questions().getFirst().name().toString();
            if (!response) {
                return String.format(Locale.ROOT, "UDP %d>53 DNS query id %d A? %s", p.udp.sourcePort(), p.dns.id(), q);
            }
            return String.format(Locale.ROOT, "UDP 53>%d DNS answer id %d %s A %s", p.udp.destinationPort(), p.dns.id(), q,
                    addresses(p.dns));
        }
        if (p.tcp != null) {
            StringBuilder sb = new StringBuilder("TCP ").append(flags(p.tcp.flags()));
            sb.append(" SEQ ").append(Integer.toUnsignedString(p.tcp.seq()));
            if (p.has(TcpPacket.ACK)) {
                sb.append(" ACK ").append(Integer.toUnsignedString(p.tcp.ack()));
            }
            sb.append(" LEN ").append(p.tcpLen).append(" WIN ").append(p.window);
            if (p.tcp.options().mss() >= 0) {
                sb.append(" MSS ").append(p.tcp.options().mss());
            }
            if (p.has(TcpPacket.SYN) && p.tcp.options().windowScale() >= 0) {
                sb.append(" WS ").append(p.tcp.options().windowScale());
            }
            if (p.has(TcpPacket.SYN) && p.tcp.options().timestamps()) {
                sb.append(" TS");
            }
            return sb.toString();
        }
        if (p.ip != null) {
            return "IPv4 proto " + p.ip.protocol();
        }
        return "frame of " + p.bytes.length + " bytes";
    }

    static String flags(int f) {
        StringBuilder sb = new StringBuilder("[");
        if ((f & TcpPacket.SYN) != 0) {
            sb.append("SYN ");
        }
        if ((f & TcpPacket.FIN) != 0) {
            sb.append("FIN ");
        }
        if ((f & TcpPacket.RST) != 0) {
            sb.append("RST ");
        }
        if ((f & TcpPacket.PSH) != 0) {
            sb.append("PSH ");
        }
        if ((f & TcpPacket.ACK) != 0) {
            sb.append("ACK ");
        }
        return sb.toString().strip() + "]";
    }

    private static String addresses(DnsMessage m) {
        List<String> a = new ArrayList<>();
        for (DnsRecord r : m.answers()) {
            if (r.data() instanceof DnsRdata.A(Ipv4Address address)) {
                a.add(address.toString());
            }
        }
        return a.isEmpty() ? "(none)" : String.join(",", a);
    }

    private static long ttl(DnsMessage m) {
        return m.answers().isEmpty() ? 0 : m.answers().getFirst().ttl();
    }

    /** The narration of one frame: a sentence in the chosen language (the capture's comment). */
    String note(Packet p) {
        String s = sentence(p);
        if (p.lost()) {
            s += " " + n.t("lost");
        }
        return s;
    }

    private String sentence(Packet p) {
        if (p.arp != null) {
            return p.arp.operation() == ArpRepr.REQUEST
                    ? n.t("arp.request", "host", p.from, "ip", p.arp.targetProtocol())
                    : n.t("arp.reply", "host", p.from, "ip", p.arp.senderProtocol(), "mac", p.arp.senderHardware());
        }
        if (p.dns != null) {
            boolean response = (p.dns.flags() & DnsMessage.FLAG_QR) != 0;
            String q = p.dns.questions().isEmpty() ? "?" : p.dns.questions().getFirst().name().toString();
            return response ? n.t("dns.answer", "name", q, "ip", addresses(p.dns), "ttl", ttl(p.dns))
                    : n.t("dns.query", "name", q, "port", p.udp.sourcePort(), "id", p.dns.id());
        }
        if (p.tcp == null) {
            return n.t("frame.other");
        }
        if (p.conn == null) {
            return p.has(TcpPacket.RST) ? n.t("tcp.rst") : n.t("frame.other");
        }
        String who = p.from;
        String peer = p.conn.host[1 - p.side];
        if (p.retransmit != WireLog.Retransmit.NONE) {
            String what = p.has(TcpPacket.SYN) ? "SYN" : p.tcpLen > 0
                    ? n.t("tcp.bytes", "from", p.relSeq, "to", p.relSeq + p.tcpLen - 1) : "FIN";
            return n.t(p.retransmit == WireLog.Retransmit.TIMER ? "tcp.retransmit.timer" : "tcp.retransmit.dupacks",
                    "host", who, "what", what, "seq", Integer.toUnsignedString(p.tcp.seq()));
        }
        if (p.has(TcpPacket.RST)) {
            return n.t("tcp.rst");
        }
        if (p.has(TcpPacket.SYN) && !p.has(TcpPacket.ACK)) {
            return n.t("tcp.syn", "host", who, "seq", Integer.toUnsignedString(p.tcp.seq()), "port", p.tcp.sourcePort(),
                    "dport", p.tcp.destinationPort(), "mss", p.tcp.options().mss(), "win", p.window);
        }
        if (p.has(TcpPacket.SYN)) {
            return n.t("tcp.synack", "host", who, "seq", Integer.toUnsignedString(p.tcp.seq()),
                    "ack", Integer.toUnsignedString(p.tcp.ack()), "mss", p.tcp.options().mss(), "win", p.window);
        }
        if (p.has(TcpPacket.FIN)) {
            String key = p.side == 1 ? "tcp.fin.server" : "tcp.fin.browser";
            return n.t(key, "host", who, "seq", Integer.toUnsignedString(p.tcp.seq()), "ack", Integer.toUnsignedString(p.tcp.ack()),
                    "rel", p.relAck - 1);
        }
        if (p.tcpLen > 0) {
            String why = switch (p.why) {
                case FULL_MSS -> n.t("why.mss", "mss", p.effectiveMss);
                case NODELAY -> n.t("why.nodelay");
                case NOTHING_IN_FLIGHT -> n.t("why.idle", "mss", p.effectiveMss);
                case AFTER_ACK -> n.t("why.nagle", "ack", p.ackBefore);
                case null -> "";
            };
            return n.t("tcp.data", "host", who, "bytes", p.tcpLen, "from", p.relSeq, "to", p.relSeq + p.tcpLen - 1,
                    "seq", Integer.toUnsignedString(p.tcp.seq()), "ack", Integer.toUnsignedString(p.tcp.ack())) + " " + why;
        }
        if (p.relSeq == 1 && p.relAck == 1 && p.side == 0) {
            return n.t("tcp.ack3", "host", who, "ack", Integer.toUnsignedString(p.tcp.ack()));
        }
        if (p.duplicateAck > 0) {
            return n.t("tcp.dupack", "host", who, "n", p.duplicateAck, "rel", p.relAck);
        }
        if (p.windowUpdate) {
            return n.t("tcp.window.update", "host", who, "ack", Integer.toUnsignedString(p.tcp.ack()), "win", p.window);
        }
        // a FIN already counted: the ACK of a FIN
        Packet fin = finBefore(p);
        if (fin != null) {
            return n.t("tcp.ack.fin", "host", who, "peer", peer, "ack", Integer.toUnsignedString(p.tcp.ack()));
        }
        String ack = n.t("tcp.ack", "host", who, "ack", Integer.toUnsignedString(p.tcp.ack()), "rel", p.relAck - 1,
                "win", p.window);
        long delay = wireLog.ackDelay(p);
        if (delay >= DELAYED_ACK_SHOWN) {
            ack += " " + n.t("tcp.ack.delayed", "ms", String.format(Locale.ROOT, "%.1f", delay / 1e6));
        }
        return ack;
    }

    /** The peer's FIN that this pure ACK acknowledges, or null. */
    private Packet finBefore(Packet ack) {
        for (Packet q : wireCache) {
            if (q.conn == ack.conn && q.side != ack.side && q.has(TcpPacket.FIN) && q.position < ack.position
                    && q.relSeq + q.seqSpace() == ack.relAck) {
                return q;
            }
        }
        return null;
    }

    private List<Packet> wireCache = List.of();
    private WireLog wireLog;
    /** An ACK held this long after its data arrived is told as a delayed ACK (the timer is 40 ms). */
    static final long DELAYED_ACK_SHOWN = 20_000_000L;

    /** MSS, explained with the numbers of this connection. */
    private String mssExplained(WireLog.Conn c) {
        int mtu = 1500;
        StringBuilder sb = new StringBuilder();
        sb.append("                 ").append(n.t("mss.explain", "mss", c.mss[1], "mtu", mtu)).append('\n');
        if (c.timestamps[0] && c.timestamps[1]) {
            sb.append("                 ").append(n.t("mss.timestamps", "data", c.effectiveMss(0), "mss", c.mss[1]))
                    .append('\n');
        }
        if (c.scaling()) {
            sb.append("                 ").append(n.t("mss.wscale", "b", c.wscale[0], "s", c.wscale[1])).append('\n');
        }
        return sb.toString();
    }

    private String summary(WireLog wire) {
        long lost = wire.packets.stream().filter(Packet::lost).count();
        long timer = wire.packets.stream().filter(p -> p.retransmit == WireLog.Retransmit.TIMER).count();
        long fast = wire.packets.stream().filter(p -> p.retransmit == WireLog.Retransmit.DUPLICATE_ACKS).count();
        return n.t("summary", "frames", wire.packets.size(), "lost", lost, "timer", timer, "fast", fast,
                "conns", wire.conns.size());
    }

    // ---------------------------------------------------------------- files

    private void writePcap(DemoNetwork net, WireLog wire) throws IOException {
        long epoch = PcapNgWriter.realTimeEpochOffset();
        PcapNgWriter w = new PcapNgWriter(options.pcap(), epoch);
        try {
            Map<String, io.netstack4j.link.FrameObserver> ifaces = new HashMap<>();
            for (DemoNetwork.Host h : net.hosts()) {
                ifaces.put(h.name(), w.addInterface(h.name()));
            }
            for (Packet p : wire.packets) {
                ifaces.get(p.from).onFrame(Direction.TX, p.bytes, 0, p.bytes.length, p.nanos,
                        "#" + p.number + " " + p.from + " -> " + (p.to == null ? "all" : p.to) + ": " + note(p));
            }
        } finally {
            w.close();
        }
    }
}
