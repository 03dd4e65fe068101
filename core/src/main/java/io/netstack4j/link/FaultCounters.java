package io.netstack4j.link;

import io.netstack4j.stats.DropReason;

/**
 * Where a {@link FaultInjector} counts what it did to frames: the adapter that owns it
 * ({@link VirtualPort}, {@link FaultyAdapter}).
 */
interface FaultCounters {
    /** A frame the injector dropped on purpose (the loss fault). */
    void countInjectedLoss();

    /** A frame delivered twice (counted once, for the extra copy). */
    void countDuplicated();

    /** A copy with one bit flipped. */
    void countCorrupted();

    /** A copy held back so that later frames overtake it. */
    void countReordered();

    /** A copy dropped for another reason (BANDWIDTH_LIMIT: the limiter's backlog was full). */
    void countDrop(DropReason reason);
}
