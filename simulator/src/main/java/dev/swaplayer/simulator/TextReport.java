package dev.swaplayer.simulator;

import dev.swaplayer.device.UserInput;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The terminal reports, readable at 100 columns: the policies side by side.
 *
 * <p>Thread safety: stateless.
 *
 * <ul>
 *   <li>{@link #phaseTable}: one run (one workload, one mode). A row per phase (at most about 20: the first
 *       six, every tenth and the last when there are more), and per policy three columns for the workload's
 *       largest folio order: {@code fb%} the fallback ratio of the phase, {@code fail} the folios of that order
 *       that found no slot, {@code unus} the unusable free space index at that order when the phase ended. Two
 *       rows close it: {@code mean}, the mean of the phases' {@code fb%} without the warm-up (the comparison
 *       table's {@code mean}), and {@code whole run}, every swap-out of the run pooled, the warm-up included. A
 *       workload with several large folio orders gets the whole run's {@code fb%} and {@code fail} at the others
 *       in a second table. Then {@link RunNotes}: per policy the first phase whose index went above
 *       {@value UnusableOnset#THRESHOLD} and the first whose {@code fb%} went above {@value FallbackOnset#THRESHOLD}
 *       %, the padding, the compound descriptors.</li>
 *   <li>{@link #comparisonTable}: several modes of one workload. A row per mode and policy; the fallback ratio
 *       at chosen iterations, its mean over all iterations (the warm-up excluded), the failed large folios of
 *       the whole run, the mean share stored under compound descriptors, and their most and mean extents.</li>
 * </ul>
 * A {@code legacy} row under folio swap-in is marked hypothetical ({@link #shownPolicy}): 6.10's allocator never
 * ran with large-folio swap-in. Modes are shown as the C program's flags ({@link #flags}) in the tables, the data
 * table, the charts' titles and {@link RunNotes#metadataBudget}.
 * Column widths come from the content ({@link TextTable}): a count of any size stays in its own column.
 */
public final class TextReport {
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
        final int n = r.runs().size();
        final TextTable t = policyColumns(r, "phase", "fb%", "fail", "unus");
        final int phases = r.runs().isEmpty() ? 0 : r.runs().get(0).phases().size();
        final List<Integer> shown = shownPhases(phases);
        for (final int i : shown) {
            final String[] row = new String[1 + 3 * n];
            row[0] = r.runs().get(0).phases().get(i).label();
            for (int p = 0; p < n; p++) {
                final PhaseStats ph = r.runs().get(p).phases().get(i);
                row[1 + 3 * p] = ratio(ph.counters().fallbackRatio(k));
                row[2 + 3 * p] = Long.toString(ph.counters().failed(k));
                row[3 + 3 * p] = ph.hasFreeBlocks() ? String.format(Locale.ROOT, "%.3f", ph.unusableIndex(k)) : "-";
            }
            t.row(row);
        }
        final String[] mean = new String[1 + 3 * n];
        final String[] total = new String[1 + 3 * n];
        mean[0] = "mean";
        total[0] = "whole run";
        for (int p = 0; p < n; p++) {
            final PolicyRun run = r.runs().get(p);
            mean[1 + 3 * p] = ratio(meanRatio(r, run, k));
            total[1 + 3 * p] = ratio(run.totals().fallbackRatio(k));
            total[2 + 3 * p] = Long.toString(run.totals().failed(k));
            mean[2 + 3 * p] = "";
            mean[3 + 3 * p] = "";
            total[3 + 3 * p] = "";
        }
        t.row(mean).row(total).print(out);
        if (shown.size() < phases) {
            out.printf(Locale.ROOT, "(%d of %d phases shown; --json and --out have all of them)%n", shown.size(),
                    phases);
        }
        otherOrders(r, out);
        RunNotes.onsets(r, out);
        RunNotes.wasted(r, out);
        RunNotes.descriptors(r, out);
        phaseLegend(r, out);
        hypotheticalNote(List.of(r), out);
        swapInNote(List.of(r), out);
        dataSummary(List.of(r), out);
    }

    /** What the phase table's columns and closing rows are. */
    private static void phaseLegend(final RunResult r, final PrintWriter out) {
        final int k = r.largeOrder();
        out.printf(Locale.ROOT, "fb%% = 100 x swpout_fallback / (swpout + swpout_compound + swpout_fallback) at order"
                + " %d%s;%n", k, otherLargeOrders(r).length > 0 ? " (in the second table, its row's order)" : "");
        out.printf(Locale.ROOT, "mean = mean of the phases' fb%%%s; whole run = all swap-outs%s;%n",
                r.firstMeasured() > 0 ? " without the warm-up" : "", r.firstMeasured() > 0 ? ", warm-up included" : "");
        if (k == 0) { // no large folio: nothing falls back or splits, and any free slot serves an order-0 page
            out.printf(Locale.ROOT, "fail = order-0 pages left resident with no free slot; order 0 has no fallback,"
                    + " so fb%% is 0; unus = unusable%n");
            out.printf(Locale.ROOT, "free space index at order 0 when the phase ended: 1.000 only when no slot is"
                    + " free (as the kernel's unusable_free_index reads an empty zone), else 0.%n");
        } else {
            out.printf(Locale.ROOT, "fail = order-%d folios split with no slot for any page (counted in fb%% too);"
                    + " unus = unusable%n", k);
            out.printf(Locale.ROOT, "free space index at order %d when the phase ended (0: every free slot is in a"
                    + " free %s block).%n", k, RunResult.size(k));
        }
    }

    /**
     * The whole run at the workload's other large folio orders (a script may swap out several), a row per order,
     * per policy {@code fb%} and {@code fail} as in the phase table; nothing when there is one large order.
     */
    private static void otherOrders(final RunResult r, final PrintWriter out) {
        final int[] others = otherLargeOrders(r);
        if (others.length == 0 || r.runs().isEmpty()) {
            return;
        }
        out.println("the whole run at the other large folio orders:");
        final int n = r.runs().size();
        final TextTable t = policyColumns(r, "order", "fb%", "fail");
        for (final int o : others) {
            final String[] row = new String[1 + 2 * n];
            row[0] = o + " (" + RunResult.size(o) + ")";
            for (int p = 0; p < n; p++) {
                final Counters c = r.runs().get(p).totals();
                row[1 + 2 * p] = ratio(c.fallbackRatio(o));
                row[2 + 2 * p] = Long.toString(c.failed(o));
            }
            t.row(row);
        }
        t.print(out);
    }

    /**
     * Returns a table with a left-aligned first column and, per policy, the given columns under the policy's
     * name, its two header rows printed.
     */
    private static TextTable policyColumns(final RunResult r, final String first, final String... perPolicy) {
        final int n = r.runs().size();
        final int w = perPolicy.length;
        final TextTable t = new TextTable(1 + w * n).left(0);
        final String[] groups = new String[1 + n];
        final int[] span = new int[1 + n];
        final String[] sub = new String[1 + w * n];
        groups[0] = "";
        span[0] = 1;
        sub[0] = first;
        for (int p = 0; p < n; p++) {
            t.gap(1 + w * p, 2);
            groups[1 + p] = shownPolicy(r, r.runs().get(p));
            span[1 + p] = w;
            System.arraycopy(perPolicy, 0, sub, 1 + w * p, w);
        }
        return t.group(groups, span).row(sub);
    }

    /** The workload's large folio orders but the largest, largest first. */
    private static int[] otherLargeOrders(final RunResult r) {
        return Arrays.stream(r.orders()).skip(1).filter(o -> o > 0).toArray();
    }

    /**
     * Prints data mode's figures, a line or two per run and policy; nothing for runs without data.
     *
     * @param results the runs
     * @param out where to print
     */
    public static void dataSummary(final List<RunResult> results, final PrintWriter out) {
        final List<String> mismatches = new ArrayList<>();
        final List<String[]> rows = new ArrayList<>();
        DataStats shown = null;
        boolean zram = false;
        for (final RunResult r : results) {
            for (final PolicyRun run : r.runs()) {
                final DataStats d = run.data();
                if (d == null) {
                    continue;
                }
                shown = shown == null ? d : shown;
                final String who = (r.mode() == null ? "" : flags(r.mode()) + " ") + run.policy();
                final boolean mm = d.mmStat() != null;
                zram |= mm;
                rows.add(new String[] {who, Long.toString(d.pagesWritten()), Long.toString(d.writes()),
                    Long.toString(d.pagesRead()), Long.toString(d.reads()), Long.toString(d.pagesVerified()),
                    Long.toString(d.mismatches()),
                    mm ? String.format(Locale.ROOT, "%.3f", d.mmStat().compressionRatio()) : "",
                    mm ? Long.toString(d.mmStat().samePages()) : "", mm ? Long.toString(d.mmStat().hugePages()) : ""});
                if (d.firstMismatch() != null) {
                    mismatches.add(d.firstMismatch());
                }
            }
        }
        if (shown == null) {
            return;
        }
        out.printf(Locale.ROOT, "data: --device %s%s, %s%n", shown.device().label(),
                shown.algorithm() == null ? "" : " (" + shown.algorithm() + ")",
                shown.verified() ? "every page read back compared with what was written"
                        : "pages read back, not compared (--verify-data compares them)");
        final int columns = zram ? 10 : 7;
        final TextTable t = new TextTable(columns).left(0).gap(1, 2);
        t.row(Arrays.copyOf(new String[] {"policy", "pages out", "writes", "pages in", "reads", "verified", "wrong",
            "compr", "same", "huge"}, columns));
        rows.forEach(row -> t.row(Arrays.copyOf(row, columns)));
        t.print(out);
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
        out.printf(Locale.ROOT, "%s, %d iterations: fallback %% of %s (order %d) swap-outs; %s%n",
                UserInput.escape(first.workload()),
                measured, RunResult.size(k), k, setting(first));
        final TextTable t = new TextTable(2 + columns.size() + 5).left(0).left(1).gap(1, 2);
        final List<String> head = new ArrayList<>(List.of("mode", "policy"));
        columns.forEach(c -> head.add("it " + c));
        head.addAll(List.of("mean", "failed", "cmp%", "ext max", "ext mean"));
        t.row(head.toArray(String[]::new));
        for (final RunResult r : results) {
            for (final PolicyRun run : r.runs()) {
                final List<String> row = new ArrayList<>(List.of(r.mode() == null ? "-" : flags(r.mode()),
                        shownPolicy(r, run)));
                for (final int c : columns) {
                    row.add(ratio(run.phases().get(r.firstMeasured() + c - 1).counters().fallbackRatio(k)));
                }
                row.add(ratio(meanRatio(r, run, k)));
                row.add(Long.toString(run.totals().failedLarge()));
                final boolean compound = run.totals().descriptors() > 0;
                row.add(compound ? ratio(mean(r, run, c -> compoundRatio(c, k))) : "-");
                row.add(compound ? Integer.toString(run.totals().extentsMax()) : "-");
                row.add(compound ? String.format(Locale.ROOT, "%.2f", run.totals().extentsMean()) : "-");
                t.row(row.toArray(String[]::new));
            }
        }
        t.print(out);
        out.println("it N = fallback % in iteration N; mean = its mean over the iterations (the warm-up excluded);");
        out.println("failed = large folios split with no slot for any page (whole run; fallbacks too); cmp% = %");
        out.println("stored whole under a compound descriptor (swpout_compound), averaged as mean is; ext max,");
        out.println("ext mean = extents per compound descriptor (whole run); - = no compound descriptor.");
        out.println("fallback % = 100 x swpout_fallback / (swpout + swpout_compound + swpout_fallback).");
        out.println("mode = the C test's flags (--mode none, a, s, as): -a aligned 64 KiB swap-in, -s small-folio"
                + " region.");
        hypotheticalNote(results, out);
        swapInNote(results, out);
        dataSummary(results, out);
    }

    /**
     * Returns the policy's name as the tables show it: {@code legacy *} under folio swap-in, which the footnote
     * ({@link #hypotheticalNote}) calls hypothetical, else the name.
     *
     * @param r a run
     * @param run one of its policies' runs
     * @return the policy's name as the tables show it
     */
    static String shownPolicy(final RunResult r, final PolicyRun run) {
        return hypothetical(r, run) ? run.policy() + " *" : run.policy();
    }

    /** 6.10's allocator ({@code legacy}) with large-folio swap-in (6.12+): no kernel ever had both. */
    private static boolean hypothetical(final RunResult r, final PolicyRun run) {
        return r.swapIn() == SwapIn.FOLIO && run.policy().equals("legacy");
    }

    private static void hypotheticalNote(final List<RunResult> results, final PrintWriter out) {
        if (results.stream().anyMatch(r -> r.runs().stream().anyMatch(run -> hypothetical(r, run)))) {
            out.println("legacy * = hypothetical: 6.10's allocator with 6.12's folio swap-in, a pairing no kernel"
                    + " had.");
        }
    }

    /**
     * Under folio swap-in, says that the C program was written for, and published with, page-by-page swap-in,
     * and how to get that comparison: folio swap-in gives a folio's whole block back, so most policies read 0%.
     */
    private static void swapInNote(final List<RunResult> results, final PrintWriter out) {
        if (results.stream().noneMatch(r -> r.swapIn() == SwapIn.FOLIO && r.workload().equals("thp-swap-test"))) {
            return;
        }
        out.println("swap-in folio: a folio still wholly swapped out comes back whole (6.12+ on zram-like devices)");
        out.println("and frees its whole block again. The C test assumes page-by-page swap-in (\"we currently");
        out.println("don't support large folios swap-in\"), as did its published runs (kernels up to 6.11).");
        out.println("For the comparison the test was written for:  ./swaplayer simulate --swapin page");
    }

    /**
     * Returns {@code 100 * swpout_compound / (swpout + swpout_compound + swpout_fallback)} at an order, NaN when
     * nothing of that order was swapped out.
     */
    private static double compoundRatio(final Counters c, final int order) {
        final long all = c.swpout(order) + c.swpoutCompound(order) + c.swpoutFallback(order);
        return all == 0 ? Double.NaN : 100.0 * c.swpoutCompound(order) / all;
    }

    /**
     * Returns the mean of the per-phase fallback ratios at an order, the warm-up excluded.
     *
     * @param r a run
     * @param run one policy's run
     * @param order an order
     */
    public static double meanRatio(final RunResult r, final PolicyRun run, final int order) {
        return mean(r, run, c -> c.fallbackRatio(order));
    }

    /** Returns the mean of a per-phase figure over the phases where it is defined, the warm-up excluded. */
    private static double mean(final RunResult r, final PolicyRun run, final ToDoubleFunction<Counters> figure) {
        double sum = 0;
        int n = 0;
        for (int i = r.firstMeasured(); i < run.phases().size(); i++) {
            final double v = figure.applyAsDouble(run.phases().get(i).counters());
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
        final String name = UserInput.escape(r.workload()); // a script's file name, as the user gave it
        return r.mode() == null ? name : name + " " + flags(r.mode());
    }

    /** Returns a mode as the C program's flags: none, -a, -s, -as. */
    static String flags(final String mode) {
        return mode.equals("none") ? "none" : "-" + mode;
    }

    private static String setting(final RunResult r) {
        return "swap-in " + r.swapIn().label() + ", " + r.cpus() + (r.cpus() == 1 ? " CPU" : " CPUs")
                + (r.seed() == null ? "" : ", seed " + r.seed());
    }

    private static String ratio(final double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }
}
