package dev.swaplayer.simulator;

import java.util.List;
import java.util.Locale;

/**
 * The first phase whose unusable free space index at the workload's largest folio order
 * ({@link RunResult#largeOrder()}: 64 KiB, order 4, for the built-in workloads) went above {@value #THRESHOLD}, and
 * how full the device was then. When no phase did, the highest index and the first phase that had it. The index is
 * the kernel's {@code unusable_free_index()} ({@code mm/vmstat.c}) at the end of each phase, warm-up included: the
 * share of free slots outside free naturally aligned 2^k blocks, as a buddy allocator counts them; a full device
 * has index 1.
 *
 * <p>It describes the free space, not the allocator: it is blind to which free blocks a policy can reach (6.10
 * takes a 64 KiB run only from a wholly free cluster, and can fall back on every folio while the index is far
 * below the threshold)
 * and to how many large folios a phase swaps out (a few free blocks serve a few). What a policy did is
 * {@link FallbackOnset}, which every report prints beside it.
 *
 * <p>Thread safety: immutable.
 *
 * @param order the folio order the index is taken at
 * @param crossed whether some phase went above {@value #THRESHOLD}
 * @param phase that phase's index in the run (0 is the first phase); when not crossed, the phase of the highest
 *     index; -1 for a run without phases
 * @param label that phase's label, or null for a run without phases
 * @param index the index at that phase, in [0, 1]
 * @param usedSlots slots in use at the end of that phase
 * @param usableSlots slots the device can give out: every slot but the header
 */
public record UnusableOnset(int order, boolean crossed, int phase, String label, double index, long usedSlots,
        long usableSlots) {
    /** The index the onset is the first phase above. */
    public static final double THRESHOLD = 0.9;

    /**
     * Returns the first phase of that run whose index at {@link RunResult#largeOrder()} went above the threshold.
     *
     * @param r a run
     * @param run one of its policies' runs
     * @return the first phase whose index at {@link RunResult#largeOrder()} went above the threshold, or the
     *     highest; null when the run's free blocks are not known ({@link PhaseStats#hasFreeBlocks()}: a kernel
     *     run)
     */
    public static UnusableOnset of(final RunResult r, final PolicyRun run) {
        final int k = r.largeOrder();
        final long usable = r.device() - 1L;
        final List<PhaseStats> phases = run.phases();
        if (!phases.isEmpty() && !phases.get(0).hasFreeBlocks()) {
            return null;
        }
        final FirstAbove at = FirstAbove.scan(phases, ph -> ph.unusableIndex(k), THRESHOLD);
        if (at.phase() < 0) {
            return new UnusableOnset(k, false, -1, null, 0, 0, usable);
        }
        final PhaseStats ph = phases.get(at.phase());
        return new UnusableOnset(k, at.crossed(), at.phase(), ph.label(), ph.unusableIndex(k), ph.usedSlots(), usable);
    }

    /**
     * Returns {@link #describe()} of a run's onset, or what stands in its place for a run whose free blocks are
     * not known.
     *
     * @param u an onset, or null
     * @return e.g. {@code hour 25 (index 0.932, ...)}, or {@code unknown (no free-block view: a kernel run)}
     */
    public static String describeOrUnknown(final UnusableOnset u) {
        return u == null ? "unknown (no free-block view: a kernel run)" : u.describe();
    }

    /** Returns the share of the usable slots in use at that phase, in [0, 1]. */
    public double occupancy() {
        return usableSlots == 0 ? 0 : (double) usedSlots / usableSlots;
    }

    /**
     * Returns e.g. {@code hour 25 (index 0.932, 28,672 of 65,535 slots in use: 43.8%)}, or {@code never (highest 0.637,
     * hour 28)}.
     *
     * @return e.g. {@code hour 25 (index 0.932, 28,672 of 65,535 slots in use: 43.8%)}, or {@code never
     *     (highest 0.637, hour 28)}
     */
    public String describe() {
        if (label == null) {
            return "never (no phase)";
        }
        if (!crossed) {
            return String.format(Locale.ROOT, "never (highest %.3f, %s)", index, label);
        }
        return String.format(Locale.ROOT, "%s (index %.3f, %,d of %,d slots in use: %.1f%%)", label, index,
                usedSlots, usableSlots, 100 * occupancy());
    }
}
