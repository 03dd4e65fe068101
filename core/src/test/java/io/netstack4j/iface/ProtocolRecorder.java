package io.netstack4j.iface;

import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Repr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An {@link IpProtocolHandler} that records what it is given (tests only). */
final class ProtocolRecorder implements IpProtocolHandler {
    /** An experimental protocol number (RFC 3692). */
    static final int PROTO = 253;

    record Datagram(Ipv4Repr ip, byte[] header, byte[] payload, long at) {
    }

    record Error(Ipv4Address reporter, IcmpRepr error, QuotedPacket quoted, long at) {
    }

    final List<Datagram> datagrams = new ArrayList<>();
    final List<Error> errors = new ArrayList<>();

    @Override
    public void receive(Ipv4Repr ip, byte[] buf, int off, int len, long nowNanos) {
        datagrams.add(new Datagram(ip, Arrays.copyOfRange(buf, off - ip.headerLength(), off),
                Arrays.copyOfRange(buf, off, off + len), nowNanos));
    }

    @Override
    public void onIcmpError(Ipv4Address reporter, IcmpRepr error, QuotedPacket quoted, long nowNanos) {
        errors.add(new Error(reporter, error, quoted, nowNanos));
    }
}
