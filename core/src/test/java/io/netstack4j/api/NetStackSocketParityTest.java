package io.netstack4j.api;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same sequence of calls on a JDK socket (the real kernel, over 127.0.0.1) and on a
 * {@link NetStackSocket} (Alice to Bob on a virtual LAN): each writes a transcript — return values,
 * states, exception types and messages — and the two transcripts must be equal. The peer is a JDK
 * socket in the first case and a {@link TcpSocket} in the second, driven by the same steps.
 */
@Timeout(60)
class NetStackSocketParityTest {
    /** One end of the comparison: a way to make client sockets, a listener and its peers. */
    interface Side extends AutoCloseable {
        Socket client() throws IOException;

        InetSocketAddress server();

        Peer accept() throws IOException;

        /** A port on the server's address where nothing listens. */
        InetSocketAddress refusing() throws IOException;

        InetAddress clientAddress();

        @Override
        void close() throws IOException;
    }

    /** An action on the accepted end. */
    @FunctionalInterface
    interface PeerAction {
        void run() throws IOException;
    }

    /**
     * The accepted end: its streams, an abort (SO_LINGER 0 and close: a RST, RFC 9293 §3.10.4) and a
     * close.
     */
    record Peer(InputStream in, OutputStream out, PeerAction reset, PeerAction closer) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            closer.run();
        }
    }

    @FunctionalInterface
    interface Step {
        Object run() throws Exception;
    }

    @FunctionalInterface
    interface Scenario {
        void play(Side side, List<String> t) throws Exception;
    }

    private Side jdk;
    private Side stack;

    @BeforeEach
    void up() throws Exception {
        jdk = new JdkSide();
        stack = new StackSide();
    }

    @AfterEach
    void down() throws Exception {
        jdk.close();
        stack.close();
    }

    /** Plays {@code s} on both sides; their transcripts must match line for line. */
    private void same(Scenario s) throws Exception {
        List<String> j = new ArrayList<>();
        List<String> n = new ArrayList<>();
        s.play(jdk, j);
        s.play(stack, n);
        assertEquals(String.join("\n", j), String.join("\n", n), "JDK (left) and NetStackSocket (right)");
    }

    /** The step's value, or its exception's type and message. */
    static String attempt(Step step) {
        try {
            return String.valueOf(step.run());
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    static String states(Socket s) {
        return "bound=" + s.isBound() + " connected=" + s.isConnected() + " closed=" + s.isClosed()
                + " in=" + s.isInputShutdown() + " out=" + s.isOutputShutdown();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void unconnectedSocket() throws Exception {
        same((side, t) -> {
            Socket s = side.client();
            t.add(states(s));
            t.add("port=" + s.getPort() + " localPort=" + s.getLocalPort() + " inet=" + s.getInetAddress()
                    + " local=" + s.getLocalAddress().isAnyLocalAddress() + " remote=" + s.getRemoteSocketAddress());
            t.add(attempt(s::getInputStream));
            t.add(attempt(s::getOutputStream));
            t.add(attempt(() -> {
                s.shutdownOutput();
                return null;
            }));
            t.add(attempt(s::getSoTimeout));
            s.close();
            t.add(states(s));
            t.add(attempt(s::getTcpNoDelay));
            t.add(attempt(() -> {
                s.connect(side.server());
                return null;
            }));
        });
    }

    @Test
    void echoThenHalfCloseThenClose() throws Exception {
        same((side, t) -> {
            Socket s = side.client();
            s.connect(side.server(), 5000);
            try (Peer p = side.accept()) {
                t.add(states(s));
                t.add("port=" + (s.getPort() == side.server().getPort())
                        + " inet=" + s.getInetAddress().equals(side.server().getAddress())
                        + " local=" + s.getLocalAddress().equals(side.clientAddress())
                        + " localPort=" + (s.getLocalPort() > 0));
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                t.add(String.valueOf(s.getInputStream() == in));
                out.write(ascii("hello"));
                out.flush();
                t.add(new String(p.in().readNBytes(5), StandardCharsets.US_ASCII));
                s.shutdownOutput();                       // FIN (RFC 9293 §3.6): Bob reads the end
                t.add(states(s));
                t.add(attempt(s::getOutputStream));
                t.add(attempt(() -> {
                    out.write(1);
                    return null;
                }));
                t.add(attempt(() -> {
                    s.shutdownOutput();
                    return null;
                }));
                t.add("peer read " + p.in().read());
                p.out().write(ascii("world"));           // the half-open direction still carries data
                p.close();
                t.add(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
                t.add("then " + in.read() + " " + in.read() + " available " + in.available());
            }
            s.close();
            s.close();                                    // idempotent
            t.add(states(s));
            t.add(attempt(s::getInputStream));
            t.add(attempt(() -> s.getInputStream().read()));
            t.add("port=" + (s.getPort() == side.server().getPort()) + " localPort=" + (s.getLocalPort() > 0));
        });
    }

    @Test
    void readTimeoutLeavesTheSocketUsable() throws Exception {
        same((side, t) -> {
            Socket s = side.client();
            s.setSoTimeout(200);
            t.add("soTimeout " + s.getSoTimeout());
            s.connect(side.server(), 5000);
            try (s; Peer p = side.accept()) {
                InputStream in = s.getInputStream();
                t.add(attempt(in::read));
                t.add(attempt(in::read));
                t.add(states(s));
                p.out().write('x');
                t.add(attempt(in::read));
                s.setSoTimeout(0);
                p.out().write('y');
                t.add(attempt(in::read));
            }
        });
    }

    @Test
    void refusedConnectClosesTheSocket() throws Exception {
        same((side, t) -> {
            Socket s = side.client();
            t.add(attempt(() -> {
                s.connect(side.refusing(), 5000);
                return null;
            }));
            t.add(states(s));
            t.add(attempt(() -> {
                s.connect(side.server(), 5000);
                return null;
            }));
        });
    }

    @Test
    void resetByThePeer() throws Exception {
        same((side, t) -> {
            Socket s = side.client();
            s.connect(side.server(), 5000);
            try (s) {
                Peer p = side.accept();
                p.out().write(ascii("bye"));
                InputStream in = s.getInputStream();
                t.add(new String(in.readNBytes(3), StandardCharsets.US_ASCII));
                p.reset().run();
                t.add(attempt(in::read));
                t.add(attempt(in::read));                 // the JDK keeps reporting it to reads
                t.add(states(s));
                t.add(attempt(() -> {
                    s.getOutputStream().write(ascii("late"));
                    return null;
                }));
            }
            t.add(states(s));
        });
    }

    @Test
    void closingAStreamClosesTheSocket() throws Exception {
        same((side, t) -> {
            Socket s = side.client();
            s.connect(side.server(), 5000);
            try (Peer p = side.accept()) {
                OutputStream out = s.getOutputStream();
                out.write(ascii("last"));
                s.getInputStream().close();
                t.add(states(s));
                t.add(attempt(() -> {
                    out.write(1);
                    return null;
                }));
                t.add(new String(p.in().readAllBytes(), StandardCharsets.US_ASCII));   // data, then the FIN
            }
        });
    }

    @Test
    void optionsRoundTrip() throws Exception {
        same((side, t) -> {
            Socket s = side.client();
            s.setReuseAddress(true);
            t.add("reuse " + s.getReuseAddress());
            s.connect(side.server(), 5000);
            try (s; Peer p = side.accept()) {
                t.add("nodelay " + s.getTcpNoDelay() + " keepalive " + s.getKeepAlive() + " linger "
                        + s.getSoLinger() + " timeout " + s.getSoTimeout());
                s.setTcpNoDelay(true);
                s.setKeepAlive(true);
                s.setSoLinger(true, 5);
                s.setSoTimeout(1234);
                t.add("nodelay " + s.getTcpNoDelay() + " keepalive " + s.getKeepAlive() + " linger "
                        + s.getSoLinger() + " timeout " + s.getSoTimeout());
                s.setSoLinger(true, 70_000);
                t.add("linger capped " + s.getSoLinger());
                s.setSoLinger(false, 0);
                t.add("linger off " + s.getSoLinger());
                t.add(attempt(() -> {
                    s.setSoLinger(true, -1);
                    return null;
                }));
                s.setOption(StandardSocketOptions.TCP_NODELAY, false);
                s.setOption(StandardSocketOptions.SO_LINGER, 3);
                t.add("options " + s.getOption(StandardSocketOptions.TCP_NODELAY) + " "
                        + s.getOption(StandardSocketOptions.SO_LINGER) + " " + s.getOption(StandardSocketOptions.SO_KEEPALIVE));
                s.setOption(StandardSocketOptions.SO_LINGER, -1);
                t.add("linger " + s.getSoLinger());
                t.add(attempt(() -> s.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1)));
                t.add(attempt(() -> s.setOption(StandardSocketOptions.SO_SNDBUF, -1)));
                t.add("supported " + s.supportedOptions().containsAll(List.of(StandardSocketOptions.TCP_NODELAY,
                        StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_LINGER,
                        StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
                        StandardSocketOptions.SO_REUSEADDR)));
                s.setSendBufferSize(65_536);
                s.setReceiveBufferSize(65_536);
                t.add("buffers " + (s.getSendBufferSize() > 0) + " " + (s.getReceiveBufferSize() > 0));
                t.add(attempt(() -> {
                    s.setSendBufferSize(0);
                    return null;
                }));
            }
            t.add(attempt(s::getTcpNoDelay));
            t.add(attempt(() -> s.getOption(StandardSocketOptions.SO_KEEPALIVE)));
        });
    }

    // ---- the two sides ----

    /** The kernel's TCP over 127.0.0.1, through the JDK's own sockets. */
    static final class JdkSide implements Side {
        private final ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());

        JdkSide() throws IOException {
        }

        @Override
        public Socket client() {
            return new Socket();
        }

        @Override
        public InetSocketAddress server() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        }

        @Override
        public Peer accept() throws IOException {
            Socket c = listener.accept();
            return new Peer(c.getInputStream(), c.getOutputStream(), () -> {
                c.setSoLinger(true, 0);
                c.close();
            }, c::close);
        }

        @Override
        public InetSocketAddress refusing() throws IOException {
            int port;
            try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = gone.getLocalPort();
            }
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }

        @Override
        public InetAddress clientAddress() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    /** netstack4j: Alice's NetStackSockets to Bob's TcpServerSocket on a virtual LAN. */
    static final class StackSide implements Side {
        private final TwoHosts hosts = new TwoHosts();
        private final NetStackSocketFactory factory = new NetStackSocketFactory(hosts.alice);
        private final TcpServerSocket listener = TcpServerSocket.bind(hosts.bob, TwoHosts.bob(0), 8);

        StackSide() throws IOException {
        }

        @Override
        public Socket client() throws IOException {
            return factory.createSocket();
        }

        @Override
        public InetSocketAddress server() {
            return new InetSocketAddress(NetStackDns.toInetAddress(null, TwoHosts.IP_BOB),
                    listener.localAddress().port());
        }

        @Override
        public Peer accept() throws IOException {
            TcpSocket c = listener.accept();
            return new Peer(c.getInputStream(), c.getOutputStream(), () -> {
                c.setSoLinger(true, 0);
                c.close();
            }, c::close);
        }

        @Override
        public InetSocketAddress refusing() {
            return new InetSocketAddress(NetStackDns.toInetAddress(null, TwoHosts.IP_BOB), 9);
        }

        @Override
        public InetAddress clientAddress() {
            return NetStackDns.toInetAddress(null, TwoHosts.IP_ALICE);
        }

        @Override
        public void close() {
            listener.close();
            hosts.close();
        }
    }
}
