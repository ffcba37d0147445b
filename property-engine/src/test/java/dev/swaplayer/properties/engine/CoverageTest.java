package dev.swaplayer.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Not thread-safe (JUnit runs it on one thread).
 * Required coverage labels fail the property when they never occur.
 */
@ExtendWith(CleanSystemProperties.class)
class CoverageTest {

    @Test
    void aRequiredLabelThatNeverOccursFailsNamingIt() {
        PropertyFailure failure = assertThrows(PropertyFailure.class, () -> Property.forAll("labels", Gens.ints(0, 9))
                .seed(1).tries(200).failureStore(FailureStore.NONE)
                .requireCoverage("small", "device full")
                .check(x -> {
                    Coverage.classify(x < 5, "small");
                    Coverage.classify(x > 100, "device full");
                }));

        String report = failure.getMessage();
        assertTrue(report.startsWith("coverage: \"device full\" never occurred in 200 tries (required)\n"), report);
        assertTrue(report.contains("\"small\": "), "the report lists label counts: " + report);
        assertTrue(report.contains("re-run: -Dswaplayer.seed=1 (property \"labels\")"), report);
        assertEquals(List.of("device full"), failure.missingCoverage());
        assertTrue(failure.coverage().get("small") > 50);
        assertNull(failure.getCause());
    }

    @Test
    void requiredLabelsThatOccurPass() {
        ForAll<Integer> property = Property.forAll("labels occur", Gens.ints(0, 9))
                .seed(1).tries(200).failureStore(FailureStore.NONE)
                .requireCoverage("small", "large");

        property.check(x -> {
            Coverage.classify(x < 5, "small");
            Coverage.classify(x >= 5, "large");
            Coverage.label("small");
        });

        Map<String, Integer> stats = property.statistics();
        assertEquals(200, stats.get("small"), "counted once per try however often recorded");
        assertTrue(stats.get("large") > 50 && stats.get("large") < 150, stats.toString());
    }

    @Test
    void statefulCoverageCountsSequences() {
        PropertyFailure failure = assertThrows(PropertyFailure.class, () -> Stateful.of("stateful labels",
                        () -> new int[1], Gens.constant(Action.<int[]>of("inc()", s -> {
                            s[0]++;
                            Coverage.classify(s[0] == 3, "three");
                        })))
                .steps(2).seed(1).tries(40).failureStore(FailureStore.NONE)
                .requireCoverage("three")
                .check());

        assertTrue(failure.getMessage().startsWith("coverage: \"three\" never occurred in 40 tries (required)"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("Coverage: no label occurred"), failure.getMessage());
    }

    @Test
    void labelsOutsideAPropertyAreIgnored() {
        Coverage.label("nobody listens");
        Coverage.classify(true, "nobody listens");
        ForAll<Boolean> property = Property.forAll("no labels", Gens.booleans()).seed(1).tries(5)
                .failureStore(FailureStore.NONE);
        property.check(b -> { });
        assertTrue(property.statistics().isEmpty());
    }
}
