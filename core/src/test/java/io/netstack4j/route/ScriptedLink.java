package io.netstack4j.route;

import io.netstack4j.link.LinkAdapter;
import io.netstack4j.link.LinkStats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A link for scripted tests: frames the stack transmits are recorded; frames in are fed to the stack directly. */
final class ScriptedLink implements LinkAdapter {
    private final String name;
    private final int mtu;
    private final List<byte[]> sent = new ArrayList<>();
    private final LinkStats stats = new LinkStats();

    ScriptedLink(String name, int mtu) {
        this.name = name;
        this.mtu = mtu;
    }

    /** The frames sent since the last call. */
    List<byte[]> take() {
        List<byte[]> out = new ArrayList<>(sent);
        sent.clear();
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public int receive(byte[] buf, int off, long nowNanos) {
        return -1;
    }

    @Override
    public void transmit(byte[] frame, int off, int len, long nowNanos) {
        sent.add(Arrays.copyOfRange(frame, off, off + len));
    }

    @Override
    public void await(long timeoutNanos) {
    }

    @Override
    public void wakeup() {
    }

    @Override
    public LinkStats stats() {
        return stats;
    }

    @Override
    public void close() {
    }
}
