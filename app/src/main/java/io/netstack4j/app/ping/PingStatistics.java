package io.netstack4j.app.ping;

import java.util.Locale;

/**
 * The running totals behind ping's summary: transmitted, received, duplicates, errors, and
 * round-trip times (min/avg/max and mdev, the mean deviation as iputils computes it:
 * sqrt(mean(rtt²) − mean(rtt)²)).
 */
public final class PingStatistics {
    private int transmitted;
    private int received;
    private int duplicates;
    private int errors;
    private long minNanos = Long.MAX_VALUE;
    private long maxNanos;
    private double sum;
    private double sumSquares;

    public void sent() {
        transmitted++;
    }

    public void record(PingEvent event) {
        switch (event) {
            case PingEvent.Reply r when r.duplicate() -> duplicates++;
            case PingEvent.Reply r -> {
                received++;
                minNanos = Math.min(minNanos, r.rttNanos());
                maxNanos = Math.max(maxNanos, r.rttNanos());
                double ms = r.rttNanos() / 1e6;
                sum += ms;
                sumSquares += ms * ms;
            }
            case PingEvent.Error e -> errors++;
        }
    }

    public int transmitted() {
        return transmitted;
    }

    public int received() {
        return received;
    }

    public int duplicates() {
        return duplicates;
    }

    public int errors() {
        return errors;
    }

    /** Percent of transmitted requests without a reply. */
    public int lossPercent() {
        return transmitted == 0 ? 0 : (int) (100L * (transmitted - received) / transmitted);
    }

    public double avgMillis() {
        return received == 0 ? 0 : sum / received;
    }

    public double minMillis() {
        return received == 0 ? 0 : minNanos / 1e6;
    }

    public double maxMillis() {
        return maxNanos / 1e6;
    }

    public double mdevMillis() {
        if (received == 0) {
            return 0;
        }
        double mean = sum / received;
        return Math.sqrt(Math.max(0, sumSquares / received - mean * mean));
    }

    /** The summary lines of iputils ping, without the leading "--- X ping statistics ---". */
    public String summary(long elapsedMillis) {
        StringBuilder sb = new StringBuilder();
        sb.append(transmitted).append(" packets transmitted, ").append(received).append(" received");
        if (duplicates > 0) {
            sb.append(", +").append(duplicates).append(" duplicates");
        }
        if (errors > 0) {
            sb.append(", +").append(errors).append(" errors");
        }
        sb.append(", ").append(lossPercent()).append("% packet loss, time ").append(elapsedMillis).append("ms");
        if (received > 0) {
            sb.append(String.format(Locale.ROOT, "%nrtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms",
                    minMillis(), avgMillis(), maxMillis(), mdevMillis()));
        }
        return sb.toString();
    }
}
