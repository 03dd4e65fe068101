package io.netstack4j.app.http.server;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.TcpSocket;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A test client that writes request bytes as given and reads responses byte by byte: no HTTP library
 * between the test and the server.
 */
final class RawClient implements AutoCloseable {
    /** A response: status, fields (names lower-cased; the last of a repeated name), body. */
    record Resp(String statusLine, int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    final TcpSocket socket;
    private final InputStream in;

    RawClient(NetStack host, SocketAddress4 server) throws IOException {
        socket = TcpSocket.connect(host, server, Duration.ofSeconds(5));
        socket.setSoTimeout(Duration.ofSeconds(10));
        in = new BufferedInputStream(socket.getInputStream());
    }

    RawClient send(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /** Sends a GET for {@code target} with a Host field and the extra field lines given. */
    Resp get(String target, String... fields) throws IOException {
        send("GET " + target + " HTTP/1.1\r\nHost: www.example.test\r\n" + String.join("", fields) + "\r\n");
        return read(false);
    }

    /** Reads one response; {@code noBody} for the answer to HEAD (its Content-Length is not followed). */
    Resp read(boolean noBody) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("end of stream before a status line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        byte[] body = new byte[0];
        String cl = headers.get("content-length");
        if (!noBody && status != 304 && cl != null) {
            body = in.readNBytes(Integer.parseInt(cl));
            if (body.length != Integer.parseInt(cl)) {
                throw new IOException("body cut short: " + body.length + " of " + cl);
            }
        }
        return new Resp(statusLine, status, headers, body);
    }

    /** A CRLF-terminated line without the CRLF; null at the end of the stream. */
    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] l = b.toByteArray();
                if (l.length == 0 || l[l.length - 1] != '\r') {
                    throw new IOException("a line not ended by CRLF");
                }
                return new String(l, 0, l.length - 1, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        if (b.size() > 0) {
            throw new IOException("end of stream inside a line");
        }
        return null;
    }

    /** Everything until the server's FIN. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** True if the next read is the end of the stream (the server closed its side). */
    boolean atEnd() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() {
        socket.close();
    }
}
