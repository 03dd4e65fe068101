/**
 * ping: ICMP echo requests from a netstack4j stack, with the output people know from
 * iputils ping (per-reply lines with icmp_seq, ttl and time; a summary with loss and
 * min/avg/max/mdev).
 */
package io.netstack4j.app.ping;
