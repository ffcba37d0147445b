package dev.swaplayer.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Not thread-safe (JUnit runs it on one thread). {@link Sublists}: a failing list shrinks to the elements its
 * failure needs, keeps to the failure it started from, and stops at its budget.
 */
class SublistsTest {
    private static final List<Integer> THIRTY = IntStream.range(0, 30).boxed().toList();
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** Fails (key "pair") when both 7 and 19 are in the list, in any position. */
    private static String pair(final List<Integer> list) {
        return list.contains(7) && list.contains(19) ? "pair" : null;
    }

    @Test
    void aFailureThatNeedsTwoElements_shrinksToExactlyThose_inTheirOrder() {
        final Sublists.Shrunk<Integer> s = Sublists.shrink(THIRTY, SublistsTest::pair, MINUTE, 10_000);
        assertEquals(List.of(7, 19), s.elements());
        assertNull(s.stoppedBy(), "a fixed point");
        assertTrue(s.checks() <= 2 * THIRTY.size() * 3, "about twice the length per pass: " + s.checks());
    }

    @Test
    void aShorterListThatFailsAnotherWay_isNotTaken() {
        final Function<List<Integer>, String> twoBugs = list -> list.contains(7) && list.contains(19) ? "pair"
                : list.contains(7) ? "seven alone" : null;
        assertEquals(List.of(7, 19), Sublists.shrink(THIRTY, twoBugs, MINUTE, 10_000).elements());
        assertEquals(List.of(7), Sublists.shrink(List.of(1, 7, 2), twoBugs, MINUTE, 10_000).elements(),
                "the failure it started from");
    }

    @Test
    void aListThatNoLongerFails_isReturnedWhole() {
        final Sublists.Shrunk<Integer> s = Sublists.shrink(THIRTY, list -> null, MINUTE, 10_000);
        assertEquals(THIRTY, s.elements());
        assertEquals("not reproduced", s.stoppedBy());
        assertEquals(1, s.checks());
    }

    @Test
    void theBudget_stopsIt_withWhatItFoundSoFar() {
        final Sublists.Shrunk<Integer> s = Sublists.shrink(THIRTY, SublistsTest::pair, MINUTE, 3);
        assertEquals("check limit 3", s.stoppedBy());
        assertEquals(3, s.checks());
        assertTrue(s.elements().containsAll(List.of(7, 19)) && s.elements().size() < THIRTY.size(), s.toString());
        final Sublists.Shrunk<Integer> late = Sublists.shrink(THIRTY, SublistsTest::pair, Duration.ZERO, 10_000);
        assertEquals("time limit", late.stoppedBy());
        assertEquals(THIRTY, late.elements(), "only the original was checked");
    }

    @Test
    void badArguments_areRefused() {
        assertEquals("failing: null (expected: a value)", assertThrows(IllegalArgumentException.class,
                () -> Sublists.shrink(null, SublistsTest::pair, MINUTE, 1)).getMessage());
        assertEquals("maxChecks: 0 (expected: at least 1)", assertThrows(IllegalArgumentException.class,
                () -> Sublists.shrink(THIRTY, SublistsTest::pair, MINUTE, 0)).getMessage());
    }
}
