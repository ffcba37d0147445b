package dev.swaplayer.bench;

import java.util.List;

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

    /** Returns "met", "not met" or "not measured". */
    public String verdict() {
        if (Double.isNaN(measured)) {
            return "not measured";
        }
        return (atLeast ? measured >= limit : measured <= limit) ? "met" : "not met";
    }

    /**
     * Returns every goal with its figure.
     *
     * @param r the results
     */
    public static List<Goal> all(final Results r) {
        final var t = Ratios.throughput(r);
        final var io = Ratios.io(r);
        return List.of(
                new Goal("memory.static_bytes_per_slot", "static metadata on an empty device, B/slot",
                        Ratios.staticBytesPerSlot(r), 0.1, false),
                new Goal("memory.bytes_per_used_slot", "metadata in total per used slot, B",
                        Ratios.bytesPerUsedSlot(r), 8, false),
                new Goal("throughput_ratio.buddy_vs_bitmap_order0", "buddy order 0 vs the bitmap lower bound",
                        t.get("buddy_vs_bitmap_order0"), 0.8, true),
                new Goal("throughput_ratio.buddy_vs_cluster_order0", "buddy vs the cluster model, order 0",
                        t.get("buddy_vs_cluster_order0"), 1.0, true),
                new Goal("throughput_ratio.buddy_vs_cluster_order4", "buddy vs the cluster model, order 4",
                        t.get("buddy_vs_cluster_order4"), 1.0, true),
                new Goal("throughput_ratio.buddy_vs_bestfit_order0",
                        "buddy (grouped placement) vs its best-fit variant, order 0", t.get("buddy_vs_bestfit_order0"),
                        0.9, true),
                new Goal("throughput_ratio.buddy_vs_bestfit_order4",
                        "buddy (grouped placement) vs its best-fit variant, order 4", t.get("buddy_vs_bestfit_order4"),
                        0.9, true),
                new Goal("throughput_ratio.compound_vs_cluster_order0", "compound vs the cluster model, order 0",
                        t.get("compound_vs_cluster_order0"), 1.0, true),
                new Goal("throughput_ratio.compound_vs_cluster_order4", "compound vs the cluster model, order 4",
                        t.get("compound_vs_cluster_order4"), 1.0, true),
                new Goal("throughput_ratio.buddy_vs_unlocked_order0",
                        "buddy with its locks vs without, one thread, order 0", t.get("buddy_vs_unlocked_order0"),
                        0.9, true),
                new Goal("throughput_ratio.buddy_vs_unlocked_order4",
                        "buddy with its locks vs without, one thread, order 4", t.get("buddy_vs_unlocked_order4"),
                        0.9, true),
                new Goal("throughput_ratio.buddy_vs_unlocked_mixed",
                        "buddy with its locks vs without, one thread, mixed orders", t.get("buddy_vs_unlocked_mixed"),
                        0.9, true),
                new Goal("throughput_ratio.cluster_vs_unlocked_order0",
                        "cluster model with its locks vs without, one thread, order 0",
                        t.get("cluster_vs_unlocked_order0"), 0.9, true),
                new Goal("throughput_ratio.cluster_vs_unlocked_order4",
                        "cluster model with its locks vs without, one thread, order 4",
                        t.get("cluster_vs_unlocked_order4"), 0.9, true),
                new Goal("throughput_ratio.cluster_vs_unlocked_mixed",
                        "cluster model with its locks vs without, one thread, mixed orders",
                        t.get("cluster_vs_unlocked_mixed"), 0.9, true),
                new Goal("scale.per_op_1tib_vs_1gib", "buddy allocate+free, half-full 1 TiB over 1 GiB",
                        Ratios.scale(r).get("per_op_1tib_vs_1gib"), 1.5, false),
                new Goal("check_states_per_s_vs_baseline", "check --depth 8 states/s vs before (6,800/s)",
                        Ratios.checkVsBaseline(r), 3.0, true),
                new Goal("file_swapout_vs_raw", "swap-out to a file vs raw FileChannel bandwidth",
                        io.get("file_swapout_vs_raw"), 0.7, true),
                new Goal("zstd_cpu_64k_vs_4k", "zstd compression CPU, 64K units vs 4K units",
                        io.get("zstd_cpu_64k_vs_4k"), 0.5, false));
    }
}
