package io.netstack4j.bench;

import io.netstack4j.api.NetStack;
import io.netstack4j.api.Resolver;
import io.netstack4j.api.ResolverException;
import io.netstack4j.socket.dns.DnsClientStats;
import io.netstack4j.socket.dns.DnsFailure;
import io.netstack4j.socket.dns.DnsResult;
import io.netstack4j.socket.udp.UdpConfig;
import io.netstack4j.wire.Ipv4Address;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.netstack4j.bench.BenchSupport.f;
import static io.netstack4j.bench.BenchSupport.median;

/**
 * Resolver lookups per second against a DNS server on the kernel's side of a TAP device (dnsmasq,
 * started by scripts/bench-dns.sh), with the resolver's cache off, so every lookup is a query on
 * the wire: a harness, never a test.
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar io.netstack4j.bench.ResolverRate \
 *        TAP JAVA_CIDR DNS_IP NAME EXPECTED_IP [COUNT=5000] [ROUNDS=3] [CONCURRENCY=1[,N...]]
 * </pre>
 * CONCURRENCY 1 is one lookup at a time through the blocking {@link Resolver#lookup}, timed each
 * (so a median and 99th percentile latency come with it); more keeps that many lookups in flight
 * with {@link Resolver#lookupAsync}. Every answer must hold EXPECTED_IP. Two unmeasured warm-up
 * rounds first, then ROUNDS rounds, for each concurrency level of the comma-separated list; each
 * level ends with {@code RESULT c=N qps=... p50_us=... p99_us=...} (medians over the rounds), and the
 * client's counters (queries sent, retries, timeouts) come last.
 */
public final class ResolverRate {
    private static final int WARMUPS = 2;
    /** No round runs longer than this. */
    private static final long ROUND_NANOS = 60_000_000_000L;

    private ResolverRate() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: ResolverRate TAP JAVA_CIDR DNS_IP NAME EXPECTED_IP"
                    + " [COUNT=5000] [ROUNDS=3] [CONCURRENCY=1[,N...]]");
            System.exit(2);
        }
        String name = args[3];
        Ipv4Address expected = Ipv4Address.parse(args[4]);
        int count = args.length > 5 ? Integer.parseInt(args[5]) : 5_000;
        int rounds = args.length > 6 ? Integer.parseInt(args[6]) : 3;
        String[] levels = (args.length > 7 ? args[7] : "1").split(",");
        try (NetStack host = BenchSupport.tapHost(args[0], args[1], UdpConfig.DEFAULT);
             Resolver resolver = Resolver.builder(host)
                     .servers(Ipv4Address.parse(args[2]))
                     .cacheSize(0)                       // every lookup goes to the server
                     .tryTimeout(Duration.ofSeconds(1))
                     .attemptsPerServer(2)
                     .build()) {
            for (String level : levels) {
                int concurrency = Integer.parseInt(level.trim());
                List<Double> rates = new ArrayList<>();
                List<Double> p50s = new ArrayList<>();
                List<Double> p99s = new ArrayList<>();
                for (int round = 1 - WARMUPS; round <= rounds; round++) {
                    double[] r = concurrency <= 1 ? sequential(resolver, name, expected, count)
                            : concurrent(resolver, name, expected, count, concurrency);
                    System.out.println(f("resolve %s: %d lookups of %s, %d in flight: %.0f lookups/s%s",
                            round <= 0 ? "warm-up" : "round " + round, count, name, concurrency, r[0],
                            concurrency <= 1 ? f("; latency p50 %.1f us, p99 %.1f us", r[1], r[2]) : ""));
                    if (round > 0) {
                        rates.add(r[0]);
                        p50s.add(r[1]);
                        p99s.add(r[2]);
                    }
                }
                System.out.println(f("RESULT c=%d qps=%.0f p50_us=%.1f p99_us=%.1f", concurrency, median(rates),
                        median(p50s), median(p99s)));
            }
            DnsClientStats s = resolver.stats();
            System.out.println(f("client: %d lookups, %d queries sent, %d retries, %d try timeouts, %d mismatched,"
                            + " %d cache hits, %d failed", s.lookups(), s.queriesSent(), s.retries(), s.tryTimeouts(),
                    s.mismatched(), s.cacheHits(), s.failed()));
        }
    }

    /** One lookup at a time: {rate, p50 us, p99 us}. */
    private static double[] sequential(Resolver resolver, String name, Ipv4Address expected, int count)
            throws ResolverException {
        long[] times = new long[count];
        int done = 0;
        long t0 = System.nanoTime();
        long end = t0 + ROUND_NANOS;
        for (int i = 0; i < count && System.nanoTime() < end; i++) {
            long a = System.nanoTime();
            List<Ipv4Address> got = resolver.resolve(name);
            times[done++] = System.nanoTime() - a;
            check(got, expected, name);
        }
        long t1 = System.nanoTime();
        Arrays.sort(times, 0, done);
        return new double[] {done / ((t1 - t0) / 1e9), pct(times, done, 50) / 1e3, pct(times, done, 99) / 1e3};
    }

    /** {@code concurrency} lookups in flight: {rate, NaN, NaN}. */
    private static double[] concurrent(Resolver resolver, String name, Ipv4Address expected, int count,
                                       int concurrency) throws InterruptedException {
        Semaphore window = new Semaphore(concurrency);
        AtomicLong failed = new AtomicLong();
        long t0 = System.nanoTime();
        long end = t0 + ROUND_NANOS;
        int issued = 0;
        for (; issued < count && System.nanoTime() < end; issued++) {
            if (!window.tryAcquire(ROUND_NANOS, TimeUnit.NANOSECONDS)) {
                break;
            }
            resolver.lookupAsync(name).whenComplete((outcome, error) -> {
                if (error != null || outcome instanceof DnsFailure
                        || !(outcome instanceof DnsResult r && r.addresses().contains(expected))) {
                    failed.incrementAndGet();
                }
                window.release();
            });
        }
        window.tryAcquire(concurrency, 30, TimeUnit.SECONDS);   // the last ones
        long t1 = System.nanoTime();
        window.release(concurrency);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " lookups failed or gave a wrong answer");
        }
        return new double[] {issued / ((t1 - t0) / 1e9), Double.NaN, Double.NaN};
    }

    private static void check(List<Ipv4Address> got, Ipv4Address expected, String name) {
        if (!got.contains(expected)) {
            throw new IllegalStateException(name + " resolved to " + got + ", not " + expected);
        }
    }

    private static double pct(long[] sorted, int n, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        return sorted[Math.clamp((int) Math.ceil(p / 100 * n) - 1, 0, n - 1)];
    }
}
