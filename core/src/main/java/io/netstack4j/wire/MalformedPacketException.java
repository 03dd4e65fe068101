package io.netstack4j.wire;

import io.netstack4j.stats.DropReason;

/**
 * A packet failed a check while being parsed. Carries a {@link DropReason} that the layer
 * counts, plus a human-readable detail. It has no stack trace: it is thrown on the data path
 * for every malformed frame, so it must be cheap.
 */
public final class MalformedPacketException extends Exception {
    private final DropReason reason;

    public MalformedPacketException(DropReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public DropReason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return reason + ": " + getMessage();
    }
}
