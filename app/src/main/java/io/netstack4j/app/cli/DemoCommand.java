package io.netstack4j.app.cli;

import io.netstack4j.app.demo.FetchDemo;
import io.netstack4j.app.demo.LanDemo;
import io.netstack4j.app.demo.TapDemo;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./netstack4j demo [--loss PERCENT] [--keep-alive] [--pcap FILE] [--svg FILE] [--lang en|ja|ko]}, or the
 * same fetch over a TAP device: {@code --tap NAME --ip A.B.C.D/P [--gateway IP] [--dns IP] [--url URL] [--post URL]}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"A browser fetches a page from a web server on an in-process network, every step narrated "
                + "in the order of the story: the resolver (DNS over UDP, ARP), then create the socket, connect "
                + "(SYN, SYN+ACK, ACK), send and receive, disconnect (no root needed).",
                "With --tap NAME --ip A.B.C.D/P the browser's stack attaches to an existing TAP device instead and "
                        + "fetches --url (default http://www.example.test/, resolved through --dns) from the "
                        + "Linux kernel's servers on the other end (e.g. dnsmasq and nginx), plus a POST of the long form "
                        + "to --post URL if given; the TAP is opened without offloads, so the narration shows the "
                        + "segments a wire carries, and only the browser's frames are seen. --pcap, --svg and --lang "
                        + "work as usual; --loss, --keep-alive and --lan do not go with --tap. Exit status: 0, "
                        + "or as `get`: 6 name not resolved, 7 refused, 28 timed out, 22 HTTP error, 2 no such TAP "
                        + "device or not root.",
                "--lan runs the older demo instead: ARP, DNS, ping and fragmentation between two hosts, in virtual time."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--loss", paramLabel = "PERCENT", defaultValue = "0",
            description = "drop this share of the frames each host sends (default ${DEFAULT-VALUE})")
    double lossPercent;

    @Option(names = "--keep-alive", description = "two requests on one connection (HTTP/1.1 keep-alive)")
    boolean keepAlive;

    @Option(names = "--pcap", paramLabel = "FILE", description = "write the frames to a pcapng file, each with its narration as a comment")
    Path pcap;

    @Option(names = "--svg", paramLabel = "FILE", description = "draw the exchange as a ladder diagram (SVG)")
    Path svg;

    @Option(names = "--lang", paramLabel = "LANG", defaultValue = "en",
            description = "the narration's language: en, ja or ko (default ${DEFAULT-VALUE})")
    String lang;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed of the fault injector (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--tap", paramLabel = "NAME",
            description = "the fetch against the Linux kernel's servers over this existing TAP device (needs --ip)")
    String tap;

    @Option(names = "--ip", paramLabel = "A.B.C.D/PREFIX", converter = Converters.Cidr.class,
            description = "with --tap: the browser's address and prefix")
    Ipv4Cidr ip;

    @Option(names = "--gateway", paramLabel = "IP", converter = Converters.Address.class,
            description = "with --tap: the browser's default gateway")
    Ipv4Address gateway;

    @Option(names = "--dns", paramLabel = "IP", converter = Converters.Address.class,
            description = "with --tap: the DNS server the resolver asks")
    Ipv4Address dns;

    @Option(names = "--mtu", paramLabel = "N", defaultValue = "1500", description = "with --tap: link MTU (default ${DEFAULT-VALUE})")
    int mtu;

    @Option(names = "--url", paramLabel = "URL", description = "with --tap: the page to get (default http://www.example.test/)")
    URI url;

    @Option(names = "--post", paramLabel = "URL", description = "with --tap: also post the long form to this URL")
    URI post;

    @Option(names = "--lan", description = "the older demo: ARP, DNS over UDP, ping, fragments, in virtual time")
    boolean lan;

    @Override
    public Integer call() throws Exception {
        if (lossPercent < 0 || lossPercent >= 100) {
            throw new ParameterException(spec.commandLine(), "--loss takes 0 up to (not including) 100");
        }
        if (!List.of("en", "ja", "ko").contains(lang)) {
            throw new ParameterException(spec.commandLine(), "--lang takes en, ja or ko, not " + lang);
        }
        String problem = tap != null ? tapProblem() : ip != null || gateway != null || dns != null || url != null
                || post != null ? "--ip, --gateway, --dns, --url and --post go with --tap NAME" : null;
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        // UTF-8 whatever the platform's encoding: the narration may be Japanese or Korean
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (tap != null) {
            return onTap(out);
        }
        if (lan) {
            return new LanDemo(out, lossPercent / 100.0, pcap, seed).run() ? 0 : 1;
        }
        FetchDemo.Options options = new FetchDemo.Options(lang, lossPercent / 100.0, seed, keepAlive, pcap, svg);
        boolean ok = new FetchDemo(out, options).run();
        out.flush();
        return ok ? 0 : 1;
    }

    /** What does not go with --tap, in one line, or null. */
    private String tapProblem() {
        if (ip == null) {
            return "--tap needs --ip A.B.C.D/PREFIX";
        }
        if (lossPercent != 0 || keepAlive || lan) {
            return "--loss, --keep-alive and --lan do not go with --tap (the kernel's side cannot be made to lose "
                    + "frames from here; use the in-process demo for them)";
        }
        if (gateway != null && !ip.contains(gateway)) {
            return "--gateway " + gateway + " is not inside " + ip;
        }
        if (mtu < 576 || mtu > 65_521) {
            return "--mtu must be between 576 and 65521, not " + mtu;
        }
        for (URI u : new URI[] {url(), post}) {
            if (u != null && (!"http".equals(u.getScheme()) || u.getHost() == null)) {
                return "--url and --post take http://NAME-OR-ADDRESS[:PORT]/PATH, not " + u;
            }
            if (u != null && dns == null && !isAddress(u.getHost())) {
                return "--tap needs --dns IP to resolve " + u.getHost() + " (or a URL with an address)";
            }
        }
        return null;
    }

    private URI url() {
        return url != null ? url : TapDemo.DEFAULT_URL;
    }

    private static boolean isAddress(String host) {
        try {
            Ipv4Address.parse(host);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The fetch over the TAP device; the exit status says how it went, with a one-line reason on stderr. */
    private int onTap(PrintStream out) throws Exception {
        TapDemo.Result r = new TapDemo(out, new TapDemo.Options(tap, ip, gateway, dns, mtu, url(), post, lang, pcap, svg))
                .run();
        out.flush();
        if (r.error() != null) {
            int code = GetCommand.exitCode(r.error());
            System.err.println("netstack4j demo: " + GetCommand.describe(r.error(), code));
            return code;
        }
        if (r.failure() != null) {
            System.err.println("netstack4j demo: " + r.failure());
            return GetCommand.HTTP_ERROR;
        }
        if (!r.told().ok()) {
            System.err.println("netstack4j demo: the fetch worked, but the browser's connection did not close in time");
            return 1;
        }
        return 0;
    }
}
