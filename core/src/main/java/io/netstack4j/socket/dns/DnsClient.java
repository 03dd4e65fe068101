package io.netstack4j.socket.dns;

import io.netstack4j.iface.Stack;
import io.netstack4j.iface.TimerClient;
import io.netstack4j.socket.tcp.TcpLayer;
import io.netstack4j.socket.udp.UdpLayer;
import io.netstack4j.time.Timer;
import io.netstack4j.time.TimerWheel;
import io.netstack4j.wire.DnsClass;
import io.netstack4j.wire.DnsName;
import io.netstack4j.wire.DnsRdata;
import io.netstack4j.wire.DnsRecord;
import io.netstack4j.wire.Ipv4Address;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A stub resolver (RFC 1034 §5.3.1, RFC 1123 §6.1.3): name → IPv4 addresses, from an address
 * literal, the {@link HostsTable}, the {@link DnsCache}, or A queries over UDP (RFC 1035 §4.2.1)
 * to the configured servers.
 *
 * <ul>
 *   <li>Each query goes out on a fresh socket (a random ephemeral port) with a random ID, and a
 *       response is accepted only from the server and port asked, with that ID and the same
 *       question (RFC 5452 §9); everything else is dropped and counted.</li>
 *   <li>A query unanswered after {@link DnsClientConfig#tryTimeoutNanos()} is followed by the
 *       next, going round the servers {@link DnsClientConfig#attemptsPerServer()} times; a server
 *       answering SERVFAIL, REFUSED or another error RCODE (or unreachable) is skipped for that name
 *       and the next asked at once. Every lookup ends by its deadline.</li>
 *   <li>CNAME chains are followed within an answer and across queries, up to
 *       {@link DnsClientConfig#maxCnameChain()} links; a loop fails.</li>
 *   <li>NXDOMAIN, NODATA, SERVFAIL, REFUSED, TIMEOUT... are distinct {@link DnsErrorKind}s.
 *       Answers and negative answers are cached by TTL (RFC 2308); a lookup the cache answers sends
 *       nothing ({@link DnsClientStats#cacheHits()}).</li>
 *   <li>A truncated (TC) response is asked again of the same server over TCP (RFC 7766 §5), with
 *       the two-octet length prefix of RFC 1035 §4.2.2, when the transport has TCP
 *       ({@link DnsTransport#udpAndTcp}); the TCP answer replaces the truncated one. Without TCP, or
 *       if the connection fails or stays silent past {@link DnsClientConfig#tcpTimeoutNanos()}, the
 *       truncated response is used for what it holds and flagged in the result.</li>
 * </ul>
 *
 * <p>Pure protocol code: every call on the stack's thread, the time passed in. Each lookup owns a
 * {@link Timer} (its try timer or its deadline, whichever is first) on a {@link TimerWheel}: the
 * stack's when {@link #install installed}, so the stack runs them when due; otherwise a wheel of
 * its own that {@link #poll} runs (a {@link TimerClient}). Responses are read from a timer armed for
 * "at once" when a socket becomes readable, which the stack runs in its poll right after
 * delivering frames, so they carry the right time.
 */
public final class DnsClient implements TimerClient {
    private final DnsTransport transport;
    private final DnsClientConfig config;
    private final HostsTable hosts;
    private final DnsCache cache;
    private final RandomGenerator random;
    private final List<DnsLookup> pending = new ArrayList<>();
    private final ArrayDeque<DnsAttempt> ready = new ArrayDeque<>();
    private final TimerWheel timers;
    /** Whether {@link #timers} is this client's own, run by {@link #poll}. */
    private final boolean ownWheel;
    /** Armed for "at once" while {@link #ready} holds sockets to read. */
    private final Timer readTimer = new Timer(this::readResponses);
    private int rotation;
    private boolean closed;
    // Counters (DnsLookup adds to some).
    private long lookups;
    private long literalAnswers;
    private long hostsHits;
    private long cacheHits;
    long queriesSent;
    long retries;
    long tryTimeouts;
    long responsesAccepted;
    long mismatchedSource;
    long mismatchedId;
    long mismatchedQuestion;
    long malformed;
    long truncated;
    long tcpQueries;
    long tcpFailures;
    private long succeeded;
    private final Map<DnsErrorKind, Long> failures = new EnumMap<>(DnsErrorKind.class);
    private long callbackErrors;

    /**
     * @param random the source of query IDs; use an unpredictable one ({@link java.security.SecureRandom})
     *               where off-path spoofing matters (RFC 5452 §4)
     */
    public DnsClient(DnsTransport transport, DnsClientConfig config, HostsTable hosts, DnsCache cache,
                     RandomGenerator random) {
        this(transport, config, hosts, cache, random, null);
    }

    /**
     * @param timers the wheel for the lookups' timers (the stack's), or null for a wheel of the
     *               client's own, run by {@link #poll}
     */
    public DnsClient(DnsTransport transport, DnsClientConfig config, HostsTable hosts, DnsCache cache,
                     RandomGenerator random, TimerWheel timers) {
        this.ownWheel = timers == null;
        this.timers = ownWheel ? new TimerWheel() : timers;
        this.transport = Objects.requireNonNull(transport, "transport");
        this.config = Objects.requireNonNull(config, "config");
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A client querying over {@code udp}, its timers on {@code stack}'s wheel (so the stack runs
     * them; {@link #poll} need not be called). On the stack's thread, or before its loop starts.
     */
    public static DnsClient install(Stack stack, UdpLayer udp, DnsClientConfig config, HostsTable hosts,
                                    DnsCache cache, RandomGenerator random) {
        return new DnsClient(DnsTransport.udp(udp), config, hosts, cache, random, stack.timers());
    }

    /**
     * As {@link #install(Stack, UdpLayer, DnsClientConfig, HostsTable, DnsCache, RandomGenerator)},
     * retrying truncated answers over {@code tcp} (RFC 7766 §5).
     */
    public static DnsClient install(Stack stack, UdpLayer udp, TcpLayer tcp, DnsClientConfig config,
                                    HostsTable hosts, DnsCache cache, RandomGenerator random) {
        return new DnsClient(DnsTransport.udpAndTcp(udp, tcp), config, hosts, cache, random, stack.timers());
    }

    /**
     * Looks {@code name} up. The callback runs exactly once, on this thread: at once (inside this
     * call) for a literal, a hosts entry, a cache answer or an immediate error; otherwise later,
     * from a timer of the wheel. Exceptions it throws are caught and counted.
     *
     * @param name a dotted name, with or without the final dot, or an IPv4 address literal
     */
    public void lookup(String name, long now, Consumer<? super DnsOutcome> callback) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(callback, "callback");
        lookups++;
        if (closed) {
            deliver(callback, failure(name, DnsErrorKind.CANCELLED, name + ": resolver closed", now));
            return;
        }
        Ipv4Address literal = literal(name);
        if (literal != null) {
            literalAnswers++;
            deliver(callback, local(name, DnsName.of(name), List.of(literal), DnsResult.Source.LITERAL, now));
            return;
        }
        DnsName dnsName;
        try {
            dnsName = DnsName.of(name);
        } catch (IllegalArgumentException e) {
            deliver(callback, failure(name, DnsErrorKind.BAD_NAME, e.getMessage(), now));
            return;
        }
        if (dnsName.isRoot()) {
            deliver(callback, failure(name, DnsErrorKind.BAD_NAME, "the root name has no address", now));
            return;
        }
        List<Ipv4Address> fromHosts = hosts.lookup(dnsName);
        if (!fromHosts.isEmpty()) {
            hostsHits++;
            deliver(callback, local(name, dnsName, fromHosts, DnsResult.Source.HOSTS, now));
            return;
        }
        if (pending.size() >= config.maxPendingLookups()) {
            deliver(callback, failure(name, DnsErrorKind.OVERLOADED,
                    name + ": " + pending.size() + " lookups already in progress", now));
            return;
        }
        int first = 0;
        if (config.rotate() && !config.servers().isEmpty()) {
            first = Math.floorMod(rotation++, config.servers().size());
        }
        DnsLookup l = new DnsLookup(this, name, dnsName, callback, now, first);
        pending.add(l);
        l.start(now);
        l.armTimer();
    }

    /**
     * With a wheel of its own: reads the responses that arrived and runs the due timers, returning
     * the next deadline (exactly). Installed on a stack, the stack does that; this returns
     * {@code Long.MAX_VALUE} and does nothing.
     */
    @Override
    public long poll(long now) {
        if (!ownWheel) {
            return Long.MAX_VALUE;
        }
        timers.expire(now);
        return timers.nextDeadline();
    }

    /** The read timer: reads what arrived on the sockets that became readable. */
    private void readResponses(long now) {
        for (int n = ready.size(); n > 0; n--) {
            DnsAttempt a = ready.poll();
            a.ready = false;
            if (!a.lookup.done && !a.closed) {
                a.lookup.onReadable(a, now);
                a.lookup.armTimer();
            }
        }
    }

    /** Fails every lookup in progress with CANCELLED and closes their sockets. */
    public void close(long now) {
        closed = true;
        for (DnsLookup l : pending.toArray(new DnsLookup[0])) {
            l.cancel(now);
        }
        readTimer.cancel();
        ready.clear();
    }

    public DnsClientConfig config() {
        return config;
    }

    public HostsTable hosts() {
        return hosts;
    }

    public DnsCache cache() {
        return cache;
    }

    /** Lookups in progress. */
    public int pending() {
        return pending.size();
    }

    public DnsClientStats stats() {
        return new DnsClientStats(lookups, literalAnswers, hostsHits, cacheHits, queriesSent, retries, tryTimeouts,
                responsesAccepted, mismatchedSource, mismatchedId, mismatchedQuestion, malformed, truncated, tcpQueries,
                tcpFailures, succeeded,
                failures, callbackErrors, pending.size());
    }

    // ---- used by DnsLookup ----

    DnsTransport transport() {
        return transport;
    }

    RandomGenerator random() {
        return random;
    }

    TimerWheel timers() {
        return timers;
    }

    /** Watches {@code a}'s socket: readiness queues it and arms the read timer for "at once". */
    void watch(DnsAttempt a) {
        a.socket.onReadiness(() -> {
            if (!a.ready && !a.closed) {
                a.ready = true;
                ready.add(a);
                if (!readTimer.isArmed()) {
                    timers.schedule(readTimer, Long.MIN_VALUE);
                }
            }
        });
    }

    void completed(DnsLookup l, DnsOutcome outcome) {
        pending.remove(l);
        if (outcome.queries() == 0 && (outcome instanceof DnsResult || isNegativeAnswer(outcome))) {
            cacheHits++;
        }
        deliver(l.callback, outcome);
    }

    private static boolean isNegativeAnswer(DnsOutcome o) {
        return o instanceof DnsFailure f && (f.kind() == DnsErrorKind.NXDOMAIN || f.kind() == DnsErrorKind.NODATA);
    }

    private void deliver(Consumer<? super DnsOutcome> callback, DnsOutcome outcome) {
        if (outcome instanceof DnsFailure f) {
            failures.merge(f.kind(), 1L, Long::sum);
        } else {
            succeeded++;
        }
        try {
            callback.accept(outcome);
        } catch (RuntimeException e) {
            callbackErrors++;
        }
    }

    private static DnsFailure failure(String name, DnsErrorKind kind, String message, long now) {
        return new DnsFailure(name, kind, message, List.of(), null, 0, now, now);
    }

    private static DnsResult local(String query, DnsName name, List<Ipv4Address> addresses, DnsResult.Source source,
                                   long now) {
        List<DnsRecord> answers = addresses.stream()
                .map(a -> new DnsRecord(name, DnsClass.IN, 0, new DnsRdata.A(a)))
                .toList();
        return new DnsResult(query, name, addresses, answers, source, null, false, false, false, 0, now, now);
    }

    /** A dotted-quad literal (four decimal octets), else null. */
    static Ipv4Address literal(String name) {
        if (name.isEmpty() || !Character.isDigit(name.charAt(name.length() - 1))) {
            return null;
        }
        try {
            return Ipv4Address.parse(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
