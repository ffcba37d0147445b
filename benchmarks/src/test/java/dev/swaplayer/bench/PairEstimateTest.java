package dev.swaplayer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A pair's ratio is the median of its forks' ratios as measured; the factor beside it is reported, not applied.
 *
 * <p>Thread safety: JUnit runs it on one thread; the values under test are immutable.
 */
class PairEstimateTest {
    private static final double EPS = 1e-12;

    @Test
    void theGoalsRatioIsThePairsMedianEvenWhenTheMeasuredSideRanFasterAlone() {
        // paired: 8 vs 10 ops/µs (0.8) in every fork; alone the measured build did 10 ops/µs, 1.25 times faster
        final MedianRatio pair = MedianRatio.ofPairs(new double[] {8, 8, 8}, new double[] {10, 10, 10});
        final PairEstimate e = PairEstimate.of(pair, 10);
        assertEquals(1.25, e.factor(), EPS);
        assertEquals(0.8, e.ratio(), EPS, "not 1 - 0.2 * 1.25: the pair is not corrected by separate forks' speed");
        assertEquals(0.8, e.low(), EPS);
        assertEquals(0.8, e.high(), EPS);
    }

    @Test
    void theFactorIsTheSoloScoreOverThePairsMedianAndUnknownWithoutOne() {
        final MedianRatio pair = MedianRatio.ofPairs(new double[] {9, 12, 10}, new double[] {10, 10, 10});
        assertEquals(0.5, PairEstimate.of(pair, 5).factor(), EPS, "slower alone than paired: reported as it is");
        assertTrue(Double.isNaN(PairEstimate.of(pair, Double.NaN).factor()), "no one-thread score in the run");
        assertEquals(1.0, PairEstimate.of(pair, Double.NaN).ratio(), EPS, "the median fork's 10 against 10");
    }
}
