package io.netstack4j.app.cli;

import io.netstack4j.app.services.UdpEchoService;
import io.netstack4j.socket.SocketException;
import io.netstack4j.wire.Ipv4Address;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./netstack4j host HOST [--udp-echo PORT]}: a stack that answers ARP and ICMP, plus the
 * small test services asked for, until it is stopped (SIGINT/SIGTERM); then it releases its LAN
 * adapter. Standard input takes console commands ({@code sockets}, {@code neigh}, ...).
 */
@Command(name = "host", mixinStandardHelpOptions = true,
        description = {"Attach a stack to a TAP device and answer ARP and ICMP (and the services asked for) until stopped.",
                "Console commands on standard input: sockets, neigh, routes, stats, help."})
public final class HostCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host = new HostOptions();

    @Option(names = "--udp-echo", paramLabel = "PORT", description = "run a UDP echo service (RFC 862) on PORT (repeatable)")
    List<Integer> udpEcho = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        String problem = host.problem();
        if (problem == null && !host.onTap()) {
            problem = "host needs --tap NAME --ip A.B.C.D/PREFIX (an in-process host would have no one to answer)";
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        for (int port : udpEcho) {
            if (port < 1 || port > 65_535) {
                throw new ParameterException(spec.commandLine(), "--udp-echo takes a port 1..65535, not " + port);
            }
        }
        RunningHost running = HostBuilder.onTap(host);
        try {
            for (int port : udpEcho) {
                UdpEchoService.start(running.net().sockets(), port, System.err);
            }
        } catch (SocketException e) {
            running.close();
            throw new IllegalStateException("--udp-echo: " + e.getMessage(), e);
        }
        Ipv4Address gw = host.gateway;
        new HostConsole(running.net(), System.out).startReading(System.in);
        running.serveUntilStopped(String.format("host %s up: %s mac %s%s mtu %d%s (stop with Ctrl-C; 'help' for console commands)",
                host.tap, host.ip, running.stack().config().mac(), gw == null ? "" : " gateway " + gw, host.mtu,
                udpEcho.isEmpty() ? "" : " udp-echo " + udpEcho));
        return 0;
    }
}
