package dev.swaplayer.simulator;

import java.util.List;
import java.util.Locale;

/**
 * When a policy's large folios started to fall back: the first phase whose {@code swpout_fallback} ratio at the
 * workload's largest folio order ({@link RunResult#largeOrder()}: 64 KiB, order 4, for the built-in workloads) went
 * above {@value #THRESHOLD}%, and how full the device was then. When no phase did, the highest ratio and the first
 * phase that had it. Warm-up included; a phase that swapped out nothing at that order is skipped.
 *
 * <p>It sits beside {@link UnusableOnset}, which reads the free space as aligned free blocks whatever the allocator
 * can reach, and so can cross long after a policy falls back on every folio (6.10 takes a 64 KiB run only from a
 * wholly free cluster) or long before one falls back at all (a few aligned blocks serve the few large swap-outs of
 * a phase). This one counts what the allocator did. It needs only the counters, so a kernel run has it too.
 *
 * <p>Thread safety: immutable.
 *
 * @param order the folio order the ratio is taken at
 * @param crossed whether some phase went above {@value #THRESHOLD}%
 * @param phase that phase's index in the run (0 is the first phase); when not crossed, the phase of the highest
 *     ratio; -1 when no phase swapped out a folio of that order
 * @param label that phase's label, or null when no phase swapped out a folio of that order
 * @param ratio the fallback ratio at that phase, a percentage; NaN when no phase swapped out at that order
 * @param usedSlots slots in use at the end of that phase
 * @param usableSlots slots the device can give out: every slot but the header
 */
public record FallbackOnset(int order, boolean crossed, int phase, String label, double ratio, long usedSlots,
        long usableSlots) {
    /** The fallback percentage above which a phase counts as falling back. */
    public static final double THRESHOLD = 1.0;

    /**
     * Returns when that run's large folios started to fall back.
     *
     * @param r a run
     * @param run one of its policies' runs
     * @return when that run's folios of {@link RunResult#largeOrder()} started to fall back
     */
    public static FallbackOnset of(final RunResult r, final PolicyRun run) {
        final int k = r.largeOrder();
        final long usable = r.device() - 1L;
        final List<PhaseStats> phases = run.phases();
        final FirstAbove at = FirstAbove.scan(phases, ph -> ph.counters().fallbackRatio(k), THRESHOLD);
        if (at.phase() < 0) {
            return new FallbackOnset(k, false, -1, null, Double.NaN, 0, usable);
        }
        final PhaseStats ph = phases.get(at.phase());
        return new FallbackOnset(k, at.crossed(), at.phase(), ph.label(), ph.counters().fallbackRatio(k),
                ph.usedSlots(), usable);
    }

    /** Returns the share of the usable slots in use at that phase, in [0, 1]. */
    public double occupancy() {
        return usableSlots == 0 ? 0 : (double) usedSlots / usableSlots;
    }

    /**
     * Returns e.g. {@code hour 10 (9.15%, 28,672 of 65,535 slots in use: 43.8%)}, {@code never (highest 0.80%,
     * hour 42)}, {@code never (none fell back)} or {@code never (no 64 KiB swap-out)}.
     *
     * @return e.g. {@code hour 10 (9.15%, 28,672 of 65,535 slots in use: 43.8%)}, or {@code never (none fell
     *     back)}
     */
    public String describe() {
        if (label == null) {
            return "never (no " + RunResult.size(order) + " swap-out)";
        }
        if (!crossed) {
            return ratio == 0 ? "never (none fell back)"
                    : String.format(Locale.ROOT, "never (highest %.2f%%, %s)", ratio, label);
        }
        return String.format(Locale.ROOT, "%s (%.2f%%, %,d of %,d slots in use: %.1f%%)", label, ratio, usedSlots,
                usableSlots, 100 * occupancy());
    }
}
