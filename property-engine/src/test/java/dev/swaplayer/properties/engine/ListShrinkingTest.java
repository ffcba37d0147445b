package dev.swaplayer.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Not thread-safe (JUnit runs it on one thread).
 * Planted bugs in list properties shrink to their known minimal counterexamples.
 */
@ExtendWith(CleanSystemProperties.class)
class ListShrinkingTest {

    private static final Gen<List<Integer>> LISTS = Gens.lists(Gens.ints(0, 1000), 0, 50);

    private static PropertyFailure everyElementBelow100(final long seed) {
        return assertThrows(PropertyFailure.class, () -> Property.forAll("every element < 100", LISTS)
                .seed(seed)
                .failureStore(FailureStore.NONE)
                .check(list -> {
                    for (int x : list) {
                        assertTrue(x < 100, () -> x + " >= 100");
                    }
                }));
    }

    @Test
    void everyElementBelow100ShrinksToExactly100() {
        PropertyFailure failure = everyElementBelow100(42);

        assertEquals(List.of(100), failure.counterexample());
        assertEquals(42L, failure.seed().getAsLong());
        assertTrue(failure.originalSize() > failure.shrunkSize(), failure.getMessage());
        String report = failure.getMessage();
        assertTrue(report.startsWith("Property \"every element < 100\" failed (seed 42, try "), report);
        assertTrue(report.contains("\n  [100]\n"), report);
        assertTrue(report.contains("Failure: org.opentest4j.AssertionFailedError: 100 >= 100"), report);
        assertTrue(report.contains("re-run: -Dswaplayer.seed=42 (property \"every element < 100\")"), report);
        assertTrue(failure.getCause().getMessage().startsWith("100 >= 100"), failure.getCause().getMessage());
    }

    @Test
    void everyElementBelow100ShrinksTo100ForManySeeds() {
        for (long seed = 1; seed <= 20; seed++) {
            assertEquals(List.of(100), everyElementBelow100(seed).counterexample(), "seed " + seed);
        }
    }

    @Test
    void sumBelow1000ShrinksToASingleElementOfExactly1000() {
        for (long seed = 1; seed <= 10; seed++) {
            long s = seed;
            PropertyFailure failure = assertThrows(PropertyFailure.class,
                    () -> Property.forAll("sum < 1000", LISTS)
                            .seed(s)
                            .failureStore(FailureStore.NONE)
                            .check(list -> assertTrue(list.stream().mapToInt(Integer::intValue).sum() < 1000)));

            List<?> shrunk = (List<?>) failure.counterexample();
            assertEquals(1000, shrunk.stream().mapToInt(x -> (Integer) x).sum(), failure.getMessage());
            assertEquals(List.of(1000), shrunk, "seed " + seed);
        }
    }

    @Test
    void argumentsOfAPairShrinkIndependently() {
        Gen<int[]> pairs = Gens.zip(Gens.ints(-50, 50), Gens.ints(0, 100), (a, b) -> new int[] {a, b});

        PropertyFailure failure = assertThrows(PropertyFailure.class, () -> Property.forAll("a < 10 or b < 20", pairs)
                .seed(3)
                .failureStore(FailureStore.NONE)
                .check(p -> assertTrue(p[0] < 10 || p[1] < 20)));

        assertTrue(failure.getMessage().contains("\n  [10, 20]\n"), failure.getMessage());
    }

    @Test
    void negativeRangesShrinkTowardZero() {
        PropertyFailure failure = assertThrows(PropertyFailure.class,
                () -> Property.forAll("x > -7", Gens.ints(-1000, 1000))
                .seed(5)
                .failureStore(FailureStore.NONE)
                .check(x -> assertTrue(x > -7)));

        assertEquals(-7, failure.counterexample());
    }
}
