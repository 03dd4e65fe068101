package io.netstack4j.app.ping;

import io.netstack4j.iface.EchoListener;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.Ipv4Address;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Matches echo replies and errors to the requests a ping sent, and turns them into
 * {@link PingEvent}s: round-trip time, duplicates, data check. Lives on the stack's thread, like
 * every {@link EchoListener}; replies to sequence numbers it never sent are ignored.
 */
public final class EchoTracker implements EchoListener {
    private final byte[] data;
    private final Consumer<PingEvent> sink;
    private final Map<Integer, Long> sentAt = new HashMap<>();
    private final Set<Integer> answered = new HashSet<>();
    private int errors;

    /**
     * @param data the echo data every request carries (a reply must carry it back)
     * @param sink where events go (called on the stack's thread)
     */
    public EchoTracker(byte[] data, Consumer<PingEvent> sink) {
        this.data = data;
        this.sink = sink;
    }

    /** The echo data: the byte pattern 0x00, 0x01, ... */
    public static byte[] pattern(int size) {
        byte[] d = new byte[size];
        for (int i = 0; i < size; i++) {
            d[i] = (byte) i;
        }
        return d;
    }

    public byte[] data() {
        return data;
    }

    /** Notes that request {@code sequence} left at {@code now}. */
    public void sent(int sequence, long now) {
        sentAt.put(sequence, now);
    }

    public int sentCount() {
        return sentAt.size();
    }

    /** Requests with an answer or an error. */
    public int settled() {
        return answered.size() + errors;
    }

    @Override
    public void onEchoReply(Ipv4Address from, int ttl, int sequence, byte[] reply, long now) {
        Long t0 = sentAt.get(sequence);
        if (t0 == null) {
            return; // not ours (another run with the same identifier): ignored, as iputils does
        }
        boolean dup = !answered.add(sequence);
        sink.accept(new PingEvent.Reply(sequence, from, reply.length + 8, ttl, now - t0, dup,
                Arrays.equals(reply, data)));
    }

    @Override
    public void onError(Ipv4Address reporter, IcmpRepr error, int sequence, long now) {
        if (sentAt.containsKey(sequence)) {
            errors++;
            sink.accept(new PingEvent.Error(sequence, reporter, PingFormat.describe(error)));
        }
    }
}
