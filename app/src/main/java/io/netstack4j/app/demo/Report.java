package io.netstack4j.app.demo;

import io.netstack4j.app.demo.DemoEvents.Item;
import io.netstack4j.app.demo.WireLog.Packet;
import io.netstack4j.link.Direction;
import io.netstack4j.link.FrameObserver;
import io.netstack4j.link.PcapNgWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What a run leaves behind, the same whichever network it ran on ({@link Topology}): the narration from the
 * recorded list, the pcapng capture with each frame's narration as its comment, and the ladder diagram.
 *
 * @param out  where the narration goes
 * @param n    its words
 * @param pcap the capture to write, or null
 * @param svg  the ladder to draw, or null
 */
record Report(PrintStream out, Narration n, Path pcap, Path svg) {

    /** What the run did, for the narration: the recorded list and what the applications said about it. */
    record Run(List<Item> items, Set<String> nodelay, Tables tables, boolean fetched, String failure, double loss,
               long seed) {
    }

    /** Tells {@code run} on {@code net}, writes the files; {@code ok} when the page arrived and everything closed as told. */
    FetchDemo.Result tell(Topology net, Run run) throws IOException {
        WireLog wire = new WireLog(net, run.items(), run.nodelay());
        FrameNotes notes = new FrameNotes(n, wire, net);
        String text = new StoryTeller(n, wire, notes, run.loss(), run.seed())
                .tell(net, StoryOrder.order(run.items(), wire), run.tables(), run.fetched(), run.failure());
        out.print(text);
        boolean ok = run.fetched() && run.tables().erased();
        int retrans = (int) wire.packets.stream().filter(p -> p.retransmit != WireLog.Retransmit.NONE).count();
        int lost = (int) wire.packets.stream().filter(Packet::lost).count();
        if (pcap != null) {
            List<String> lans = net.lans();
            for (int i = 0; i < lans.size(); i++) {
                Path file = pcapFor(pcap, i, lans.get(i));
                int count = writePcap(file, lans.get(i), net, wire, notes);
                out.println(n.t("files.pcap", "file", file, "count", count));
            }
        }
        if (svg != null) {
            Files.writeString(svg, new LadderSvg(net, wire, n).render(), StandardCharsets.UTF_8);
            out.println(n.t("files.svg", "file", svg, "count", wire.packets.size()));
        }
        out.println();
        out.println(ok ? n.t("done.ok") : n.t("done.failed"));
        return new FetchDemo.Result(ok, wire.packets.size(), lost, retrans, text);
    }

    /**
     * The capture of LAN {@code i}: {@code pcap} itself for the first (the browser's), a sibling named
     * after the LAN for the others ({@code demo.pcapng} → {@code demo-203.0.113.0_24.pcapng}). One file
     * per LAN, as a capture on each wire would be: the router's copy of a segment is the same segment
     * again, and one file with both would look to a TCP analyser like retransmissions and overlaps.
     */
    static Path pcapFor(Path pcap, int i, String lan) {
        if (i == 0) {
            return pcap;
        }
        String name = pcap.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".pcapng";
        return pcap.resolveSibling(stem + "-" + lan.replaceAll("[^A-Za-z0-9.]", "_") + ext);
    }

    /** Writes the frames of one LAN, each with its narration as the comment; returns how many. */
    private int writePcap(Path file, String lan, Topology net, WireLog wire, FrameNotes notes) throws IOException {
        long epoch = PcapNgWriter.realTimeEpochOffset();
        PcapNgWriter w = new PcapNgWriter(file, epoch);
        int count = 0;
        try {
            FrameObserver o = w.addInterface(lan);
            String alone = net.watchedAlone();
            for (Packet p : wire.packets) {
                if (!p.lan.equals(lan)) {
                    continue;
                }
                // watched from one host alone, what it received is inbound there
                Direction dir = alone == null || p.from.equals(alone) ? Direction.TX : Direction.RX;
                o.onFrame(dir, p.bytes, 0, p.bytes.length, p.nanos,
                        "#" + p.number + " " + p.from + " -> " + (p.to == null ? "all" : p.to) + ": " + notes.note(p));
                count++;
            }
        } finally {
            w.close();
        }
        return count;
    }
}
