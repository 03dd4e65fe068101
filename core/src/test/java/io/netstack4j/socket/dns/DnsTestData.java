package io.netstack4j.socket.dns;

import io.netstack4j.wire.DnsClass;
import io.netstack4j.wire.DnsName;
import io.netstack4j.wire.DnsRdata;
import io.netstack4j.wire.DnsRecord;
import io.netstack4j.wire.Ipv4Address;

/** Records and constants shared by the DNS tests. */
final class DnsTestData {
    static final long MS = 1_000_000L;
    static final long SEC = 1_000_000_000L;

    private DnsTestData() {
    }

    static Ipv4Address ip(String s) {
        return Ipv4Address.parse(s);
    }

    static DnsRecord a(String name, long ttl, String address) {
        return new DnsRecord(DnsName.of(name), DnsClass.IN, ttl, new DnsRdata.A(ip(address)));
    }

    static DnsRecord cname(String name, long ttl, String target) {
        return new DnsRecord(DnsName.of(name), DnsClass.IN, ttl, new DnsRdata.Cname(DnsName.of(target)));
    }

    /** An SOA for the authority section of a negative answer. */
    static DnsRecord soa(String zone, long ttl, long minimum) {
        return new DnsRecord(DnsName.of(zone), DnsClass.IN, ttl, new DnsRdata.Soa(DnsName.of("ns." + zone),
                DnsName.of("hostmaster." + zone), 1, 3600, 600, 86_400, minimum));
    }
}
