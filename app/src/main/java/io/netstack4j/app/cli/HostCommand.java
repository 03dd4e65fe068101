package io.netstack4j.app.cli;

import io.netstack4j.app.services.TcpService;
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
 * {@code ./netstack4j host HOST [--tcp-echo PORT] [--tcp-discard PORT] [--tcp-hold PORT] [--udp-echo PORT]}:
 * a stack that answers ARP and ICMP, plus the small test services asked for (each repeatable),
 * until it is stopped (SIGINT/SIGTERM); then it releases its LAN adapter. Standard input takes
 * console commands ({@code sockets}, {@code tcp}, {@code stats}, ...).
 */
@Command(name = "host", mixinStandardHelpOptions = true,
        description = {"Attach a stack to a TAP device and answer ARP and ICMP (and the services asked for) until stopped.",
                "Console commands on standard input: sockets, tcp, neigh, routes, stats, help."})
public final class HostCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host = new HostOptions();

    @Option(names = "--udp-echo", paramLabel = "PORT", description = "run a UDP echo service (RFC 862) on PORT (repeatable)")
    List<Integer> udpEcho = new ArrayList<>();

    @Option(names = "--tcp-echo", paramLabel = "PORT",
            description = "run a TCP echo service (RFC 862) on PORT; it closes its side after the peer closes (repeatable)")
    List<Integer> tcpEcho = new ArrayList<>();

    @Option(names = "--tcp-discard", paramLabel = "PORT",
            description = "run a TCP discard service (RFC 863) on PORT: read and drop (repeatable)")
    List<Integer> tcpDiscard = new ArrayList<>();

    @Option(names = "--tcp-hold", paramLabel = "PORT",
            description = "accept TCP connections on PORT and never read, so their window closes (repeatable)")
    List<Integer> tcpHold = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        String problem = host.problem();
        if (problem == null && !host.onTap()) {
            problem = "host needs --tap NAME --ip A.B.C.D/PREFIX (an in-process host would have no one to answer)";
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        checkPorts("--udp-echo", udpEcho);
        List<Integer> tcpPorts = new ArrayList<>();
        checkPorts("--tcp-echo", tcpEcho);
        checkPorts("--tcp-discard", tcpDiscard);
        checkPorts("--tcp-hold", tcpHold);
        tcpPorts.addAll(tcpEcho);
        tcpPorts.addAll(tcpDiscard);
        tcpPorts.addAll(tcpHold);
        if (tcpPorts.stream().distinct().count() != tcpPorts.size()) {
            throw new ParameterException(spec.commandLine(), "a TCP port can run one service only: " + tcpPorts);
        }
        RunningHost running = HostBuilder.onTap(host);
        List<AutoCloseable> services = new ArrayList<>();
        String option = "--udp-echo";
        try {
            for (int port : udpEcho) {
                services.add(UdpEchoService.start(running.net().sockets(), port, System.err));
            }
            for (TcpService.Kind kind : TcpService.Kind.values()) {
                option = "--" + kind.label();
                for (int port : switch (kind) {
                    case ECHO -> tcpEcho;
                    case DISCARD -> tcpDiscard;
                    case HOLD -> tcpHold;
                }) {
                    services.add(TcpService.start(running.net().sockets(), kind, port, System.err));
                }
            }
        } catch (SocketException e) {
            running.close();
            throw new IllegalStateException(option + ": " + e.getMessage(), e);
        }
        Ipv4Address gw = host.gateway;
        new HostConsole(running.net(), System.out, running::linkReport).startReading(System.in);
        running.serveUntilStopped(String.format("host %s up: %s mac %s%s mtu %d%s%s%s%s (stop with Ctrl-C; 'help' for console commands)",
                host.tap, host.ip, running.stack().config().mac(), gw == null ? "" : " gateway " + gw, host.mtu,
                listed(" udp-echo ", udpEcho), listed(" tcp-echo ", tcpEcho), listed(" tcp-discard ", tcpDiscard),
                listed(" tcp-hold ", tcpHold)), services.toArray(AutoCloseable[]::new));
        return 0;
    }

    private void checkPorts(String option, List<Integer> ports) {
        for (int port : ports) {
            if (port < 1 || port > 65_535) {
                throw new ParameterException(spec.commandLine(), option + " takes a port 1..65535, not " + port);
            }
        }
        if (ports.stream().distinct().count() != ports.size()) {
            throw new ParameterException(spec.commandLine(), option + " names a port twice: " + ports);
        }
    }

    private static String listed(String label, List<Integer> ports) {
        return ports.isEmpty() ? "" : label + ports;
    }
}
