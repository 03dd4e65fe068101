package io.netstack4j.api;

import io.netstack4j.socket.dns.DnsErrorKind;
import io.netstack4j.socket.dns.DnsFailure;

import java.io.IOException;
import java.util.Objects;

/**
 * A name could not be resolved (the role {@link java.net.UnknownHostException} plays for the JDK).
 * {@link #kind()} tells why: NXDOMAIN (no such name) and SERVFAIL (the server failed) are different
 * answers, TIMEOUT is no answer at all.
 */
public final class ResolverException extends IOException {
    private final DnsErrorKind kind;
    private final transient DnsFailure failure;

    /** From a failed lookup: its kind and message. */
    public ResolverException(DnsFailure failure) {
        super(Objects.requireNonNull(failure, "failure").message());
        this.kind = failure.kind();
        this.failure = failure;
    }

    /** An error of the facade itself (the loop closed, interrupted while waiting...). */
    public ResolverException(DnsErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.failure = null;
    }

    public DnsErrorKind kind() {
        return kind;
    }

    /** The lookup's details (CNAMEs followed, queries sent, server), or {@code null} for a facade error. */
    public DnsFailure failure() {
        return failure;
    }
}
