package io.netstack4j.bench;

import io.netstack4j.iface.Stack;
import io.netstack4j.socket.SocketException;
import io.netstack4j.socket.udp.UdpConfig;
import io.netstack4j.socket.udp.UdpDatagram;
import io.netstack4j.socket.udp.UdpEndpoint;
import io.netstack4j.socket.udp.UdpLayer;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.UdpRepr;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static io.netstack4j.bench.BenchFrames.OUR_IP;
import static io.netstack4j.bench.BenchFrames.PEER_IP;

/**
 * The stack's UDP receive path with no adapter and no thread: a UDP frame arrives (Ethernet, IPv4
 * header checksum, UDP checksum over the whole datagram, port lookup, the copy into the socket's
 * queue, which keeps the frame's buffer) and the application takes the datagram from the endpoint. The per-datagram cost on the
 * loop thread that comes on top of the TAP's read; run with {@code -prof gc} for the bytes
 * allocated per datagram.
 *
 * <pre>java -jar bench/target/benchmarks.jar UdpInputBench -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UdpInputBench {
    static final int PORT = 9000;

    @Param({"64", "1472"})
    int size;

    Stack stack;
    UdpEndpoint endpoint;
    byte[] frame;
    long now;

    @Setup
    public void setUp() throws SocketException {
        stack = BenchFrames.stack((b, off, len, t) -> { });
        UdpLayer udp = UdpLayer.install(stack, UdpConfig.DEFAULT, new SplittableRandom(1));
        stack.start(0);
        endpoint = udp.open();
        endpoint.bind(Ipv4Address.ANY, PORT);
        UdpRepr u = UdpRepr.of(40000, PORT, size);
        Ipv4Repr ip = Ipv4Repr.of(PEER_IP, OUR_IP, IpProtocol.UDP, 64, 1, false, u.length());
        frame = BenchFrames.ipv4Frame(ip);
        for (int i = 0; i < size; i++) {
            frame[BenchFrames.PAYLOAD + UdpRepr.HEADER_LEN + i] = (byte) i;
        }
        u.emit(frame, BenchFrames.PAYLOAD, PEER_IP, OUR_IP);
    }

    /** The application's own buffer, as a {@code recvfrom} into a caller's array uses. */
    final byte[] appBuffer = new byte[65536];

    /**
     * The datagram taken into the application's array ({@code recvfrom(fd, buf)}): the one copy is
     * the application's, nothing is allocated.
     */
    @Benchmark
    public int frameInIntoArray() {
        now += 1_000;
        stack.receiveFrame(frame, 0, frame.length, now);
        return endpoint.receiveRing().take(appBuffer, 0, appBuffer.length);
    }

    /** The datagram taken as a {@link UdpDatagram} value, which allocates its own copy of the payload. */
    @Benchmark
    public UdpDatagram frameInDatagramOut() throws SocketException {
        now += 1_000;
        stack.receiveFrame(frame, 0, frame.length, now);
        return endpoint.receive();
    }
}
