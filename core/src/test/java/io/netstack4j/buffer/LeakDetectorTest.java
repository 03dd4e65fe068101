package io.netstack4j.buffer;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The leak detector itself: a deliberately leaked buffer fails its test; a released or held one does not.
 * Runs only with the detector on (the build turns it on for every test).
 */
class LeakDetectorTest {
    /** Tests run through the launcher below, not by the build (no {@code Test} suffix on purpose). */
    static class Leaky {
        @Test
        void leaksOneBuffer() {
            PacketPool pool = PacketPool.forMtu("leaky", 1500, 4);
            pool.acquire();   // never released, held by nobody
        }

        @Test
        void releasesEverything() {
            PacketPool pool = PacketPool.forMtu("tidy", 1500, 4);
            pool.acquire().release();
        }

        @Test
        void keepsOneInAHolder() {
            PacketPool pool = PacketPool.forMtu("holder", 1500, 4);
            List<PacketBuffer> queue = new ArrayList<>();
            pool.addHolder((Consumer<PacketBuffer> c) -> queue.forEach(c));
            queue.add(pool.acquire());
        }
    }

    @Test
    void aLeakedBufferFailsItsTestAndNoOtherTest() {
        assertTrue(LeakDetector.ENABLED, "run with -Dnetstack4j.leakDetection=true (the build does)");
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request().selectors(selectClass(Leaky.class)).build(), listener);
        TestExecutionSummary s = listener.getSummary();
        assertEquals(3, s.getTestsStartedCount());
        assertEquals(1, s.getTestsFailedCount(), () -> failures(s));
        Throwable t = s.getFailures().getFirst().getException();
        assertTrue(s.getFailures().getFirst().getTestIdentifier().getDisplayName().contains("leaksOneBuffer"));
        assertTrue(t.getMessage().contains("1 packet buffer(s) leaked") && t.getMessage().contains("pool leaky"),
                t.getMessage());
    }

    @Test
    void checkNamesTheLeakedBufferOfAPoolOnlyWhileItIsNotHeld() {
        LeakDetector.reset();
        PacketPool pool = PacketPool.forMtu("direct", 1500, 4);
        List<PacketBuffer> held = new ArrayList<>();
        pool.addHolder(c -> held.forEach(c));
        PacketBuffer b = pool.acquire();
        held.add(b);
        assertEquals(List.of(), LeakDetector.check());
        held.clear();
        List<String> leaks = LeakDetector.check();
        assertEquals(1, leaks.size());
        assertTrue(leaks.getFirst().contains("pool direct"), leaks.getFirst());
        b.release();
        assertEquals(List.of(), LeakDetector.check());
    }

    private static String failures(TestExecutionSummary s) {
        StringBuilder sb = new StringBuilder();
        s.getFailures().forEach(f -> sb.append(f.getTestIdentifier().getDisplayName()).append(": ")
                .append(f.getException()).append('\n'));
        return sb.toString();
    }
}
