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
 */
public record PolicyRun(String policy, List<PhaseStats> phases, Counters totals, double seconds) {
    /** Copies the phase list. */
    public PolicyRun {
        phases = List.copyOf(phases);
    }
}
