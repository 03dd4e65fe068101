package io.netstack4j.app.okhttp;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.TcpServerSocket;
import io.netstack4j.api.TcpSocket;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately small HTTP/1.1 responder on a netstack4j host, for the tests only (the project's
 * web server lives elsewhere): persistent connections (RFC 9112 §9.3) until the client closes or asks
 * {@code Connection: close}; a request body by Content-Length. Paths: {@code /echo} answers the
 * request body, {@code /stall} never answers, {@code /close} answers and closes, anything else
 * answers "PATH from connection N". It counts the connections it accepted.
 */
final class KeepAliveResponder implements AutoCloseable {
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final TcpServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    KeepAliveResponder(NetStack host, int port) throws IOException {
        server = TcpServerSocket.bind(host, SocketAddress4.any(port), 16);
        Thread.ofVirtual().name("responder-accept").start(this::acceptLoop);
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Requests answered so far. */
    int requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (true) {
            TcpSocket c;
            try {
                c = server.accept();
            } catch (IOException closed) {
                return;
            }
            int n = accepted.incrementAndGet();
            Thread.ofVirtual().name("responder-" + n).start(() -> serve(c, n));
        }
    }

    private void serve(TcpSocket c, int connection) {
        try (c) {
            InputStream in = new BufferedInputStream(c.getInputStream());
            OutputStream out = c.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;                                   // the client closed between requests
                }
                String[] lines = head.split("\r\n");
                String[] requestLine = lines[0].split(" ");
                String path = requestLine.length > 1 ? requestLine[1] : "/";
                byte[] body = in.readNBytes(contentLength(lines));
                boolean close = head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close");
                if (path.equals("/stall")) {
                    in.read();                                // until the client gives up and closes
                    return;
                }
                byte[] reply = path.equals("/echo") ? body
                        : (path + " from connection " + connection).getBytes(StandardCharsets.US_ASCII);
                close |= path.equals("/close");
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                        + reply.length + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(reply);
                requests.incrementAndGet();
                if (close) {
                    return;                                   // the server closes first: the client reads the end
                }
            }
        } catch (IOException e) {
            // the client reset or the host closed: this connection ends
        }
    }

    /** The request line and header fields up to the empty line, or null at a clean end of stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;                                        // how much of CR LF CR LF has been seen
        while (state < 4) {
            int x = in.read();
            if (x < 0) {
                if (b.size() == 0) {
                    return null;
                }
                throw new IOException("end of stream inside a request head");
            }
            b.write(x);
            if (b.size() > MAX_HEADER_BYTES) {
                throw new IOException("request head too long");
            }
            state = (x == '\r' && state % 2 == 0) || (x == '\n' && state % 2 == 1) ? state + 1 : x == '\r' ? 1 : 0;
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static int contentLength(String[] lines) {
        for (String l : lines) {
            if (l.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Integer.parseInt(l.substring(15).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() {
        server.close();
    }
}
