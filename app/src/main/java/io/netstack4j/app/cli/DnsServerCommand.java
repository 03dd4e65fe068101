package io.netstack4j.app.cli;

import io.netstack4j.app.dns.DnsTcpServer;
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
 * an authoritative DNS server on port 53 of the host, UDP and TCP (RFC 7766), until stopped. A UDP
 * answer too long for the client's size goes back truncated (TC), and the client asks again over TCP.
 */
@Command(name = "dns-server", mixinStandardHelpOptions = true,
        description = "Answer DNS queries (A, CNAME) authoritatively from --record entries and/or a --zone file, "
                + "over UDP and TCP, until stopped.")
public final class DnsServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions host = new HostOptions();

    @Option(names = "--record", paramLabel = "NAME=IP", description = "an A record (repeatable; several IPs for one name: NAME=IP,IP)")
    Map<String, String> records = new LinkedHashMap<>();

    @Option(names = "--zone", paramLabel = "FILE", description = "a zone file: lines 'name [ttl] [IN] A ip' or 'name [ttl] [IN] CNAME target', $ORIGIN, $TTL")
    Path zoneFile;

    @Option(names = "--port", paramLabel = "N", defaultValue = "53", description = "UDP and TCP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--no-tcp", description = "answer over UDP only")
    boolean noTcp;

    @Option(names = "--tcp-idle-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "close a TCP connection idle this long (default ${DEFAULT-VALUE})")
    double tcpIdleSeconds;

    @Option(names = "--tcp-max-connections", paramLabel = "N", defaultValue = "64",
            description = "TCP connections served at once; more are closed at once (default ${DEFAULT-VALUE})")
    int tcpMaxConnections;

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
        if (problem == null && (tcpIdleSeconds <= 0 || tcpIdleSeconds > 3600)) {
            problem = "--tcp-idle-timeout must be in (0, 3600] seconds";
        }
        if (problem == null && (tcpMaxConnections < 1 || tcpMaxConnections > 10_000)) {
            problem = "--tcp-max-connections must be 1..10000";
        }
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
        Zone zone = zone(records, zoneFile);
        RunningHost running = HostBuilder.onTap(host);
        DnsTcpServer tcp = null;
        try {
            DnsServerEndpoint udp = serve(running, zone, port); // closed with the host (its loop owns it)
            if (!noTcp) {
                tcp = serveTcp(running, udp, port, DnsTcpServer.Config.DEFAULT
                        .withIdleTimeoutMillis(Math.max(1, Math.round(tcpIdleSeconds * 1000)))
                        .withMaxConnections(tcpMaxConnections));
            }
        } catch (Exception e) {
            running.close();
            throw e;
        }
        String banner = String.format("dns-server on %s port %d%s: %d names (stop with Ctrl-C)",
                host.ip.address(), port, noTcp ? " (UDP)" : " (UDP and TCP)", zone.records().size());
        if (tcp == null) {
            running.serveUntilStopped(banner);
        } else {
            running.serveUntilStopped(banner, tcp);
        }
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

    /**
     * Answers over TCP too, on {@code port} of every address, with the UDP endpoint's server (RFC 7766).
     * The caller closes it (or the host's closing ends it).
     */
    static DnsTcpServer serveTcp(RunningHost host, DnsServerEndpoint udp, int port, DnsTcpServer.Config config)
            throws Exception {
        return DnsTcpServer.start(host.net(), udp.server(), port, config, System.err);
    }

    /** Installs a DNS server on the host's loop, bound to {@code port} on every address. */
    static DnsServerEndpoint serve(RunningHost host, Zone zone, int port) throws Exception {
        DnsServer server = new DnsServer(zone);
        return host.loop().submit(now -> DnsServerEndpoint.install(host.stack(), host.net().udp(), Ipv4Address.ANY,
                port, server)).get(5, TimeUnit.SECONDS);
    }
}
