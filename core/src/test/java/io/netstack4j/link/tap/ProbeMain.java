package io.netstack4j.link.tap;

/**
 * What the probe programs (run as separate JVMs inside a test's namespace) share: the body runs,
 * "OK" or "FAILED: …" is printed for the test to read, and a failure exits non-zero.
 */
final class ProbeMain {
    /** A probe's body. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private ProbeMain() {
    }

    static void run(Body body) {
        try {
            body.run();
            System.out.println("OK");
        } catch (Throwable t) {
            System.out.println("FAILED: " + t);
            t.printStackTrace(System.out);
            System.exit(1);
        }
    }

    /** Fails the probe unless {@code condition}; prints what held. */
    static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
        System.out.println("ok: " + what);
    }
}
