package dev.swaplayer.swap.scenario;

import java.util.Locale;

/**
 * The result of a {@link NoDataLoss} check of one allocator provider.
 *
 * <p>Thread safety: immutable.
 *
 * @param provider the provider's name
 * @param plan the runs asked for
 * @param cleanRuns runs without a fault (one per seed)
 * @param replays runs with one fault injected
 * @param failedRuns clean runs and replays that failed (the check goes on after a failure)
 * @param coverage what the runs met, summed over every run
 * @param firstFailure the first run that failed, or null when none did
 * @param seconds wall time of the check
 */
public record Report(String provider, Plan plan, int cleanRuns, int replays, int failedRuns, Coverage coverage,
        Failure firstFailure, double seconds) {

    /** Returns whether every run passed. */
    public boolean passed() {
        return failedRuns == 0;
    }

    @Override
    public String toString() {
        return provider + ": " + (passed() ? "pass" : failedRuns + " failed") + ", " + cleanRuns + " clean runs + "
                + replays + " replays in " + String.format(Locale.ROOT, "%.1f", seconds) + " s, " + coverage
                + (firstFailure == null ? "" : "; first failure: " + firstFailure.message());
    }
}
