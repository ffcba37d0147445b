package dev.swaplayer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A performance goal (throughput, memory, scale, or the locks' cost on one thread), with the figure this run measured
 * for it.
 *
 * <p>Thread safety: immutable.
 *
 * @param key the JSON key of the measured figure
 * @param text the goal in words
 * @param measured the figure, NaN when not measured
 * @param limit the bound
 * @param atLeast whether the figure must be at least the bound (else at most)
 */
public record Goal(String key, String text, double measured, double limit, boolean atLeast) {
    /** The allocate+free streams of the throughput benchmarks. */
    private static final String[] STREAMS = {"order0", "order4", "mixed"};
    /** Buddy and compound against the cluster model, one thread: a fifth faster. */
    private static final double ONE_THREAD_BOUND = 1.2;
    /** The same with two threads sharing one allocator: at least as fast. */
    private static final double TWO_THREAD_BOUND = 1.0;
    /** Buddy at order 0 against the flat bitmap, which does nothing but flip bits: a quarter of its speed. */
    private static final double BITMAP_BOUND = 0.25;
    /** What the locks may cost one thread, and what the grouped placement may cost against best fit. */
    private static final double LOCK_AND_PLACEMENT_BOUND = 0.9;

    /** Returns "met", "not met" or "not measured". */
    public String verdict() {
        if (Double.isNaN(measured)) {
            return "not measured";
        }
        return (atLeast ? measured >= limit : measured <= limit) ? "met" : "not met";
    }

    /**
     * Returns the verdict as a report prints it: {@link #verdict()}, prefixed with "indicative: " when measured in a
     * {@code --quick} run, whose one short fork cannot decide a goal.
     *
     * @param indicative whether the figure comes from a {@code --quick} run
     */
    public String verdict(final boolean indicative) {
        return indicative && !Double.isNaN(measured) ? "indicative: " + verdict() : verdict();
    }

    /**
     * Returns every goal with its figure.
     *
     * @param r the results
     */
    public static List<Goal> all(final Results r) {
        final var t = Ratios.throughput(r);
        final var io = Ratios.io(r);
        final List<Goal> g = new ArrayList<>();
        g.add(new Goal("memory.static_bytes_per_slot", "static metadata on an empty device, B/slot",
                Ratios.staticBytesPerSlot(r), 0.1, false));
        g.add(new Goal("memory.bytes_per_used_slot", "metadata in total per used slot, B",
                Ratios.bytesPerUsedSlot(r), 8, false));
        g.add(new Goal("throughput_ratio.buddy_vs_bitmap_order0", "buddy order 0 vs the bitmap lower bound",
                t.get("buddy_vs_bitmap_order0"), BITMAP_BOUND, true));
        againstCluster(g, t);
        for (final String s : new String[] {"order0", "order4"}) {
            g.add(new Goal("throughput_ratio.buddy_vs_bestfit_" + s,
                    "buddy (grouped placement) vs its best-fit variant, " + words(s),
                    t.get("buddy_vs_bestfit_" + s), LOCK_AND_PLACEMENT_BOUND, true));
        }
        for (final String p : new String[] {"buddy", "cluster"}) {
            final String who = p.equals("buddy") ? "buddy" : "cluster model";
            for (final String s : STREAMS) {
                g.add(new Goal("throughput_ratio." + p + "_vs_unlocked_" + s,
                        who + " with its locks vs without, one thread, " + words(s),
                        t.get(p + "_vs_unlocked_" + s), LOCK_AND_PLACEMENT_BOUND, true));
            }
        }
        g.add(new Goal("simulate_ms.compound_vs_buddy", "simulate: compound's time over buddy's",
                Ratios.simulateCompoundOverBuddy(r), 2.0, false));
        g.add(new Goal("scale.per_op_1tib_vs_1gib", "buddy allocate+free, half-full 1 TiB over 1 GiB",
                Ratios.scale(r).get("per_op_1tib_vs_1gib"), 1.5, false));
        g.add(new Goal("check_states_per_s_vs_baseline", "check --depth 8 states/s vs before (6,800/s)",
                Ratios.checkVsBaseline(r), 3.0, true));
        g.add(new Goal("file_swapout_vs_raw", "swap-out to a file vs raw FileChannel bandwidth",
                io.get("file_swapout_vs_raw"), 0.7, true));
        g.add(new Goal("zstd_cpu_64k_vs_4k", "zstd compression CPU, 64K units vs 4K units",
                io.get("zstd_cpu_64k_vs_4k"), 0.5, false));
        return List.copyOf(g);
    }

    /**
     * The buddy and compound allocators against the 6.12 cluster model on the same stream: faster by a fifth on one
     * thread (buddy in all three streams, compound at orders 0 and 4), at least as fast on two.
     */
    private static void againstCluster(final List<Goal> g, final Map<String, Double> t) {
        for (final String suffix : new String[] {"", "_2t"}) {
            final double bound = suffix.isEmpty() ? ONE_THREAD_BOUND : TWO_THREAD_BOUND;
            final String threads = suffix.isEmpty() ? "one thread" : "two threads";
            for (final String p : new String[] {"buddy", "compound"}) {
                for (final String s : STREAMS) {
                    if (p.equals("compound") && s.equals("mixed")) {
                        continue;
                    }
                    final String key = p + "_vs_cluster_" + s + suffix;
                    g.add(new Goal("throughput_ratio." + key,
                            p + " vs the cluster model, " + words(s) + ", " + threads, t.get(key), bound, true));
                }
            }
        }
    }

    private static String words(final String stream) {
        return switch (stream) {
            case "order0" -> "order 0";
            case "order4" -> "order 4";
            default -> "mixed orders";
        };
    }
}
