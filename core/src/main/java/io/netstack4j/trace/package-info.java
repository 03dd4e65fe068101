/**
 * Making the stack's work visible: a text trace of every frame a host sends and receives,
 * one line each, with time and a tcpdump-like description. (The pcapng capture is
 * {@link io.netstack4j.link.PcapNgWriter}.)
 */
package io.netstack4j.trace;
