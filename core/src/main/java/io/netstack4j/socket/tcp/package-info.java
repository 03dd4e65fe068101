/**
 * TCP (RFC 9293 and companions): the connection state machine and its data path, split by concern
 * (docs/ARCHITECTURE.md, "TCP"): {@link io.netstack4j.socket.tcp.TcpLayer} (demultiplexing, the
 * transport seam), {@code TcpAccept} (opening, listeners, SYN cookies), {@code TcpInput} (segment
 * arrival as RFC 9293 §3.10.7 writes it), {@code TcpOutput} (what is sent and when),
 * {@code TcpTimers}, {@link io.netstack4j.socket.tcp.TcpConnection} (the TCB and the user calls),
 * {@code TimeWaits}; and the algorithms, each tested alone:
 * {@link io.netstack4j.socket.tcp.SeqNumber}, {@link io.netstack4j.socket.tcp.RttEstimator} (RFC 6298),
 * {@link io.netstack4j.socket.tcp.CongestionControl} with {@link io.netstack4j.socket.tcp.NewReno}
 * (RFC 5681, RFC 6582), {@link io.netstack4j.socket.tcp.IsnGenerator} (RFC 6528) and
 * {@link io.netstack4j.socket.tcp.SynCookies} (RFC 4987).
 *
 * <p>Pure protocol code, as the rest of {@code socket}: no threads, no clock reads. The one
 * exception to "no locks" is the rings' two locks, which application threads take for a copy and the
 * loop takes only to grow a ring or (tryLock) to give an idle one back.
 */
package io.netstack4j.socket.tcp;
