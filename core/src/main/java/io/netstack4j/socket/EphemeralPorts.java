package io.netstack4j.socket;

import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * The ephemeral port choice UDP and TCP share: RFC 6056 §3.3.1, Algorithm 1 ("Simple Port
 * Randomization Algorithm"). It starts at a random offset in the range and walks forwards (wrapping)
 * to the first free port, so each choice is independent of the last and not predictable from earlier
 * ones (given an unpredictable {@link RandomGenerator}).
 */
public final class EphemeralPorts {
    private EphemeralPorts() {
    }

    /**
     * A free port in {@code low .. low + count - 1}, or -1 if every one is in use.
     *
     * @param inUse whether a port is taken (for the caller's address, 4-tuple or protocol)
     */
    public static int choose(RandomGenerator random, int low, int count, IntPredicate inUse) {
        int next = random.nextInt(count);
        for (int i = 0; i < count; i++) {
            int port = low + (next + i) % count;
            if (!inUse.test(port)) {
                return port;
            }
        }
        return -1;
    }
}
