package io.netstack4j.link;

/**
 * A LAN adapter could not be opened or failed for good (the message says which device, what
 * was attempted and why, for example
 * {@code "TUNSETIFF tap9: Device or resource busy"}).
 */
public class LinkException extends RuntimeException {
    private final int errno;

    public LinkException(String message) {
        this(message, 0);
    }

    /**
     * @param message what failed, for a person
     * @param errno   the operating system's error number, or 0
     */
    public LinkException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** The operating system's error number behind the failure, or 0 if none. */
    public int errno() {
        return errno;
    }
}
