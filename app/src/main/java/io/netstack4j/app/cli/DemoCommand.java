package io.netstack4j.app.cli;

import io.netstack4j.app.demo.FetchDemo;
import io.netstack4j.app.demo.LanDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./netstack4j demo [--loss PERCENT] [--keep-alive] [--pcap FILE] [--svg FILE] [--lang en|ja|ko]}. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"A browser fetches a page from a web server on an in-process network, every step narrated "
                + "in the order of the story: the resolver (DNS over UDP, ARP), then create the socket, connect "
                + "(SYN, SYN+ACK, ACK), send and receive, disconnect (no root needed).",
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

    @Option(names = "--tap", paramLabel = "NAME", description = "not yet: the fetch against the kernel's servers over a TAP device")
    String tap;

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
        if (tap != null) {
            throw new ParameterException(spec.commandLine(), "--tap is not supported by the demo yet; run it without --tap");
        }
        // UTF-8 whatever the platform's encoding: the narration may be Japanese or Korean
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (lan) {
            return new LanDemo(out, lossPercent / 100.0, pcap, seed).run() ? 0 : 1;
        }
        FetchDemo.Options options = new FetchDemo.Options(lang, lossPercent / 100.0, seed, keepAlive, pcap, svg);
        boolean ok = new FetchDemo(out, options).run();
        out.flush();
        return ok ? 0 : 1;
    }
}
