package io.netstack4j.bench;

import io.netstack4j.api.NetStack;
import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.tap.TapAdapter;
import io.netstack4j.socket.udp.UdpConfig;
import io.netstack4j.wire.Ipv4Cidr;
import io.netstack4j.wire.MacAddress;

import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the UDP and DNS harnesses share: a host on a TAP device, the kernel's counters of the
 * network namespace the harness runs in, the kernel-side peer programs (scripts/bench-udp-peer.py)
 * started as child processes and always ended, and medians.
 */
final class BenchSupport {
    private BenchSupport() {
    }

    /** A Java host on the TAP device {@code tap} with {@code cidr}, MTU 1500, the UDP limits given. */
    static NetStack tapHost(String tap, String cidr, UdpConfig udp) {
        TapAdapter adapter = TapAdapter.open(tap, 1500);
        StackConfig config = StackConfig.builder(tap)
                .mac(MacAddress.locallyAdministered(ThreadLocalRandom.current().nextLong()))
                .address(Ipv4Cidr.parse(cidr))
                .mtu(1500)
                .build();
        return NetStack.builder(config, adapter).udpConfig(udp).start();
    }

    /** The median (the mean of the two middle values for an even count); NaN if empty. */
    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** This network namespace's {@code Udp:} counters from /proc/net/snmp, by name (InDatagrams, RcvbufErrors...). */
    static Map<String, Long> udpSnmp() {
        try {
            return parseUdpSnmp(Files.readAllLines(Path.of("/proc/net/snmp")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc/net/snmp: " + e, e);
        }
    }

    /** The {@code Udp:} counters of the network namespace {@code netns} (read with {@code ip netns exec}). */
    static Map<String, Long> udpSnmp(String netns) {
        try {
            Process p = new ProcessBuilder("ip", "netns", "exec", netns, "cat", "/proc/net/snmp")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return parseUdpSnmp(text.lines().toList());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/net/snmp of " + netns + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Long> parseUdpSnmp(List<String> lines) {
        List<String> udp = lines.stream().filter(l -> l.startsWith("Udp: ")).toList();
        String[] names = udp.get(0).split("\\s+");
        String[] values = udp.get(1).split("\\s+");
        Map<String, Long> m = new HashMap<>();
        for (int i = 1; i < names.length; i++) {
            m.put(names[i], Long.parseLong(values[i]));
        }
        return m;
    }

    /** A counter of {@code /sys/class/net/IFACE/statistics} (0 if unreadable). */
    static long linkCounter(String iface, String counter) {
        try {
            return Long.parseLong(Files.readString(Path.of("/sys/class/net", iface, "statistics", counter)).trim());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * A kernel-side program this harness started: its output lines are collected on a thread of
     * their own; {@link #finish} waits for it for a bounded time and ends it otherwise.
     */
    static final class Peer implements AutoCloseable {
        private final Process process;
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final CompletableFuture<String> summary = new CompletableFuture<>();

        private Peer(Process process, String summaryPrefix) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                        if (line.startsWith(summaryPrefix)) {
                            summary.complete(line);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
                summary.complete(null);
            }, "peer-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Starts {@code python3 PEER_SCRIPT args...}; its stderr goes to ours. */
        static Peer start(String peerScript, String summaryPrefix, Object... args) {
            return startIn(null, peerScript, summaryPrefix, args);
        }

        /** As {@link #start}, inside the network namespace {@code netns} ({@code ip netns exec}) unless null. */
        static Peer startIn(String netns, String peerScript, String summaryPrefix, Object... args) {
            List<String> cmd = new ArrayList<>();
            if (netns != null) {
                cmd.addAll(List.of("ip", "netns", "exec", netns));
            }
            cmd.addAll(List.of("python3", peerScript));
            for (Object a : args) {
                cmd.add(String.valueOf(a));
            }
            try {
                Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                return new Peer(p, summaryPrefix);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + cmd + ": " + e, e);
            }
        }

        /** Waits (at most {@code seconds}) for the line "READY". */
        void awaitReady(double seconds) throws InterruptedException {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                String l = lines.poll(50, TimeUnit.MILLISECONDS);
                if ("READY".equals(l)) {
                    return;
                }
                if (l == null && !process.isAlive()) {
                    break;
                }
            }
            throw new IllegalStateException("the kernel-side peer did not get ready");
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /**
         * Its summary line, waiting at most {@code seconds}; the process is killed if it has not
         * ended by then (this process's own child, by its handle). Null if it printed none.
         */
        String finish(double seconds) throws InterruptedException {
            String s = null;
            try {
                s = summary.get((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // none in time
            }
            close();
            return s;
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(2, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** CPU time used so far by the live threads named {@code name} (the stack's loop thread is named after it). */
    static long threadCpuNanos(String name) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                sum += Math.max(0, mx.getThreadCpuTime(t.threadId()));
            }
        }
        return sum;
    }

    /** The value of {@code key=} in a peer's summary line, or NaN. */
    static double field(String line, String key) {
        if (line == null) {
            return Double.NaN;
        }
        for (String part : line.split("\\s+")) {
            if (part.startsWith(key + "=")) {
                return Double.parseDouble(part.substring(key.length() + 1));
            }
        }
        return Double.NaN;
    }
}
