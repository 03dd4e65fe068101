package io.netstack4j.socket.dns;

/**
 * How a lookup ended: a {@link DnsResult} or a {@link DnsFailure}. Handed to the callback given to
 * {@link DnsClient#lookup}; immutable, so it may cross threads.
 */
public sealed interface DnsOutcome permits DnsResult, DnsFailure {
    /** The name as the caller gave it. */
    String query();

    /** Queries sent on the network for this lookup (retries included); 0 if it never left the host. */
    int queries();

    /** When the lookup began, in the caller's time base (nanoseconds). */
    long startedAt();

    /** When it ended, in the same time base. */
    long completedAt();

    /** {@code completedAt - startedAt}. */
    default long elapsedNanos() {
        return completedAt() - startedAt();
    }
}
