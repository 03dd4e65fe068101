package io.netstack4j.link.tap;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace a test creates (unique name {@code ns4j-<tag>-<pid>-<n>}) and deletes on
 * close, also when the test fails. Everything the tests do happens inside it: nothing is added to
 * the root namespace.
 */
final class Netns implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    record Result(int exit, String output) {
        Result require(String what) {
            if (exit != 0) {
                throw new IllegalStateException(what + " failed (" + exit + "): " + output.strip());
            }
            return this;
        }
    }

    private final String name;

    private Netns(String name) {
        this.name = name;
    }

    /** Creates the namespace with loopback up and IPv6 off (so the kernel sends nothing unasked). */
    static Netns create(String tag) throws Exception {
        String name = "ns4j-" + tag + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        run(30, "ip", "netns", "add", name).require("ip netns add");
        Netns ns = new Netns(name);
        try {
            ns.ip("link", "set", "lo", "up");
            ns.exec(30, "sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6;"
                    + " echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6").require("disable IPv6");
            return ns;
        } catch (Exception | Error e) {
            ns.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    /** {@code ip -n NAME args...}, which must succeed. */
    void ip(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(Arrays.asList(args));
        run(30, cmd.toArray(String[]::new)).require(String.join(" ", cmd));
    }

    /** Runs {@code cmd} inside the namespace ({@code ip netns exec}). */
    Result exec(long timeoutSeconds, String... cmd) throws Exception {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(Arrays.asList(cmd));
        return run(timeoutSeconds, full.toArray(String[]::new));
    }

    @Override
    public void close() throws IOException {
        try {
            run(30, "ip", "netns", "del", name).require("ip netns del " + name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deleting namespace " + name, e);
        }
    }

    /** Runs a command, output and errors together; kills it (only it) if it overstays. */
    static Result run(long timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ns4j-cmd", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", cmd) + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");    // the effective uid
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
