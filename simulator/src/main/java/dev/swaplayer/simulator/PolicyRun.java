package dev.swaplayer.simulator;

import java.util.List;

/**
 * One workload run on one policy: a {@link PhaseStats} per phase and the totals.
 *
 * <p>Thread safety: immutable.
 *
 * @param policy the policy's name
 * @param phases one entry per phase, in order
 * @param totals the sum of every phase's counters
 * @param seconds wall-clock time of the run (not part of any report that must be reproducible)
 * @param data what data mode moved, or null when the run carried no data
 * @param metadata what the policy's metadata budget refused, or null when it had none
 */
public record PolicyRun(String policy, List<PhaseStats> phases, Counters totals, double seconds, DataStats data,
        MetadataStats metadata) {
    /** Copies the phase list. */
    public PolicyRun {
        phases = List.copyOf(phases);
    }

    /**
     * A run without data.
     *
     * @param policy the policy's name
     * @param phases one entry per phase
     * @param totals the sums
     * @param seconds wall-clock time
     */
    public PolicyRun(final String policy, final List<PhaseStats> phases, final Counters totals, final double seconds) {
        this(policy, phases, totals, seconds, null, null);
    }

    /**
     * A run without a metadata budget.
     *
     * @param policy the policy's name
     * @param phases one entry per phase
     * @param totals the sums
     * @param seconds wall-clock time
     * @param data what data mode moved, or null
     */
    public PolicyRun(final String policy, final List<PhaseStats> phases, final Counters totals, final double seconds,
            final DataStats data) {
        this(policy, phases, totals, seconds, data, null);
    }

    /** Returns whether data mode found a page whose bytes differed from what was written. */
    public boolean dataMismatch() {
        return data != null && !data.ok();
    }
}
