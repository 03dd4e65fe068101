package io.netstack4j.app.cli;

import io.netstack4j.socket.dns.DnsServer;
import io.netstack4j.socket.dns.DnsServerEndpoint;
import io.netstack4j.socket.dns.Zone;
import io.netstack4j.wire.Ipv4Address;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./netstack4j dns-server HOST --record NAME=IP [--record NAME=IP ...] [--zone FILE]}:
 * an authoritative DNS server on port 53 of the host, until stopped.
 */
@Command(name = "dns-server", mixinStandardHelpOptions = true,
        description = "Answer DNS queries (A, CNAME) authoritatively from --record entries and/or a --zone file, until stopped.")
public final class DnsServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host = new HostOptions();

    @Option(names = "--record", paramLabel = "NAME=IP", description = "an A record (repeatable; several IPs for one name: NAME=IP,IP)")
    Map<String, String> records = new LinkedHashMap<>();

    @Option(names = "--zone", paramLabel = "FILE", description = "a zone file: lines 'name [ttl] [IN] A ip' or 'name [ttl] [IN] CNAME target', $ORIGIN, $TTL")
    Path zoneFile;

    @Option(names = "--port", paramLabel = "N", defaultValue = "53", description = "UDP port (default ${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() throws Exception {
        String problem = host.problem();
        if (problem == null && !host.onTap()) {
            problem = "dns-server needs --tap NAME --ip A.B.C.D/PREFIX (resolve --record serves the in-process network)";
        }
        if (problem == null && records.isEmpty() && zoneFile == null) {
            problem = "nothing to serve: give --record NAME=IP or --zone FILE";
        }
        if (problem == null && (port < 1 || port > 65_535)) {
            problem = "--port must be 1..65535";
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        Zone zone = zone(records, zoneFile);
        RunningHost running = HostBuilder.onTap(host);
        try {
            serve(running, zone, port); // closed with the host (its loop owns it)
        } catch (Exception e) {
            running.close();
            throw e;
        }
        running.serveUntilStopped(String.format("dns-server on %s port %d: %d names (stop with Ctrl-C)",
                host.ip.address(), port, zone.records().size()));
        return 0;
    }

    /** The zone from --record entries (origin: the root) or a zone file. */
    static Zone zone(Map<String, String> records, Path file) throws java.io.IOException {
        if (file != null) {
            if (!records.isEmpty()) {
                throw new IllegalArgumentException("give --record entries or --zone, not both");
            }
            return Zone.parse(Files.readString(file));
        }
        Zone.Builder b = Zone.builder(".");
        for (Map.Entry<String, String> e : records.entrySet()) {
            String[] ips = e.getValue().split(",");
            for (String ip : ips) {
                Ipv4Address.parse(ip); // a clear error for a bad address
            }
            b.a(e.getKey(), ips);
        }
        return b.build();
    }

    static DnsServerEndpoint serve(RunningHost host, Zone zone) throws Exception {
        return serve(host, zone, 53);
    }

    /** Installs a DNS server on the host's loop, bound to {@code port} on every address. */
    static DnsServerEndpoint serve(RunningHost host, Zone zone, int port) throws Exception {
        DnsServer server = new DnsServer(zone);
        return host.loop().submit(now -> DnsServerEndpoint.install(host.stack(), host.net().udp(), Ipv4Address.ANY,
                port, server)).get(5, TimeUnit.SECONDS);
    }
}
