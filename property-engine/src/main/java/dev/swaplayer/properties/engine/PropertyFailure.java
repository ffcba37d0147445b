package dev.swaplayer.properties.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Immutable failure of a property: an {@link AssertionError} whose message is the full report
 * (property, seed, try, shrunk counterexample, failure, re-run hint) and whose cause is the
 * failure of the shrunk counterexample (the unshrunk failure is attached as suppressed).
 * Accessors expose the parts for tests of the engine and tools.
 *
 * <p>Thread safety: immutable once thrown.
 */
public final class PropertyFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    /** The property's name. */
    private final String property;
    /** The seed, null in exhaustive mode. */
    private final Long seed;
    /** The 1-based failing try. */
    private final int tryNumber;
    /** The shrunk value or step list. */
    private final Object counterexample;
    /** The shrunk steps. */
    private final List<String> steps;
    /** The size before shrinking. */
    private final int originalSize;
    /** The size after shrinking. */
    private final int shrunkSize;
    /** The test cases run while shrinking. */
    private final int shrinkAttempts;
    /** Why shrinking stopped before it could shrink no further, or null. */
    private final String shrinkStop;
    /** Label counts of the failed run. */
    private final Map<String, Integer> coverage;
    /** Required labels that never occurred. */
    private final List<String> missingCoverage;

    PropertyFailure(final String message, final Throwable cause, final Details details) {
        super(message, cause);
        this.property = details.property;
        this.seed = details.seed;
        this.tryNumber = details.tryNumber;
        this.counterexample = details.counterexample;
        this.steps = List.copyOf(details.steps);
        this.originalSize = details.originalSize;
        this.shrunkSize = details.shrunkSize;
        this.shrinkAttempts = details.shrinkAttempts;
        this.shrinkStop = details.shrinkStop;
        this.coverage = Map.copyOf(details.coverage);
        this.missingCoverage = List.copyOf(details.missingCoverage);
    }

    /** Returns the property's name. */
    public String property() {
        return property;
    }

    /** Returns the seed that reproduces the failure; empty in exhaustive mode. */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** Returns the 1-based try (or exhaustive value index) that failed; 0 for a coverage failure. */
    public int tryNumber() {
        return tryNumber;
    }

    /**
     * Returns the counterexample.
     *
     * @return the (shrunk) counterexample: the value for {@link ForAll}, the list of step
     *     descriptions for {@link Stateful}; null for a coverage failure
     */
    public Object counterexample() {
        return counterexample;
    }

    /** Returns the shrunk action sequence's descriptions (empty unless {@link Stateful}). */
    public List<String> steps() {
        return steps;
    }

    /** Returns the size of the failing case before shrinking (steps, or choices for values). */
    public int originalSize() {
        return originalSize;
    }

    /** Returns the size of the shrunk counterexample in the same unit. */
    public int shrunkSize() {
        return shrunkSize;
    }

    /** Returns how many test cases shrinking ran. */
    public int shrinkAttempts() {
        return shrinkAttempts;
    }

    /**
     * Returns why shrinking stopped while it could still have made progress ({@code "time limit"} or
     * {@code "attempt limit N"}): the counterexample may be longer than it needs to be. Empty when shrinking
     * reached a case it could not shrink further, or did not run.
     *
     * @return the reason shrinking was cut short, if it was
     */
    public Optional<String> shrinkStoppedBy() {
        return Optional.ofNullable(shrinkStop);
    }

    /** Returns label to the number of tries in which it occurred, for the failed run. */
    public Map<String, Integer> coverage() {
        return coverage;
    }

    /** Returns the required coverage labels that never occurred (empty unless a coverage failure). */
    public List<String> missingCoverage() {
        return missingCoverage;
    }

    /** Not thread-safe; mutable bag of the accessor values, filled by the report builder. */
    static final class Details {
        String property;
        Long seed;
        int tryNumber;
        Object counterexample;
        List<String> steps = List.of();
        int originalSize;
        int shrunkSize;
        int shrinkAttempts;
        String shrinkStop;
        Map<String, Integer> coverage = Map.of();
        List<String> missingCoverage = List.of();
    }
}
