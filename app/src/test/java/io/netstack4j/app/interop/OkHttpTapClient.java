package io.netstack4j.app.interop;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.NetStackDns;
import io.netstack4j.api.NetStackSocketFactory;
import io.netstack4j.api.Resolver;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.tap.TapAdapter;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OkHttp over netstack4j on a TAP device, as a process of its own (run inside the test's network
 * namespace by {@link OkHttpInteropIT}: the TAP device lives there, the test JVM does not). Fetches
 * each URL in turn, names resolved by the stack's resolver from the given DNS server, and prints one
 * line per response ({@code GET url -> code bytes sha256 localPort}) and then the connections opened
 * ({@code connectStart N}). Exit status 0 when every response was 200.
 *
 * <p>Usage: {@code OkHttpTapClient TAP ADDRESS/PREFIX DNS-SERVER URL...}
 */
public final class OkHttpTapClient {
    private OkHttpTapClient() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: OkHttpTapClient TAP ADDRESS/PREFIX DNS-SERVER URL...");
            System.exit(2);
        }
        StackConfig config = StackConfig.builder(args[0])
                .mac(MacAddress.locallyAdministered(new SecureRandom().nextLong())).address(args[1]).build();
        AtomicInteger connectStarts = new AtomicInteger();
        int[] localPort = {0};
        int failures = 0;
        try (NetStack host = NetStack.builder(config, TapAdapter.open(args[0], 1500)).start();
             Resolver resolver = Resolver.create(host, Ipv4Address.parse(args[2]))) {
            NetStackDns dns = new NetStackDns(resolver);
            OkHttpClient http = new OkHttpClient.Builder()
                    .socketFactory(new NetStackSocketFactory(host, dns))
                    .dns(hostname -> dns.lookup(hostname))
                    .proxy(Proxy.NO_PROXY)
                    .connectTimeout(Duration.ofSeconds(10))
                    .readTimeout(Duration.ofSeconds(30))
                    .eventListener(new EventListener() {
                        @Override
                        public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
                            connectStarts.incrementAndGet();
                        }

                        @Override
                        public void connectionAcquired(Call call, Connection connection) {
                            localPort[0] = connection.socket().getLocalPort();
                        }
                    })
                    .build();
            for (int i = 3; i < args.length; i++) {
                try (Response r = http.newCall(new Request.Builder().url(args[i]).build()).execute()) {
                    byte[] body = r.body().bytes();
                    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
                    System.out.println("GET " + args[i] + " -> " + r.code() + " " + body.length + " " + sha
                            + " localPort " + localPort[0] + " " + r.protocol());
                    if (r.code() != 200) {
                        failures++;
                    }
                }
            }
            System.out.println("connectStart " + connectStarts.get() + " pooled "
                    + http.connectionPool().connectionCount());
            http.connectionPool().evictAll();
            http.dispatcher().executorService().shutdown();
        }
        System.out.flush();
        System.exit(failures == 0 ? 0 : 1);
    }
}
