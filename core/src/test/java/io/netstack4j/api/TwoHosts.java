package io.netstack4j.api;

import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.time.SystemClock;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MacAddress;

import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Alice (198.51.100.1) and Bob (198.51.100.2) on a virtual LAN, in real time. */
final class TwoHosts implements AutoCloseable {
    static final Ipv4Address IP_ALICE = Ipv4Address.parse("198.51.100.1");
    static final Ipv4Address IP_BOB = Ipv4Address.parse("198.51.100.2");

    final NetStack alice;
    final NetStack bob;

    TwoHosts() {
        this(Sockets.DEFAULT_MAX_DESCRIPTORS);
    }

    TwoHosts(int aliceDescriptors) {
        VirtualLan lan = new VirtualLan(7);
        alice = NetStack.builder(config("alice", 0xA, "198.51.100.1/24"), lan.attach("alice"))
                .clock(SystemClock.INSTANCE).maxDescriptors(aliceDescriptors).random(new SplittableRandom(1)).start();
        bob = NetStack.builder(config("bob", 0xB, "198.51.100.2/24"), lan.attach("bob"))
                .clock(SystemClock.INSTANCE).random(new SplittableRandom(2)).start();
    }

    private static StackConfig config(String name, long mac, String cidr) {
        return StackConfig.builder(name).mac(MacAddress.locallyAdministered(mac)).address(cidr).build();
    }

    static SocketAddress4 alice(int port) {
        return new SocketAddress4(IP_ALICE, port);
    }

    static SocketAddress4 bob(int port) {
        return new SocketAddress4(IP_BOB, port);
    }

    /** Runs {@code c} on a virtual thread of its own (a caller that will block in a call). */
    static <T> CompletableFuture<T> async(Callable<T> c) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /**
     * A TCP connection from {@code client} to {@code server} listening at {@code at}: the client's
     * descriptor and the accepted one.
     */
    static int[] connected(Sockets client, Sockets server, SocketAddress4 at) throws Exception {
        int l = server.socket(SocketType.STREAM);
        server.bind(l, at);
        server.listen(l, 1);
        CompletableFuture<Integer> accepted = async(() -> server.accept(l));
        int c = client.socket(SocketType.STREAM);
        client.connect(c, at);
        return new int[] {c, accepted.get(10, TimeUnit.SECONDS)};
    }

    /** How many watches Alice's table holds (a waiting call has one per descriptor it waits on). */
    int aliceWaiting() throws Exception {
        return alice.loop().submit(now -> alice.sockets().timerClient().waiting()).get(5, TimeUnit.SECONDS);
    }

    /** Spins until Alice's table holds more than {@code n} watches: a call has started waiting. */
    void awaitAliceWaitingMoreThan(int n) throws Exception {
        while (aliceWaiting() <= n) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() {
        alice.close();
        bob.close();
    }
}
