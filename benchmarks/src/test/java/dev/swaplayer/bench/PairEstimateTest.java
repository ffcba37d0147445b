package dev.swaplayer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Carrying a paired ratio over to solo speed. */
class PairEstimateTest {
    private static final double EPS = 1e-12;

    @Test
    void aLockedBuildFasterAloneScalesTheLocksShareOfAStep() {
        // paired: 8 vs 10 ops/µs (0.8) in every fork; alone the locked build does 10 ops/µs, 1.25 times faster
        final MedianRatio pair = MedianRatio.ofPairs(new double[] {8, 8, 8}, new double[] {10, 10, 10});
        final PairEstimate e = PairEstimate.of(pair, 10);
        assertEquals(1.25, e.factor(), EPS);
        assertEquals(0.75, e.ratio(), EPS, "1 - 0.2 * 1.25: the same 25 ns of lock in a 100 ns step");
        assertEquals(0.75, e.low(), EPS);
        assertEquals(0.75, e.high(), EPS);
    }

    @Test
    void withoutASoloFigureOrWhenSlowerAloneThePairedRatioStands() {
        final MedianRatio pair = MedianRatio.ofPairs(new double[] {9, 9, 9}, new double[] {10, 10, 10});
        assertEquals(0.9, PairEstimate.of(pair, Double.NaN).ratio(), EPS);
        assertEquals(1, PairEstimate.of(pair, Double.NaN).factor(), EPS);
        assertEquals(0.9, PairEstimate.of(pair, 5).ratio(), EPS, "the factor is never below 1");
    }

    @Test
    void aMeasuredSideFasterThanItsBaselineKeepsThePairedRatio() {
        final MedianRatio pair = MedianRatio.ofPairs(new double[] {11, 11, 11}, new double[] {10, 10, 10});
        assertEquals(1.1, PairEstimate.of(pair, 22).ratio(), EPS, "a factor of 2 would claim 1.2: flattering");
    }
}
