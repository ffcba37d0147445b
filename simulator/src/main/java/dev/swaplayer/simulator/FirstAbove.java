package dev.swaplayer.simulator;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The scan both onsets make ({@link UnusableOnset}, {@link FallbackOnset}): the first phase whose measure is above a
 * threshold, else the first phase of the highest measure; phases whose measure is NaN (nothing to measure) are
 * skipped.
 *
 * <p>Thread safety: immutable.
 *
 * @param crossed whether a phase was above the threshold
 * @param phase that phase's index, or the first of the highest measure; -1 when every phase was skipped
 */
record FirstAbove(boolean crossed, int phase) {

    /**
     * Scans the phases in order.
     *
     * @param phases a run's phases
     * @param measure a phase's measure, NaN for none
     * @param threshold the value to pass
     * @return what was found
     */
    static FirstAbove scan(final List<PhaseStats> phases, final ToDoubleFunction<PhaseStats> measure,
            final double threshold) {
        int highest = -1;
        double top = Double.NaN;
        for (int i = 0; i < phases.size(); i++) {
            final double v = measure.applyAsDouble(phases.get(i));
            if (Double.isNaN(v)) {
                continue;
            }
            if (v > threshold) {
                return new FirstAbove(true, i);
            }
            if (highest < 0 || v > top) {
                highest = i;
                top = v;
            }
        }
        return new FirstAbove(false, highest);
    }
}
