package io.netstack4j.trace;

import io.netstack4j.link.Direction;
import io.netstack4j.link.FrameObserver;
import io.netstack4j.wire.FrameFormatter;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Writes one line per frame: time since the trace began, the host, the direction and what
 * the frame is ({@link FrameFormatter#describe}). Safe to share between hosts: lines are
 * written whole, under the stream's own lock.
 */
public final class TextTrace implements FrameObserver {
    private final PrintStream out;
    private final String host;
    private final long originNanos;

    /**
     * @param out         where lines go
     * @param host        the host's label, printed on each line
     * @param originNanos the time printed as 0.000 ms
     */
    public TextTrace(PrintStream out, String host, long originNanos) {
        this.out = out;
        this.host = host;
        this.originNanos = originNanos;
    }

    @Override
    public void onFrame(Direction dir, byte[] b, int off, int len, long nowNanos) {
        out.println(line(dir, b, off, len, nowNanos));
    }

    /** The line {@link #onFrame} would print. */
    public String line(Direction dir, byte[] b, int off, int len, long nowNanos) {
        double ms = (nowNanos - originNanos) / 1e6;
        String arrow = dir == Direction.TX ? "sends" : "gets ";
        return String.format(Locale.ROOT, "%10.3f ms  %-6s %s  %s", ms, host, arrow,
                FrameFormatter.describe(b, off, len));
    }
}
