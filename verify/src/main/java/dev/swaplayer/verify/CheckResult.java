package dev.swaplayer.verify;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of one check of {@code ./swaplayer verify}.
 *
 * <p>Thread safety: immutable.
 *
 * @param name the check's name, e.g. {@code properties}
 * @param result pass, fail or skipped
 * @param seconds wall time it took
 * @param counterexample for a failure, the shrunk steps that reproduce it; null otherwise
 * @param message one paragraph: what was checked, or what failed and where
 * @param rerun the command that re-runs exactly this failure; null unless it failed
 * @param incomplete for a failure: whether all it found is incompleteness (NONE while a legal placement was free,
 *     INV-22, or a compound folio in more extents than needed, INV-8), which fails the verdict only when
 *     completeness is required; false for a pass, a skip, and every safety failure, wherever it was found
 */
public record CheckResult(String name, Result result, double seconds, List<String> counterexample, String message,
        String rerun, boolean incomplete) {

    /** How a check ended. */
    public enum Result {
        /** Every case held. */
        PASS,
        /** A case did not hold; see the counterexample. */
        FAIL,
        /** The check does not apply (for example the threads check of an allocator that is not thread-safe). */
        SKIPPED;

        /** Returns the lower-case word the reports print. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Copies the counterexample. */
    public CheckResult {
        counterexample = counterexample == null ? null : List.copyOf(counterexample);
    }

    static CheckResult pass(final String name, final double seconds, final String message) {
        return new CheckResult(name, Result.PASS, seconds, null, message, null, false);
    }

    static CheckResult skipped(final String name, final String message) {
        return new CheckResult(name, Result.SKIPPED, 0, null, message, null, false);
    }

    static CheckResult fail(final String name, final double seconds, final List<String> counterexample,
            final String message, final String rerun) {
        return new CheckResult(name, Result.FAIL, seconds, counterexample, message, rerun, false);
    }

    /** A failure that is only incompleteness: see {@link #incomplete}. */
    static CheckResult incomplete(final String name, final double seconds, final List<String> counterexample,
            final String message, final String rerun) {
        return new CheckResult(name, Result.FAIL, seconds, counterexample, message, rerun, true);
    }

    /**
     * Returns whether this result fails the verdict: a failure, unless it is only incompleteness and completeness
     * is not required.
     *
     * @param requireComplete whether completeness is part of the verdict
     */
    public boolean failsVerdict(final boolean requireComplete) {
        return failed() && (requireComplete || !incomplete);
    }

    /** Returns whether it failed. */
    public boolean failed() {
        return result == Result.FAIL;
    }
}
