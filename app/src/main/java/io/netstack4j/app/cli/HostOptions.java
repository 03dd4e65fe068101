package io.netstack4j.app.cli;

import io.netstack4j.link.Direction;
import io.netstack4j.link.FaultConfig;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;
import io.netstack4j.wire.MacAddress;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The HOST options of the command-line contract (DESIGN.md §7): how a command gets its stack.
 * With {@code --tap} the stack attaches to an existing TAP device in the current network
 * namespace; without it, the command runs on an in-process virtual network.
 *
 * <p>The fault options ({@code --loss}, {@code --loss-in}, {@code --loss-out}, {@code --duplicate}, {@code --reorder}, {@code --delay},
 * {@code --jitter}, {@code --corrupt}, {@code --fault-seed}) impair this host's link, each way: the
 * project's fault injector around the TAP adapter (the kernel here has no {@code netem}), or the
 * in-process LAN's own injector on this host's port.
 */
public final class HostOptions {
    @Option(names = "--tap", paramLabel = "NAME",
            description = "attach to this existing TAP device (in the current network namespace)")
    String tap;

    @Option(names = "--ip", paramLabel = "A.B.C.D/PREFIX", converter = Converters.Cidr.class,
            description = "this host's address and prefix")
    Ipv4Cidr ip;

    @Option(names = "--gateway", paramLabel = "IP", converter = Converters.Address.class,
            description = "default gateway")
    Ipv4Address gateway;

    @Option(names = "--dns", paramLabel = "IP", converter = Converters.Address.class,
            description = "DNS server (used by the resolver)")
    Ipv4Address dns;

    @Option(names = "--mtu", paramLabel = "N", defaultValue = "1500",
            description = "link MTU (default ${DEFAULT-VALUE})")
    int mtu;

    @Option(names = "--mac", paramLabel = "MAC", converter = Converters.Mac.class,
            description = "this host's MAC address (default: random, locally administered)")
    MacAddress mac;

    @Option(names = "--pcap", paramLabel = "FILE",
            description = "write every frame this host sends and receives to a pcapng file")
    Path pcap;

    @Option(names = "--offload", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "with --tap: TCP segments of up to 64 KiB both ways, which the kernel treats as MSS-sized"
                    + " ones (segmentation offload over the TAP's virtio-net header; off with --no-offload,"
                    + " and always off with --pcap or fault options, which see every frame; default on)")
    boolean offload;

    @Option(names = "--trace", description = "print every frame this host sends and receives")
    boolean trace;

    @Option(names = "--busy-poll", paramLabel = "MICROS", defaultValue = "0",
            description = "keep polling the link this long after the last frame before sleeping"
                    + " (lower latency, one busy core; default ${DEFAULT-VALUE} = off)")
    long busyPollMicros;

    @Option(names = "--loss", paramLabel = "PERCENT", defaultValue = "0",
            description = "fault injector: drop this share of frames, each way (default ${DEFAULT-VALUE})")
    double lossPercent;

    @Option(names = "--loss-in", paramLabel = "PERCENT",
            description = "fault injector: drop this share of the frames this host receives (instead of --loss for"
                    + " that direction; the other side adds its own, e.g. an nftables input rule in the kernel)")
    Double lossInPercent;

    @Option(names = "--loss-out", paramLabel = "PERCENT",
            description = "fault injector: drop this share of the frames this host sends (instead of --loss for"
                    + " that direction)")
    Double lossOutPercent;

    @Option(names = "--duplicate", paramLabel = "PERCENT", defaultValue = "0",
            description = "fault injector: deliver this share of frames twice, each way (default ${DEFAULT-VALUE})")
    double duplicatePercent;

    @Option(names = "--reorder", paramLabel = "PERCENT", defaultValue = "0",
            description = "fault injector: hold this share of frames back by --reorder-delay, so later frames"
                    + " overtake them, each way (default ${DEFAULT-VALUE})")
    double reorderPercent;

    @Option(names = "--reorder-delay", paramLabel = "MS", defaultValue = "1",
            description = "fault injector: how long a reordered frame is held back (default ${DEFAULT-VALUE})")
    double reorderDelayMillis;

    @Option(names = "--delay", paramLabel = "MS", defaultValue = "0",
            description = "fault injector: one-way delay added to every frame, each way (default ${DEFAULT-VALUE})")
    double delayMillis;

    @Option(names = "--jitter", paramLabel = "MS", defaultValue = "0",
            description = "fault injector: add a uniform -MS..+MS to the delay (default ${DEFAULT-VALUE})")
    double jitterMillis;

