package io.netstack4j.bench;

import io.netstack4j.api.PollFd;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketType;
import io.netstack4j.api.Sockets;
import io.netstack4j.api.WouldBlockException;
import io.netstack4j.socket.SocketException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Socket calls that complete on the application thread from published state, with no task to the
 * loop (each iteration prints the tasks it posted, which should be 0): a non-blocking receive that
 * finds nothing, as a value ({@code tryRead}) and as the EAGAIN exception ({@code recvfrom}, no
 * stack trace), and a {@code poll} that finds a descriptor ready. {@code roundTrip} is a call that
 * must go to the loop ({@code getsockname}), for comparison.
 *
 * <pre>java -jar bench/target/benchmarks.jar CallBench</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CallBench extends HostBench {
    int empty;
    PollFd[] ready;
    byte[] buf = new byte[64];

    @Setup
    public void setUp() throws SocketException {
        startHost("call-bench", Sockets.DEFAULT_MAX_DESCRIPTORS);
        empty = s.socket(SocketType.DGRAM);
        s.bind(empty, SocketAddress4.any(9000));
        s.setBlocking(empty, false);
        ready = new PollFd[]{PollFd.in(empty), PollFd.out(empty)};
    }

    @Benchmark
    public int tryReadFindsNothing() throws SocketException {
        return s.tryRead(empty, buf, 0, buf.length);
    }

    @Benchmark
    public int recvfromEagain() throws SocketException {
        try {
            return s.recvfrom(empty, buf, 0, buf.length).length();
        } catch (WouldBlockException e) {
            return -1;
        }
    }

    @Benchmark
    public int pollFindsReady() throws SocketException {
        return s.poll(ready, -1);
    }

    @Benchmark
    public SocketAddress4 roundTrip() throws SocketException {
        return s.localAddress(empty);
    }
}
