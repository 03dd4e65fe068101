/**
 * The wire formats: codecs between bytes and the values ("Repr" records) that the layers
 * exchange.
 *
 * <p>Each {@code *Repr} has a static {@code parse(byte[] b, int off, int len)} that checks
 * everything it reads (lengths, version, checksums) and throws a cheap
 * {@link io.netstack4j.wire.MalformedPacketException} carrying the
 * {@link io.netstack4j.stats.DropReason} a layer counts, and an {@code emit(byte[] b, int off)}
 * that writes the header (computing its checksum) into space the caller reserved.
 * Parsing never throws anything else for any input bytes (given a valid array range).
 *
 * <ul>
 *   <li>{@link io.netstack4j.wire.EthernetRepr} — Ethernet II (RFC 894);</li>
 *   <li>{@link io.netstack4j.wire.ArpRepr} — ARP for IPv4 over Ethernet (RFC 826);</li>
 *   <li>{@link io.netstack4j.wire.Ipv4Repr} — IPv4 (RFC 791), header checksum verified,
 *       options skipped;</li>
 *   <li>{@link io.netstack4j.wire.IcmpRepr} — ICMPv4 (RFC 792, RFC 1191 next-hop MTU);</li>
 *   <li>{@link io.netstack4j.wire.UdpRepr} — UDP (RFC 768), checksum over the pseudo-header;</li>
 *   <li>{@link io.netstack4j.wire.TcpRepr} — TCP (RFC 9293 §3.1) as a value, with the options
 *       MSS, window scale, SACK-permitted and timestamps laid out as Linux does; the data path uses
 *       {@link io.netstack4j.wire.TcpPacket} and {@link io.netstack4j.wire.TcpOptions} in place;</li>
 *   <li>{@link io.netstack4j.wire.DnsMessage} — DNS messages (RFC 1035 §4) with
 *       {@link io.netstack4j.wire.DnsName}, {@link io.netstack4j.wire.DnsQuestion},
 *       {@link io.netstack4j.wire.DnsRecord} and {@link io.netstack4j.wire.DnsRdata}; name
 *       compression read defensively (no loops, no reads outside the message) and written
 *       greedily;</li>
 *   <li>{@link io.netstack4j.wire.Checksum} — the Internet checksum (RFC 1071), eight bytes
 *       per step;</li>
 *   <li>{@link io.netstack4j.wire.FrameFormatter} — one-line, tcpdump-like descriptions;</li>
 *   <li>addresses: {@link io.netstack4j.wire.MacAddress}, {@link io.netstack4j.wire.Ipv4Address},
 *       {@link io.netstack4j.wire.Ipv4Cidr}.</li>
 * </ul>
 *
 * <p>All of it is pure: no threads, no clocks, no shared state.
 */
package io.netstack4j.wire;
