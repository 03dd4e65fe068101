package io.netstack4j.app.http.client;

import io.netstack4j.api.NetStack;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.time.SystemClock;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;

import java.util.SplittableRandom;

/** A browser host (198.51.100.1) and a web server host (198.51.100.80) on a virtual LAN, in real time. */
final class HttpLan implements AutoCloseable {
    static final Ipv4Address SERVER = Ipv4Address.parse("198.51.100.80");

    final NetStack browser;
    final NetStack server;

    HttpLan() {
        VirtualLan lan = new VirtualLan(9);
        browser = NetStack.builder(config("browser", 1, "198.51.100.1/24"), lan.attach("browser"))
                .clock(SystemClock.INSTANCE).random(new SplittableRandom(1)).start();
        server = NetStack.builder(config("server", 0x80, "198.51.100.80/24"), lan.attach("server"))
                .clock(SystemClock.INSTANCE).random(new SplittableRandom(2)).start();
    }

    private static StackConfig config(String name, long mac, String cidr) {
        return StackConfig.builder(name).mac(MacAddress.locallyAdministered(mac)).address(cidr).build();
    }

    @Override
    public void close() {
        browser.close();
        server.close();
    }
}
