package io.netstack4j.app.cli;

import io.netstack4j.iface.StackConfig;
import io.netstack4j.link.Direction;
import io.netstack4j.link.FaultyAdapter;
import io.netstack4j.link.LinkAdapter;
import io.netstack4j.link.VirtualLan;
import io.netstack4j.link.tap.TapAdapter;
import io.netstack4j.link.tap.TapOptions;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;
import io.netstack4j.wire.MacAddress;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@link HostOptions} into running hosts: one on a TAP device, or a small in-process
 * network (a virtual LAN with the command's host and the peers it needs).
 */
final class HostBuilder {
    /** The in-process network's subnet when --ip is not given (TEST-NET-2, RFC 5737). */
    static final Ipv4Cidr DEFAULT_IN_PROCESS = Ipv4Cidr.parse("198.51.100.1/24");

    private HostBuilder() {
    }

    static MacAddress randomMac() {
        return MacAddress.locallyAdministered(new SecureRandom().nextLong());
    }

    static StackConfig config(String name, HostOptions o, Ipv4Cidr ip) {
        StackConfig.Builder b = StackConfig.builder(name)
                .mac(o.mac != null ? o.mac : randomMac())
                .address(ip)
                .mtu(o.mtu);
        if (o.gateway != null) {
            b.gateway(o.gateway);
        }
        return b.build();
    }

    /**
     * The command's host on the TAP device named by {@code --tap} (with segmentation offload
     * unless {@code --no-offload}: the pcap and fault wrappers turn it off for what they see);
     * with fault options, the TAP
     * adapter is wrapped in a {@link FaultyAdapter} that impairs both directions (a capture, inside
     * that wrapper, shows the frames as the stack sees them). The faults and their seed are said on
     * standard error, so a run can be repeated.
     */
    static RunningHost onTap(HostOptions o) {
        // Offloads make frames larger than the wire's both ways: not when a capture or the fault
        // injector must see (and impair) the frames a wire would carry.
        boolean offload = o.offload && o.pcap == null && !o.hasFaults();
        LinkAdapter link = TapAdapter.open(o.tap, o.mtu, offload ? TapOptions.OFFLOAD : TapOptions.DEFAULT);
        if (o.hasFaults()) {
            link = new FaultyAdapter(link, o.faults(Direction.RX), o.faults(Direction.TX), o.faultSeed(),
                    FaultyAdapter.DEFAULT_MAX_IN_FLIGHT);
            System.err.println("netstack4j: fault injector on " + o.tap + ": " + o.describeFaults());
            System.err.flush();
        }
        return RunningHost.start(config(o.tap, o, o.ip), link, o.pcap, o.trace, o.busyPollMicros * 1_000L);
    }

    /**
     * An in-process network: the command's host plus one peer host for each address in
     * {@code peers}, all on one virtual LAN; the command's host's link carries the options'
     * faults both ways (seeded with {@code --fault-seed}). The command's host is the first of the
     * returned list.
     */
    static List<RunningHost> inProcess(HostOptions o, List<Ipv4Address> peers) {
        if (o.hasFaults()) {
            System.err.println("netstack4j: fault injector on the in-process link: " + o.describeFaults());
        }
        long seed = o.faultSeed();
        Ipv4Cidr ip = o.ip != null ? o.ip : DEFAULT_IN_PROCESS;
        for (Ipv4Address p : peers) {
            if (!ip.contains(p) || p.equals(ip.address())) {
                throw new IllegalArgumentException("on the in-process network the target must be another address in "
                        + ip.network() + "/" + ip.prefixLength() + " (or use --tap), not " + p);
            }
        }
        // Checksum offload between in-process hosts, unless a capture must show real checksums.
        VirtualLan lan = new VirtualLan(seed, o.mtu, VirtualLan.DEFAULT_RX_QUEUE_FRAMES, VirtualLan.DEFAULT_MAC_TABLE_SIZE,
                o.pcap == null);
        List<RunningHost> hosts = new ArrayList<>();
        hosts.add(RunningHost.start(config("local", o, ip), lan.attach("local", o.faults(Direction.TX), o.faults(Direction.RX)), o.pcap, o.trace));
        int i = 1;
        for (Ipv4Address p : peers) {
            StackConfig peer = StackConfig.builder("peer" + i++)
                    .mac(randomMac())
                    .address(new Ipv4Cidr(p, ip.prefixLength()))
                    .mtu(o.mtu)
                    .build();
            hosts.add(RunningHost.start(peer, lan.attach(peer.name()), null, false));
        }
        return hosts;
    }
}
