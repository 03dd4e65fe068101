package io.netstack4j.api;

import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.FaultConfig;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.link.VirtualPort;
import io.netstack4j.socket.tcp.TcpConfig;
import io.netstack4j.time.SystemClock;
import io.netstack4j.wire.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An established connection whose peer goes silent: the retransmissions give up, and a read waiting
 * with SO_TIMEOUT set gets {@code SocketException: Connection timed out} (the connection's ETIMEDOUT),
 * not {@code SocketTimeoutException: Read timed out} (SO_TIMEOUT's).
 */
@Timeout(60)
class TcpSocketLossTest {

    @Test
    void aConnectionThatTimesOutIsNotAReadTimeout() throws Exception {
        // Few, short retransmissions: 200 ms, 400 ms, 800 ms, then ETIMEDOUT.
        TcpConfig.Builder tb = TcpConfig.DEFAULT.toBuilder();
        tb.dataRetries = 2;
        TcpConfig tcp = tb.build();
        VirtualLan lan = new VirtualLan(11);
        VirtualPort alicePort = lan.attach("alice");
        VirtualPort bobPort = lan.attach("bob");
        try (NetStack alice = NetStack.builder(config("alice", 0xA, "198.51.100.1/24"), alicePort)
                .clock(SystemClock.INSTANCE).random(new SplittableRandom(1)).tcpConfig(tcp).start();
             NetStack bob = NetStack.builder(config("bob", 0xB, "198.51.100.2/24"), bobPort)
                     .clock(SystemClock.INSTANCE).random(new SplittableRandom(2)).tcpConfig(tcp).start();
             TcpServerSocket server = TcpServerSocket.bind(bob, TwoHosts.bob(80), 4)) {
            CompletableFuture<TcpSocket> accepted = TwoHosts.async(server::accept);
            try (TcpSocket a = TcpSocket.connect(alice, TwoHosts.bob(80), Duration.ofSeconds(5));
                 TcpSocket b = accepted.get(10, TimeUnit.SECONDS)) {
                // SO_TIMEOUT longer than the retransmissions last.
                a.setSoTimeout(Duration.ofSeconds(20));
                InputStream in = a.getInputStream();
                bobPort.setIngressFaults(FaultConfig.NONE.withLoss(1.0));   // Bob hears nothing more
                a.getOutputStream().write(new byte[100]);
                long t0 = System.nanoTime();
                IOException e = assertThrows(IOException.class, () -> in.read());
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertSame(SocketException.class, e.getClass(), e + " after " + ms + " ms");
                assertEquals("Connection timed out", e.getMessage());
                assertEquals(io.netstack4j.socket.Errno.ETIMEDOUT,
                        ((io.netstack4j.socket.SocketException) e.getCause()).errno());
                // And a short SO_TIMEOUT on a healthy connection still reads as SocketTimeoutException:
                // Bob's side is untouched by the faults (only his ingress drops).
                b.setSoTimeout(Duration.ofMillis(100));
                IOException t = assertThrows(IOException.class, () -> b.getInputStream().read());
                assertSame(SocketTimeoutException.class, t.getClass(), t.toString());
            }
        }
    }

    private static StackConfig config(String name, long mac, String cidr) {
        return StackConfig.builder(name).mac(MacAddress.locallyAdministered(mac)).address(cidr).build();
    }
}
