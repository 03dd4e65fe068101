package io.netstack4j.app.cli;

import io.netstack4j.api.Resolver;
import io.netstack4j.app.dns.DigFormat;
import io.netstack4j.app.dns.DnsTcpServer;
import io.netstack4j.link.FaultConfig;
import io.netstack4j.socket.dns.DnsFailure;
import io.netstack4j.socket.dns.DnsOutcome;
import io.netstack4j.socket.dns.DnsServerEndpoint;
import io.netstack4j.wire.Ipv4Address;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code ./netstack4j resolve HOST --dns IP NAME}: asks a DNS server for NAME's A records through
 * the stack's resolver and prints a dig-like answer (answer section with TTLs, query time).
 * Without {@code --tap}, the in-process network gets a DNS server of its own serving the
 * {@code --record} entries.
 */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = {"Resolve NAME to IPv4 addresses through the netstack4j resolver (DNS over UDP), dig-like output.",
                "Without --tap: an in-process network with a DNS server at " + ResolveCommand.IN_PROCESS_DNS
                        + " serving the --record entries."})
public final class ResolveCommand implements Callable<Integer> {
    static final String IN_PROCESS_DNS = "198.51.100.53";

    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host = new HostOptions();

    @Option(names = "--record", paramLabel = "NAME=IP", description = "in-process network only: a record its DNS server serves (repeatable)")
    Map<String, String> records = new java.util.LinkedHashMap<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5", description = "overall deadline (default ${DEFAULT-VALUE})")
    double timeout;

    @Parameters(index = "0", paramLabel = "NAME", description = "the name to resolve")
    String name;

    @Override
    public Integer call() throws Exception {
        String problem = host.problem();
        if (problem == null && host.onTap() && host.dns == null) {
            problem = "resolve needs --dns IP (the DNS server to ask)";
        }
        if (problem == null && host.onTap() && !records.isEmpty()) {
            problem = "--record is for the in-process network (with --tap, ask a real server)";
        }
        if (problem == null && (timeout <= 0 || timeout > 600)) {
            problem = "--timeout must be in (0, 600] seconds";
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        List<RunningHost> hosts = new ArrayList<>();
        DnsTcpServer tcp = null;
        try {
            Ipv4Address server;
            if (host.onTap()) {
                hosts.add(HostBuilder.onTap(host));
                server = host.dns;
            } else {
                server = host.dns != null ? host.dns : Ipv4Address.parse(IN_PROCESS_DNS);
                hosts.addAll(HostBuilder.inProcess(host, List.of(server), FaultConfig.NONE,
                        ThreadLocalRandom.current().nextLong()));
                // UDP and TCP, so a long answer truncated over UDP is asked again over TCP (RFC 7766).
                DnsServerEndpoint udp = DnsServerCommand.serve(hosts.get(1), DnsServerCommand.zone(records, null));
                tcp = DnsServerCommand.serveTcp(hosts.get(1), udp, 53, DnsTcpServer.Config.DEFAULT);
            }
            Duration deadline = Duration.ofMillis((long) (timeout * 1000));
            try (Resolver resolver = Resolver.builder(hosts.get(0).net()).servers(server).deadline(deadline).build()) {
                DnsOutcome outcome = resolver.lookupAsync(name).get();
                System.out.print(DigFormat.format(name, outcome, 53));
                if (outcome instanceof DnsFailure f) {
                    System.err.println("netstack4j resolve: " + f.kind() + ": " + f.message());
                    return 1;
                }
                return 0;
            }
        } finally {
            if (tcp != null) {
                tcp.close();
            }
            hosts.forEach(RunningHost::close);
        }
    }
}
