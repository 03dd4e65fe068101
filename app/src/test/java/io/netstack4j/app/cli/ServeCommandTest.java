package io.netstack4j.app.cli;

import io.netstack4j.api.SocketAddress4;
import io.netstack4j.app.http.server.AccessLogEntry;
import io.netstack4j.app.http.server.HttpServerListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import static io.netstack4j.app.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./netstack4j serve}: its arguments and its log lines (the server itself runs on a TAP: ServeInteropIT). */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void helpAndBadArguments() {
        CommandLineTest.Run help = run("serve", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("Usage: netstack4j serve") && help.out().contains("--port"), help.out());
        CommandLineTest.Run noTap = run("serve", dir.toString());
        assertEquals(2, noTap.exit());
        assertTrue(noTap.err().contains("serve needs --tap"), noTap.err());
        CommandLineTest.Run noDir = run("serve", "--tap", "tap0", "--ip", "198.51.100.2/24", dir.resolve("nope").toString());
        assertEquals(2, noDir.exit());
        assertTrue(noDir.err().contains("is not a directory"), noDir.err());
        CommandLineTest.Run badPort = run("serve", "--tap", "tap0", "--ip", "198.51.100.2/24", "--port", "0", dir.toString());
        assertEquals(2, badPort.exit());
        assertTrue(badPort.err().contains("--port must be 1..65535"), badPort.err());
        CommandLineTest.Run noDirArg = run("serve", "--tap", "tap0", "--ip", "198.51.100.2/24");
        assertEquals(2, noDirArg.exit());
    }

    @Test
    void oneLinePerRequestAndConnectionsWithVerbose() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ServeCommand.Log log = new ServeCommand.Log(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        SocketAddress4 remote = SocketAddress4.of("198.51.100.1", 40000);
        HttpServerListener.Connection c = new HttpServerListener.Connection(7, 5, remote);
        log.connectionAccepted(c);
        log.requestCompleted(new AccessLogEntry(7, 1, remote, Instant.parse("2026-12-04T17:35:52Z"),
                "GET /index.html HTTP/1.0", 200, 1234, 812_000));
        log.connectionClosing(c, HttpServerListener.CloseReason.CONNECTION_CLOSE, 1);
        assertEquals("198.51.100.1 - - [04/Dec/2026:17:35:52 +0000] \"GET /index.html HTTP/1.0\" 200 1234 0.812ms conn#7/1\n",
                out.toString(StandardCharsets.UTF_8));
        assertEquals("netstack4j serve: accepted #7 fd 5 198.51.100.1:40000\n"
                        + "netstack4j serve: closing #7 fd 5 198.51.100.1:40000 after 1 requests: connection close"
                        + " (server closes first)\n",
                err.toString(StandardCharsets.UTF_8));
    }
}
