/**
 * The LAN adapter layer: {@link io.netstack4j.link.LinkAdapter} moves whole Ethernet frames
 * between a stack and a medium.
 *
 * <ul>
 *   <li>{@link io.netstack4j.link.LinkCapabilities} — what an adapter can do besides moving
 *       frames: MTU, largest frame, checksum offload per direction, segmentation offload,
 *       batching ({@link io.netstack4j.link.LinkAdapter#capabilities()}).</li>
 *   <li>{@link io.netstack4j.link.VirtualLan} — an in-process learning switch; each
 *       {@link io.netstack4j.link.VirtualPort} has a seeded fault injector per direction
 *       ({@link io.netstack4j.link.FaultConfig}: loss, duplication, reordering, delay and jitter,
 *       corruption, a bandwidth limit with a bounded backlog) and a bounded receive queue. It runs
 *       in virtual time (a simulation passes the time and asks {@code pollAt()}) or real time
 *       (stack loops on several threads, woken when a frame arrives). Frames between ports without
 *       faults take a lock-free path without allocation: a copy-on-write MAC table and a
 *       bounded many-producer ring of reused frame slots per port.</li>
 *   <li>{@link io.netstack4j.link.FaultyAdapter} — the same fault injectors around any other
 *       adapter (a TAP device: the kernel here has no {@code netem}), each direction's delayed
 *       frames on a bounded "wire" that the stack's loop advances and whose next due time it
 *       reads from {@code pollAt()}.</li>
 *   <li>{@link io.netstack4j.link.ObservedAdapter} — shows every frame crossing an adapter to
 *       {@link io.netstack4j.link.FrameObserver}s such as the
 *       {@link io.netstack4j.link.PcapNgWriter} (Wireshark's pcapng, with per-packet comments).</li>
 *   <li>{@code io.netstack4j.link.tap} — a Linux TAP device, the only code that calls native
 *       functions.</li>
 * </ul>
 *
 * <p>Locks are fine here (the link is where threads meet); protocol code above has none.
 */
package io.netstack4j.link;
