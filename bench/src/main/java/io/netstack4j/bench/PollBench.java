package io.netstack4j.bench;

import io.netstack4j.api.EpollEvent;
import io.netstack4j.api.PollFd;
import io.netstack4j.api.SocketAddress4;
import io.netstack4j.api.SocketType;
import io.netstack4j.runtime.LoopTask;
import io.netstack4j.socket.SocketException;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.UdpRepr;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Waiting for one ready descriptor among many idle ones: {@code idle} bound UDP sockets and one
 * target on a host (a {@link NetStack} on a virtual LAN port); per operation a UDP frame for the
 * target arrives (handed to the stack on its loop thread, as the adapter would), the application
 * waits for readiness and reads the datagram. {@code epollWait} (the set holds every descriptor)
 * should cost the same at 10 and at 10,000 descriptors; {@code poll} over the same descriptors grows
 * with them (its set is passed, and looked at, on every call, as poll(2)'s is).
 *
 * <ul>
 * <li>{@code *OnLoop}: the frame, the wait and the read all on the loop thread, {@value #BATCH} per
 *     task: the CPU cost of the path from the readiness callback to the wait's return, with no
 *     thread hand-over in it.
 * <li>{@code epollWait}, {@code poll}: the application thread waits ({@code -1}) while a task
 *     delivers the frame: the whole wake-to-return path across threads (a task, a wake-up, a park),
 *     noisy on a shared machine.
 * </ul>
 *
 * <pre>java -jar bench/target/benchmarks.jar PollBench</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PollBench extends HostBench {
    static final int FIRST_PORT = 20000;
    static final int BATCH = 200;

    @Param({"10", "10000"})
    int idle;

    int target;
    int epfd;
    PollFd[] pollSet;
    EpollEvent[] events = EpollEvent.array(16);
    byte[] frame;
    byte[] buf = new byte[64];
    LoopTask deliver;

    @Setup
    public void setUp() throws SocketException {
        startHost("poll-bench", idle + 16);
        epfd = s.epollCreate();
        pollSet = new PollFd[idle + 1];
        for (int i = 0; i < idle; i++) {
            int fd = s.socket(SocketType.DGRAM);
            s.bind(fd, SocketAddress4.any(FIRST_PORT + i));
            s.epollCtl(epfd, EpollEvent.EPOLL_CTL_ADD, fd, EpollEvent.EPOLLIN);
            pollSet[i] = PollFd.in(fd);
        }
        target = s.socket(SocketType.DGRAM);
        s.bind(target, SocketAddress4.any(FIRST_PORT + idle));
        s.epollCtl(epfd, EpollEvent.EPOLL_CTL_ADD, target, EpollEvent.EPOLLIN);
        pollSet[idle] = PollFd.in(target);
        UdpRepr u = UdpRepr.of(40000, FIRST_PORT + idle, 32);
        Ipv4Repr ip = Ipv4Repr.of(BenchFrames.PEER_IP, BenchFrames.OUR_IP, IpProtocol.UDP, 64, 1, false, u.length());
        frame = BenchFrames.ipv4Frame(ip);
        u.emit(frame, BenchFrames.PAYLOAD, BenchFrames.PEER_IP, BenchFrames.OUR_IP);
        deliver = now -> host.stack().receiveFrame(frame, 0, frame.length, now);
    }

    private int drain() throws SocketException {
        int got = 0;
        while (s.tryRead(target, buf, 0, buf.length) >= 0) {
            got++;
        }
        return got;
    }

    private int onLoop(boolean epoll) throws Exception {
        return host.loop().submit(now -> {
            int n = 0;
            for (int i = 0; i < BATCH; i++) {
                deliver.run(now);
                n += epoll ? s.epollWait(epfd, events, events.length, 0) : s.poll(pollSet, 0);
                n += drain();
            }
            if (n != 2 * BATCH) {
                throw new IllegalStateException("expected one ready descriptor and one datagram per operation: " + n);
            }
            return n;
        }).get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int epollWaitOnLoop() throws Exception {
        return onLoop(true);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int pollOnLoop() throws Exception {
        return onLoop(false);
    }

    @Benchmark
    public int epollWait() throws SocketException {
        host.loop().execute(deliver);
        int n = s.epollWait(epfd, events, events.length, -1);
        return n + drain();
    }

    @Benchmark
    public int poll() throws SocketException {
        host.loop().execute(deliver);
        int n = s.poll(pollSet, -1);
        return n + drain();
    }
}
