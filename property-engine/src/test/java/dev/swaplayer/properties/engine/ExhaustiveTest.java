package dev.swaplayer.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;

/**
 * Not thread-safe (JUnit runs it on one thread).
 * Exhaustive mode: every value once, in order, first failure reported.
 */
@ExtendWith(CleanSystemProperties.class)
class ExhaustiveTest {

    private static final List<Integer> DOMAIN = IntStream.range(0, 50).boxed().collect(Collectors.toList());

    @Test
    void visitsEveryElementExactlyOnceInOrder() {
        List<Integer> visited = new ArrayList<>();
        Property.exhaustive("visits all", DOMAIN).tries(3).check(visited::add);

        assertEquals(DOMAIN, visited);
    }

    @Test
    void triesAndSeedOverridesDoNotApply() {
        System.setProperty(Settings.TRIES, "2");
        System.setProperty(Settings.SEED, "3");
        try {
            List<Integer> visited = new ArrayList<>();
            Property.exhaustive("ignores overrides", DOMAIN).check(visited::add);
            assertEquals(DOMAIN, visited);
        } finally {
            System.clearProperty(Settings.TRIES);
            System.clearProperty(Settings.SEED);
        }
    }

    @Test
    void reportsTheFirstFailingValueAndStops() {
        List<Integer> visited = new ArrayList<>();
        PropertyFailure failure = assertThrows(PropertyFailure.class, () -> Property.exhaustive("x % 7 != 6", DOMAIN)
                .check(x -> {
                    visited.add(x);
                    assertTrue(x % 7 != 6, x + " % 7 == 6");
                }));

        assertEquals(6, failure.counterexample());
        assertEquals(7, failure.tryNumber());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), visited);
        assertFalse(failure.seed().isPresent());
        String report = failure.getMessage();
        assertTrue(report.startsWith("Property \"x % 7 != 6\" failed (exhaustive, value 7 in domain order)"), report);
        assertTrue(report.contains("\n  6\n"), report);
        assertTrue(report.contains("6 % 7 == 6"), report);
        assertEquals(AssertionFailedError.class, failure.getCause().getClass());
    }

    @Test
    void requiredCoverageAppliesToo() {
        PropertyFailure failure = assertThrows(PropertyFailure.class,
                () -> Property.exhaustive("orders", List.of(0, 1, 2))
                .requireCoverage("order 3")
                .check(order -> Coverage.label("order " + order)));

        assertTrue(failure.getMessage().startsWith("coverage: \"order 3\" never occurred in 3 tries (required)"),
                failure.getMessage());
        assertEquals(3, failure.coverage().size());
    }
}
