package io.netstack4j.app.cli;

import io.netstack4j.api.Resolver;
import io.netstack4j.api.ResolverException;
import io.netstack4j.app.http.HttpFields;
import io.netstack4j.app.http.MalformedMessageException;
import io.netstack4j.app.http.client.HttpClient;
import io.netstack4j.app.http.client.HttpRequest;
import io.netstack4j.app.http.client.HttpResponse;
import io.netstack4j.app.http.client.TooManyRedirectsException;
import io.netstack4j.app.http.client.UnsupportedUrlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code ./netstack4j get HOST [--dns IP] [-o FILE] [-v] URL}: a curl-like HTTP/1.1 client on the
 * stack. Exit status as curl's where one fits (see {@link #describeExitCodes}).
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Fetch URL over HTTP/1.1 with the netstack4j client (curl-like): the body goes to standard"
                + " output or -o FILE; -v shows the request and response headers and the connection's steps on"
                + " standard error; a progress bar on standard error when it is a terminal and the body is large."
                + " Redirects are followed (--max-redirects). Needs --tap (no web server on the in-process network).",
                "Exit status: 0 done; 1 unsupported URL; 2 usage; 3 malformed URL; 6 could not resolve the name;"
                        + " 7 could not connect (refused, unreachable); 8 malformed response; 18 body shorter than"
                        + " announced; 22 HTTP status 400 or more (the body is still written); 23 could not write the"
                        + " output; 28 timeout (connect, read or --timeout); 47 too many redirects; 52 empty reply;"
                        + " 56 connection failed while receiving (reset)."})
public final class GetCommand implements Callable<Integer> {
    static final int UNSUPPORTED = 1;
    static final int BAD_URL = 3;
    static final int RESOLVE = 6;
    static final int CONNECT = 7;
    static final int MALFORMED = 8;
    static final int PARTIAL = 18;
    static final int HTTP_ERROR = 22;
    static final int WRITE = 23;
    static final int TIMEOUT = 28;
    static final int REDIRECTS = 47;
    static final int EMPTY = 52;
    static final int RECEIVE = 56;

    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host = new HostOptions();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the body to FILE instead of standard output")
    Path output;

    @Option(names = {"-v", "--verbose"}, description = "request and response headers and the connection's steps on standard error")
    boolean verbose;

    @Option(names = {"-I", "--head"}, description = "send HEAD instead of GET")
    boolean head;

