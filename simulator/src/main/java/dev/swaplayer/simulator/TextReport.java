package dev.swaplayer.simulator;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The terminal reports, readable at 100 columns: the policies side by side.
 *
 * <p>Thread safety: stateless.
 *
 * <ul>
 *   <li>{@link #phaseTable}: one run (one workload, one mode). A row per phase (at most about 20: the first
 *       six, every tenth and the last when there are more), and per policy three columns for the workload's
 *       largest folio order: {@code fb%} the fallback ratio of the phase, {@code fail} the folios of that order
 *       that found no slot, {@code unus} the unusable free space index at that order when the phase ended.</li>
 *   <li>{@link #comparisonTable}: several modes of one workload. A row per mode and policy; the fallback ratio
 *       at chosen iterations, its mean over all iterations (the warm-up excluded), the failed large folios of
 *       the whole run, and the most extents any compound descriptor had.</li>
 * </ul>
 */
public final class TextReport {
    private static final int LABEL_WIDTH = 16;
    private static final int SHOW_ALL_UP_TO = 25;

    private TextReport() {
    }

    /**
     * Prints one run's phases, the policies side by side.
     *
     * @param r the run
     * @param out where to print
     */
    public static void phaseTable(final RunResult r, final PrintWriter out) {
        final int k = r.largeOrder();
        out.printf(Locale.ROOT, "%s: %s (order %d) swap-outs per phase; %s%n", title(r), RunResult.size(k), k,
                setting(r));
        final StringBuilder head = new StringBuilder(pad("", LABEL_WIDTH));
        final StringBuilder sub = new StringBuilder(pad("phase", LABEL_WIDTH));
        for (final PolicyRun run : r.runs()) {
            head.append(String.format(Locale.ROOT, "  %-18s", run.policy()));
            sub.append(String.format(Locale.ROOT, "  %6s%6s%6s", "fb%", "fail", "unus"));
        }
        out.println(head.toString().stripTrailing());
        out.println(sub);
        final int phases = r.runs().isEmpty() ? 0 : r.runs().get(0).phases().size();
        final List<Integer> shown = shownPhases(phases);
        for (final int i : shown) {
            final StringBuilder row = new StringBuilder(pad(r.runs().get(0).phases().get(i).label(), LABEL_WIDTH));
            for (final PolicyRun run : r.runs()) {
                final PhaseStats ph = run.phases().get(i);
                row.append(String.format(Locale.ROOT, "  %6s%6d%6.3f", ratio(ph.counters().fallbackRatio(k)),
                        ph.counters().failed(k), ph.unusableIndex(k)));
            }
            out.println(row);
        }
        final StringBuilder total = new StringBuilder(pad("whole run", LABEL_WIDTH));
        for (final PolicyRun run : r.runs()) {
            total.append(String.format(Locale.ROOT, "  %6s%6d%6s", ratio(run.totals().fallbackRatio(k)),
                    run.totals().failed(k), ""));
        }
        out.println(total.toString().stripTrailing());
        if (shown.size() < phases) {
            out.printf(Locale.ROOT, "(%d of %d phases shown; --json and --out have all of them)%n", shown.size(),
                    phases);
        }
        for (final PolicyRun run : r.runs()) {
            if (run.totals().descriptors() > 0) {
                out.printf(Locale.ROOT, "%s: %,d folios stored under compound descriptors, extents max %d, mean %.2f%n",
                        run.policy(), run.totals().descriptors(), run.totals().extentsMax(),
                        run.totals().extentsMean());
            }
        }
        out.printf(Locale.ROOT, "fb%% = 100 x swpout_fallback / (swpout + swpout_compound + swpout_fallback) at order"
                + " %d;%n", k);
        out.printf(Locale.ROOT, "fail = order-%d folios left resident for want of any slot; unus = unusable free space"
                + " index%n", k);
        out.printf(Locale.ROOT, "at order %d when the phase ended (0: every free slot is in a free %s block).%n", k,
                RunResult.size(k));
        dataSummary(List.of(r), out);
    }

    /**
     * Prints data mode's figures, a line or two per run and policy; nothing for runs without data.
     *
     * @param results the runs
     * @param out where to print
     */
    public static void dataSummary(final List<RunResult> results, final PrintWriter out) {
        final List<String> mismatches = new ArrayList<>();
        boolean header = false;
        boolean zram = false;
        for (final RunResult r : results) {
            for (final PolicyRun run : r.runs()) {
                final DataStats d = run.data();
                if (d == null) {
                    continue;
                }
                if (!header) {
                    out.printf(Locale.ROOT, "data: --device %s%s, %s%n", d.device().label(),
                            d.algorithm() == null ? "" : " (" + d.algorithm() + ")",
                            d.verified() ? "every page read back compared with what was written"
                                    : "pages read back, not compared (--verify-data compares them)");
                    out.printf(Locale.ROOT, "%-16s%10s%9s%10s%9s%10s%7s%8s%6s%6s%n", "policy", "pages out", "writes",
                            "pages in", "reads", "verified", "wrong", "compr", "same", "huge");
                    header = true;
                }
                final String who = (r.mode() == null ? "" : flags(r.mode()) + " ") + run.policy();
                final StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-16s%10d%9d%10d%9d%10d%7d",
                        who, d.pagesWritten(), d.writes(), d.pagesRead(), d.reads(), d.pagesVerified(),
                        d.mismatches()));
                if (d.mmStat() != null) {
                    zram = true;
                    row.append(String.format(Locale.ROOT, "%8.3f%6d%6d", d.mmStat().compressionRatio(),
                            d.mmStat().samePages(), d.mmStat().hugePages()));
                }
                out.println(row);
                if (d.firstMismatch() != null) {
                    mismatches.add(d.firstMismatch());
                }
            }
        }
        if (!header) {
            return;
        }
        out.println("pages out / in = pages written at swap-out / read back at swap-in; writes / reads = device");
        out.println("operations, one per extent; wrong = pages read back with other bytes than were written.");
        if (zram) {
            out.println("compr, same, huge: zram's mm_stat at the end, compr_data_size / orig_data_size,");
            out.println("same_pages, huge_pages.");
        }
        mismatches.forEach(m -> out.println("first wrong page: " + m));
    }

    /**
     * Prints several modes of one workload, a row per mode and policy.
     *
     * @param results one run per mode, same workload
     * @param out where to print
     */
    public static void comparisonTable(final List<RunResult> results, final PrintWriter out) {
        if (results.isEmpty()) {
            return;
        }
        final RunResult first = results.get(0);
        final int k = first.largeOrder();
        final int measured = first.runs().get(0).phases().size() - first.firstMeasured();
        final List<Integer> columns = new ArrayList<>(new TreeSet<>(List.of(1, 2, 3, 10, 50, measured)));
        columns.removeIf(c -> c > measured);
        out.printf(Locale.ROOT, "%s, %d iterations: fallback %% of %s (order %d) swap-outs; %s%n", first.workload(),
                measured, RunResult.size(k), k, setting(first));
        final StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-6s%-10s", "mode", "policy"));
        for (final int c : columns) {
            head.append(String.format(Locale.ROOT, "%7s", "it " + c));
        }
        head.append(String.format(Locale.ROOT, "%7s%8s%5s", "mean", "failed", "ext"));
        out.println(head);
        for (final RunResult r : results) {
            for (final PolicyRun run : r.runs()) {
                final StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-6s%-10s",
                        r.mode() == null ? "-" : flags(r.mode()), run.policy()));
                for (final int c : columns) {
                    row.append(String.format(Locale.ROOT, "%7s",
                            ratio(run.phases().get(r.firstMeasured() + c - 1).counters().fallbackRatio(k))));
                }
                row.append(String.format(Locale.ROOT, "%7s%8d%5s", ratio(meanRatio(r, run, k)),
                        run.totals().failedLarge(), run.totals().descriptors() == 0 ? "-"
                        : Integer.toString(run.totals().extentsMax())));
                out.println(row);
            }
        }
        out.println("it N = fallback % in iteration N; mean = mean over the iterations; failed = large folios");
        out.println("left resident for want of any slot (whole run); ext = most extents of a compound descriptor.");
        out.println("fallback % = 100 x swpout_fallback / (swpout + swpout_compound + swpout_fallback). Modes are");
        out.println("the C test's flags: none, -a (aligned 64 KiB swap-in), -s (small-folio region), -as (both).");
        dataSummary(results, out);
    }

    /**
     * Returns the mean per-phase fallback ratio over the measured phases (phases without swap-outs skipped).
     *
     * @param r a run
     * @param run one policy's run
     * @param order an order
     */
    public static double meanRatio(final RunResult r, final PolicyRun run, final int order) {
        double sum = 0;
        int n = 0;
        for (int i = r.firstMeasured(); i < run.phases().size(); i++) {
            final double v = run.phases().get(i).counters().fallbackRatio(order);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Every phase up to 25 of them; else phases 0-5, every tenth, and the last (iteration N is phase N). */
    static List<Integer> shownPhases(final int phases) {
        final List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < phases; i++) {
            if (phases <= SHOW_ALL_UP_TO || i <= 5 || i % 10 == 0 || i == phases - 1) {
                shown.add(i);
            }
        }
        return shown;
    }

    private static String title(final RunResult r) {
        return r.mode() == null ? r.workload() : r.workload() + " " + flags(r.mode());
    }

    private static String flags(final String mode) {
        return mode.equals("none") ? "none" : "-" + mode;
    }

    private static String setting(final RunResult r) {
        return "swap-in " + r.swapIn().label() + ", " + r.cpus() + (r.cpus() == 1 ? " CPU" : " CPUs")
                + (r.seed() == null ? "" : ", seed " + r.seed());
    }

    private static String ratio(final double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String pad(final String s, final int width) {
        final String cut = s.length() > width ? s.substring(0, width) : s;
        return String.format(Locale.ROOT, "%-" + width + "s", cut);
    }
}
