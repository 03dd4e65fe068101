package io.netstack4j.iface;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** A {@link FrameSink} that keeps copies of everything sent (tests only). */
final class FrameRecorder implements FrameSink {
    private final List<Frame> frames = new ArrayList<>();

    @Override
    public void transmit(byte[] frame, int off, int len, long nowNanos) {
        frames.add(new Frame(Arrays.copyOfRange(frame, off, off + len), nowNanos));
    }

    int size() {
        return frames.size();
    }

    /** Removes and returns the oldest frame. */
    Frame take() {
        assertFalse(frames.isEmpty(), "expected a frame, none was sent");
        return frames.removeFirst();
    }

    List<Frame> takeAll() {
        List<Frame> out = new ArrayList<>(frames);
        frames.clear();
        return out;
    }

    void clear() {
        frames.clear();
    }
}
