package dev.swaplayer.simulator;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * The lines under a phase table, per policy: the two onsets ({@link UnusableOnset}, {@link FallbackOnset}), the
 * padding of a minimum order, the compound descriptors; and the metadata budget's lines under either table.
 *
 * <p>Thread safety: stateless.
 */
public final class RunNotes {
    private RunNotes() {
    }

    /**
     * Per policy: the first phase whose unusable index at the largest order is above its threshold, then the first
     * whose fallback ratio at that order is above its own, and a line on why the two differ. Nothing for a
     * workload without large folios (every free slot serves an order-0 page, and order 0 never falls back).
     */
    static void onsets(final RunResult r, final PrintWriter out) {
        final int k = r.largeOrder();
        if (r.runs().isEmpty() || k == 0) {
            return;
        }
        final int longest = r.runs().stream().mapToInt(run -> run.policy().length()).max().orElse(0);
        final String row = "  %-" + Math.max(16, longest + 1) + "s%s%n";
        out.printf(Locale.ROOT, "order-%d unusable index (unus) first above %.1f:%n", k, UnusableOnset.THRESHOLD);
        for (final PolicyRun run : r.runs()) {
            out.printf(Locale.ROOT, row, run.policy(), UnusableOnset.describeOrUnknown(UnusableOnset.of(r, run)));
        }
        out.printf(Locale.ROOT, "%s swpout_fallback (fb%%) first above %s%%:%n", RunResult.size(k),
                plain(FallbackOnset.THRESHOLD));
        for (final PolicyRun run : r.runs()) {
            out.printf(Locale.ROOT, row, run.policy(), FallbackOnset.of(r, run).describe());
        }
        out.printf(Locale.ROOT, "unus counts free slots outside aligned free %s blocks, whatever a policy can reach"
                + "%nand however few %s folios a phase swaps out; fb%% counts what the policy did.%n",
                RunResult.size(k), RunResult.size(k));
    }

    /** Per policy with padding (a minimum order above 0): slots holding no page at the end, and the most. */
    static void wasted(final RunResult r, final PrintWriter out) {
        for (final PolicyRun run : r.runs()) {
            PhaseStats most = null;
            for (final PhaseStats ph : run.phases()) {
                most = most == null || ph.wastedSlots() > most.wastedSlots() ? ph : most;
            }
            if (most != null && most.wastedSlots() > 0) {
                final PhaseStats last = run.phases().get(run.phases().size() - 1);
                out.printf(Locale.ROOT, "%s: slots in use holding no page (rounded up to the minimum order): %,d of"
                        + " %,d%n  in use at the end, at most %,d (%s)%n", run.policy(), last.wastedSlots(),
                        last.usedSlots(), most.wastedSlots(), most.label());
            }
        }
    }

    /**
     * Per policy that made compound descriptors: how many, their share of the largest order's swap-outs (the
     * fallback ratio does not count them: a folio under a descriptor did not fall back), and their extents.
     */
    static void descriptors(final RunResult r, final PrintWriter out) {
        final int k = r.largeOrder();
        for (final PolicyRun run : r.runs()) {
            final Counters c = run.totals();
            if (c.descriptors() > 0) {
                final long all = c.swpout(k) + c.swpoutCompound(k) + c.swpoutFallback(k);
                out.printf(Locale.ROOT, "%s: %,d of the %,d %s swap-outs (%s, whole run) stored under compound"
                        + " descriptors%s;%n  extents max %d, mean %.2f%n", run.policy(), c.swpoutCompound(k), all,
                        RunResult.size(k), all == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%",
                                100.0 * c.swpoutCompound(k) / all),
                        c.descriptors() == c.swpoutCompound(k) ? ""
                                : String.format(Locale.ROOT, " (%,d descriptors at every order)", c.descriptors()),
                        c.extentsMax(), c.extentsMean());
            }
        }
    }

    /**
     * Prints one line per run of a policy held to a metadata budget (what was refused and how the allocator got
     * by), the mode shown as the tables show it; nothing when no policy had a budget.
     *
     * @param results the runs
     * @param out where to print
     */
    public static void metadataBudget(final List<RunResult> results, final PrintWriter out) {
        boolean first = true;
        for (final RunResult r : results) {
            for (final PolicyRun run : r.runs()) {
                final MetadataStats m = run.metadata();
                if (m == null) {
                    continue;
                }
                if (first) {
                    out.printf(Locale.ROOT, "metadata budget %d clusters (cluster requests refused, allocations"
                            + " degraded into clusters%n  with metadata, the reserve's lends, descriptors refused):%n",
                            m.clusterLimit());
                    first = false;
                }
                out.printf(Locale.ROOT, "  %-18s %,d refused, %,d degraded, %,d reserve lends, %,d descriptors"
                        + " refused%n", (r.mode() == null ? "" : TextReport.flags(r.mode()) + " ") + run.policy(),
                        m.refusedClusters(), m.degraded(), m.reserveLends(), m.refusedDescriptors());
            }
        }
    }

    /** Returns e.g. {@code 1} for 1.0, {@code 0.5} for 0.5. */
    private static String plain(final double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
