package io.netstack4j.api;

import io.netstack4j.iface.FrameSink;
import io.netstack4j.iface.Stack;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.LinkAdapter;
import io.netstack4j.runtime.StackLoop;
import io.netstack4j.socket.tcp.TcpConfig;
import io.netstack4j.socket.tcp.TcpLayer;
import io.netstack4j.socket.udp.UdpConfig;
import io.netstack4j.socket.udp.UdpLayer;
import io.netstack4j.time.Clock;
import io.netstack4j.time.SystemClock;

import java.security.SecureRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A running host: a {@link Stack} on a LAN adapter, the {@link StackLoop} thread that owns it, its
 * transports ({@link UdpTransport} by default: its {@link UdpLayer}), and the {@link Sockets}
 * descriptor table on top.
 *
 * <p>Protocol objects ({@link #stack()}, {@link #udp()}) may be touched only on the loop thread:
 * from another thread, post work with {@code loop().execute} or {@code loop().submit}.
 */
public final class NetStack implements AutoCloseable {
    /** How long {@link #close} lets TCP deliver what was written before the sockets closed. */
    static final long CLOSE_GRACE_NANOS = 2_000_000_000L;

    private final Stack stack;
    private final StackLoop loop;
    private final List<Transport> transports;
    private final UdpLayer udp;
    private final TcpLayer tcp;
    private final Sockets sockets;
    private final Clock clock;
    private final RandomGenerator random;

    private NetStack(Builder b) {
        this.clock = b.clock;
        this.random = b.random != null ? b.random : new SecureRandom();
        this.stack = new Stack(b.config, FrameSink.of(b.adapter));
        this.loop = new StackLoop(stack, b.adapter, clock, b.loopQueueCapacity);
        List<Transport> ts = new ArrayList<>(b.transports);
        if (ts.stream().noneMatch(t -> t.socketType() == SocketType.DGRAM)) {
            ts.addFirst(new UdpTransport(b.udpConfig));
        }
        if (ts.stream().noneMatch(t -> t.socketType() == SocketType.STREAM)) {
            ts.add(new TcpTransport(b.tcpConfig));
        }
        this.transports = List.copyOf(ts);
        for (Transport t : transports) {
            t.install(this);
        }
        this.udp = transports.stream().filter(t -> t instanceof UdpTransport).map(t -> ((UdpTransport) t).layer())
                .findFirst().orElse(null);
        this.tcp = transports.stream().filter(t -> t instanceof TcpTransport).map(t -> ((TcpTransport) t).layer())
                .findFirst().orElse(null);
        this.sockets = new Sockets(this, b.maxDescriptors);
        // Before the loop starts: afterwards the stack belongs to the loop thread.
        stack.addTimerClient(sockets.timerClient());
    }

    /** Starts a host with the default UDP limits and descriptor table size. */
    public static NetStack start(StackConfig config, LinkAdapter adapter, Clock clock) {
        return builder(config, adapter).clock(clock).start();
    }

    /** Starts a host in real time ({@link SystemClock}). */
    public static NetStack start(StackConfig config, LinkAdapter adapter) {
        return builder(config, adapter).start();
    }

    public static Builder builder(StackConfig config, LinkAdapter adapter) {
        return new Builder(config, adapter);
    }

    /** The protocol stack; loop thread only. */
    public Stack stack() {
        return stack;
    }

    public StackLoop loop() {
        return loop;
    }

    /** The UDP layer; loop thread only. */
    public UdpLayer udp() {
        return udp;
    }

    /** The TCP layer; loop thread only. */
    public TcpLayer tcp() {
        return tcp;
    }

    /** The transports this host runs, UDP first. */
    public List<Transport> transports() {
        return transports;
    }

    /** The transport that makes sockets of {@code type}, or null. */
    public Transport transport(SocketType type) {
        for (Transport t : transports) {
            if (t.socketType() == type) {
                return t;
            }
        }
        return null;
    }

    /** The descriptor API; any thread. */
    public Sockets sockets() {
        return sockets;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * The host's unpredictable random source (a {@link SecureRandom} unless one was given): ephemeral
     * ports, DNS query IDs. Loop thread only, like the protocol objects that use it.
     */
    public RandomGenerator random() {
        return random;
    }

    public String name() {
        return stack.name();
    }

    /**
     * Closes every socket (waking blocked callers with EBADF); gives TCP connections up to 2 s to
     * deliver what was written before (their FINs follow the data), then resets those left, since no
     * process will remain to finish them; stops the loop thread and closes the LAN adapter; calls
     * still waiting fail with ENETDOWN. Idempotent.
     */
    @Override
    public void close() {
        sockets.shutdown();   // every descriptor closed: TCP sends its FINs after the data
        if (!loop.isClosed()) {
            try {
                // A short grace for connections still delivering what was written before close, then
                // each transport lets go of the rest (TCP resets them: no process is left to finish).
                long until = System.nanoTime() + CLOSE_GRACE_NANOS;
                while (tcp != null && System.nanoTime() < until
                        && loop.submit(now -> tcp.deliveringConnections()).get(1, TimeUnit.SECONDS) > 0) {
                    Thread.sleep(5);
                }
                loop.submit(now -> {
                    for (Transport t : transports) {
                        t.shutdown(now);
                    }
                    return null;
                }).get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException | RejectedExecutionException | CancellationException e) {
                // The loop is gone or stuck: nothing more can be sent.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loop.close();
        sockets.afterLoopClosed();
    }

    @Override
    public String toString() {
        return "NetStack[" + stack + "]";
    }

    /** Options for {@link NetStack}; every one has a default. */
    public static final class Builder {
        private final StackConfig config;
        private final LinkAdapter adapter;
        private Clock clock = SystemClock.INSTANCE;
        private UdpConfig udpConfig = UdpConfig.DEFAULT;
        private TcpConfig tcpConfig = TcpConfig.DEFAULT;
        private int maxDescriptors = Sockets.DEFAULT_MAX_DESCRIPTORS;
        private int loopQueueCapacity = StackLoop.DEFAULT_QUEUE_CAPACITY;
        private RandomGenerator random;
        private final List<Transport> transports = new ArrayList<>();

        private Builder(StackConfig config, LinkAdapter adapter) {
            this.config = Objects.requireNonNull(config, "config");
            this.adapter = Objects.requireNonNull(adapter, "adapter");
        }

        public Builder clock(Clock v) {
            clock = Objects.requireNonNull(v);
            return this;
        }

        /** The limits of the UDP transport added when none is given with {@link #transport}. */
        public Builder udpConfig(UdpConfig v) {
            udpConfig = Objects.requireNonNull(v);
            return this;
        }

        /** The limits and timers of the TCP transport added when none is given with {@link #transport}. */
        public Builder tcpConfig(TcpConfig v) {
            tcpConfig = Objects.requireNonNull(v);
            return this;
        }

        /**
         * Runs {@code t} on the host: sockets of its {@link Transport#socketType()} come from it. One
         * transport per socket type; without a DGRAM one, UDP is added with {@link #udpConfig},
         * without a STREAM one, TCP with {@link #tcpConfig}.
         */
        public Builder transport(Transport t) {
            Objects.requireNonNull(t, "t");
            if (transports.stream().anyMatch(x -> x.socketType() == t.socketType())) {
                throw new IllegalArgumentException("a " + t.socketType() + " transport is already given");
            }
            transports.add(t);
            return this;
        }

        /** The descriptor table's size (Linux's {@code RLIMIT_NOFILE}); beyond it socket() fails with EMFILE. */
        public Builder maxDescriptors(int v) {
            if (v < 1 || v > 1 << 20) {
                throw new IllegalArgumentException("maxDescriptors out of range 1..1048576: " + v);
            }
            maxDescriptors = v;
            return this;
        }

        public Builder loopQueueCapacity(int v) {
            loopQueueCapacity = v;
            return this;
        }

        /** The random source for ports and IDs (tests pass a seeded one; the default is a SecureRandom). */
        public Builder random(RandomGenerator v) {
            random = Objects.requireNonNull(v);
            return this;
        }

        /** Builds the host and starts its loop thread. */
        public NetStack start() {
            NetStack n = new NetStack(this);
            n.loop.start();
            return n;
        }
    }
}
