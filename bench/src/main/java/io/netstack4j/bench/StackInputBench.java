package io.netstack4j.bench;

import io.netstack4j.iface.Stack;
import io.netstack4j.wire.ArpRepr;
import io.netstack4j.wire.EtherType;
import io.netstack4j.wire.EthernetRepr;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MacAddress;
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
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

import static io.netstack4j.bench.BenchFrames.OURS;
import static io.netstack4j.bench.BenchFrames.OUR_IP;
import static io.netstack4j.bench.BenchFrames.PEER;
import static io.netstack4j.bench.BenchFrames.PEER_IP;

/**
 * The stack's input path, frame in to frame out, with no adapter: an ICMP echo request arrives
 * (ARP already resolved) and the echo reply is handed to the sink. Run with {@code -prof gc} to
 * see the bytes allocated per echo.
 *
 * <pre>java -jar bench/target/benchmarks.jar StackInputBench -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StackInputBench {
    @Param({"56", "1400"})
    int size;

    Stack stack;
    byte[] frame;
    long now;
    Blackhole sinkHole;

    @Setup
    public void setUp(Blackhole bh) {
        sinkHole = bh;
        stack = BenchFrames.stack((b, off, len, t) -> sinkHole.consume(b[off + len - 1]));
        stack.start(0);
        IcmpRepr echo = new IcmpRepr.EchoRequest(1, 1, new byte[size]);
        Ipv4Repr ip = Ipv4Repr.of(PEER_IP, OUR_IP, IpProtocol.ICMP, 64, 1, false, echo.length());
        frame = BenchFrames.ipv4Frame(ip);
        echo.emit(frame, BenchFrames.PAYLOAD);
        // Learn the peer's MAC once (an ARP reply), so replies leave at once.
        byte[] arp = new byte[42];
        new EthernetRepr(OURS, PEER, EtherType.ARP).emit(arp, 0);
        new ArpRepr(ArpRepr.REQUEST, PEER, PEER_IP, MacAddress.ZERO, OUR_IP)
                .emit(arp, 14);
        stack.receiveFrame(arp, 0, arp.length, 0);
    }

    @Benchmark
    public void echoRequestToReply() {
        now += 1_000;
        stack.receiveFrame(frame, 0, frame.length, now);
    }
}
