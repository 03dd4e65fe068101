package io.netstack4j.app.cli;

import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketType;
import io.netstack4j.api.Sockets;
import io.netstack4j.app.services.TcpService;
import io.netstack4j.socket.SocketException;
import io.netstack4j.wire.Ipv4Address;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./netstack4j connect HOST TARGET PORT}: a TCP client; standard input goes to the peer (a
 * half-close at its end) and the peer's bytes to standard output, as {@code nc -N}. Without
 * {@code --tap}, TARGET is an in-process host running a TCP echo service on PORT.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = {"Connect to TARGET:PORT over TCP: standard input goes to the peer (shut down for writing at"
                + " its end), the peer's bytes go to standard output; exit 0 when both directions are done.",
                "Refused, timed out or reset: one line on standard error and exit status 1.",
                "Without --tap, TARGET is another host on an in-process virtual LAN, running a TCP echo on PORT."})
public final class ConnectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host = new HostOptions();

    @Parameters(index = "0", paramLabel = "TARGET", converter = Converters.Address.class, description = "address to connect to")
    Ipv4Address target;

    @Parameters(index = "1", paramLabel = "PORT", description = "TCP port to connect to")
    int port;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "give up connecting after this long (default ${DEFAULT-VALUE}: only the SYN retries limit it)")
    double timeout;

    @Option(names = {"-v", "--verbose"}, description = "on standard error: the connection, byte counts and rate,"
            + " and at the end the TCP connection table (TIME-WAIT included) and counters")
    boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        String problem = host.problem();
        if (problem == null && (port < 1 || port > 65_535)) {
            problem = "PORT must be 1..65535, not " + port;
        }
        if (problem == null && (timeout < 0 || timeout > 86_400)) {
            problem = "--timeout takes 0..86400 seconds";
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        List<RunningHost> hosts = host.onTap() ? List.of(HostBuilder.onTap(host))
                : HostBuilder.inProcess(host, List.of(target));
        RunningHost running = hosts.get(0);
        Thread hook = TcpSession.closeOnSignal(running);
        try {
            for (RunningHost peerHost : hosts.subList(1, hosts.size())) {
                try {
                    TcpService.start(peerHost.net().sockets(), TcpService.Kind.ECHO, port, System.err);
                } catch (SocketException e) {
                    throw new IllegalStateException("in-process echo on port " + port + ": " + e.getMessage(), e);
                }
            }
            Sockets sockets = running.net().sockets();
            SocketAddress4 remote = new SocketAddress4(target, port);
            int fd;
            try {
                fd = sockets.socket(SocketType.STREAM);
                try {
                    sockets.connect(fd, remote, Math.round(timeout * 1000));
                } catch (SocketException e) {
                    sockets.close(fd);
                    throw e;
                }
            } catch (SocketException e) {
                if (TcpSession.hostClosed(e)) {
                    return TcpSession.FAILED;
                }
                System.err.println("netstack4j connect: " + remote + ": " + TcpSession.describe(e));
                return TcpSession.FAILED;
            }
            if (verbose) {
                try {
                    System.err.println("netstack4j connect: connected to " + remote + " from " + sockets.localAddress(fd));
                } catch (SocketException e) {
                    System.err.println("netstack4j connect: connected to " + remote);
                }
            }
            return TcpSession.pipe("connect", running, fd, remote.toString(), verbose, System.in, System.out, System.err);
        } finally {
            hosts.forEach(RunningHost::close);
            TcpSession.removeHook(hook);
        }
    }
}
