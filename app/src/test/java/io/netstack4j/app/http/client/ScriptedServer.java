package io.netstack4j.app.http.client;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.TcpServerSocket;
import io.netstack4j.api.TcpSocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test web server on a netstack4j host that replays canned bytes: each accepted connection is
 * handed to a {@link Script} with the connection's index. It counts accepts and records each request
 * it read (head and body), so tests can check what the client sent and on which connection.
 */
final class ScriptedServer implements AutoCloseable {
    /** What one connection does. */
    interface Script {
        void serve(Conn conn) throws Exception;
    }

    /** One accepted connection. */
    final class Conn {
        final TcpSocket socket;
        final int index;
        final InputStream in;

        Conn(TcpSocket socket, int index) throws IOException {
            this.socket = socket;
            this.index = index;
            this.in = socket.getInputStream();
        }

        /** The next request (head and body), recorded; null at end of stream. */
        String readRequest() throws IOException {
            String r = ScriptedServer.readRequest(in);
            if (r != null) {
                requests.add(index + ":" + r);
            }
            return r;
        }

        void write(String s) throws IOException {
            write(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        void write(byte[] b) throws IOException {
            socket.getOutputStream().write(b);
        }

        /** Reads a request, writes {@code response}. */
        void answer(String response) throws IOException {
            if (readRequest() == null) {
                throw new IOException("no request");
            }
            write(response);
        }
    }

    final TcpServerSocket server;
    final AtomicInteger accepts = new AtomicInteger();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;

    ScriptedServer(NetStack host, int port, Script script) throws IOException {
        server = TcpServerSocket.bind(host, SocketAddress4.any(port), 50);
        acceptor = Thread.ofVirtual().start(() -> {
            while (true) {
                TcpSocket s;
                try {
                    s = server.accept();
                } catch (IOException e) {
                    return;
                }
                int index = accepts.getAndIncrement();
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        script.serve(new Conn(s, index));
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
            }
        });
    }

    /** A head up to the empty line, then Content-Length body bytes; null at end of stream before it. */
    static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                    : b == '\r' ? 1 : 0;
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return h + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
        acceptor.join(5000);
    }
}
