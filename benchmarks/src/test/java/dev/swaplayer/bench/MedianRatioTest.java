package dev.swaplayer.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The median ratio and its bootstrap interval, on fork scores whose answer is known. */
class MedianRatioTest {
    private static final double EPS = 1e-12;

    @Test
    void medianIsTheMiddleScoreOrTheMeanOfTheTwoMiddleOnes() {
        assertEquals(3, MedianRatio.median(new double[] {5, 1, 3}), EPS);
        assertEquals(2.5, MedianRatio.median(new double[] {4, 1, 3, 2}), EPS);
        assertEquals(7, MedianRatio.median(new double[] {7}), EPS);
    }

    @Test
    void oneOutlyingForkMovesNeitherTheRatioNorMuchOfTheInterval() {
        final double[] locked = {9, 9.1, 8.9, 9, 3, 9.2, 8.8, 9, 9.1, 8.9};
        final double[] unlocked = {10, 10.1, 9.9, 10, 10, 10.2, 9.8, 10, 10.1, 9.9};
        final MedianRatio m = MedianRatio.of(locked, unlocked);
        assertEquals(0.9, m.ratio(), EPS);
        assertTrue(m.low() <= m.ratio() && m.ratio() <= m.high(), m.toString());
        assertTrue(m.low() > 0.85 && m.high() < 0.95, "the 3 is one fork in ten: " + m.low() + ".." + m.high());
    }

    @Test
    void identicalForksGiveAnIntervalOfOnePoint() {
        final MedianRatio m = MedianRatio.of(new double[] {4, 4, 4}, new double[] {5, 5, 5, 5});
        assertEquals(0.8, m.ratio(), EPS);
        assertEquals(0.8, m.low(), EPS);
        assertEquals(0.8, m.high(), EPS);
    }

    @Test
    void theSameForksGiveTheSameIntervalAndTheCallerKeepsItsArrays() {
        final double[] a = {9, 7, 8, 6, 9};
        final double[] b = {10, 8, 9, 9, 11};
        final MedianRatio first = MedianRatio.of(a, b);
        final MedianRatio second = MedianRatio.of(a, b);
        assertEquals(first.low(), second.low(), 0);
        assertEquals(first.high(), second.high(), 0);
        assertArrayEquals(new double[] {9, 7, 8, 6, 9}, a, "not sorted in place");
        first.numerator()[0] = -1;
        assertEquals(9, first.numerator()[0], EPS, "the record hands out copies");
    }

    @Test
    void noForksOnASideIsRefusedWithBothCounts() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MedianRatio.of(new double[0], new double[] {1}));
        assertEquals("forks: 0 and 1 (expected: at least one score on each side)", e.getMessage());
    }
}
