package io.netstack4j.app.cli;

import io.netstack4j.app.http.server.AccessLogEntry;
import io.netstack4j.app.http.server.HttpServer;
import io.netstack4j.app.http.server.HttpServerConfig;
import io.netstack4j.app.http.server.HttpServerListener;
import io.netstack4j.socket.SocketException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ./netstack4j serve HOST [--port N] DIR}: an HTTP/1.1 server for the files under DIR on a TAP
 * host, one access-log line per request on standard output, until SIGINT/SIGTERM.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the files under DIR over HTTP/1.1 (GET, HEAD, ranges, If-Modified-Since, keep-alive)"
                + " until stopped; one line per request on standard output (common log format, the duration added).",
                "-v adds each connection's accept and close (and who closed first) on standard error."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host = new HostOptions();

    @Option(names = "--port", paramLabel = "N", defaultValue = "80", description = "TCP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "close a connection with no request begun this long (default ${DEFAULT-VALUE})")
    double idleSeconds;

    @Option(names = "--header-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "a request head must arrive within this from its first byte, or 408 and close"
                    + " (default ${DEFAULT-VALUE})")
    double headerSeconds;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "256",
            description = "connections served at once; more are closed at once (default ${DEFAULT-VALUE})")
    int maxConnections;

    @Option(names = "--max-requests", paramLabel = "N", defaultValue = "1000",
            description = "requests per connection; the last is answered with Connection: close (default ${DEFAULT-VALUE})")
    int maxRequests;

    @Option(names = {"-v", "--verbose"}, description = "connections accepted and closed, on standard error")
    boolean verbose;

    @Parameters(index = "0", paramLabel = "DIR", description = "the directory to serve")
    Path dir;

    @Override
    public Integer call() throws Exception {
        String problem = host.problem();
        if (problem == null && !host.onTap()) {
            problem = "serve needs --tap NAME --ip A.B.C.D/PREFIX (clients reach it over the TAP device)";
        }
        if (problem == null && !Files.isDirectory(dir)) {
            problem = "DIR " + dir + " is not a directory";
        }
        if (problem == null && (port < 1 || port > 65_535)) {
            problem = "--port must be 1..65535, not " + port;
        }
        if (problem == null && !(idleSeconds > 0 && idleSeconds <= 3600 && headerSeconds > 0 && headerSeconds <= 3600)) {
            problem = "--idle-timeout and --header-timeout must be in (0, 3600] seconds";
        }
        if (problem == null && (maxConnections < 1 || maxConnections > 100_000 || maxRequests < 1)) {
            problem = "--max-connections must be 1..100000 and --max-requests positive";
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        HttpServerConfig config = HttpServerConfig.DEFAULT.withPort(port)
                .withIdleTimeoutMillis(Math.max(1, Math.round(idleSeconds * 1000)))
                .withHeaderTimeoutMillis(Math.max(1, Math.round(headerSeconds * 1000)))
                .withMaxConnections(maxConnections)
                .withMaxRequestsPerConnection(maxRequests);
        RunningHost running = HostBuilder.onTap(host);
        HttpServer server;
        try {
            server = HttpServer.start(running.net(), dir, config, new Log(System.out, verbose ? System.err : null));
        } catch (SocketException | RuntimeException e) {
            running.close();
            throw new IllegalStateException("port " + port + ": " + e.getMessage(), e);
        }
        running.serveUntilStopped(String.format("serve %s on http://%s:%d/ (stop with Ctrl-C)",
                server.root().path(), host.ip.address(), port), server);
        return 0;
    }

    /** One access-log line per request on {@code out}; with {@code events}, connections too. */
    record Log(PrintStream out, PrintStream events) implements HttpServerListener {
        @Override
        public void requestCompleted(AccessLogEntry e) {
            out.println(e.toLine());
        }

        @Override
        public void connectionAccepted(Connection c) {
            if (events != null) {
                events.println("netstack4j serve: accepted " + c);
            }
        }

        @Override
        public void connectionRefused(int fd, int active) {
            if (events != null) {
                events.println("netstack4j serve: refused fd " + fd + ": " + active + " connections being served");
            }
        }

        @Override
        public void connectionClosing(Connection c, CloseReason reason, int requests) {
            if (events != null) {
                events.println("netstack4j serve: closing " + c + " after " + requests + " requests: "
                        + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + (reason.serverClosesFirst() ? " (server closes first)" : " (client closed first)"));
            }
        }
    }
}
