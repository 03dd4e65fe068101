package io.netstack4j.app.http.server;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.time.SystemClock;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A client host (198.51.100.1) and a web server host (198.51.100.80) on a virtual LAN in real time,
 * the server serving a directory on port 8080, and a listener that records what it is told.
 */
final class ServerFixture implements AutoCloseable {
    static final Ipv4Address SERVER_IP = Ipv4Address.parse("198.51.100.80");
    static final int PORT = 8080;

    final NetStack client;
    final NetStack serverHost;
    final HttpServer server;
    final Recorder events = new Recorder();

    /** What the server's listener was told. */
    static final class Recorder implements HttpServerListener {
        final List<AccessLogEntry> log = new CopyOnWriteArrayList<>();
        final List<CloseReason> closes = new CopyOnWriteArrayList<>();
        final List<Connection> accepted = new CopyOnWriteArrayList<>();
        final List<Integer> rejected = new CopyOnWriteArrayList<>();
        final List<Integer> refused = new CopyOnWriteArrayList<>();

        @Override
        public void connectionAccepted(Connection c) {
            accepted.add(c);
        }

        @Override
        public void connectionRefused(int fd, int active) {
            refused.add(fd);
        }

        @Override
        public void requestRejected(Connection c, HttpRequestException e) {
            rejected.add(e.status());
        }

        @Override
        public void requestCompleted(AccessLogEntry entry) {
            log.add(entry);
        }

        @Override
        public void connectionClosing(Connection c, CloseReason reason, int requests) {
            closes.add(reason);
        }
    }

    ServerFixture(Path root, HttpServerConfig config) throws Exception {
        VirtualLan lan = new VirtualLan(80);
        client = NetStack.builder(config("client", 1, "198.51.100.1/24"), lan.attach("client"))
                .clock(SystemClock.INSTANCE).random(new SplittableRandom(1)).start();
        serverHost = NetStack.builder(config("www", 0x80, "198.51.100.80/24"), lan.attach("www"))
                .clock(SystemClock.INSTANCE).random(new SplittableRandom(2)).start();
        server = HttpServer.start(serverHost, root, config.withPort(PORT), events);
    }

    private static StackConfig config(String name, long mac, String cidr) {
        return StackConfig.builder(name).mac(MacAddress.locallyAdministered(mac)).address(cidr).build();
    }

    RawClient connect() throws Exception {
        return new RawClient(client, new SocketAddress4(SERVER_IP, PORT));
    }

    /** The host's TCP connection table, TIME-WAIT entries included (one line each). */
    static List<String> tcpTable(NetStack host) {
        try {
            return host.loop().submit(now -> host.tcp().describe()).get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code host} holds the connection {@code local -> remote} in TIME-WAIT (the side that closed first). */
    static boolean inTimeWait(NetStack host, SocketAddress4 local, SocketAddress4 remote) {
        String line = "tcp " + local + " -> " + remote + " TIME-WAIT";
        return tcpTable(host).contains(line);
    }

    /** Waits (at most 10 s) for {@code condition}; false if it never held. */
    static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        server.close();
        client.close();
        serverHost.close();
    }
}