    @Option(names = "--corrupt", paramLabel = "PERCENT", defaultValue = "0",
            description = "fault injector: flip one bit in this share of frames, each way (default ${DEFAULT-VALUE})")
    double corruptPercent;

    @Option(names = "--fault-seed", paramLabel = "N",
            description = "seed of the fault injector, to repeat a run (default: random, printed when faults are on)")
    Long faultSeed;

    public boolean onTap() {
        return tap != null;
    }

    /** Checks the combinations picocli cannot; returns an error message or null. */
    public String problem() {
        if (tap != null && ip == null) {
            return "--tap needs --ip A.B.C.D/PREFIX";
        }
        if (ip != null && ip.prefixLength() > 30 && ip.prefixLength() != 32) {
            return "--ip prefix /" + ip.prefixLength() + " leaves no room for a peer";
        }
        if (mtu < 576 || mtu > 65_521) {
            return "--mtu must be between 576 and 65521, not " + mtu;
        }
        if (busyPollMicros < 0 || busyPollMicros > 10_000_000) {
            return "--busy-poll takes 0..10000000 microseconds";
        }
        String fault = faultProblem();
        if (fault != null) {
            return fault;
        }
        if (gateway != null && ip != null && !ip.contains(gateway)) {
            return "--gateway " + gateway + " is not inside " + ip;
        }
        return null;
    }

    private String faultProblem() {
        String[] names = {"--loss", "--loss-in", "--loss-out", "--duplicate", "--reorder", "--corrupt"};
        double[] percents = {lossPercent, lossIn(), lossOut(), duplicatePercent, reorderPercent, corruptPercent};
        for (int i = 0; i < names.length; i++) {
            if (!(percents[i] >= 0 && percents[i] <= 100)) {
                return names[i] + " takes a percentage 0..100, not " + percents[i];
            }
        }
        names = new String[] {"--delay", "--jitter", "--reorder-delay"};
        double[] millis = {delayMillis, jitterMillis, reorderDelayMillis};
        for (int i = 0; i < names.length; i++) {
            if (!(millis[i] >= 0 && millis[i] <= 60_000)) {
                return names[i] + " takes 0..60000 milliseconds, not " + millis[i];
            }
        }
        return null;
    }

    private double lossIn() {
        return lossInPercent != null ? lossInPercent : lossPercent;
    }

    private double lossOut() {
        return lossOutPercent != null ? lossOutPercent : lossPercent;
    }

    /** True if any fault option is set. */
    public boolean hasFaults() {
        return !faults(Direction.RX).isNone() || !faults(Direction.TX).isNone();
    }

    /**
     * The faults the options ask for on this host's link in one direction: {@link Direction#RX}
     * for the frames it receives, {@link Direction#TX} for those it sends ({@link FaultConfig#NONE}
     * if none).
     */
    public FaultConfig faults(Direction d) {
        return FaultConfig.NONE.withLoss((d == Direction.RX ? lossIn() : lossOut()) / 100)
                .withDuplicate(duplicatePercent / 100)
                .withReorder(reorderPercent / 100, millisToNanos(reorderDelayMillis))
                .withDelay(millisToNanos(delayMillis))
                .withJitter(millisToNanos(jitterMillis))
                .withCorrupt(corruptPercent / 100);
    }

    /** {@code --fault-seed}, or a random seed chosen once (and kept, so it can be printed). */
    public long faultSeed() {
        if (faultSeed == null) {
            faultSeed = ThreadLocalRandom.current().nextLong();
        }
        return faultSeed;
    }

    /** The faults in the options' own terms, for the line that says they are on. */
    public String describeFaults() {
        StringBuilder sb = new StringBuilder();
        if (lossIn() == lossOut()) {
            appendIf(sb, lossPercent, "--loss ");
        } else {
            appendIf(sb, lossIn(), "--loss-in ");
            appendIf(sb, lossOut(), "--loss-out ");
        }
        appendIf(sb, duplicatePercent, "--duplicate ");
        if (reorderPercent > 0) {
            sb.append(" --reorder ").append(number(reorderPercent)).append(" --reorder-delay ")
                    .append(number(reorderDelayMillis));
        }
        appendIf(sb, delayMillis, "--delay ");
        appendIf(sb, jitterMillis, "--jitter ");
        appendIf(sb, corruptPercent, "--corrupt ");
        sb.append(" --fault-seed ").append(faultSeed());
        return sb.toString().strip();
    }

    private static void appendIf(StringBuilder sb, double v, String option) {
        if (v > 0) {
            sb.append(' ').append(option).append(number(v));
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static long millisToNanos(double ms) {
        return Math.round(ms * 1_000_000);
    }
}
