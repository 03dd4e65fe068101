package io.netstack4j.api;

import io.netstack4j.runtime.LoopCallable;
import io.netstack4j.socket.dns.DnsCache;
import io.netstack4j.socket.dns.DnsClient;
import io.netstack4j.socket.dns.DnsClientConfig;
import io.netstack4j.socket.dns.DnsClientStats;
import io.netstack4j.socket.dns.DnsErrorKind;
import io.netstack4j.socket.dns.DnsFailure;
import io.netstack4j.socket.dns.DnsOutcome;
import io.netstack4j.socket.dns.DnsResult;
import io.netstack4j.socket.dns.HostsTable;
import io.netstack4j.wire.Ipv4Address;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The blocking resolver for application threads: {@code resolve("www.example.test")} → addresses.
 * A {@link DnsClient} on the host's loop thread does the work (hosts table, cache, queries over the
 * host's UDP, and the retry of a truncated answer over the host's TCP, RFC 7766 §5); each call posts a
 * lookup to the loop and waits on a future the loop completes. The TCP retry runs on the loop too,
 * non-blocking like the UDP queries (a connection driven by its readiness and the lookup's timer), so
 * nothing blocks the loop and no thread is started for it. Every lookup ends by the configured
 * deadline, so no call blocks much longer than that.
 *
 * <pre>
 * try (Resolver r = Resolver.builder(net).servers(Ipv4Address.parse("198.51.100.53")).build()) {
 *     List&lt;Ipv4Address&gt; addresses = r.resolve("www.example.test");
 * }
 * </pre>
 *
 * Thread-safe; any number of threads may resolve at once (up to the configured pending bound).
 */
public final class Resolver implements AutoCloseable {
    /** How much longer than its deadline a caller waits for the loop to report a lookup. */
    private static final long GRACE_NANOS = 1_000_000_000L;

    private final NetStack net;
    private final DnsClient client;
    private final DnsClientConfig config;

    private Resolver(NetStack net, DnsClient client, DnsClientConfig config) {
        this.net = net;
        this.client = client;
        this.config = config;
    }

    /** A resolver asking {@code servers}, with the defaults of {@link DnsClientConfig#DEFAULT}. */
    public static Resolver create(NetStack net, Ipv4Address... servers) {
        return builder(net).servers(servers).build();
    }

    public static Builder builder(NetStack net) {
        return new Builder(net);
    }

    /**
     * The addresses of {@code name} (a dotted name or an address literal).
     *
     * @throws ResolverException with the {@link DnsErrorKind}: NXDOMAIN, NODATA, SERVFAIL, TIMEOUT...
     */
    public List<Ipv4Address> resolve(String name) throws ResolverException {
        return lookup(name).addresses();
    }

    /**
     * The whole result: addresses with their TTLs, the CNAME chain, the server, the query time,
     * whether it came from the cache or the hosts table, whether the answer was truncated.
     *
     * @throws ResolverException as {@link #resolve}
     */
    public DnsResult lookup(String name) throws ResolverException {
        Objects.requireNonNull(name, "name");
        if (net.loop().inEventLoop()) {
            throw new IllegalStateException("a blocking lookup on the loop thread would never complete; use lookupAsync");
        }
        DnsOutcome outcome;
        try {
            outcome = lookupAsync(name).get(config.deadlineNanos() + GRACE_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResolverException(DnsErrorKind.CANCELLED, name + ": interrupted", e);
        } catch (TimeoutException e) {
            throw new ResolverException(DnsErrorKind.TIMEOUT, name + ": the stack did not answer in time", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ResolverException r) {
                throw r;
            }
            throw new ResolverException(DnsErrorKind.CANCELLED, name + ": " + cause, cause);
        } catch (CancellationException e) {
            throw new ResolverException(DnsErrorKind.CANCELLED, name + ": the stack was closed", e);
        }
        return switch (outcome) {
            case DnsResult r -> r;
            case DnsFailure f -> throw new ResolverException(f);
        };
    }

    /**
     * Starts a lookup and returns at once; the future completes on the loop thread with the
     * outcome (a failure is a {@link DnsFailure} value, not an exception). If the loop refuses the
     * task (closed, or its queue full), the future fails with a {@link ResolverException}.
     */
    public CompletableFuture<DnsOutcome> lookupAsync(String name) {
        Objects.requireNonNull(name, "name");
        CompletableFuture<DnsOutcome> f = new CompletableFuture<>();
        try {
            net.loop().execute(now -> client.lookup(name, now, f::complete));
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new ResolverException(DnsErrorKind.CANCELLED, name + ": " + e.getMessage(), e));
        }
        return f;
    }

    /** The client's counters (taken on the loop thread). */
    public DnsClientStats stats() {
        return onLoop(now -> client.stats());
    }

    /** The cache's counters (taken on the loop thread). */
    public DnsCache.Stats cacheStats() {
        return onLoop(now -> client.cache().stats());
    }

    /** Empties the cache. */
    public void flushCache() {
        onLoop(now -> {
            client.cache().clear();
            return null;
        });
    }

    public DnsClientConfig config() {
        return config;
    }

    /** Fails lookups in progress with CANCELLED and detaches from the stack. Idempotent; a closed stack is fine. */
    @Override
    public void close() {
        try {
            net.loop().submit(now -> {
                client.close(now);
                return null;
            }).get(GRACE_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RejectedExecutionException | ExecutionException | TimeoutException
                 | CancellationException e) {
            // The loop is gone: nothing left to detach from.
        }
    }

    private <T> T onLoop(LoopCallable<T> c) {
        if (net.loop().inEventLoop()) {
            try {
                return c.call(net.clock().nanos());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return net.loop().submit(c).join();
    }

    /** Options for a {@link Resolver}; defaults from {@link DnsClientConfig#DEFAULT}, an empty hosts table. */
    public static final class Builder {
        private final NetStack net;
        private DnsClientConfig config = DnsClientConfig.DEFAULT;
        private HostsTable hosts = HostsTable.EMPTY;
        private int cacheSize = DnsCache.DEFAULT_CAPACITY;

        private Builder(NetStack net) {
            this.net = Objects.requireNonNull(net, "net");
        }

        /** The servers, asked in this order. */
        public Builder servers(Ipv4Address... v) {
            config = config.withServers(v);
            return this;
        }

        public Builder servers(List<Ipv4Address> v) {
            config = config.withServers(v);
            return this;
        }

        /** The servers' port (53 unless testing). */
        public Builder port(int v) {
            config = config.withPort(v);
            return this;
        }

        public Builder hosts(HostsTable v) {
            hosts = Objects.requireNonNull(v);
            return this;
        }

        /** How long one query waits for its answer (default 1 s). */
        public Builder tryTimeout(Duration v) {
            config = config.withTryTimeout(v.toNanos());
            return this;
        }

        /** Queries per server per name (default 2). */
        public Builder attemptsPerServer(int v) {
            config = config.withAttemptsPerServer(v);
            return this;
        }

        /** The longest a lookup may take in all (default 5 s). */
        public Builder deadline(Duration v) {
            config = config.withDeadline(v.toNanos());
            return this;
        }

        /**
         * How long the retry over TCP of a truncated answer may take before the truncated answer is
         * used (default 2 s); {@link Duration#ZERO} turns the retry off.
         */
        public Builder tcpTimeout(Duration v) {
            config = config.withTcpTimeout(v.toNanos());
            return this;
        }

        /** Cache entries (default 1024); 0 turns the cache off. */
        public Builder cacheSize(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("cache size " + v);
            }
            cacheSize = v;
            return this;
        }

        /** Everything at once; replaces what the other setters set. */
        public Builder config(DnsClientConfig v) {
            config = Objects.requireNonNull(v);
            return this;
        }

        /** Attaches the resolver to the host (on its loop thread) and returns it. */
        public Resolver build() {
            DnsCache cache = new DnsCache(cacheSize, DnsCache.DEFAULT_MAX_TTL_SECONDS,
                    DnsCache.DEFAULT_MAX_NEGATIVE_TTL_SECONDS);
            DnsClientConfig c = config;
            HostsTable h = hosts;
            LoopCallable<DnsClient> install = now -> net.tcp() == null
                    ? DnsClient.install(net.stack(), net.udp(), c, h, cache, net.random())
                    : DnsClient.install(net.stack(), net.udp(), net.tcp(), c, h, cache, net.random());
            DnsClient client;
            try {
                client = net.loop().inEventLoop() ? install.call(0) : net.loop().submit(install).join();
            } catch (Exception e) {
                throw new IllegalStateException("cannot attach a resolver to " + net.name() + ": " + e, e);
            }
            return new Resolver(net, client, c);
        }
    }
}
