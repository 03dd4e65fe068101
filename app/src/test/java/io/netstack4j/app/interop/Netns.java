package io.netstack4j.app.interop;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace that a kernel-interop test creates for itself, with a TAP device for the
 * Java stack and the kernel's end of it. Network safety (DESIGN.md §5): a unique name, only
 * 198.51.100.0/24 and 203.0.113.0/24 inside, nothing in the root namespace, and deleted on
 * close — and by a shutdown hook if the test JVM dies first.
 */
final class Netns implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String name;
    private final Thread cleanup;
    private final List<Process> started = new ArrayList<>();

    private Netns(String name) {
        this.name = name;
        this.cleanup = new Thread(this::delete, "netns-cleanup-" + name);
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Skips the calling test (one-line reason) when it cannot run here, unless CI=true, where
     * these tests are mandatory and fail instead.
     */
    static void requireRootAndTools(String... tools) {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name")) && !isUidZero()) {
            missing.add("root (network namespaces and TAP devices)");
        }
        for (String t : tools) {
            if (!onPath(t)) {
                missing.add("'" + t + "' on the PATH");
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String reason = "kernel-interop test needs " + String.join(", ", missing);
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(reason + " (CI=true makes it mandatory)");
        }
        Assumptions.abort(reason);
    }

    private static boolean isUidZero() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    /** Creates {@code ns4j-<pid>-<n>} with lo up and a TAP device whose kernel end has {@code kernelCidr}. */
    static Netns withTap(String tap, String kernelCidr) throws Exception {
        Netns ns = new Netns("ns4j-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        try {
            run("ip", "netns", "add", ns.name);
            ns.exec("ip", "link", "set", "lo", "up");
            ns.exec("ip", "tuntap", "add", "dev", tap, "mode", "tap");
            ns.exec("ip", "addr", "add", kernelCidr, "dev", tap);
            ns.exec("ip", "link", "set", tap, "up");
            return ns;
        } catch (Exception | AssertionError e) {
            ns.close();
            throw e;
        }
    }

    /** Runs a command inside the namespace and returns its output; fails the test on a non-zero exit. */
    String exec(String... cmd) throws Exception {
        return run(inside(cmd));
    }

    /** Runs a command inside the namespace and returns its result, whatever the exit status. */
    Result execResult(long timeoutSeconds, String... cmd) throws Exception {
        return runResult(timeoutSeconds, inside(cmd));
    }

    /** Starts a long-running command inside the namespace; it is killed (by PID) on close. */
    Process start(Path output, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(inside(cmd)).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /**
     * Starts a command inside the namespace with standard input from {@code in} (null: none) and
     * standard output and error to files of their own; it is killed (by PID) on close.
     */
    Process startRedirected(Path in, Path out, Path err, String... cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(inside(cmd))
                .redirectInput(in == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                        : ProcessBuilder.Redirect.from(in.toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /**
     * Starts a long-running command inside the namespace and waits until its output shows
     * {@code ready} (at most {@code seconds}); fails with the output if it exits first or times out.
     */
    Process startAndWait(Path output, String ready, int seconds, String... cmd) throws Exception {
        Process p = start(output, cmd);
        waitForOutput(output, ready, seconds, p);
        return p;
    }

    /** Waits until {@code output} contains {@code text}; returns the output so far. */
    static String waitForOutput(Path output, String text, int seconds, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String s = Files.exists(output) ? Files.readString(output) : "";
            if (s.contains(text)) {
                return s;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' from " + p.info().commandLine().orElse("the process")
                + (p.isAlive() ? "" : " (exited " + p.exitValue() + ")") + ":\n"
                + (Files.exists(output) ? Files.readString(output) : "(no output)"));
    }

    /**
     * Starts dnsmasq inside the namespace answering for {@code names} with {@code address} from a hosts
     * file in {@code dir} (nothing else: no resolv.conf, no /etc/hosts), listening on {@code address};
     * {@code extra} options are added. Waits until it has started; it is killed (by PID) on close.
     */
    Process startDnsmasqHosts(Path dir, String address, String names, String... extra) throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, address + " " + names + "\n");
        List<String> cmd = new ArrayList<>(List.of("dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv",
                "--no-hosts", "--addn-hosts=" + hosts));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("--listen-address=" + address, "--bind-interfaces", "--user=root", "--group=root",
                "--pid-file="));
        return startAndWait(dir.resolve("dnsmasq.log"), "started", 10, cmd.toArray(String[]::new));
    }

    /**
     * Starts nginx inside the namespace serving {@code root} on {@code listen} ("address:port"), with its
     * configuration, logs and temporary files in {@code dir}; it is killed (by PID) on close.
     */
    Process startNginx(Path dir, String listen, Path root, String defaultType) throws IOException {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "daemon off;\nworker_processes 1;\npid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve("nginx-error.log") + ";\nevents { worker_connections 64; }\n"
                + "http { access_log " + dir.resolve("nginx-access.log") + "; default_type " + defaultType + ";\n"
                + "  client_body_temp_path " + dir + "; proxy_temp_path " + dir + "; fastcgi_temp_path " + dir + ";\n"
                + "  uwsgi_temp_path " + dir + "; scgi_temp_path " + dir + ";\n"
                + "  server { listen " + listen + "; root " + root + "; } }\n");
        return start(dir.resolve("nginx.out"), "/usr/sbin/nginx", "-c", conf.toString(), "-e",
                dir.resolve("nginx-error.log").toString());
    }

    /** The launcher at the top of the checkout, {@code ./netstack4j}. */
    static final Path LAUNCHER = Path.of("..", "netstack4j").toAbsolutePath().normalize();

    String[] inside(String... cmd) {
        String[] full = new String[cmd.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = name;
        System.arraycopy(cmd, 0, full, 4, cmd.length);
        return full;
    }

    record Result(int exit, String output) {
    }

    static String run(String... cmd) throws Exception {
        Result r = runResult(60, cmd);
        Assertions.assertEquals(0, r.exit, () -> String.join(" ", cmd) + " failed:\n" + r.output);
        return r.output;
    }

    static Result runResult(long timeoutSeconds, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[][] out = new byte[1][];
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            reader.join(1000);
            Assertions.fail(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
        }
        reader.join();
        return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8));
    }

    /** Stops a started process by PID: SIGTERM, then SIGKILL after a grace period. */
    static int stop(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        return p.exitValue();
    }

    private void delete() {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        try {
            new ProcessBuilder("ip", "netns", "del", name).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException ignored) {
            // best effort; close() reports through the normal path
        }
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
