package dev.swaplayer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders {@code docs/PERFORMANCE.md} from one run's results: how the run was made, then tables of ratios
 * against the baselines measured in the same run, the goals, memory and scale. A hand-written analysis
 * between {@link #NOTES_BEGIN} and {@link #NOTES_END} in the previous file is carried over unchanged.
 *
 * <p>Thread safety: stateless.
 */
public final class MarkdownReport {
    /** Marks the start of the hand-written part that a rewrite keeps. */
    public static final String NOTES_BEGIN = "<!-- analysis:begin (kept when ./swaplayer bench rewrites this file) -->";
    /** Marks its end. */
    public static final String NOTES_END = "<!-- analysis:end -->";
    private static final String[] STREAMS = {"order0", "order4", "mixed"};
    /** The allocator table's rows; plug-in policies measured with {@code --jar} follow, by name. */
    private static final List<String> POLICIES = List.of("bitmap", "buddy", "compound", "cluster", "legacy");
    /** What a report of a {@code --quick} run says first. */
    static final String QUICK_WARNING = "> **A quick run (`--quick`): every figure below is indicative only.**"
            + " Each benchmark ran one short fork with a short warm-up, and separate forks of one build differ by"
            + " 10–30% on a small shared machine, more than the goals' margins: no verdict below decides a goal, and"
            + " the figures do not compare with a full run's. Run `./swaplayer bench` without `--quick` for those."
            + " Any hand-written analysis at the end was kept from the file this report replaced and does not"
            + " describe these figures.";
    /** MiB/s per 64 KiB op/ms. */
    private static final double MIB_PER_S = 1000.0 / 16;

    private MarkdownReport() {
    }

    /**
     * Returns the hand-written part of it, markers included, or a placeholder.
     *
     * @param previous the file's current text, or null
     */
    public static String keptNotes(final String previous) {
        if (previous != null) {
            final int b = previous.indexOf(NOTES_BEGIN);
            final int e = previous.indexOf(NOTES_END);
            if (b >= 0 && e > b) {
                return previous.substring(b, e + NOTES_END.length());
            }
        }
        return NOTES_BEGIN + "\n(No analysis yet.)\n" + NOTES_END;
    }

    /**
     * Returns the whole file.
     *
     * @param r the results
     * @param notes the hand-written part, as {@link #keptNotes} returns it
     */
    public static String render(final Results r, final String notes) {
        final StringBuilder b = new StringBuilder();
        header(b, r.environment(), r.quick());
        goals(b, r);
        allocation(b, r);
        againstBaselines(b, r);
        twoThreadPairs(b, r);
        lockCost(b, r);
        placementCost(b, r);
        simulation(b, r);
        swap(b, r);
        compression(b, r);
        memory(b, r);
        scale(b, r);
        check(b, r);
        if (!r.notes().isEmpty()) {
            b.append("## Run notes\n\n");
            r.notes().forEach(n -> b.append("* ").append(n).append('\n'));
            b.append('\n');
        }
        b.append("## Analysis\n\n").append(notes).append('\n');
        return b.toString();
    }

    /**
     * The title, for a {@code --quick} run the warning that its figures are indicative only, then how the run was
     * made.
     *
     * @param b where to write
     * @param e where and how the run was made
     * @param quick whether it was a {@code --quick} run
     */
    private static void header(final StringBuilder b, final Environment e, final boolean quick) {
        b.append("# Performance, memory and scale\n\n");
        if (quick) {
            b.append(QUICK_WARNING).append("\n\n");
        }
        b.append("This file is written by `./swaplayer bench` (`java -jar benchmarks/target/swaplayer-bench.jar`);"
                + " every figure below comes from the run described here. Throughputs are compared only as ratios"
                + " against baselines measured in the same run: the machine is small and shared, so absolute"
                + " times do not carry over.\n\n");
        b.append("| | |\n|---|---|\n");
        row(b, "command", "`" + e.command() + "`");
        row(b, "date", e.date());
        row(b, "machine", e.cpu() + ", " + e.cores() + " cores, " + e.memory());
        row(b, "OS", e.os());
        row(b, "JVM", e.jvm());
        row(b, "JMH", e.settings());
        row(b, "memory image", e.image());
        b.append('\n');
    }

    private static void row(final StringBuilder b, final String k, final String v) {
        b.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    private static void goals(final StringBuilder b, final Results r) {
        b.append("""
                ## Goals (throughput, memory and scale; the locks' cost on one thread)

                | goal | JSON key | measured | bound | verdict |
                |---|---|---|---|---|
                """);
        for (final Goal g : Goal.all(r)) {
            b.append("| ").append(g.text()).append(" | `").append(g.key()).append("` | ").append(num(g.measured()))
                    .append(" | ").append(g.atLeast() ? "≥ " : "≤ ").append(num(g.limit())).append(" | ")
                    .append(g.verdict(r.quick())).append(" |\n");
        }
        b.append('\n');
    }

    private static void allocation(final StringBuilder b, final Results r) {
        b.append("## Allocate + free throughput\n\n");
        b.append("A 1 GiB device (2^18 slots, clusters of 512), about half full with a seeded fragmented pattern;"
                + " one operation frees a live allocation and allocates one of the same order. `mixed` is half"
                + " order 0, a quarter order 2, a quarter order 4. Two threads share one allocator. Ratios are"
                + " against the flat bitmap (the lower bound) and the 6.12 cluster model, same stream and thread"
                + " count, each score from separate forks; the goals use the paired ratios of the next two sections"
                + " instead. `fails` is the share of allocations that returned NONE.\n\n");
        for (final String t : new String[] {"1t", "2t"}) {
            b.append("### ").append(t.equals("1t") ? "One thread" : "Two threads").append("\n\n");
            b.append("""
                    | stream | policy | ops/µs | ± | vs bitmap | vs cluster | fails |
                    |---|---|---|---|---|---|---|
                    """);
            for (final String s : STREAMS) {
                for (final String p : allocPolicies(r)) {
                    final Score sc = r.score(Ratios.allocKey(p, s, t));
                    if (sc == null) {
                        continue;
                    }
                    final Score fails = r.score(Ratios.allocKey(p, s, t) + ".fails");
                    b.append("| ").append(s).append(" | ").append(p).append(" | ").append(num(sc.score()))
                            .append(" | ").append(num(sc.error())).append(" | ")
                            .append(ratio(r.ratio(Ratios.allocKey(p, s, t), Ratios.allocKey("bitmap", s, t))))
                            .append(" | ")
                            .append(ratio(r.ratio(Ratios.allocKey(p, s, t), Ratios.allocKey("cluster", s, t))))
                            .append(" | ").append(fails == null ? "–" : pct(fails.score() / sc.score()))
                            .append(" |\n");
                }
            }
            b.append('\n');
        }
    }

    /**
     * Returns {@link #POLICIES}, then every other policy with an allocator score (the plug-ins of {@code --jar}), by
     * name; never a {@link Baseline} but the bitmap.
     */
    static List<String> allocPolicies(final Results r) {
        final List<String> out = new ArrayList<>(POLICIES);
        r.scores().keySet().stream().filter(k -> k.startsWith("alloc.")).map(k -> k.split("\\.", -1)[1])
                .filter(p -> !out.contains(p) && Baseline.of(p) == null).distinct().sorted().forEach(out::add);
        return out;
    }

    private static void againstBaselines(final StringBuilder b, final Results r) {
        pairSection(b, r, PairCost.Kind.BASELINES, "One thread against the cluster model and the bitmap, in pairs",
                "The one-thread goals against the 6.12 cluster model and the flat bitmap use these ratios, not the"
                + " columns of the table above: separate forks of one build differ by 10–30% on this machine, more"
                + " than the goals' margins. `PairBench` runs both policies in one JVM, each from its own class"
                + " loader (so the JIT compiles each on its own), in alternating batches of " + PairBench.BATCH
                + " steps on the device and stream above, each timed; each fork gives one ratio, the paired ratio is"
                + " the median over forks and the interval a 95% percentile bootstrap of that median (forks resampled "
                + MedianRatio.RESAMPLES + " times, seeded; at least 3 forks). The goals use the paired ratio as"
                + " measured. `alone / paired` is the measured policy's one-thread score above over its median in"
                + " the pair: the sides usually run slower in a pair, by a share that does not shrink with longer"
                + " batches, and the factor moves with the separate forks' luck, so it is reported and not applied"
                + " (`PairEstimate`).");
    }

    private static void twoThreadPairs(final StringBuilder b, final Results r) {
        pairSection(b, r, PairCost.Kind.TWO_THREADS, "Two threads against the cluster model, in pairs",
                "The two-thread goals use these ratios, not the columns of the two-thread table above, whose scores"
                + " moved 2.8× between runs of the same code. `TwoThreadPairBench`: both policies in one JVM, each"
                + " from its own class loader, two threads sharing each allocator as above; time is cut into slices"
                + " of " + TwoThreadPairBench.SLICE_NANOS / 1_000_000 + " ms, in which both threads step the same side"
                + " in batches of " + TwoThreadPairBench.BATCH + " steps, the measured side in even slices and the"
                + " baseline in odd ones. A side's throughput is its steps over the time both threads spent on it"
                + " (ops/µs of the allocator); median over forks and interval as for one thread, `alone / paired`"
                + " from the two-thread score above.");
    }

    private static void lockCost(final StringBuilder b, final Results r) {
        pairSection(b, r, PairCost.Kind.LOCKS, "The locks' cost: one thread, with and without them, in pairs",
                "`PairBench`: the same allocator with its locks and without them (`buddy_unlocked`,"
                + " `cluster_unlocked`: every lock skipped), one thread, on the device and stream above. Both run in"
                + " one JVM, each from its own class loader (so the JIT compiles each on its own), in alternating"
                + " batches of " + PairBench.BATCH + " steps, each timed: the two sides see the same machine,"
                + " and each fork gives one ratio. The paired ratio is the median over forks; the interval is a 95%"
                + " percentile bootstrap of that median (forks resampled " + MedianRatio.RESAMPLES + " times,"
                + " seeded) and needs at least 3 forks. The goals use the paired ratio; `alone / paired` is the"
                + " locked build's one-thread score above over its median in the pair, reported and not applied"
                + " (see the pairs against the cluster model above).");
    }

    private static void placementCost(final StringBuilder b, final Results r) {
        pairSection(b, r, PairCost.Kind.PLACEMENT,
                "The grouped placement's cost: buddy against its best-fit variant, in pairs",
                "The same `PairBench` measurement as the locks' cost above, with `buddy` (grouped placement) as the"
                + " measured side and `bestfit` (the same allocator with the original best-fit rule) as the baseline;"
                + " the goals `buddy_vs_bestfit_*` use the paired ratio. The two one-thread scores in the"
                + " allocation table come from separate forks, whose JIT luck alone moves them by 10–20%.");
    }

    /** A section of one kind of pair: its title, what the pairs measure, and their table; nothing without them. */
    private static void pairSection(final StringBuilder b, final Results r, final PairCost.Kind kind,
            final String title, final String text) {
        final Map<String, PairEstimate> m = pairs(r, kind);
        if (m.isEmpty()) {
            return;
        }
        b.append("## ").append(title).append("\n\n").append(text).append("\n\n");
        pairTable(b, m);
    }

    private static Map<String, PairEstimate> pairs(final Results r, final PairCost.Kind kind) {
        final Map<String, PairEstimate> m = new LinkedHashMap<>();
        Ratios.pairCost(r).forEach((name, e) -> {
            if (PairCost.Kind.of(name) == kind) {
                m.put(name, e);
            }
        });
        return m;
    }

    private static void pairTable(final StringBuilder b, final Map<String, PairEstimate> m) {
        b.append("| pair | measured ops/µs | baseline ops/µs | paired ratio | 95% interval | alone / paired | forks |"
                + "\n|---|---|---|---|---|---|---|\n");
        m.forEach((name, e) -> b.append("| ").append(name).append(" | ")
                .append(num(MedianRatio.median(e.pair().numerator()))).append(" | ")
                .append(num(MedianRatio.median(e.pair().denominator()))).append(" | ").append(ratio(e.ratio()))
                .append(" | ").append(interval(e.pair().forks(), e.low(), e.high())).append(" | ")
                .append(num(e.factor())).append(" | ").append(e.pair().forks()).append(" |\n"));
        b.append('\n');
    }

    /** Returns an interval as {@code [0.88×, 0.97×]}, or a dash with fewer than 3 forks. */
    static String interval(final int forks, final double low, final double high) {
        return forks < 3 ? "–" : "[" + ratio(low) + ", " + ratio(high) + "]";
    }

    private static void simulation(final StringBuilder b, final Results r) {
        b.append("## Simulator: thp_swap_allocator_test, one policy\n\n");
        b.append("One whole run of the kernel's test as `./swaplayer simulate --mode none --swapin page --policy P`"
                + " runs it (100 iterations, seed 1), without the JVM start; JMH single-shot time. The simulator"
                + " target is at most 2 s per policy.\n\n");
        b.append("| policy | ms | ± | time vs buddy | ≤ 2 s |\n|---|---|---|---|---|\n");
        for (final String p : SimulatorBench.POLICIES) {
            final Score s = r.score("simulate." + p);
            if (s != null) {
                b.append("| ").append(p).append(" | ").append(num(s.score())).append(" | ").append(num(s.error()))
                        .append(" | ").append(ratio(r.ratio("simulate." + p, "simulate.buddy"))).append(" | ")
                        .append(s.score() <= 2000 ? "yes" : "no").append(" |\n");
            }
        }
        b.append('\n');
        final MedianRatio pair = r.simulatePair();
        if (pair != null) {
            b.append("The goal `simulate_ms.compound_vs_buddy` is measured in pairs (`SimulatorPair`), not from the"
                    + " column above: each fork (").append(pair.forks()).append(" in this run) runs compound's and"
                    + " buddy's simulation in turn, several times each (" + SimulatorPair.RUNS + " in a full run), the"
                    + " first third warm-up, and gives the ratio of the two medians (wall time, collector pauses"
                    + " included); the goal is the median over forks, with a 95% bootstrap interval as for the"
                    + " allocator pairs. JMH's single shots above come from separate forks, each policy after one"
                    + " warm-up run, so their ratio carries each fork's JIT state.\n\n");
            b.append("| compound over buddy | 95% interval | forks | compound ms, median over forks | buddy ms |\n");
            b.append("|---|---|---|---|---|\n");
            b.append("| **").append(ratio(pair.ratio())).append("** | ")
                    .append(interval(pair.forks(), pair.low(), pair.high())).append(" | ").append(pair.forks())
                    .append(" | ").append(num(MedianRatio.median(pair.numerator()))).append(" | ")
                    .append(num(MedianRatio.median(pair.denominator()))).append(" |\n\n");
        }
    }

    private static void swap(final StringBuilder b, final Results r) {
        b.append("## Swap path: 64 KiB folios to a file\n\n");
        b.append("`SwapSpace` over a `FileSwapDevice` of 64 MiB, against raw `FileChannel` I/O of the same bytes to"
                + " a file of the same size (both in the page cache, so this is CPU cost). `rawWritePages` writes"
                + " the same bytes as 16 page writes, the device's own I/O pattern.\n\n");
        b.append("| operation | MiB/s | ± | vs raw |\n|---|---|---|---|\n");
        swapRow(b, r, "swapOut", "rawWrite");
        swapRow(b, r, "rawWritePages", "rawWrite");
        swapRow(b, r, "rawWrite", "rawWrite");
        swapRow(b, r, "swapIn", "rawRead");
        swapRow(b, r, "rawRead", "rawRead");
        b.append('\n');
    }

    private static void swapRow(final StringBuilder b, final Results r, final String op, final String base) {
        final Score s = r.score("swap." + op);
        if (s != null) {
            b.append("| ").append(op).append(" | ").append(num(s.score() * MIB_PER_S)).append(" | ")
                    .append(num(s.error() * MIB_PER_S)).append(" | ")
                    .append(ratio(r.ratio("swap." + op, "swap." + base))).append(" |\n");
        }
    }

    private static void compression(final StringBuilder b, final Results r) {
        b.append("## Compressed device: 4 KiB and 64 KiB units\n\n");
        b.append("`CompressedRamDevice` storing the memory image named above in 64 KiB steps: 16 page writes"
                + " (reads) at 4 KiB units, one `writeUnit` (`readUnit`) at 64 KiB. CPU 64K/4K is the CPU per byte at"
                + " 64 KiB units over that at 4 KiB units (below 1: cheaper).\n\n");
        b.append("| algorithm | unit | compress MiB/s | decompress MiB/s |\n|---|---|---|---|\n");
        for (final String a : new String[] {"lz4", "zstd"}) {
            for (final String u : new String[] {"4096", "65536"}) {
                final Score c = r.score("compress." + a + "." + u + ".compress");
                final Score d = r.score("compress." + a + "." + u + ".decompress");
                if (c != null || d != null) {
                    b.append("| ").append(a).append(" | ").append(u.equals("4096") ? "4K" : "64K").append(" | ")
                            .append(c == null ? "–" : num(c.score() * MIB_PER_S)).append(" | ")
                            .append(d == null ? "–" : num(d.score() * MIB_PER_S)).append(" |\n");
                }
            }
        }
        b.append("\n| ratio | value |\n|---|---|\n");
        for (final Map.Entry<String, Double> e : Ratios.io(r).entrySet()) {
            b.append("| `").append(e.getKey()).append("` | ").append(ratio(e.getValue())).append(" |\n");
        }
        b.append('\n');
    }

    private static void memory(final StringBuilder b, final Results r) {
        b.append("## Memory: heap bytes of the allocator's metadata\n\n");
        b.append("JOL `GraphLayout.parseInstance(allocator).totalSize()`, mixed-order fill with churn. \"B/slot\" is"
                + " over every slot of the device; \"B/used slot\" over the slots in use. The kernel, for"
                + " comparison (Chris Li, virtual swap space v3 thread, 2026-02): 3 B static + 8 B dynamic per slot"
                + " before 7.0, 2–10 B per page after; vswap v3/v6 keeps a 24 B descriptor per used entry.\n\n");
        b.append("| device | policy | 0%: B/slot | 25%: B/used slot | 50%: B/used slot | 100%: B/used slot |"
                + " 100%: B/slot |\n|---|---|---|---|---|---|---|\n");
        final List<MemoryRow> rows = r.memory();
        for (final MemoryRow first : rows) {
            if (first.use() != 0) {
                continue;
            }
            b.append("| ").append(gib(first.slots())).append(" | ").append(first.policy()).append(" | ")
                    .append(num(first.bytesPerSlot()));
            MemoryRow full = null;
            for (final double use : new double[] {0.25, 0.5, 1.0}) {
                final MemoryRow m = find(rows, first, use);
                b.append(" | ").append(m == null ? "–" : num(m.bytesPerUsedSlot()));
                full = use == 1.0 ? m : full;
            }
            b.append(" | ").append(full == null ? "–" : num(full.bytesPerSlot())).append(" |\n");
        }
        b.append('\n');
    }

    private static MemoryRow find(final List<MemoryRow> rows, final MemoryRow like, final double use) {
        for (final MemoryRow m : rows) {
            if (m.policy().equals(like.policy()) && m.slots() == like.slots() && m.use() == use) {
                return m;
            }
        }
        return null;
    }

    private static String gib(final long slots) {
        final long bytes = slots * 4096;
        return bytes >= 1L << 40 ? (bytes >> 40) + " TiB" : (bytes >> 30) + " GiB";
    }

    private static void scale(final StringBuilder b, final Results r) {
        if (!r.scaleCurve().isEmpty()) {
            b.append("## Scale: 1 GiB to 1 TiB, half full, in a JVM with -Xmx2g\n\n");
            b.append("`ScaleRun`, one JVM per policy, the devices in this order: create, fill to 50% with the mixed"
                    + " stream, then the allocator benchmarks' step (free a random live allocation, allocate one of"
                    + " the same order) untimed in rounds of " + ScaleRun.TIMED_STEPS / ScaleRun.ROUNDS + " for at"
                    + " least " + ScaleRun.WARMUP_CPU_MS + " ms of CPU time (the JIT's compilations land), then "
                    + ScaleRun.TIMED_STEPS + " times timed in " + ScaleRun.ROUNDS + " rounds (the figure is the median"
                    + " round, the quickest and slowest in brackets), then free everything. The same seeded order"
                    + " stream on every device. Metadata is"
                    + " the live heap after the fill (after a full GC, less the JVM's own) without the run's own 9 B"
                    + " per allocation; the peak is the sum of the heap pools' peaks (an upper bound, bookkeeping"
                    + " included). The step's time is the main thread's CPU time. The bitmap's step is a few word"
                    + " operations: its growth is what the caches and the run's own random access to its live set"
                    + " cost every policy. Goal: `scale.per_op_1tib_vs_1gib` (buddy) at most 1.5.\n\n");
            b.append("""
                    | device | policy | ns per allocate+free | vs 1 GiB | fill ms | metadata | peak heap | fails |
                    |---|---|---|---|---|---|---|---|
                    """);
            for (final ScaleRow row : r.scaleCurve()) {
                final ScaleRow base = r.scalePoint(row.policy(), 1L << ScaleRun.CURVE[0]);
                b.append("| ").append(gib(row.slots())).append(" | ").append(row.policy()).append(" | ")
                        .append(num(row.perOpNanos())).append(" (").append(num(row.perOpMinNanos())).append("–")
                        .append(num(row.perOpMaxNanos())).append(") | ")
                        .append(ratio(base == null ? Double.NaN : row.perOpNanos() / base.perOpNanos()))
                        .append(" | ").append(num(row.fillMillis())).append(" | ")
                                .append(mib((double) row.metadataBytes()))
                        .append(" | ").append(mib((double) row.peakHeapBytes())).append(" | ").append(row.fails())
                        .append(" |\n");
            }
            b.append('\n');
            Ratios.scale(r).forEach((k, v) -> b.append("* `scale.").append(k).append("`: ").append(ratio(v))
                    .append('\n'));
            b.append('\n');
        }
        if (r.scale().isEmpty()) {
            return;
        }
        b.append("## Scale: a 1 TiB device (2^28 slots), buddy, in a JVM with -Xmx2g\n\n");
        b.append("The 1 TiB point of the curve above in detail. Heap figures are the live heap after"
                + " a full GC, less the JVM's own before the point. The run keeps 9 B per allocation of its own"
                + " (handle and order) to churn and free them, included in the heap after the fill and given as"
                + " `bookkeeping_bytes`.\n\n| figure | value |\n|---|---|\n");
        r.scale().forEach((k, v) -> b.append("| ").append(k).append(" | ").append(k.endsWith("_bytes")
                ? mib(v.doubleValue()) : num(v.doubleValue())).append(" |\n"));
        b.append('\n');
    }

    private static void check(final StringBuilder b, final Results r) {
        if (r.check().isEmpty()) {
            return;
        }
        b.append("## Exhaustive checker: ./swaplayer check --depth ").append(CheckRate.DEPTH).append("\n\n");
        b.append("`CheckRate`: one exploration as `./swaplayer check --depth ").append(CheckRate.DEPTH)
                .append("` runs it (default device), timed by the explorer, in a JVM of its own. The baseline, "
                        + num(CheckRate.BASELINE_STATES_PER_S) + " states/s, was measured before the checker was"
                        + " made faster (see the analysis). Goal: at least 3× the baseline.\n\n"
                        + "| figure | value |\n|---|---|\n");
        r.check().forEach((k, v) -> b.append("| ").append(k).append(" | ").append(num(v.doubleValue())).append(" |\n"));
        b.append("| check_states_per_s_vs_baseline | ").append(ratio(Ratios.checkVsBaseline(r))).append(" |\n\n");
    }

    private static String mib(final double bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1 << 20));
    }

    static String num(final double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        final double a = Math.abs(v);
        if (a != 0 && (a < 0.01 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.3f", v);
    }

    static String ratio(final double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f×", v);
    }

    private static String pct(final double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
