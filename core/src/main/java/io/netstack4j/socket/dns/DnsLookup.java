package io.netstack4j.socket.dns;

import io.netstack4j.time.Timer;
import io.netstack4j.wire.DnsClass;
import io.netstack4j.wire.DnsMessage;
import io.netstack4j.wire.DnsName;
import io.netstack4j.wire.DnsQuestion;
import io.netstack4j.wire.DnsRcode;
import io.netstack4j.wire.DnsRdata;
import io.netstack4j.wire.DnsRecord;
import io.netstack4j.wire.DnsType;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.MalformedPacketException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One lookup in progress: walks the cache along the CNAME chain, then asks the servers for the
 * first name it lacks, one query at a time, each from its own socket with its own random ID;
 * earlier queries for the same name keep listening, so a late answer still counts. Driven by
 * {@link DnsClient}: {@link #start}, {@link #onReadable}, and its own timer ({@link #onTimer}).
 *
 * <p>A response with TC set (RFC 1035 §4.2.1) is asked again over TCP, of the same server (RFC 7766
 * §5), if the transport can and {@link DnsClientConfig#tcpTimeoutNanos()} is not 0: the UDP queries
 * of the step stop, and the TCP answer replaces the truncated one. If the connection fails, or gives
 * no answer within that timeout (or the lookup's deadline), the truncated answer is used for what it
 * holds, as without TCP.
 */
final class DnsLookup {
    /** Datagrams read from one socket per readiness call, at most (the socket's queue is bounded too). */
    private static final int MAX_READS = 64;

    private final DnsClient client;
    private final DnsClientConfig config;
    final String query;
    final Consumer<? super DnsOutcome> callback;
    final long startedAt;
    final long deadline;
    private final int firstServer;
    private DnsName current;
    private final List<DnsRecord> chain = new ArrayList<>();
    private final Set<DnsName> seen = new HashSet<>();
    private int queries;
    private boolean truncated;
    boolean done;
    // The step: the question now asked of the servers.
    private DnsQuestion question;
    private int nextAttempt;
    private boolean[] failedServers;
    private final List<DnsAttempt> attempts = new ArrayList<>();
    private long tryDeadline = Long.MAX_VALUE;
    private DnsErrorKind errorKind;
    private String errorMessage;
    private Ipv4Address errorServer;
    /** The retry over TCP in progress, with the truncated response it may replace and whence it came. */
    private DnsAttempt tcpAttempt;
    private DnsMessage truncatedResponse;
    private DnsAttempt truncatedFrom;
    /** The response that completed the lookup came over TCP. */
    private boolean answeredOverTcp;
    /** Armed for {@link #nextDeadline()} while the lookup runs. */
    private final Timer timer = new Timer(this::fired);

    DnsLookup(DnsClient client, String query, DnsName name, Consumer<? super DnsOutcome> callback, long now,
              int firstServer) {
        this.client = client;
        this.config = client.config();
        this.query = query;
        this.callback = callback;
        this.startedAt = now;
        this.deadline = now + config.deadlineNanos();
        this.firstServer = firstServer;
        this.current = name;
        seen.add(name);
    }

    /** When this lookup next needs {@link #onTimer}. */
    long nextDeadline() {
        return Math.min(tryDeadline, deadline);
    }

    /** Arms the timer for {@link #nextDeadline()}, or disarms it once done. */
    void armTimer() {
        if (done) {
            timer.cancel();
        } else if (timer.deadline() != nextDeadline()) {
            client.timers().schedule(timer, nextDeadline());
        }
    }

    private void fired(long now) {
        onTimer(now);
        armTimer();
    }

    /** Walks the cache; asks the network for the first name it cannot answer. */
    void start(long now) {
        DnsCache cache = client.cache();
        while (!done) {
            switch (cache.get(current, DnsType.A, now)) {
                case DnsCache.Records r -> {
                    succeed(r.records(), null, false, now);
                    return;
                }
                case DnsCache.NameError e -> {
                    fail(DnsErrorKind.NXDOMAIN, current + ": no such name (NXDOMAIN, cached)", null, now);
                    return;
                }
                case DnsCache.NoData e -> {
                    fail(DnsErrorKind.NODATA, current + ": no A record (NODATA, cached)", null, now);
                    return;
                }
                case null -> {
                }
            }
            if (!(cache.get(current, DnsType.CNAME, now) instanceof DnsCache.Records c)) {
                break;
            }
            follow(c.records().getFirst(), now);
        }
        if (done) {
            return;
        }
        if (config.servers().isEmpty()) {
            fail(DnsErrorKind.NO_SERVERS, current + ": no DNS server configured", null, now);
            return;
        }
        closeAttempts(now);
        question = new DnsQuestion(current, DnsType.A, DnsClass.IN);
        nextAttempt = 0;
        failedServers = new boolean[config.servers().size()];
        errorKind = null;
        if (!sendNext(now)) {
            finishStep(now);
        }
    }

    /** The try timer or the deadline. */
    void onTimer(long now) {
        if (tcpAttempt != null && now >= Math.min(tryDeadline, deadline)) {
            client.tryTimeouts++;
            tcpFailed(now);
            return;
        }
        if (now >= deadline) {
            finishStep(now);
            return;
        }
        if (now >= tryDeadline) {
            client.tryTimeouts++;
            tryDeadline = Long.MAX_VALUE;
            if (!sendNext(now)) {
                finishStep(now);
            }
        }
    }

    /** Reads what arrived on {@code a}'s socket. */
    void onReadable(DnsAttempt a, long now) {
        for (int i = 0; i < MAX_READS && !done && !a.closed; i++) {
            DnsTransport.Received d;
            try {
                d = a.socket.receive(now);
            } catch (IOException e) {
                if (a.stream) {
                    tcpFailed(now);
                } else {
                    serverFailed(a.server, DnsErrorKind.NETWORK, e.getMessage(), now);
                }
                return;
            }
            if (d == null) {
                return;
            }
            DnsMessage m = accept(a, d);
            if (m != null) {
                client.responsesAccepted++;
                onResponse(a, m, now);
            }
        }
    }

    /** The response if it matches the query (RFC 5452 §9.1: source, port, ID, question), else null (counted). */
    private DnsMessage accept(DnsAttempt a, DnsTransport.Received d) {
        if (!d.source().equals(a.server) || d.sourcePort() != config.port()) {
            client.mismatchedSource++;
            return null;
        }
        DnsMessage m;
        try {
            m = DnsMessage.parse(d.data(), 0, d.data().length);
        } catch (MalformedPacketException e) {
            client.malformed++;
            return null;
        }
        if (!m.isResponse() || m.opcode() != DnsMessage.OPCODE_QUERY) {
            client.malformed++;
            return null;
        }
        if (m.id() != a.id) {
            client.mismatchedId++;
            return null;
        }
        boolean sameQuestion = m.questions().size() == 1 && m.questions().getFirst().equals(question);
        // An error response may leave the question out (RFC 1035 does not require it); it carries no data.
        boolean bareError = m.questions().isEmpty() && m.rcode() != DnsRcode.NOERROR && m.rcode() != DnsRcode.NXDOMAIN;
        if (!sameQuestion && !bareError) {
            client.mismatchedQuestion++;
            return null;
        }
        return m;
    }

    private void onResponse(DnsAttempt a, DnsMessage m, long now) {
        if (m.isTruncated()) {
            client.truncated++;
            if (!a.stream && retryOverTcp(a, m, now)) {
                return;
            }
            truncated = true;
        }
        use(a, m, now);
    }

    /**
     * RFC 7766 §5: the truncated answer {@code m} from {@code a}'s server is asked again of that server
     * over TCP (a fresh connection, a fresh ID). The UDP queries of this step stop: a server answered.
     *
     * @return false if no connection could be begun or the query not queued (the truncated answer is then used)
     */
    private boolean retryOverTcp(DnsAttempt a, DnsMessage m, long now) {
        if (config.tcpTimeoutNanos() == 0) {
            return false;
        }
        DnsTransport.DnsSocket socket;
        try {
            socket = client.transport().openStream(a.server, config.port(), now);
        } catch (IOException e) {
            return false;   // no TCP here (or no route): as before TCP
        }
        DnsAttempt t = new DnsAttempt(this, socket, client.random().nextInt(0x10000), a.server, true);
        byte[] bytes = queryBytes(t.id);
        try {
            socket.send(bytes, 0, bytes.length, now);
        } catch (IOException e) {
            t.close(now);
            client.tcpFailures++;
            return false;
        }
        closeAttempts(now);
        attempts.add(t);
        client.watch(t);
        tcpAttempt = t;
        truncatedResponse = m;
        truncatedFrom = a;
        queries++;
        client.queriesSent++;
        client.tcpQueries++;
        tryDeadline = Math.min(now + config.tcpTimeoutNanos(), deadline);
        return true;
    }

    /** The TCP retry failed or timed out: the truncated answer it was to replace is used after all. */
    private void tcpFailed(long now) {
        client.tcpFailures++;
        DnsAttempt from = truncatedFrom;
        DnsMessage m = truncatedResponse;
        closeAttempts(now);
        tryDeadline = Long.MAX_VALUE;
        truncated = true;
        use(from, m, now);
    }

    /** Takes an accepted response: an error RCODE, the CNAME chain, the addresses, or a negative answer. */
    private void use(DnsAttempt a, DnsMessage m, long now) {
        answeredOverTcp = a.stream;
        int rcode = m.rcode();
        String from = " from " + a.server;
        if (rcode != DnsRcode.NOERROR && rcode != DnsRcode.NXDOMAIN) {
            DnsErrorKind kind = switch (rcode) {
                case DnsRcode.SERVFAIL -> DnsErrorKind.SERVFAIL;
                case DnsRcode.REFUSED -> DnsErrorKind.REFUSED;
                default -> DnsErrorKind.SERVER_ERROR;
            };
            serverFailed(a.server, kind, question.name() + ": " + kind.description() + " ("
                    + DnsRcode.name(rcode) + from + ")", now);
            return;
        }
        DnsCache cache = client.cache();
        DnsName asked = current;
        // Follow the chain inside the answer (RFC 1034 §5.3.3 step 3), caching each link.
        for (int i = 0; i < m.answers().size(); i++) {
            DnsRecord link = cnameOf(m.answers(), current);
            if (link == null) {
                break;
            }
            cache.putRecords(List.of(link), now);
            follow(link, now);
            if (done) {
                return;
            }
        }
        if (done) {
            return;
        }
        List<DnsRecord> addresses = new ArrayList<>();
        for (DnsRecord r : m.answers()) {
            if (r.name().equals(current) && r.data() instanceof DnsRdata.A) {
                addresses.add(r);
            }
        }
        DnsRecord soa = m.authorities().stream().filter(r -> r.type() == DnsType.SOA).findFirst().orElse(null);
        if (rcode == DnsRcode.NXDOMAIN) {
            // RFC 2308 §2.1: after a CNAME chain, the name error is about the chain's last name.
            cache.putNegative(current, DnsType.A, true, soa, now);
            fail(DnsErrorKind.NXDOMAIN, current + ": " + DnsErrorKind.NXDOMAIN.description() + " (NXDOMAIN" + from + ")",
                    a.server, now);
        } else if (!addresses.isEmpty()) {
            cache.putRecords(addresses, now);
            succeed(addresses, a.server, m.isAuthoritative(), now);
        } else if (!current.equals(asked) && soa == null) {
            // The answer stops at a CNAME whose target the server did not give: ask for the target.
            start(now);
        } else if (truncated) {
            fail(DnsErrorKind.TRUNCATED, current + ": response truncated (TC" + from + "), no address in it",
                    a.server, now);
        } else {
            cache.putNegative(current, DnsType.A, false, soa, now);
            fail(DnsErrorKind.NODATA, current + ": no A record (NODATA" + from + ")", a.server, now);
        }
    }

    private static DnsRecord cnameOf(List<DnsRecord> answers, DnsName owner) {
        for (DnsRecord r : answers) {
            if (r.type() == DnsType.CNAME && r.dnsClass() == DnsClass.IN && r.name().equals(owner)) {
                return r;
            }
        }
        return null;
    }

    /** Takes one CNAME link; fails the lookup if the chain loops or grows past the bound. */
    private void follow(DnsRecord cname, long now) {
        DnsName target = ((DnsRdata.Cname) cname.data()).target();
        chain.add(cname);
        if (!seen.add(target)) {
            fail(DnsErrorKind.CNAME_LOOP, query + ": CNAME loop at " + target, null, now);
        } else if (chain.size() > config.maxCnameChain()) {
            fail(DnsErrorKind.CNAME_LOOP, query + ": CNAME chain longer than " + config.maxCnameChain(), null, now);
        } else {
            current = target;
        }
    }

    /** A server answered with an error or its socket failed: it is out for this name; try another at once. */
    private void serverFailed(Ipv4Address server, DnsErrorKind kind, String message, long now) {
        errorKind = kind;
        errorMessage = message;
        errorServer = server;
        List<Ipv4Address> servers = config.servers();
        for (int i = 0; i < servers.size(); i++) {
            if (servers.get(i).equals(server)) {
                failedServers[i] = true;
            }
        }
        boolean waiting = false;
        for (DnsAttempt a : attempts) {
            if (a.server.equals(server)) {
                a.close(now);
            }
            waiting |= !a.closed;
        }
        if (!sendNext(now) && !waiting) {
            finishStep(now);
        }
    }

    /** Sends the next query of the step, skipping servers that failed; false if none is left. */
    private boolean sendNext(long now) {
        List<Ipv4Address> servers = config.servers();
        int total = servers.size() * config.attemptsPerServer();
        while (nextAttempt < total) {
            int index = (firstServer + nextAttempt) % servers.size();
            boolean retry = nextAttempt > 0;
            nextAttempt++;
            if (failedServers[index]) {
                continue;
            }
            Ipv4Address server = servers.get(index);
            DnsTransport.DnsSocket socket;
            try {
                socket = client.transport().open(server, config.port());
            } catch (IOException e) {
                serverFailedQuietly(index, server, e);
                continue;
            }
            // RFC 5452 §9.2: a random ID (and, from the transport, a random source port) per query.
            DnsAttempt a = new DnsAttempt(this, socket, client.random().nextInt(0x10000), server, false);
            byte[] bytes = queryBytes(a.id);
            try {
                socket.send(bytes, 0, bytes.length, now);
            } catch (IOException e) {
                a.close(now);
                serverFailedQuietly(index, server, e);
                continue;
            }
            attempts.add(a);
            client.watch(a);
            queries++;
            client.queriesSent++;
            if (retry) {
                client.retries++;
            }
            tryDeadline = Math.min(now + config.tryTimeoutNanos(), deadline);
            return true;
        }
        // Nothing left to send: the try timer of the last query sent still runs, if it does.
        return false;
    }

    /** The query of this step with message ID {@code id}, with an OPT record if EDNS is on. */
    private byte[] queryBytes(int id) {
        DnsMessage q = DnsMessage.query(id, question.name(), DnsType.A);
        if (config.ednsPayloadSize() != 0) {
            q = new DnsMessage(q.id(), q.flags(), q.questions(), List.of(), List.of(),
                    List.of(DnsRecord.opt(config.ednsPayloadSize())));
        }
        return q.toBytes();
    }

    private void serverFailedQuietly(int index, Ipv4Address server, IOException e) {
        failedServers[index] = true;
        errorKind = DnsErrorKind.NETWORK;
        errorMessage = question.name() + ": " + e.getMessage() + " (asking " + server + ")";
        errorServer = null;
    }

    /** No query left or the deadline passed: the last server error if there was one, else a timeout. */
    private void finishStep(long now) {
        if (errorKind != null) {
            fail(errorKind, errorMessage, errorServer, now);
        } else {
            fail(DnsErrorKind.TIMEOUT, current + ": timed out after " + queries + " "
                    + (queries == 1 ? "query" : "queries") + " to " + config.servers(), null, now);
        }
    }

    private void succeed(List<DnsRecord> addressRecords, Ipv4Address server, boolean authoritative, long now) {
        List<Ipv4Address> addresses = new ArrayList<>();
        for (DnsRecord r : addressRecords) {
            addresses.add(((DnsRdata.A) r.data()).address());
        }
        List<DnsRecord> answers = new ArrayList<>(chain);
        answers.addAll(addressRecords);
        DnsResult.Source source = queries == 0 ? DnsResult.Source.CACHE : DnsResult.Source.DNS;
        complete(new DnsResult(query, current, addresses, answers, source, server, authoritative, truncated,
                server != null && answeredOverTcp, queries, startedAt, now), now);
    }

    private void fail(DnsErrorKind kind, String message, Ipv4Address server, long now) {
        complete(new DnsFailure(query, kind, message, chain, server, queries, startedAt, now), now);
    }

    private void complete(DnsOutcome outcome, long now) {
        if (done) {
            return;
        }
        done = true;
        closeAttempts(now);
        tryDeadline = Long.MAX_VALUE;
        timer.cancel();
        client.completed(this, outcome);
    }

    private void closeAttempts(long now) {
        for (DnsAttempt a : attempts) {
            a.close(now);
        }
        attempts.clear();
        tcpAttempt = null;
        truncatedResponse = null;
        truncatedFrom = null;
    }

    /** Fails with CANCELLED (the client is closing). */
    void cancel(long now) {
        fail(DnsErrorKind.CANCELLED, query + ": resolver closed", null, now);
    }
}
