package dev.swaplayer.properties.engine;

import java.util.List;
import java.util.Map;

/**
 * Immutable helper (static only) running an exhaustive property over its whole domain.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class Exhaustive {

    private static final Recording NO_CHOICES = new Recording(new long[0], new long[0], List.of());

    private Exhaustive() {
    }

    static <T> Map<String, Integer> check(final String name, final Iterable<T> domain, final Check<T> property,
            final List<String> required) {
        CoverageRecorder coverage = new CoverageRecorder();
        int index = 0;
        int discarded = 0;
        for (T value : domain) {
            index++;
            coverage.startTry();
            Outcome outcome = Coverage.during(coverage, () -> ValueTrial.check(property, value, NO_CHOICES, 1));
            coverage.endTry();
            if (outcome.status() == Outcome.Status.FAILED) {
                throw Report.exhaustive(name, index, outcome, coverage.counts());
            }
            if (outcome.status() == Outcome.Status.DISCARDED) {
                discarded++;
            }
        }
        if (index > 0 && discarded == index) {
            throw Report.allDiscarded(name, null, index);
        }
        List<String> missing = coverage.missing(required);
        if (!missing.isEmpty()) {
            throw Report.coverage(name, null, index, missing, coverage.counts());
        }
        return coverage.counts();
    }
}
