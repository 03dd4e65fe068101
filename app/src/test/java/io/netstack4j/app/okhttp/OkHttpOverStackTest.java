package io.netstack4j.app.okhttp;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.NetStackDns;
import io.netstack4j.api.NetStackSocketFactory;
import io.netstack4j.api.Resolver;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.socket.dns.DnsServer;
import io.netstack4j.socket.dns.DnsServerEndpoint;
import io.netstack4j.socket.dns.Zone;
import io.netstack4j.time.SystemClock;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * OkHttp from Maven Central, unmodified, fetching over netstack4j on a virtual LAN: its sockets come
 * from {@link NetStackSocketFactory} and its names from {@link NetStackDns} — the client host asks the
 * server host's DNS server over the stack's UDP — and its connection pool keeps one TCP connection for
 * several requests (HTTP/1.1 persistent connections, RFC 9112 §9.3).
 */
@Timeout(60)
class OkHttpOverStackTest {
    static final Ipv4Address SERVER = Ipv4Address.parse("198.51.100.80");

    final NetStack client;
    final NetStack server;
    final KeepAliveResponder web;
    final Resolver resolver;
    final AtomicInteger connectStarts = new AtomicInteger();
    final OkHttpClient http;

    OkHttpOverStackTest() throws Exception {
        VirtualLan lan = new VirtualLan(9);
        client = NetStack.builder(config("client", 1, "198.51.100.1/24"), lan.attach("client"))
                .clock(SystemClock.INSTANCE).random(new SplittableRandom(1)).start();
        server = NetStack.builder(config("www", 0x80, "198.51.100.80/24"), lan.attach("www"))
                .clock(SystemClock.INSTANCE).random(new SplittableRandom(2)).start();
        Zone zone = Zone.parse("""
                $ORIGIN example.test.
                www    A      198.51.100.80
                """);
        server.loop().submit(now -> DnsServerEndpoint.install(server.stack(), server.udp(), Ipv4Address.ANY, 53,
                new DnsServer(zone))).get();
        web = new KeepAliveResponder(server, 80);
        resolver = Resolver.create(client, SERVER);
        NetStackDns dns = new NetStackDns(resolver);
        http = new OkHttpClient.Builder()
                .socketFactory(new NetStackSocketFactory(client, dns))
                .dns(hostname -> dns.lookup(hostname))
                .proxy(Proxy.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(10))
                .eventListener(new EventListener() {
                    @Override
                    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
                        connectStarts.incrementAndGet();
                    }
                })
                .build();
    }

    private static StackConfig config(String name, long mac, String cidr) {
        return StackConfig.builder(name).mac(MacAddress.locallyAdministered(mac)).address(cidr).build();
    }

    @AfterEach
    void down() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        web.close();
        resolver.close();
        client.close();
        server.close();
    }

    String get(String url) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
            assertEquals(200, r.code());
            return r.body().string();
        }
    }

    @Test
    void twoPagesByNameOverOneConnection() throws Exception {
        assertEquals("/first from connection 1", get("http://www.example.test/first"));
        assertEquals("/second from connection 1", get("http://www.example.test/second"));
        assertEquals(1, connectStarts.get(), "one TCP handshake for both requests");
        assertEquals(1, web.accepted(), "the server accepted one connection");
        assertEquals(2, web.requests());
        assertEquals(1, http.connectionPool().connectionCount(), "the connection waits in the pool");
    }

    @Test
    void aPostedMegabyteComesBackIntact() throws Exception {
        byte[] data = new byte[1 << 20];
        new SplittableRandom(5).nextBytes(data);
        Request post = new Request.Builder().url("http://www.example.test/echo")
                .post(RequestBody.create(data, MediaType.get("application/octet-stream"))).build();
        byte[] back;
        try (Response r = http.newCall(post).execute()) {
            back = r.body().bytes();
        }
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        assertArrayEquals(md.digest(data), md.digest(back));
        assertEquals("/after from connection 1", get("http://www.example.test/after"));
        assertEquals(1, connectStarts.get());
    }

    @Test
    void aConnectionTheServerClosedIsNotReused() throws Exception {
        assertEquals("/close from connection 1", get("http://www.example.test/close"));
        assertEquals("/next from connection 2", get("http://www.example.test/next"));
        assertEquals(2, connectStarts.get());
        assertEquals(2, web.accepted());
    }

    @Test
    void aReadTimeoutIsOkHttpsTimeout() {
        OkHttpClient impatient = http.newBuilder().readTimeout(Duration.ofMillis(300)).build();
        IOException e = assertThrows(IOException.class,
                () -> impatient.newCall(new Request.Builder().url("http://www.example.test/stall").build()).execute());
        assertInstanceOf(SocketTimeoutException.class, e);
    }

    @Test
    void refusedAndUnknownAreTheJdksExceptions() {
        assertThrows(ConnectException.class, () -> get("http://www.example.test:81/"));
        assertThrows(UnknownHostException.class, () -> get("http://nobody.example.test/"));
    }
}
