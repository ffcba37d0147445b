package dev.swaplayer.properties.engine;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Immutable helpers (static only) writing the failure reports of properties.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class Report {

    private static final int ORIGINAL_LIMIT = 300;

    private Report() {
    }

    /** The report of a failing test case found with {@code seed}, after shrinking. */
    static PropertyFailure shrunk(final String name, final long seed, final int tryNumber, final int tries,
            final String unit,
            final Outcome original, final Outcome shrunk, final Shrinker shrinker,
            final Map<String, Integer> coverage) {
        Outcome result = shrunk == null ? original : shrunk;
        StringBuilder text = new StringBuilder();
        text.append("Property \"").append(name).append("\" failed (seed ").append(seed)
                .append(", try ").append(tryNumber).append(" of ").append(tries).append(")\n");
        text.append("Counterexample (");
        if (shrunk == null) {
            text.append("not shrunk: the failure did not reproduce when replayed, the property may be flaky");
        } else {
            text.append("shrunk from ").append(original.size()).append(' ').append(unit).append(" to ")
                    .append(shrunk.size()).append(" in ").append(shrinker.attempts()).append(" attempts");
            if (shrinker.stopReason() != null) {
                text.append("; stopped at the ").append(shrinker.stopReason());
            }
        }
        text.append("):\n");
        appendLines(text, result.lines());
        if (shrunk != null && !original.lines().equals(shrunk.lines())) {
            String joined = String.join("; ", original.lines());
            text.append("Original: ").append(joined.length() <= ORIGINAL_LIMIT ? joined
                    : joined.substring(0, ORIGINAL_LIMIT) + "...").append('\n');
        }
        appendFailure(text, result);
        appendCoverage(text, coverage);
        appendRerun(text, name, seed);
        PropertyFailure.Details details = details(name, seed, tryNumber, result, coverage);
        details.originalSize = original.size();
        details.shrinkAttempts = shrunk == null ? 0 : shrinker.attempts();
        details.shrinkStop = shrunk == null ? null : shrinker.stopReason();
        PropertyFailure failure = new PropertyFailure(text.toString(), result.failure(), details);
        if (result.failure() != original.failure()) {
            failure.addSuppressed(original.failure());
        }
        return failure;
    }

    /** The report of the first failing value of an exhaustive property. */
    static PropertyFailure exhaustive(final String name, final int index, final Outcome outcome,
            final Map<String, Integer> coverage) {
        StringBuilder text = new StringBuilder();
        text.append("Property \"").append(name).append("\" failed (exhaustive, value ").append(index)
                .append(" in domain order)\n");
        text.append("Counterexample:\n");
        appendLines(text, outcome.lines());
        appendFailure(text, outcome);
        appendCoverage(text, coverage);
        text.append("re-run: deterministic, no seed (property \"").append(name).append("\")\n");
        PropertyFailure.Details details = details(name, null, index, outcome, coverage);
        details.originalSize = outcome.size();
        return new PropertyFailure(text.toString(), outcome.failure(), details);
    }

    /** The report of required coverage labels that never occurred; seed null in exhaustive mode. */
    static PropertyFailure coverage(final String name, final Long seed, final int tries, final List<String> missing,
            final Map<String, Integer> coverage) {
        StringBuilder text = new StringBuilder();
        for (String label : missing) {
            text.append("coverage: \"").append(label).append("\" never occurred in ").append(tries)
                    .append(" tries (required)\n");
        }
        text.append("Property \"").append(name).append("\" ")
                .append(seed == null ? "(exhaustive)" : "(seed " + seed + ")").append('\n');
        appendCoverage(text, coverage);
        if (coverage.isEmpty()) {
            text.append("Coverage: no label occurred\n");
        }
        if (seed != null) {
            appendRerun(text, name, seed);
        }
        PropertyFailure.Details details = new PropertyFailure.Details();
        details.property = name;
        details.seed = seed;
        details.coverage = coverage;
        details.missingCoverage = missing;
        return new PropertyFailure(text.toString(), null, details);
    }

    /** The report of a run in which every try was discarded by an assumption. */
    static PropertyFailure allDiscarded(final String name, final Long seed, final int tries) {
        StringBuilder text = new StringBuilder();
        text.append("Property \"").append(name).append("\": all ").append(tries)
                .append(" tries were discarded by assumptions; nothing was checked\n");
        if (seed != null) {
            appendRerun(text, name, seed);
        }
        PropertyFailure.Details details = new PropertyFailure.Details();
        details.property = name;
        details.seed = seed;
        return new PropertyFailure(text.toString(), null, details);
    }

    /** The error thrown when a test case cannot be generated (e.g. a filter gave up). */
    static IllegalStateException invalid(final String name, final long seed, final int tryNumber,
            final Throwable cause) {
        return new IllegalStateException("Property \"" + name + "\" could not generate try " + tryNumber
                + " (seed " + seed + "): " + cause.getMessage()
                + "\nre-run: -D" + Settings.SEED + "=" + seed + " (property \"" + name + "\")", cause);
    }

    private static PropertyFailure.Details details(final String name, final Long seed, final int tryNumber,
            final Outcome outcome,
            final Map<String, Integer> coverage) {
        PropertyFailure.Details details = new PropertyFailure.Details();
        details.property = name;
        details.seed = seed;
        details.tryNumber = tryNumber;
        details.counterexample = outcome.value();
        if (outcome.value() instanceof List<?> && outcome.site() != null) {
            details.steps = ((List<?>) outcome.value()).stream().map(String::valueOf).collect(Collectors.toList());
        }
        details.shrunkSize = outcome.size();
        details.coverage = coverage;
        return details;
    }

    private static void appendLines(final StringBuilder text, final List<String> lines) {
        if (lines.isEmpty()) {
            text.append("  (no steps)\n");
        }
        for (String line : lines) {
            text.append("  ").append(line).append('\n');
        }
    }

    private static void appendFailure(final StringBuilder text, final Outcome outcome) {
        text.append("Failure: ");
        if (outcome.site() != null) {
            text.append(outcome.site()).append(": ");
        }
        text.append(Show.failure(outcome.failure())).append('\n');
    }

    private static void appendCoverage(final StringBuilder text, final Map<String, Integer> coverage) {
        if (coverage.isEmpty()) {
            return;
        }
        text.append("Coverage (tries in which each label occurred):\n");
        coverage.forEach((label, count) -> text.append("  \"").append(label).append("\": ").append(count).append('\n'));
    }

    private static void appendRerun(final StringBuilder text, final String name, final long seed) {
        text.append("re-run: -D").append(Settings.SEED).append('=').append(seed)
                .append(" (property \"").append(name).append("\")\n");
    }
}
