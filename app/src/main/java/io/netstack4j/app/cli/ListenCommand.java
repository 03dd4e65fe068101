package io.netstack4j.app.cli;

import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketType;
import io.netstack4j.api.Sockets;
import io.netstack4j.socket.SocketException;
import io.netstack4j.wire.Ipv4Address;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/**
 * {@code ./netstack4j listen HOST PORT}: accepts one TCP connection, then standard input goes to
 * the peer (a half-close at its end) and the peer's bytes to standard output, as {@code nc -l -N}.
 */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {"Accept one TCP connection on PORT: standard input goes to the peer (shut down for writing"
                + " at its end), the peer's bytes go to standard output; exit 0 when both directions are done.",
                "'listening on A.B.C.D:PORT' on standard error says when it is ready; a failure (reset, ...) is one"
                        + " line on standard error and exit status 1."})
public final class ListenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host = new HostOptions();

    @Parameters(index = "0", paramLabel = "PORT", description = "TCP port to listen on")
    int port;

    @Option(names = {"-v", "--verbose"}, description = "on standard error: the peer, byte counts and rate,"
            + " and at the end the TCP connection table (TIME-WAIT included) and counters")
    boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        String problem = host.problem();
        if (problem == null && !host.onTap()) {
            problem = "listen needs --tap NAME --ip A.B.C.D/PREFIX (peers reach it over the TAP device)";
        }
        if (problem == null && (port < 1 || port > 65_535)) {
            problem = "PORT must be 1..65535, not " + port;
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        RunningHost running = HostBuilder.onTap(host);
        Thread hook = TcpSession.closeOnSignal(running);
        try {
            Sockets sockets = running.net().sockets();
            int conn;
            SocketAddress4 peer;
            try {
                int lfd = sockets.socket(SocketType.STREAM);
                try {
                    sockets.bind(lfd, new SocketAddress4(Ipv4Address.ANY, port));
                    sockets.listen(lfd, 1);
                    System.err.println("netstack4j listen: listening on " + host.ip.address() + ":" + port);
                    System.err.flush();
                    conn = sockets.accept(lfd);
                } finally {
                    sockets.close(lfd);   // one connection only: later SYNs are refused
                }
                peer = sockets.remoteAddress(conn);
            } catch (SocketException e) {
                if (TcpSession.hostClosed(e)) {
                    return TcpSession.FAILED;   // stopped by a signal while waiting
                }
                System.err.println("netstack4j listen: port " + port + ": " + TcpSession.describe(e));
                return TcpSession.FAILED;
            }
            if (verbose) {
                System.err.println("netstack4j listen: connection from " + peer);
            }
            return TcpSession.pipe("listen", running, conn, peer.toString(), verbose, System.in, System.out, System.err);
        } finally {
            running.close();
            TcpSession.removeHook(hook);
        }
    }
}
