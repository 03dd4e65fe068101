package io.netstack4j.app.cli;

import io.netstack4j.api.NetStack;
import io.netstack4j.iface.Stack;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.FaultyAdapter;
import io.netstack4j.link.FrameObserver;
import io.netstack4j.link.LinkAdapter;
import io.netstack4j.link.ObservedAdapter;
import io.netstack4j.link.PcapNgWriter;
import io.netstack4j.runtime.StackLoop;
import io.netstack4j.time.Clock;
import io.netstack4j.time.SystemClock;
import io.netstack4j.trace.TextTrace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A host at work: a {@link NetStack} (stack, event loop, UDP, socket library) on a LAN adapter
 * wrapped for capture and trace. Closing it stops the loop, releases the adapter and finishes
 * the capture file.
 */
public final class RunningHost implements AutoCloseable {
    private final NetStack net;
    private final PcapNgWriter pcap;
    /** The adapter as given (before the capture's wrapper): a TAP, a virtual port, or a faulty wrapper. */
    private final LinkAdapter adapter;

    private RunningHost(NetStack net, PcapNgWriter pcap, LinkAdapter adapter) {
        this.net = net;
        this.pcap = pcap;
        this.adapter = adapter;
    }

    /**
     * Builds and starts a host.
     *
     * @param config  the stack's configuration
     * @param adapter the LAN adapter it owns from now on
     * @param pcap    a pcapng file to write, or null
     * @param trace   print every frame to stdout
     */
    public static RunningHost start(StackConfig config, LinkAdapter adapter, Path pcap, boolean trace) {
        return start(config, adapter, pcap, trace, 0);
    }

    /** As {@link #start(StackConfig, LinkAdapter, Path, boolean)}, with busy polling (see {@link StackLoop#setBusyPollNanos}). */
    public static RunningHost start(StackConfig config, LinkAdapter adapter, Path pcap, boolean trace,
                                    long busyPollNanos) {
        Clock clock = SystemClock.INSTANCE;
        List<FrameObserver> observers = new ArrayList<>();
        PcapNgWriter writer = null;
        if (pcap != null) {
            try {
                writer = new PcapNgWriter(pcap, PcapNgWriter.realTimeEpochOffset());
            } catch (IOException e) {
                adapter.close();
                throw new UncheckedIOException("cannot write " + pcap + ": " + e.getMessage(), e);
            }
            observers.add(writer);
        }
        if (trace) {
            observers.add(new TextTrace(System.out, config.name(), clock.nanos()));
        }
        LinkAdapter link = observers.isEmpty() ? adapter : new ObservedAdapter(adapter, observers);
        NetStack net = NetStack.builder(config, link).clock(clock).start();
        net.loop().setBusyPollNanos(busyPollNanos);
        return new RunningHost(net, writer, adapter);
    }

    /** The host with its socket library, UDP and the rest. */
    public NetStack net() {
        return net;
    }

    public Stack stack() {
        return net.stack();
    }

    public StackLoop loop() {
        return net.loop();
    }

    /**
     * The link's counters, one line, and with a fault injector around the adapter one more line
     * per direction saying what it did ("faults rx lost 12 duplicated 3 reordered 40 ..."). Any thread.
     */
    public List<String> linkReport() {
        List<String> lines = new ArrayList<>();
        if (adapter instanceof FaultyAdapter f) {
            lines.add("link " + f.name() + " (device) " + f.inner().stats());
            for (String l : f.faultReport().split("\n")) {
                lines.add("faults " + l);
            }
        } else {
            lines.add("link " + adapter.name() + " " + adapter.stats());
        }
        return lines;
    }

    /**
     * Prints {@code banner} and blocks until the JVM is asked to stop (SIGINT, SIGTERM); then closes
     * {@code services} and this host, so a TAP device is released and can be attached again at once.
     */
    public void serveUntilStopped(String banner, AutoCloseable... services) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable s : services) {
                try {
                    s.close();
                } catch (Exception e) {
                    System.err.println("netstack4j: closing " + s + ": " + e.getMessage());
                }
            }
            close();
            stopped.countDown();
        }, "netstack4j-shutdown"));
        System.out.println(banner);
        System.out.flush();
        stopped.await();
    }

    @Override
    public void close() {
        net.close();
        if (pcap != null) {
            pcap.close();
        }
    }
}
