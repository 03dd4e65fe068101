package io.netstack4j.link.tap;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link TapAdapter} against the real kernel: a TAP device in a network namespace created here,
 * and {@link TapProbe} run inside it with {@code ip netns exec} (a JVM cannot move itself into a
 * namespace, and the project calls native code only from TapAdapter). Needs root; skipped
 * otherwise, unless CI=true, where it is mandatory and fails instead.
 */
@Tag("interop")
class TapAdapterInteropTest {
    private static final String TAP = "tap0";

    @BeforeAll
    static void requirements() {
        String missing = null;
        if (!Netns.isRoot()) {
            missing = "needs root (network namespaces and TAP devices)";
        } else if (!Netns.onPath("ip")) {
            missing = "needs iproute2's ip on the PATH";
        } else if (!Files.exists(Path.of("/dev/net/tun"))) {
            missing = "no /dev/net/tun on this machine";
        }
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("TAP interop test " + missing + "; CI=true makes it mandatory");
            }
            Assumptions.abort("TAP interop test " + missing);
        }
    }

    /** ARP and UDP with the kernel both ways, wake-ups, busy device, close and re-attach. */
    @Test
    void exchangesFramesWithTheKernel() throws Exception {
        try (Netns ns = Netns.create("tap")) {
            ns.ip("tuntap", "add", "dev", TAP, "mode", "tap");
            ns.ip("addr", "add", "198.51.100.1/24", "dev", TAP);
            ns.ip("link", "set", TAP, "up");
            Netns.Result r = ns.exec(120, probe("exchange", TAP, "198.51.100.1", "198.51.100.2"));
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().strip().endsWith("OK"), r.output());
        }
    }

    /**
     * With the virtio-net header (IFF_VNET_HDR, 12 bytes) and MTU 65,521, the largest a TAP takes:
     * ARP and UDP of 100 and 65,493 bytes (one 65,535-byte frame) with the kernel both ways, then a
     * plain attach again.
     */
    @Test
    void exchangesFramesWithTheVnetHeaderAtTheLargestMtu() throws Exception {
        try (Netns ns = Netns.create("tapvnet")) {
            ns.ip("tuntap", "add", "dev", TAP, "mode", "tap");
            ns.ip("addr", "add", "198.51.100.1/24", "dev", TAP);
            ns.ip("link", "set", TAP, "mtu", "65521", "up");
            Netns.Result r = ns.exec(120, probe(TapVnetProbe.class, TAP, "198.51.100.1", "198.51.100.2"));
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().strip().endsWith("OK"), r.output());
        }
    }

    /** Without CAP_NET_ADMIN (root with an empty bounding set) the attach fails, saying what and why. */
    @Test
    void refusalIsExplained() throws Exception {
        Assumptions.assumeTrue(Netns.onPath("setpriv"), "needs util-linux's setpriv to drop capabilities");
        try (Netns ns = Netns.create("tapdeny")) {
            // A TAP owned by another user: only CAP_NET_ADMIN may attach to it (drivers/net/tun.c,
            // tun_not_capable); a device without an owner is open to anyone who can open /dev/net/tun.
            ns.ip("tuntap", "add", "dev", TAP, "mode", "tap", "user", "65534");
            List<String> cmd = new ArrayList<>(List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all"));
            cmd.addAll(List.of(probe("denied", TAP)));
            Netns.Result r = ns.exec(120, cmd.toArray(String[]::new));
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().contains("Operation not permitted") || r.output().contains("Permission denied"),
                    r.output());
        }
    }

    /** The java command that runs TapProbe with this JVM and these classes. */
    private static String[] probe(String... args) throws URISyntaxException {
        return probe(TapProbe.class, args);
    }

    private static String[] probe(Class<?> main, String... args) throws URISyntaxException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = location(TapAdapter.class) + File.pathSeparator + location(TapProbe.class);
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", cp, main.getName()));
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }

    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
