package io.netstack4j.iface;

import io.netstack4j.socket.dns.DnsServer;
import io.netstack4j.socket.dns.DnsServerEndpoint;
import io.netstack4j.socket.dns.Zone;
import io.netstack4j.socket.udp.UdpConfig;
import io.netstack4j.socket.udp.UdpLayer;
import io.netstack4j.socket.udp.UdpStats;
import io.netstack4j.stats.DropCounters;
import io.netstack4j.stats.DropReason;
import io.netstack4j.wire.ArpRepr;
import io.netstack4j.wire.Checksum;
import io.netstack4j.wire.DnsMessage;
import io.netstack4j.wire.DnsName;
import io.netstack4j.wire.DnsType;
import io.netstack4j.wire.EtherType;
import io.netstack4j.wire.EthernetRepr;
import io.netstack4j.wire.IcmpRepr;
import io.netstack4j.wire.IpProtocol;
import io.netstack4j.wire.Ipv4Address;
import io.netstack4j.wire.Ipv4Cidr;
import io.netstack4j.wire.Ipv4Repr;
import io.netstack4j.wire.MacAddress;
import io.netstack4j.wire.UdpRepr;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Robustness of the input path (DESIGN.md §4.5): a million random and mutated frames fed to a
 * stack. Nothing may escape as an exception, what the stack holds must stay within its limits,
 * and every frame must be accounted for by a drop counter or by the layer that took it: once at
 * the driver, ARP or IPv4 ({@link #accounted}), and every datagram IPv4 took on through reassembly,
 * ICMP and UDP down to the DNS server ({@link #checkLedger}), after every frame.
 */
class StackFuzzTest {
    static final int FRAMES = 1_000_000;
    static final MacAddress OURS = MacAddress.parse("02:00:00:00:00:01");
    static final MacAddress PEER = MacAddress.parse("02:00:00:00:00:02");
    static final Ipv4Address OUR_IP = Ipv4Address.parse("198.51.100.1");
    static final Ipv4Address PEER_IP = Ipv4Address.parse("198.51.100.2");

    /** IPv4 drops counted before a datagram is counted in ip.in (the input checks). */
    static final EnumSet<DropReason> IP_INPUT_CHECKS = EnumSet.of(DropReason.TRUNCATED, DropReason.BAD_LENGTH,
            DropReason.BAD_CHECKSUM, DropReason.BAD_VERSION, DropReason.BAD_HEADER_LENGTH, DropReason.BAD_SOURCE,
            DropReason.IP_NOT_FOR_US);
    /** IPv4 drops of fragments in reassembly, each counted once per fragment. */
    static final EnumSet<DropReason> REASSEMBLY = EnumSet.of(DropReason.BAD_FRAGMENT, DropReason.FRAGMENT_OVERLAP,
            DropReason.DUPLICATE_FRAGMENT, DropReason.REASSEMBLY_TIMEOUT, DropReason.REASSEMBLY_LIMIT,
            DropReason.REASSEMBLY_EVICTED);
    /** IPv4 drops on the way out (of replies and errors): not dispositions of an input datagram. */
    static final EnumSet<DropReason> IP_OUTPUT = EnumSet.of(DropReason.NO_ROUTE, DropReason.FRAGMENT_NEEDED,
            DropReason.QUEUE_FULL);

    @Test
    void millionRandomAndMutatedFrames() throws Exception {
        // Replay a failing seed with FUZZ_SEED=N make test (or -Dfuzz.seed=N in the test JVM).
        String env = System.getenv("FUZZ_SEED");
        long seed = Long.getLong("fuzz.seed", env != null ? Long.parseLong(env.strip()) : 20261121L);
        SplittableRandom rnd = new SplittableRandom(seed);
        StackConfig config = StackConfig.builder("fuzz").mac(OURS).address(new Ipv4Cidr(OUR_IP, 24))
                .gateway(Ipv4Address.parse("198.51.100.254")).build();
        long[] txFrames = {0};
        long[] txErrors = {0};
        Stack stack = new Stack(config, (b, off, len, now) -> {
            txFrames[0]++;
            if (len >= 14 + 20 + 8 && (b[off + 12] & 0xFF) == 0x08 && b[off + 13] == 0 && b[off + 23] == IpProtocol.ICMP
                    && IcmpRepr.isError(b[off + 14 + ((b[off + 14] & 0x0F) * 4)] & 0xFF)) {
                txErrors[0]++;
            }
        });
        List<byte[]> templates = templates();
        long now = 0;
        stack.start(now);
        // UDP with a DNS server on port 53, so mutated datagrams and DNS queries get parsed too.
        UdpLayer udp = UdpLayer.install(stack, UdpConfig.DEFAULT, new SplittableRandom(seed));
        DnsServerEndpoint dns = DnsServerEndpoint.install(stack, udp, Ipv4Address.ANY, DnsMessage.PORT,
                new DnsServer(Zone.builder("example.test").a("www.example.test", "198.51.100.80").build()));
        byte[] frame = new byte[2048];
        for (int i = 0; i < FRAMES; i++) {
            now += 1_000; // 1 µs of virtual time per frame: a million frames in one virtual second
            int len = rnd.nextInt(4) == 0 ? random(rnd, frame) : mutate(rnd, templates.get(rnd.nextInt(templates.size())), frame);
            long before = accounted(stack);
            String snapshot = String.valueOf(stack.stats());
            try {
                stack.receiveFrame(frame, 0, len, now);
                if ((i & 1023) == 0) {
                    stack.poll(now);
                }
            } catch (RuntimeException e) {
                fail("frame " + i + " (seed " + seed + ") threw: " + e + "\n" + Arrays.toString(Arrays.copyOf(frame, len)), e);
            }
            long after = accounted(stack);
            if (after != before + 1) {
                fail("frame " + i + " (seed " + seed + ") was accounted " + (after - before) + " times: "
                        + Arrays.toString(Arrays.copyOf(frame, len)) + "\nbefore " + snapshot + "\nafter  " + stack.stats());
            }
            String broken = checkLedger(stack, udp, dns);
            if (broken != null) {
                fail("frame " + i + " (seed " + seed + "): " + broken + ": " + Arrays.toString(Arrays.copyOf(frame, len))
                        + "\nbefore " + snapshot + "\nafter  " + stack.stats() + "\n" + udp.stats());
            }
        }
        // Let every timer run out (ARP give-ups, reassembly timeouts), then check the bounds.
        for (int s = 0; s < 120; s++) {
            now += 1_000_000_000L;
            stack.poll(now);
        }
        StackStats stats = stack.stats();
        assertEquals(null, checkLedger(stack, udp, dns));
        assertEquals(0, stack.reassemblyFragments());
        assertEquals(0, dns.endpoint().queuedDatagrams());
        assertEquals(udp.stats().datagramsIn(), dns.received(), "the DNS server read every datagram queued for it");
        assertEquals(FRAMES, stats.rxFrames());
        assertTrue(dns.received() > 0, "the DNS server saw queries");
        assertTrue(dns.noReply() > 0, "some mutated queries were too broken to answer (and were dropped, not thrown)");
        assertTrue(udp.stats().checksumErrors() > 0, "mutated datagrams were caught by the UDP checksum");
        // Every disposition the ledger sums was taken at least once, so each term is exercised.
        Map<String, Long> c = stats.counters();
        for (String k : List.of("ip.reassembled", "icmp.echo.replies.sent", "icmp.errors.in", "icmp.errors.delivered")) {
            assertTrue(c.get(k) > 0, k);
        }
        assertTrue(stats.ipv4Drops().get(DropReason.UNSUPPORTED) > 0, "unknown protocols");
        assertTrue(udp.stats().drops().get(DropReason.NO_LISTENER) > 0, "no listener");
        assertTrue(udp.stats().portUnreachableSent() > 0, "answered with ICMP port unreachable");
        assertTrue(udp.stats().icmpErrorsIn() > 0, "ICMP errors reached UDP");
        assertTrue(stack.reassemblyMemory() <= config.reassemblyMemoryBytes(), "reassembly memory " + stack.reassemblyMemory());
        assertEquals(0, stack.reassemblyMemory(), "reassembly buffers left after every timeout ran");
        assertTrue(stack.neighbors(now).size() <= config.neighborCacheSize(), "neighbour cache size");
        // ICMP errors are rate-limited: at most the burst plus the rate over the run.
        long seconds = now / 1_000_000_000L + 1;
        assertTrue(txErrors[0] <= config.icmpErrorBurst() + (long) config.icmpErrorsPerSecond() * seconds,
                "ICMP errors sent: " + txErrors[0]);
        long drops = stats.drops().stream().mapToLong(DropCounters::total).sum();
        assertTrue(drops > FRAMES / 2, "most fuzzed frames should be dropped, got " + drops);
        System.out.println("fuzz: " + FRAMES + " frames, seed " + seed + ", sent " + txFrames[0] + " frames ("
                + txErrors[0] + " ICMP errors); DNS server: " + dns.received() + " received, " + dns.replies()
                + " answered, " + dns.noReply() + " unanswerable\n" + stats + "\n" + udp.stats());
    }

    /** Frames that reached a final disposition: dropped by the driver, taken by ARP, dropped by or taken into IPv4. */
    static long accounted(Stack stack) {
        StackStats s = stack.stats();
        Map<String, Long> c = s.counters();
        long ipChecks = 0;
        for (DropReason r : IP_INPUT_CHECKS) {
            ipChecks += s.ipv4Drops().get(r);
        }
        return s.linkDrops().total() + c.get("arp.in") + ipChecks + c.get("ip.in");
    }

    /**
     * The ledger below ip.in (docs/ARCHITECTURE.md, "Tests by level"): each sum holds between any
     * two frames. Returns the first that does not, or null.
     */
    static String checkLedger(Stack stack, UdpLayer udp, DnsServerEndpoint dns) {
        StackStats s = stack.stats();
        Map<String, Long> c = s.counters();
        long ipIn = c.get("ip.in");
        long fragmentsIn = c.get("ip.fragments.in");
        long reassemblyDrops = sum(s.ipv4Drops(), REASSEMBLY);
        long unsupported = s.ipv4Drops().get(DropReason.UNSUPPORTED);
        // Every IPv4 drop is an input check, a fragment's, an unknown protocol's, or an output's.
        if (s.ipv4Drops().total() != sum(s.ipv4Drops(), IP_INPUT_CHECKS) + reassemblyDrops + unsupported
                + sum(s.ipv4Drops(), IP_OUTPUT)) {
            return "an IPv4 drop reason outside the ledger";
        }
        // A fragment is dropped, held, or part of a reassembled datagram.
        if (fragmentsIn != reassemblyDrops + stack.reassemblyFragments() + c.get("ip.fragments.reassembled")) {
            return "fragments: in != dropped + held + reassembled";
        }
        // A whole datagram (one that came whole, or a reassembled one) goes up, or is refused.
        if (ipIn - fragmentsIn + c.get("ip.reassembled") != c.get("ip.delivered") + unsupported) {
            return "datagrams: whole + reassembled != delivered + unknown protocol";
        }
        UdpStats u = udp.stats();
        if (c.get("ip.delivered") != c.get("icmp.in") + u.received()) {
            return "delivered != icmp.in + udp.received";
        }
        // ICMP: dropped by reason (the rate limit drops errors we would send, not input), or taken.
        long icmpDrops = s.icmpDrops().total() - s.icmpDrops().get(DropReason.ICMP_RATE_LIMITED);
        if (c.get("icmp.in") != icmpDrops + c.get("icmp.echo.replies.sent") + c.get("icmp.echo.replies.unsent")
                + c.get("icmp.echo.replies.delivered") + c.get("icmp.errors.delivered")) {
            return "icmp.in != dropped + echo answered (sent or not) + echo replies delivered + errors delivered";
        }
        // No echo listener here: every error delivered went to UDP, the only handler; so did the
        // host unreachables ARP reported for datagrams UDP sent (the DNS server's answers).
        if (c.get("icmp.errors.delivered") + c.get("icmp.errors.local") != u.icmpErrorsIn()) {
            return "icmp.errors.delivered + icmp.errors.local != udp.icmpErrorsIn";
        }
        if (u.icmpErrorsIn() != u.icmpErrorsDelivered() + u.icmpErrorsDropped() + u.icmpErrorsIgnored()) {
            return "udp ICMP errors: in != delivered + dropped + ignored";
        }
        // UDP: dropped by reason (malformed, no listener with or without a port unreachable, queue
        // full), or queued for an endpoint: here only the DNS server's.
        if (u.received() != u.drops().total() - u.icmpErrorsDropped() + u.datagramsIn()) {
            return "udp.received != dropped + queued";
        }
        if (u.portUnreachableSent() > u.drops().get(DropReason.NO_LISTENER)) {
            return "more port unreachables than datagrams without a listener";
        }
        if (u.datagramsIn() != dns.received() + dns.endpoint().queuedDatagrams()) {
            return "udp.datagramsIn != read by the DNS server + still queued";
        }
        if (dns.received() != dns.replies() + dns.noReply() + dns.sendErrors()) {
            return "dns.received != replies + unanswered + send errors";
        }
        return null;
    }

    private static long sum(DropCounters d, EnumSet<DropReason> reasons) {
        long n = 0;
        for (DropReason r : reasons) {
            n += d.get(r);
        }
        return n;
    }

    static int random(SplittableRandom rnd, byte[] frame) {
        int len = rnd.nextInt(1600);
        for (int i = 0; i < len; i++) {
            frame[i] = (byte) rnd.nextInt(256);
        }
        if (len >= 14 && rnd.nextBoolean()) {
            // Aim half of them past the MAC filter and at a real protocol, so deeper layers see garbage.
            (rnd.nextBoolean() ? OURS : MacAddress.BROADCAST).write(frame, 0);
            int type = rnd.nextBoolean() ? EtherType.IPV4 : EtherType.ARP;
            frame[12] = (byte) (type >> 8);
            frame[13] = (byte) type;
        }
        return len;
    }

    static int mutate(SplittableRandom rnd, byte[] template, byte[] frame) {
        int len = template.length;
        System.arraycopy(template, 0, frame, 0, len);
        int edits = rnd.nextInt(5);
        for (int e = 0; e < edits; e++) {
            int at = rnd.nextInt(Math.min(len, 14 + 64));
            switch (rnd.nextInt(3)) {
                case 0 -> frame[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> frame[at] = (byte) rnd.nextInt(256);
                default -> frame[at] = (byte) (rnd.nextBoolean() ? 0 : 0xFF);
            }
        }
        if (rnd.nextInt(4) == 0) {
            len = rnd.nextInt(len + 1); // truncated
        } else if (rnd.nextInt(8) == 0) {
            int extra = rnd.nextInt(64);
            for (int i = 0; i < extra; i++) {
                frame[len + i] = (byte) rnd.nextInt(256);
            }
            len += extra; // trailing garbage (padding)
        }
        if (len >= 34 && rnd.nextBoolean() && frame[12] == 0x08 && frame[13] == 0) {
            // Repair the IP header checksum so the mutation reaches the layers above IPv4.
            int ihl = (frame[14] & 0x0F) * 4;
            if (ihl >= 20 && 14 + ihl <= len) {
                frame[24] = 0;
                frame[25] = 0;
                int sum = Checksum.compute(frame, 14, ihl);
                frame[24] = (byte) (sum >> 8);
                frame[25] = (byte) sum;
                // And let UDP take the datagram as it is: a zero checksum means "none" (RFC 768),
                // so mutated DNS queries reach the DNS server's parser.
                if (frame[23] == IpProtocol.UDP && 14 + ihl + UdpRepr.HEADER_LEN <= len && rnd.nextBoolean()) {
                    frame[14 + ihl + 6] = 0;
                    frame[14 + ihl + 7] = 0;
                }
            }
        }
        return len;
    }

    /** Valid frames of every kind the stack handles, to mutate. */
    static List<byte[]> templates() {
        List<byte[]> t = new ArrayList<>();
        t.add(arp(new ArpRepr(ArpRepr.REQUEST, PEER, PEER_IP, MacAddress.ZERO, OUR_IP), MacAddress.BROADCAST));
        t.add(arp(new ArpRepr(ArpRepr.REPLY, PEER, PEER_IP, OURS, OUR_IP), OURS));
        t.add(arp(new ArpRepr(ArpRepr.REQUEST, PEER, PEER_IP, MacAddress.ZERO, PEER_IP), MacAddress.BROADCAST));
        byte[] echo = new byte[56];
        t.add(ip(Ipv4Repr.of(PEER_IP, OUR_IP, IpProtocol.ICMP, 64, 1, false, 64), icmp(new IcmpRepr.EchoRequest(7, 1, echo))));
        t.add(ip(Ipv4Repr.of(PEER_IP, Ipv4Address.BROADCAST, IpProtocol.ICMP, 64, 2, false, 64), icmp(new IcmpRepr.EchoRequest(7, 2, echo))));
        t.add(ip(Ipv4Repr.of(PEER_IP, OUR_IP, IpProtocol.UDP, 64, 3, false, 16), new byte[16]));
        t.add(udp(DnsMessage.query(0x1234, DnsName.of("www.example.test"), DnsType.A).toBytes(), DnsMessage.PORT));
        t.add(udp(DnsMessage.query(0x4321, DnsName.of("nobody.example.test"), DnsType.A).toBytes(), DnsMessage.PORT));
        t.add(udp(new byte[40], 9));
        t.add(ip(Ipv4Repr.of(PEER_IP, OUR_IP, IpProtocol.TCP, 64, 4, false, 20), new byte[20]));
        byte[] quoted = Arrays.copyOf(t.get(3), 14 + 28);
        t.add(ip(Ipv4Repr.of(PEER_IP, OUR_IP, IpProtocol.ICMP, 64, 5, false, 8 + 28),
                icmp(new IcmpRepr.DestinationUnreachable(IcmpRepr.CODE_PORT_UNREACHABLE, 0, Arrays.copyOfRange(quoted, 14, quoted.length)))));
        // Port unreachable about a DNS answer we sent (OUR_IP:53 -> PEER_IP:40000): it reaches UDP.
        byte[] sent = new byte[20 + 8 + 12];
        Ipv4Repr.of(OUR_IP, PEER_IP, IpProtocol.UDP, 64, 9, false, 8 + 12).emit(sent, 0);
        UdpRepr.of(DnsMessage.PORT, 40000, 12).emit(sent, 20, OUR_IP, PEER_IP);
        byte[] answer = Arrays.copyOf(sent, 20 + 8); // the header and 8 bytes, as RFC 792 quotes
        t.add(ip(Ipv4Repr.of(PEER_IP, OUR_IP, IpProtocol.ICMP, 64, 10, false, 8 + answer.length),
                icmp(new IcmpRepr.DestinationUnreachable(IcmpRepr.CODE_PORT_UNREACHABLE, 0, answer))));
        // Three fragments of one 3000-byte echo request.
        byte[] big = icmp(new IcmpRepr.EchoRequest(7, 3, new byte[3000 - 8]));
        Ipv4Repr whole = Ipv4Repr.of(PEER_IP, OUR_IP, IpProtocol.ICMP, 64, 6, false, big.length);
        for (int off = 0; off < big.length; off += 1480) {
            int n = Math.min(1480, big.length - off);
            t.add(ip(whole.withFragment(off, off + n < big.length, n), Arrays.copyOfRange(big, off, off + n)));
        }
        return t;
    }

    /** A UDP datagram from the peer to {@code port} with a valid checksum. */
    static byte[] udp(byte[] payload, int port) {
        byte[] d = new byte[UdpRepr.HEADER_LEN + payload.length];
        System.arraycopy(payload, 0, d, UdpRepr.HEADER_LEN, payload.length);
        UdpRepr.of(40000, port, payload.length).emit(d, 0, PEER_IP, OUR_IP);
        return ip(Ipv4Repr.of(PEER_IP, OUR_IP, IpProtocol.UDP, 64, 7, false, d.length), d);
    }

    static byte[] arp(ArpRepr a, MacAddress dst) {
        byte[] f = new byte[14 + ArpRepr.LEN];
        new EthernetRepr(dst, PEER, EtherType.ARP).emit(f, 0);
        a.emit(f, 14);
        return f;
    }

    static byte[] icmp(IcmpRepr m) {
        byte[] b = new byte[m.length()];
        m.emit(b, 0);
        return b;
    }

    static byte[] ip(Ipv4Repr ip, byte[] payload) {
        byte[] f = new byte[14 + 20 + payload.length];
        new EthernetRepr(OURS, PEER, EtherType.IPV4).emit(f, 0);
        ip.emit(f, 14);
        System.arraycopy(payload, 0, f, 34, payload.length);
        return f;
    }
}
