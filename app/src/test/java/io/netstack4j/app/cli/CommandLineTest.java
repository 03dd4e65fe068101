package io.netstack4j.app.cli;

import io.netstack4j.app.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line on the in-process network: no root, no devices. */
class CommandLineTest {
    record Run(int exit, String out, String err) {
    }

    static synchronized Run run(String... args) {
        return runWithInput(new byte[0], args).run();
    }

    record BinaryRun(Run run, byte[] out) {
    }

    /** As {@link #run}, with {@code stdin} as standard input and standard output also kept as bytes. */
    static synchronized BinaryRun runWithInput(byte[] stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        java.io.InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setIn(new java.io.ByteArrayInputStream(stdin));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new BinaryRun(new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)),
                    out.toByteArray());
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void pingAnotherInProcessHost() {
        Run r = run("ping", "-c", "3", "-i", "0.05", "198.51.100.2");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("PING 198.51.100.2 (198.51.100.2) 56(84) bytes of data."), r.out());
        assertTrue(r.out().contains("64 bytes from 198.51.100.2: icmp_seq=3 ttl=64 time="), r.out());
        assertTrue(r.out().contains("3 packets transmitted, 3 received, 0% packet loss"), r.out());
    }

    @Test
    void targetOutsideTheInProcessSubnetIsRefused() {
        Run bad = run("ping", "-c", "1", "203.0.113.9");
        assertEquals(2, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.err().contains("must be another address in 198.51.100.0/24"), bad.err());
    }

    @Test
    void badArgumentsGiveAOneLineReason() {
        Run r = run("ping", "-c", "-1", "198.51.100.2");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("-c must not be negative"), r.err());
        Run noTarget = run("ping");
        assertEquals(2, noTarget.exit());
        assertTrue(noTarget.err().contains("Missing required parameter: 'TARGET'"), noTarget.err());
        Run badIp = run("ping", "not-an-ip");
        assertEquals(2, badIp.exit());
        assertTrue(badIp.err().contains("not an IPv4 address"), badIp.err());
        Run host = run("host");
        assertEquals(2, host.exit());
        assertTrue(host.err().contains("host needs --tap"), host.err());
        Run tapNoIp = run("host", "--tap", "tap0");
        assertEquals(2, tapNoIp.exit());
        assertTrue(tapNoIp.err().contains("--tap needs --ip"), tapNoIp.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"demo", "host", "ping", "resolve", "dns-server", "udp-echo", "listen", "connect"}) {
            Run r = run(cmd, "--help");
            assertEquals(0, r.exit(), cmd);
            assertTrue(r.out().contains("Usage: netstack4j " + cmd), r.out());
        }
    }

    @Test
    void demoOnATapRefusesWhatDoesNotFitInOneLine() {
        String[][] cases = {
                {"--tap", "tap9"}, {"--tap needs --ip"},
                {"--tap", "tap9", "--ip", "198.51.100.10/24", "--dns", "198.51.100.1", "--loss", "5"}, {"do not go with --tap"},
                {"--tap", "tap9", "--ip", "198.51.100.10/24", "--keep-alive", "--dns", "198.51.100.1"}, {"do not go with --tap"},
                {"--tap", "tap9", "--ip", "198.51.100.10/24"}, {"--tap needs --dns IP to resolve www.example.test"},
                {"--tap", "tap9", "--ip", "198.51.100.10/24", "--gateway", "203.0.113.1", "--dns", "198.51.100.1"},
                {"is not inside"},
                {"--dns", "198.51.100.1"}, {"go with --tap NAME"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            String[] args = new String[cases[i].length + 1];
            args[0] = "demo";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            Run r = run(args);
            assertEquals(2, r.exit(), String.join(" ", args) + "\n" + r.out() + r.err());
            assertTrue(r.err().contains(cases[i + 1][0]), r.err());
        }
    }

    @Test
    void demoNarratesTheFetchAndCompletes() {
        Run r = run("demo");
        assertEquals(0, r.exit(), r.out() + r.err());
        int at = -1;
        for (String phase : new String[] {"== Before the four phases: the resolver", "ARP who-has 198.51.100.1 ", "DNS query", "== 1. Create the socket ==",
                "socket() returned descriptor", "== 2. Connect: the three-way handshake ==", "TCP [SYN]", "TCP [SYN ACK]",
                "== 3. Send and receive ==", "write(fd", "== 4. Disconnect and erase the socket ==", "TIME-WAIT",
                "socket table", "Counters per layer", "Demo complete."}) {
            int i = r.out().indexOf(phase, at + 1);
            assertTrue(i > at, "missing or out of order: '" + phase + "' in\n" + r.out());
            at = i;
        }
    }

    @Test
    void demoInJapaneseAndKorean() {
        Run ja = run("demo", "--lang", "ja");
        assertEquals(0, ja.exit(), ja.out() + ja.err());
        assertTrue(ja.out().contains("== 1. ソケットを作成する =="), ja.out());
        assertTrue(ja.out().contains("ディスクリプタ"), ja.out());
        assertTrue(ja.out().contains("ルーター") && ja.out().contains("TTL 64 -> 63"), ja.out());
        Run ko = run("demo", "--lang", "ko");
        assertEquals(0, ko.exit(), ko.out() + ko.err());
        assertTrue(ko.out().contains("소켓 생성"), ko.out());
        assertTrue(ko.out().contains("연결 끊기"), ko.out());
        assertTrue(ko.out().contains("라우터") && ko.out().contains("TTL 64 -> 63"), ko.out());
        Run bad = run("demo", "--lang", "fr");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--lang takes en, ja or ko"), bad.err());
    }

    @Test
    void demoWithLossStillCompletes() {
        Run r = run("demo", "--loss", "20", "--seed", "1");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("** LOST **"), r.out());
        assertTrue(r.out().contains("again (SEQ"), r.out());
    }

    @Test
    void theOlderLanDemoIsStillThere() {
        Run r = run("demo", "--lan");
        assertEquals(0, r.exit(), r.out() + r.err());
        for (String phase : new String[] {"== 1. The interfaces come up ==", "ARP who-has 198.51.100.2 tell 198.51.100.1",
                "ICMP echo request", "frag id", "Destination Host Unreachable", "Demo complete."}) {
            assertTrue(r.out().contains(phase), "missing '" + phase + "' in\n" + r.out());
        }
    }

    @Test
    void resolveOnTheInProcessNetworkAsksItsOwnDnsServer() {
        Run r = run("resolve", "--record", "www.example.test=198.51.100.80", "--record", "two.test=198.51.100.81,198.51.100.82",
                "two.test");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(";; status: NOERROR, source: DNS, authoritative"), r.out());
        assertTrue(r.out().contains("two.test.\t300\tIN\tA\t198.51.100.81\ntwo.test.\t300\tIN\tA\t198.51.100.82"), r.out());
        assertTrue(r.out().contains(";; SERVER: 198.51.100.53#53"), r.out());
        Run nx = run("resolve", "--record", "www.example.test=198.51.100.80", "nope.example.test");
        assertEquals(1, nx.exit(), nx.out() + nx.err());
        assertTrue(nx.out().contains("status: NXDOMAIN"), nx.out());
        assertTrue(nx.err().startsWith("netstack4j resolve: NXDOMAIN"), nx.err());
    }

    @Test
    void connectOnTheInProcessNetworkGetsItsBytesEchoed() {
        byte[] data = new byte[300_000];
        new java.util.Random(5).nextBytes(data);
        BinaryRun r = runWithInput(data, "connect", "-v", "198.51.100.2", "7");
        assertEquals(0, r.run().exit(), r.run().err());
        assertTrue(java.util.Arrays.equals(data, r.out()), "echo differs: " + r.out().length + " bytes back");
        assertTrue(r.run().err().contains("connected to 198.51.100.2:7"), r.run().err());
        // The client half-closed first, so its side of the connection ends in TIME-WAIT.
        assertTrue(r.run().err().contains("-> 198.51.100.2:7 TIME-WAIT"), r.run().err());
    }

    @Test
    void connectThroughTheFaultOptionsStillGetsEveryByteEchoed() {
        byte[] data = new byte[300_000];
        new java.util.Random(6).nextBytes(data);
        BinaryRun r = runWithInput(data, "connect", "-v", "--loss", "5", "--reorder", "25", "--duplicate", "2",
                "--delay", "5", "--fault-seed", "11", "198.51.100.2", "7");
        String err = r.run().err();
        assertEquals(0, r.run().exit(), err);
        assertTrue(java.util.Arrays.equals(data, r.out()), "echo differs: " + r.out().length + " bytes back");
        assertTrue(err.contains("fault injector on the in-process link: --loss 5 --duplicate 2 --reorder 25"
                + " --reorder-delay 1 --delay 5 --fault-seed 11"), err);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("RetransSegs=(\\d+)").matcher(err);
        assertTrue(m.find() && Long.parseLong(m.group(1)) > 0, "retransmissions under 5 % loss:\n" + err);
    }

    @Test
    void lossCanBeGivenForOneDirectionOnly() {
        // Requests leave unharmed, every reply is lost on its way in.
        Run r = run("ping", "-c", "5", "-i", "0.01", "-W", "0.5", "--loss-in", "100", "--loss-out", "0", "--fault-seed", "3",
                "198.51.100.2");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("fault injector on the in-process link: --loss-in 100 --fault-seed 3"), r.err());
        assertTrue(r.out().contains("5 packets transmitted, 0 received, 100% packet loss"), r.out());
    }

    @Test
    void pingKeepsItsLossOption() {
        Run r = run("ping", "-c", "20", "-i", "0.01", "-W", "0.5", "--loss", "100", "--fault-seed", "3", "198.51.100.2");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("20 packets transmitted, 0 received, 100% packet loss"), r.out());
    }

    @Test
    void faultOptionsAreChecked() {
        Run loss = run("ping", "--loss", "101", "198.51.100.2");
        assertEquals(2, loss.exit());
        assertTrue(loss.err().contains("--loss takes a percentage 0..100, not 101.0"), loss.err());
        Run delay = run("connect", "--delay", "-1", "198.51.100.2", "7");
        assertEquals(2, delay.exit());
        assertTrue(delay.err().contains("--delay takes 0..60000 milliseconds"), delay.err());
        Run help = run("listen", "--help");
        Run lossIn = run("connect", "--loss-in", "100.5", "198.51.100.2", "7");
        assertEquals(2, lossIn.exit());
        assertTrue(lossIn.err().contains("--loss-in takes a percentage 0..100, not 100.5"), lossIn.err());
        for (String option : new String[] {"--loss", "--loss-in", "--loss-out", "--duplicate", "--reorder", "--reorder-delay", "--delay", "--jitter",
                "--corrupt", "--fault-seed"}) {
            assertTrue(help.out().contains(option), option + " in listen --help:\n" + help.out());
        }
    }

    @Test
    void listenAndConnectRejectBadArguments() {
        Run badPort = run("connect", "198.51.100.2", "0");
        assertEquals(2, badPort.exit());
        assertTrue(badPort.err().contains("PORT must be 1..65535"), badPort.err());
        Run listen = run("listen", "5000");
        assertEquals(2, listen.exit());
        assertTrue(listen.err().contains("listen needs --tap"), listen.err());
        Run timeout = run("connect", "--timeout", "-1", "198.51.100.2", "7");
        assertEquals(2, timeout.exit());
        assertTrue(timeout.err().contains("--timeout takes"), timeout.err());
    }

    @Test
    void serverCommandsNeedATapAndSomethingToServe() {
        Run d = run("dns-server", "--record", "a.test=198.51.100.9");
        assertEquals(2, d.exit());
        assertTrue(d.err().contains("dns-server needs --tap"), d.err());
        Run e = run("udp-echo", "7");
        assertEquals(2, e.exit());
        assertTrue(e.err().contains("udp-echo needs --tap"), e.err());
        Run r = run("resolve", "--tap", "tap0", "--ip", "198.51.100.2/24", "x.test");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("resolve needs --dns"), r.err());
    }
}
