package io.netstack4j.app.cli;

import io.netstack4j.app.demo.LanDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./netstack4j demo [--loss PERCENT] [--pcap FILE]}. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Two hosts on an in-process LAN, every step narrated (no root needed).")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--loss", paramLabel = "PERCENT", defaultValue = "0",
            description = "drop this share of frames on the LAN, each way (default ${DEFAULT-VALUE})")
    double lossPercent;

    @Option(names = "--pcap", paramLabel = "FILE", description = "also write every frame to a pcapng file")
    Path pcap;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed of the fault injector (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (lossPercent < 0 || lossPercent >= 100) {
            throw new ParameterException(spec.commandLine(), "--loss takes 0 up to (not including) 100");
        }
        boolean ok = new LanDemo(System.out, lossPercent / 100.0, pcap, seed).run();
        return ok ? 0 : 1;
    }
}
