package io.netstack4j.iface;

import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.Ipv4Address;

import java.util.ArrayList;
import java.util.List;

/** Records what an echo binding hears (tests only). */
final class EchoRecorder implements EchoListener {
    record Reply(Ipv4Address from, int ttl, int sequence, byte[] data, long at) {
    }

    record Error(Ipv4Address reporter, IcmpRepr error, int sequence, long at) {
    }

    final List<Reply> replies = new ArrayList<>();
    final List<Error> errors = new ArrayList<>();

    @Override
    public void onEchoReply(Ipv4Address from, int ttl, int sequence, byte[] data, long nowNanos) {
        replies.add(new Reply(from, ttl, sequence, data, nowNanos));
    }

    @Override
    public void onError(Ipv4Address reporter, IcmpRepr error, int sequence, long nowNanos) {
        errors.add(new Error(reporter, error, sequence, nowNanos));
    }
}
