package io.netstack4j.app.cli;

import io.netstack4j.app.ping.PingOptions;
import io.netstack4j.app.ping.PingStatistics;
import io.netstack4j.app.ping.Pinger;
import io.netstack4j.wire.Ipv4Address;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/** {@code ./netstack4j ping HOST [-c COUNT] [-i SECONDS] [-s SIZE] TARGET}. */
@Command(name = "ping", mixinStandardHelpOptions = true,
        description = {"Send ICMP echo requests from a netstack4j stack, like iputils ping.",
                "Without --tap, TARGET is another host on an in-process virtual LAN."})
public final class PingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host = new HostOptions();

    @Option(names = "-c", paramLabel = "COUNT", description = "stop after COUNT requests (default: until interrupted)")
    int count;

    @Option(names = "-i", paramLabel = "SECONDS", defaultValue = "1", description = "interval between requests (default ${DEFAULT-VALUE})")
    double interval;

    @Option(names = "-s", paramLabel = "SIZE", defaultValue = "56", description = "bytes of echo data (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "-W", paramLabel = "SECONDS", defaultValue = "2", description = "time to wait for replies after the last request (default ${DEFAULT-VALUE})")
    double wait;

    @Parameters(index = "0", paramLabel = "TARGET", converter = Converters.Address.class, description = "address to ping")
    Ipv4Address target;

    @Override
    public Integer call() {
        String problem = host.problem();
        if (problem == null && count < 0) {
            problem = "-c must not be negative";
        }
        if (problem == null && (interval < 0.001 || wait < 0)) {
            problem = "-i must be at least 0.001 and -W not negative";
        }
        if (problem == null && (size < 0 || size > 65_507)) {
            problem = "-s must be between 0 and 65507";
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        List<RunningHost> hosts = host.onTap() ? List.of(HostBuilder.onTap(host))
                : HostBuilder.inProcess(host, List.of(target));
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            main.interrupt();
            try {
                main.join(3_000);
            } catch (InterruptedException ignored) {
                // shutting down anyway
            }
        }, "netstack4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunningHost local = hosts.get(0);
            PingOptions options = new PingOptions(target, count, (long) (interval * 1e9), size, (long) (wait * 1e9),
                    ThreadLocalRandom.current().nextInt(1, 0x10000));
            PingStatistics stats = new Pinger(local.stack(), local.loop(), options, System.out).run();
            return stats.received() > 0 ? 0 : 1;
        } finally {
            hosts.forEach(RunningHost::close);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running: it waits for us
            }
        }
    }
}
