package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsMessage;
import io.netstack4j.wire.DnsQuestion;
import io.netstack4j.wire.Ipv4Address;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.netstack4j.socket.dns.DnsTestData.SEC;
import static io.netstack4j.socket.dns.DnsTestData.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The scripted servers and the client under test, shared by the DnsClient tests. */
abstract class DnsClientTestBase {
    static final Ipv4Address S1 = ip("198.51.100.53");
    static final Ipv4Address S2 = ip("198.51.100.54");
    static final long T0 = 1000 * SEC;

    final ScriptedTransport net = new ScriptedTransport();
    final List<DnsOutcome> outcomes = new ArrayList<>();
    DnsClient client = client(DnsClientConfig.DEFAULT.withServers(S1, S2));

    DnsClient client(DnsClientConfig config) {
        return new DnsClient(net, config, HostsTable.EMPTY, new DnsCache(), new Random(7));
    }

    void lookup(String name, long now) {
        client.lookup(name, now, outcomes::add);
    }

    DnsOutcome only() {
        assertEquals(1, outcomes.size(), "exactly one outcome: " + outcomes);
        return outcomes.getFirst();
    }

    DnsFailure failure(DnsErrorKind kind) {
        DnsFailure f = assertInstanceOf(DnsFailure.class, only());
        assertEquals(kind, f.kind(), f.message());
        return f;
    }

    static DnsMessage withFlags(DnsMessage m, int flags) {
        return new DnsMessage(m.id(), flags, m.questions(), m.answers(), m.authorities(), m.additionals());
    }

    static DnsMessage withId(DnsMessage m, int id) {
        return new DnsMessage(id, m.flags(), m.questions(), m.answers(), m.authorities(), m.additionals());
    }

    static DnsMessage withQuestion(DnsMessage m, DnsQuestion q) {
        return new DnsMessage(m.id(), m.flags(), q == null ? List.of() : List.of(q), m.answers(), m.authorities(),
                m.additionals());
    }
}
