package io.netstack4j.iface;

/**
 * Something above IP that application threads hand datagrams to without a task on the loop (a
 * socket's send ring): the loop asks {@link #hasOutput()} before it sleeps and calls
 * {@link #flushOutput} every turn. Registered with {@link Stack#addOutputSource}.
 */
public interface OutputSource {
    /** Whether there is something to send; any thread may have made it true. */
    boolean hasOutput();

    /** Sends what is waiting. Loop thread. */
    void flushOutput(long now);
}
