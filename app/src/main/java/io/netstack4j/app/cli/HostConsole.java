package io.netstack4j.app.cli;

import io.netstack4j.api.NetStack;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The console of a running {@code ./netstack4j host}: one command per line on standard input,
 * answered on standard output — the stack's control information, visible.
 *
 * <pre>
 * sockets   the socket table: descriptor, protocol, local and peer address, state, buffer fill
 * tcp       every TCP connection by 4-tuple and state, TIME-WAIT entries included
 * neigh     the ARP cache (like ip neigh)
 * routes    the routing table (like ip route)
 * stats     counters and drops per layer, the link's, and what the fault injector did
 * help      this list
 * </pre>
 *
 * Standard input at end (a service started with {@code < /dev/null}) just ends the console.
 */
final class HostConsole {
    static final String HELP = """
            sockets   the socket table (descriptor, protocol, local, peer, state, buffer fill)
            tcp       TCP connections by 4-tuple and state (TIME-WAIT included)
            neigh     the ARP cache
            routes    the routing table
            stats     counters and drops per layer (TCP's by their netstat names), the link's and the fault injector's
            help      this list""";

    private final NetStack net;
    private final PrintStream out;
    /** The link's counter lines (and the fault injector's, if any). */
    private final java.util.function.Supplier<java.util.List<String>> linkReport;

    HostConsole(NetStack net, PrintStream out, java.util.function.Supplier<java.util.List<String>> linkReport) {
        this.net = net;
        this.out = out;
        this.linkReport = linkReport;
    }

    /** Reads commands from {@code in} on a daemon thread until end of input. */
    void startReading(InputStream in) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String answer = answer(line.strip());
                    if (!answer.isEmpty()) {
                        out.println(answer);
                        out.flush();
                    }
                }
            } catch (java.io.IOException e) {
                // standard input went away: the host keeps running without a console
            }
        }, "host-console");
        t.setDaemon(true);
        t.start();
    }

    /** The answer to one command line (empty for an empty line). */
    String answer(String command) {
        try {
            return switch (command) {
                case "" -> "";
                case "sockets", "ss" -> net.sockets().tableText().stripTrailing();
                case "neigh" -> joined(net.loop().submit(now -> net.stack().neighbors(now)).get(2, TimeUnit.SECONDS));
                case "routes" -> joined(net.loop().submit(now -> net.stack().routes()).get(2, TimeUnit.SECONDS));
                case "tcp" -> joined(net.loop().submit(now -> net.tcp().describe()).get(2, TimeUnit.SECONDS));
                case "stats" -> net.loop().submit(now -> net.stack().stats() + "\n" + net.udp().stats()
                                + "\n" + tcpStats()).get(2, TimeUnit.SECONDS) + "\n" + String.join("\n", linkReport.get());
                case "help" -> HELP;
                default -> "unknown command '" + command + "'; commands:\n" + HELP;
            };
        } catch (Exception e) {
            return "error: " + e.getMessage();
        }
    }

    /** TCP's counters (loop thread only), one line, plus the table's sizes. */
    private String tcpStats() {
        return "tcp " + net.tcp().stats().snapshot() + " connections=" + net.tcp().connectionCount()
                + " time-wait=" + net.tcp().timeWaitCount();
    }

    private static String joined(java.util.List<?> rows) {
        if (rows.isEmpty()) {
            return "(empty)";
        }
        StringBuilder sb = new StringBuilder();
        for (Object o : rows) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(o);
        }
        return sb.toString();
    }
}