    @Option(names = {"-d", "--data"}, paramLabel = "TEXT", description = "POST TEXT (Content-Type: application/x-www-form-urlencoded)")
    String data;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "give up on the whole transfer after this long (default ${DEFAULT-VALUE}: no limit)")
    double timeout;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "give up connecting after this long (default ${DEFAULT-VALUE})")
    double connectTimeout;

    @Option(names = "--read-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "give up when no byte arrives for this long (default ${DEFAULT-VALUE})")
    double readTimeout;

    @Option(names = "--max-redirects", paramLabel = "N", defaultValue = "5",
            description = "follow at most N redirects; -1 follows none (default ${DEFAULT-VALUE})")
    int maxRedirects;

    @Option(names = "--progress", description = "show the progress bar even when standard error is not a terminal")
    boolean forceProgress;

    @Parameters(index = "0", paramLabel = "URL", description = "http://NAME-OR-ADDRESS[:PORT]/PATH")
    String url;

    @Override
    public Integer call() throws Exception {
        String problem = host.problem();
        if (problem == null && !host.onTap()) {
            problem = "get needs --tap NAME --ip A.B.C.D/PREFIX (the in-process network has no web server)";
        }
        if (problem == null && (timeout < 0 || connectTimeout <= 0 || readTimeout <= 0)) {
            problem = "timeouts must be positive (--timeout 0: none)";
        }
        if (problem == null && (maxRedirects < -1 || maxRedirects > 50)) {
            problem = "--max-redirects takes -1..50";
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            System.err.println("netstack4j get: malformed URL: " + e.getMessage());
            return BAD_URL;
        }
        PrintStream err = System.err;
        RunningHost running = HostBuilder.onTap(host);
        Thread hook = TcpSession.closeOnSignal(running);
        Resolver resolver = host.dns != null ? Resolver.create(running.net(), host.dns) : null;
        GetListener listener = new GetListener(err, verbose, forceProgress || GetListener.stderrIsTerminal());
        HttpClient.Builder b = HttpClient.builder(running.net()).resolver(resolver).listener(listener)
                .connectTimeout(seconds(connectTimeout)).readTimeout(seconds(readTimeout))
                .totalTimeout(seconds(timeout)).maxRedirects(maxRedirects);
        try (HttpClient client = b.build()) {
            return fetch(client, uri, listener, err);
        } finally {
            if (resolver != null) {
                resolver.close();
            }
            running.close();
            TcpSession.removeHook(hook);
        }
    }

    private int fetch(HttpClient client, URI uri, GetListener listener, PrintStream err) {
        HttpRequest request = data != null
                ? new HttpRequest("POST", uri, HttpFields.of("Content-Type", "application/x-www-form-urlencoded"),
                data.getBytes(StandardCharsets.UTF_8))
                : head ? HttpRequest.head(uri) : HttpRequest.get(uri);
        HttpResponse response = null;
        try {
            response = client.send(request);
            try (OutputStream out = open()) {
                copy(response.body(), out);
            }
            listener.finishProgress();
            if (response.status() >= 400) {
                err.println("netstack4j get: " + response.uri() + ": HTTP " + response.statusLine().status() + " "
                        + response.statusLine().reason());
                return HTTP_ERROR;
            }
            return 0;
        } catch (OutputFailed e) {
            listener.finishProgress();
            err.println("netstack4j get: cannot write " + (output != null ? output : "standard output") + ": "
                    + e.getCause().getMessage());
            return WRITE;
        } catch (IOException e) {
            listener.finishProgress();
            int code = exitCode(e);
            err.println("netstack4j get: " + uri + ": " + describe(e, code));
            return code;
        } finally {
            if (response != null) {
                response.close();
            }
        }
    }

    /** curl's number for a failure, where one fits. */
    static int exitCode(IOException e) {
        return switch (e) {
            case ResolverException r -> RESOLVE;
            case UnknownHostException u -> RESOLVE;
            case UnsupportedUrlException u -> UNSUPPORTED;
            case SocketTimeoutException t -> TIMEOUT;
            case ConnectException c -> c.getMessage() != null && c.getMessage().contains("timed out") ? TIMEOUT : CONNECT;
            case NoRouteToHostException n -> CONNECT;
            case TooManyRedirectsException r -> REDIRECTS;
            case MalformedMessageException m -> switch (m.problem()) {
                case EMPTY_RESPONSE -> EMPTY;
                case TRUNCATED_BODY -> PARTIAL;
                default -> MALFORMED;
            };
            default -> RECEIVE;
        };
    }

    static String describe(IOException e, int code) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return switch (code) {
            case RESOLVE -> "could not resolve the name: " + m;
            case CONNECT -> "could not connect: " + m;
            case TIMEOUT -> "timed out: " + m;
            case MALFORMED, PARTIAL, EMPTY -> "malformed response (" + ((MalformedMessageException) e).problem() + "): " + m;
            default -> m;
        };
    }

    private OutputStream open() throws OutputFailed {
        try {
            OutputStream raw = output != null ? Files.newOutputStream(output) : new NonClosing(System.out);
            return new BufferedOutputStream(raw, 64 * 1024);
        } catch (IOException e) {
            throw new OutputFailed(e);
        }
    }

    /** Streams the body: reading errors are the network's, writing errors the output's. */
    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            try {
                out.write(buf, 0, n);
            } catch (IOException e) {
                throw new OutputFailed(e);
            }
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new OutputFailed(e);
        }
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    /** A failure writing the body out (exit 23), told apart from network failures. */
    private static final class OutputFailed extends IOException {
        OutputFailed(IOException cause) {
            super(cause);
        }
    }

    /** Standard output, flushed but not closed. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
