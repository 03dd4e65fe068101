/**
 * Counters shared by every layer: drops by {@link io.netstack4j.stats.DropReason}, so that
 * every frame that enters a stack is accounted for.
 */
package io.netstack4j.stats;
