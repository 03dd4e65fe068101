package io.netstack4j.app.cli;

import io.netstack4j.app.services.UdpEchoService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code ./netstack4j udp-echo HOST PORT}: a UDP echo server (RFC 862) until stopped. */
@Command(name = "udp-echo", mixinStandardHelpOptions = true,
        description = "Echo every UDP datagram received on PORT back to its sender, until stopped.")
public final class UdpEchoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host = new HostOptions();

    @Parameters(index = "0", paramLabel = "PORT", description = "UDP port to serve")
    int port;

    @Override
    public Integer call() throws Exception {
        String problem = host.problem();
        if (problem == null && !host.onTap()) {
            problem = "udp-echo needs --tap NAME --ip A.B.C.D/PREFIX (peers reach it over the TAP device)";
        }
        if (problem == null && (port < 1 || port > 65_535)) {
            problem = "PORT must be 1..65535, not " + port;
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        RunningHost running = HostBuilder.onTap(host);
        UdpEchoService echo;
        try {
            echo = UdpEchoService.start(running.net().sockets(), port, System.err);
        } catch (Exception e) {
            running.close();
            throw e;
        }
        running.serveUntilStopped(String.format("udp-echo on %s port %d (stop with Ctrl-C)", host.ip.address(), port),
                echo);
        return 0;
    }
}
