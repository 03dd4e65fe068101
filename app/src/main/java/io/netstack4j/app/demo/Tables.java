package io.netstack4j.app.demo;

import io.netstack4j.api.NetStack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the stacks hold at the end: the TCP tables right after the last ACK and again once TIME-WAIT is over
 * (RFC 9293 §3.6.1: 2·MSL, shortened here), the socket tables, and the counters per layer — collected from
 * the hosts' loops, then told.
 *
 * @param browserSockets  the browser's socket table
 * @param wwwSockets      the web server's socket table, or null: the web server is the kernel's (a TAP device)
 * @param tcpBefore       every host's TCP table right after the browser's last ACK
 * @param tcpAfter        the same after TIME-WAIT
 * @param erased          whether TIME-WAIT ended in time
 * @param timeWaitMillis  how long that took
 * @param counters        each host's (and the router's) counters, by name
 */
record Tables(String browserSockets, String wwwSockets, List<String> tcpBefore, List<String> tcpAfter,
              boolean erased, long timeWaitMillis, Map<String, String> counters) {

    /** The tables once the browser has closed, then after TIME-WAIT. */
    static Tables collect(DemoNetwork net) throws InterruptedException {
        NetStack b = net.browser.net();
        NetStack w = net.www.net();
        // the browser's last ACK arrives, and the server's connection goes to TIME-WAIT
        waitFor(() -> call(w, () -> w.tcp().timeWaitCount()) >= 1 && call(b, () -> b.tcp().connectionCount()) == 0,
                10_000);
        List<String> before = tcpTables(net);
        long start = System.nanoTime();
        boolean erased = waitFor(() -> call(w, () -> w.tcp().timeWaitCount()) == 0
                && call(b, () -> b.tcp().connectionCount()) == 0, 10_000);
        long waited = (System.nanoTime() - start) / 1_000_000;
        List<String> after = tcpTables(net);
        Map<String, String> counters = new LinkedHashMap<>();
        for (DemoNetwork.Host h : net.hosts()) {
            NetStack s = h.net();
            counters.put(h.name(), call(s, () -> Counters.of(s)));
        }
        counters.put(DemoNetwork.ROUTER, net.routerCounters());
        return new Tables(b.sockets().tableText().stripTrailing(), w.sockets().tableText().stripTrailing(), before,
                after, erased, waited, counters);
    }

    /**
     * On a TAP device only the browser's stack is ours: its tables once its connection is gone (it closed
     * second, so it has no TIME-WAIT; the kernel's web server, which closed first, has), and its counters.
     */
    static Tables collectAlone(NetStack b) throws InterruptedException {
        boolean gone = waitFor(() -> call(b, () -> b.tcp().connectionCount()) == 0, 10_000);
        List<String> tcp = new ArrayList<>();
        call(b, () -> b.tcp().describe()).forEach(l -> tcp.add("browser  " + l));
        Map<String, String> counters = new LinkedHashMap<>();
        counters.put("browser", call(b, () -> Counters.of(b)));
        return new Tables(b.sockets().tableText().stripTrailing(), null, tcp, List.of(), gone, 0, counters);
    }

    private static List<String> tcpTables(DemoNetwork net) {
        List<String> lines = new ArrayList<>();
        for (DemoNetwork.Host h : net.hosts()) {
            call(h.net(), () -> h.net().tcp().describe()).forEach(l -> lines.add(h.name() + "  " + l));
        }
        return lines;
    }

    /** Runs {@code c} on {@code s}'s loop thread and waits for it. */
    static <T> T call(NetStack s, Callable<T> c) {
        try {
            return s.loop().submit(now -> c.call()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("demo: " + s.name() + "'s loop did not answer: " + e, e);
        }
    }

    private static boolean waitFor(BooleanSupplier done, long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** TIME-WAIT, then the socket tables and the counters, in {@code n}'s words. */
    void appendTo(StringBuilder sb, Narration n) {
        sb.append('\n').append(n.t("tw.before")).append('\n');
        tcpBefore.forEach(l -> sb.append("    ").append(l).append('\n'));
        if (wwwSockets == null) {
            // the browser's stack alone (a TAP device): the web server's TIME-WAIT is the kernel's
            if (tcpBefore.isEmpty()) {
                sb.append("    ").append(n.t("tables.none")).append('\n');
            }
            sb.append(n.t(erased ? "tw.kernel" : "tw.stuck")).append('\n');
        } else {
            sb.append(n.t("tw.explain", "ms", DemoNetwork.DEMO_TIME_WAIT_NANOS / 1_000_000)).append('\n');
            if (erased) {
                sb.append(n.t("tw.after", "ms", timeWaitMillis)).append('\n');
            } else {
                sb.append(n.t("tw.stuck")).append('\n');
            }
            tcpAfter.forEach(l -> sb.append("    ").append(l).append('\n'));
            if (tcpAfter.isEmpty()) {
                sb.append("    ").append(n.t("tables.none")).append('\n');
            }
        }
        sb.append('\n').append("== ").append(n.t("tables.title")).append(" ==\n\n");
        sb.append(n.t("tables.sockets", "host", "browser")).append('\n');
        sb.append(indent(browserSockets, "    ")).append('\n');
        if (!browserSockets.contains("\n")) {
            sb.append("    ").append(n.t("tables.browser.empty")).append('\n');
        }
        if (wwwSockets != null) {
            sb.append(n.t("tables.sockets", "host", "www")).append('\n');
            sb.append(indent(wwwSockets, "    ")).append('\n');
            sb.append("    ").append(n.t("tables.listener")).append('\n');
        }
        sb.append('\n').append(n.t("tables.counters")).append('\n');
        counters.forEach((h, c) -> sb.append("  ").append(h).append('\n').append(indent(c, "    ")).append('\n'));
    }

    private static String indent(String s, String by) {
        return by + s.replace("\n", "\n" + by);
    }
}
