package io.netstack4j.socket.tcp;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6298 RTO computation, with values worked out by hand. */
class RttEstimatorTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    private static RttEstimator linuxDefaults() {
        return new RttEstimator(RttEstimator.DEFAULT_INITIAL_RTO_NANOS, RttEstimator.DEFAULT_MIN_RTO_NANOS,
                RttEstimator.DEFAULT_MAX_RTO_NANOS, RttEstimator.DEFAULT_CLOCK_GRANULARITY_NANOS);
    }

    @Test
    void defaults() {
        assertEquals(SECOND, RttEstimator.DEFAULT_INITIAL_RTO_NANOS);
        assertEquals(200 * MS, RttEstimator.DEFAULT_MIN_RTO_NANOS);
        assertEquals(120 * SECOND, RttEstimator.DEFAULT_MAX_RTO_NANOS);
        assertEquals(MS, RttEstimator.DEFAULT_CLOCK_GRANULARITY_NANOS);
        RttEstimator rtt = linuxDefaults();
        assertFalse(rtt.hasSample());
        assertEquals(SECOND, rtt.rto()); // RFC 6298 §2.1
        assertEquals(0, rtt.srtt());
        assertEquals(0, rtt.rttvar());
        assertEquals(0, rtt.backoffs());
    }

    @Test
    void handComputedSequence() {
        RttEstimator rtt = linuxDefaults();

        // First sample, 100 ms: SRTT = 100, RTTVAR = 50, RTO = 100 + max(1, 4 * 50) = 300 ms.
        rtt.sample(100 * MS);
        assertTrue(rtt.hasSample());
        assertEquals(100 * MS, rtt.srtt());
        assertEquals(50 * MS, rtt.rttvar());
        assertEquals(300 * MS, rtt.rto());

        // 200 ms: RTTVAR = 3/4 * 50 + 1/4 * |100 - 200| = 62.5; SRTT = 7/8 * 100 + 1/8 * 200 = 112.5;
        // RTO = 112.5 + 4 * 62.5 = 362.5 ms.
        rtt.sample(200 * MS);
        assertEquals(62_500_000, rtt.rttvar());
        assertEquals(112_500_000, rtt.srtt());
        assertEquals(362_500_000, rtt.rto());

        // 50 ms: RTTVAR = 3/4 * 62.5 + 1/4 * |112.5 - 50| = 62.5 (the old SRTT is used);
        // SRTT = 7/8 * 112.5 + 1/8 * 50 = 104.6875; RTO = 104.6875 + 250 = 354.6875 ms.
        rtt.sample(50 * MS);
        assertEquals(62_500_000, rtt.rttvar());
        assertEquals(104_687_500, rtt.srtt());
        assertEquals(354_687_500, rtt.rto());
    }

    @Test
    void constantSamplesConverge() {
        RttEstimator rtt = new RttEstimator(SECOND, MS, 60 * SECOND, MS);
        for (int i = 0; i < 200; i++) {
            rtt.sample(100 * MS);
        }
        assertEquals(100 * MS, rtt.srtt());
        assertTrue(rtt.rttvar() < 10, "RTTVAR decays to (almost) nothing: " + rtt.rttvar());
        assertEquals(101 * MS, rtt.rto()); // SRTT + G once 4 * RTTVAR falls below G
    }

    @Test
    void smoothingReallyMovesTheAverage() {
        // The classic integer bug (ALPHA = 1/8 == 0) would leave SRTT at the first sample.
        RttEstimator rtt = new RttEstimator(SECOND, MS, 60 * SECOND, MS);
        rtt.sample(100 * MS);
        rtt.sample(200 * MS);
        assertEquals(112_500_000, rtt.srtt());
        for (int i = 0; i < 300; i++) {
            rtt.sample(200 * MS);
        }
        assertTrue(Math.abs(rtt.srtt() - 200 * MS) < 1_000, "SRTT converges to 200 ms: " + rtt.srtt());
        assertTrue(rtt.rto() >= 200 * MS && rtt.rto() <= 201 * MS + 1_000, "RTO: " + rtt.rto());
    }

    @Test
    void rtoIsClampedToTheMinimumAndMaximum() {
        RttEstimator rtt = linuxDefaults();
        rtt.sample(10 * MS); // 10 + 4 * 5 = 30 ms, below 200 ms
        assertEquals(200 * MS, rtt.rto());

        RttEstimator slow = linuxDefaults();
        slow.sample(100 * SECOND); // 100 + 200 s, above 120 s
        assertEquals(120 * SECOND, slow.rto());
    }

    @Test
    void granularityIsTheFloorOfTheVarianceTerm() {
        RttEstimator rtt = new RttEstimator(SECOND, MS, 60 * SECOND, 50 * MS);
        rtt.sample(4 * MS); // RTTVAR 2 ms: 4 * RTTVAR = 8 ms < G = 50 ms
        assertEquals(54 * MS, rtt.rto());
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        RttEstimator rtt = new RttEstimator(SECOND, 200 * MS, 60 * SECOND, MS);
        long[] expected = {1, 2, 4, 8, 16, 32, 60, 60, 60};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(i, rtt.backoffs());
            assertEquals(expected[i] * SECOND, rtt.rto(), "after " + i + " backoffs");
            rtt.backoff();
        }
        for (int i = 0; i < 100; i++) {
            rtt.backoff(); // far past a 64-bit shift: still the maximum, no overflow
        }
        assertEquals(109, rtt.backoffs());
        assertEquals(60 * SECOND, rtt.rto());
        rtt.resetBackoff();
        assertEquals(0, rtt.backoffs());
        assertEquals(SECOND, rtt.rto());
    }

    @Test
    void backoffAppliesToTheComputedRto() {
        RttEstimator rtt = linuxDefaults();
        rtt.sample(100 * MS); // 300 ms
        rtt.backoff();
        rtt.backoff();
        assertEquals(1_200 * MS, rtt.rto());
        assertEquals(300 * MS, rtt.rto() >> rtt.backoffs());
    }

    @Test
    void aNewSampleClearsTheBackoff() {
        RttEstimator rtt = linuxDefaults();
        rtt.sample(100 * MS);
        rtt.backoff();
        rtt.backoff();
        rtt.backoff();
        assertEquals(2_400 * MS, rtt.rto());
        rtt.sample(100 * MS); // RTTVAR 37.5 ms, SRTT 100 ms: 250 ms
        assertEquals(0, rtt.backoffs());
        assertEquals(250 * MS, rtt.rto());
    }

    @Test
    void fallsBackToThreeSecondsAfterARetransmittedSynWithoutSample() {
        RttEstimator rtt = linuxDefaults();
        rtt.backoff(); // SYN retransmitted twice: 1 s, 2 s, 4 s
        rtt.backoff();
        assertEquals(4 * SECOND, rtt.rto());
        rtt.resetAfterBackoffWithoutSample(); // established, no valid sample (RFC 6298 §5.7)
        assertEquals(RttEstimator.FALLBACK_RTO_NANOS, rtt.rto());
        assertEquals(0, rtt.backoffs());
        assertFalse(rtt.hasSample());
        rtt.backoff();
        assertEquals(6 * SECOND, rtt.rto());
        rtt.sample(100 * MS); // the first real sample takes over
        assertEquals(300 * MS, rtt.rto());
    }

    @Test
    void fallbackLeavesAMeasuredRtoAlone() {
        RttEstimator rtt = linuxDefaults();
        rtt.sample(100 * MS);
        rtt.resetAfterBackoffWithoutSample();
        assertEquals(300 * MS, rtt.rto());
    }

    @Test
    void fallbackRespectsTheMaximum() {
        RttEstimator rtt = new RttEstimator(SECOND, 100 * MS, 2 * SECOND, MS);
        rtt.resetAfterBackoffWithoutSample();
        assertEquals(2 * SECOND, rtt.rto());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new RttEstimator(SECOND, 0, 60 * SECOND, MS));
        assertThrows(IllegalArgumentException.class, () -> new RttEstimator(100 * MS, 200 * MS, 60 * SECOND, MS));
        assertThrows(IllegalArgumentException.class, () -> new RttEstimator(SECOND, 200 * MS, 500 * MS, MS));
        assertThrows(IllegalArgumentException.class, () -> new RttEstimator(SECOND, 200 * MS, 60 * SECOND, -1));
        assertThrows(IllegalArgumentException.class, () -> linuxDefaults().sample(-1));
    }

    @Test
    void zeroAndHugeSamplesAreSafe() {
        RttEstimator rtt = linuxDefaults();
        rtt.sample(0);
        assertEquals(200 * MS, rtt.rto());
        rtt.sample(Long.MAX_VALUE);
        assertEquals(120 * SECOND, rtt.rto());
        assertTrue(rtt.srtt() > 0 && rtt.rttvar() > 0);
    }

    @Property
    void staysWithinBoundsAndSamples(@ForAll @Size(min = 1, max = 50)
                                     List<@LongRange(min = 0, max = 10_000_000_000L) Long> samples) {
        RttEstimator rtt = linuxDefaults();
        long lo = Long.MAX_VALUE;
        long hi = 0;
        for (long r : samples) {
            rtt.sample(r);
            lo = Math.min(lo, r);
            hi = Math.max(hi, r);
            assertTrue(rtt.rto() >= 200 * MS && rtt.rto() <= 120 * SECOND);
            assertTrue(rtt.srtt() >= lo - 8 && rtt.srtt() <= hi, "SRTT within the samples' range");
            assertTrue(rtt.rttvar() <= hi, "RTTVAR at most the largest sample");
            assertTrue(rtt.rto() >= Math.min(120 * SECOND, rtt.srtt()), "RTO at least SRTT");
        }
    }
}
