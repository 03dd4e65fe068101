package io.netstack4j.iface;

/**
 * The state of an ARP cache entry, after the neighbour states of RFC 4861 §7.3.2 (which Linux also
 * uses for ARP), simplified: no DELAY state, a STALE entry that is used is probed at once.
 */
public enum NeighborState {
    /** Resolution under way: requests are being broadcast, datagrams wait in the entry's queue. */
    INCOMPLETE,
    /** Confirmed recently (a reply or a request addressed to us): used without question. */
    REACHABLE,
    /** Not confirmed for a while, or learned without confirmation: still usable, re-confirmed on use. */
    STALE,
    /** Used while STALE: datagrams still go to the known address while unicast requests re-confirm it. */
    PROBE
}
