package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Counters.measured: a real kernel's swpout and swpout_fallback, as the kernel lab reports them.
 *
 * <p>Thread safety: JUnit runs it on one thread; each test builds its own counters.
 */
class CountersMeasuredTest {
    @Test
    void holdsTheGivenCountsAndNothingElse() {
        final long[] swpout = {2698, 0, 0, 0, 233};
        final long[] fallback = {0, 0, 0, 0, 103};
        final Counters c = Counters.measured(swpout, fallback);
        swpout[4] = 1;
        assertEquals(4, c.maxOrder());
        assertEquals(233, c.swpout(4), "a copy: later changes to the array do not leak in");
        assertEquals(103, c.swpoutFallback(4));
        assertEquals(2698, c.swpout(0));
        assertEquals(0, c.swpoutCompound(4));
        assertEquals(0, c.failed(4));
        assertEquals(100.0 * 103 / 336, c.fallbackRatio(4), 1e-9);
        assertEquals(Double.NaN, c.fallbackRatio(2));
        assertEquals(Double.NaN, c.extentsMean());
    }

    @Test
    void rejectsWhatNoKernelReports() {
        assertEquals("orders: 2 and 3 (expected: the same number of orders, at least 1)",
                assertThrows(IllegalArgumentException.class,
                        () -> Counters.measured(new long[2], new long[3])).getMessage());
        assertEquals("orders: 0 and 0 (expected: the same number of orders, at least 1)",
                assertThrows(IllegalArgumentException.class,
                        () -> Counters.measured(new long[0], new long[0])).getMessage());
        assertEquals("order-1 counts: -1, 0 (expected: >= 0)", assertThrows(IllegalArgumentException.class,
                () -> Counters.measured(new long[] {0, -1}, new long[2])).getMessage());
    }
}
