package dev.swaplayer.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The median of per-fork ratios and its bootstrap interval, on forks whose answer is known.
 *
 * <p>Thread safety: JUnit runs it on one thread; the values under test are immutable.
 */
class MedianRatioTest {
    private static final double EPS = 1e-12;

    @Test
    void medianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
        assertEquals(3, MedianRatio.median(new double[] {5, 1, 3}), EPS);
        assertEquals(2.5, MedianRatio.median(new double[] {4, 1, 3, 2}), EPS);
        assertEquals(7, MedianRatio.median(new double[] {7}), EPS);
    }

    @Test
    void forksThatAllSeeTheSameRatioGiveItExactlyHoweverFastTheMachineWas() {
        final MedianRatio m = MedianRatio.ofPairs(new double[] {9, 4.5, 18}, new double[] {10, 5, 20});
        assertEquals(0.9, m.ratio(), EPS);
        assertEquals(0.9, m.low(), EPS);
        assertEquals(0.9, m.high(), EPS);
    }

    @Test
    void oneUnluckyForkMovesNeitherTheRatioNorMuchOfTheInterval() {
        final double[] unlocked = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10};
        final double[] locked = {9.1, 8.9, 9.0, 9.2, 3.0, 9.0, 8.8, 9.1, 8.9, 9.0};
        final MedianRatio m = MedianRatio.ofPairs(locked, unlocked);
        assertEquals(0.9, m.ratio(), EPS);
        assertTrue(m.low() <= m.ratio() && m.ratio() <= m.high(), m.toString());
        assertTrue(m.low() >= 0.85 && m.high() <= 0.92, "one fork in ten at 0.3: " + m.low() + ".." + m.high());
    }

    @Test
    void theSameForksGiveTheSameIntervalAndTheCallerKeepsItsArrays() {
        final double[] a = {9, 7, 8, 6, 9};
        final double[] b = {10, 8, 9, 9, 11};
        final MedianRatio first = MedianRatio.ofPairs(a, b);
        final MedianRatio second = MedianRatio.ofPairs(a, b);
        assertEquals(first.low(), second.low(), 0);
        assertEquals(first.high(), second.high(), 0);
        assertArrayEquals(new double[] {9, 7, 8, 6, 9}, a, "not sorted in place");
        first.numerator()[0] = -1;
        assertEquals(9, first.numerator()[0], EPS, "the record hands out copies");
        assertEquals(5, first.forks());
    }

    @Test
    void unpairedOrMissingForksAreRefusedWithBothCounts() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MedianRatio.ofPairs(new double[] {1, 2}, new double[] {1}));
        assertEquals("forks: 2 and 1 (expected: the same number of forks on each side, at least one)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MedianRatio.ofPairs(new double[0], new double[0]));
    }
}
