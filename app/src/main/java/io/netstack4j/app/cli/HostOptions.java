package io.netstack4j.app.cli;

import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;
import io.netstack4j.wire.MacAddress;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The HOST options of the command-line contract (DESIGN.md §7): how a command gets its stack.
 * With {@code --tap} the stack attaches to an existing TAP device in the current network
 * namespace; without it, the command runs on an in-process virtual network.
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

    @Option(names = "--trace", description = "print every frame this host sends and receives")
    boolean trace;

    @Option(names = "--busy-poll", paramLabel = "MICROS", defaultValue = "0",
            description = "keep polling the link this long after the last frame before sleeping"
                    + " (lower latency, one busy core; default ${DEFAULT-VALUE} = off)")
    long busyPollMicros;

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
        if (gateway != null && ip != null && !ip.contains(gateway)) {
            return "--gateway " + gateway + " is not inside " + ip;
        }
        return null;
    }
}
