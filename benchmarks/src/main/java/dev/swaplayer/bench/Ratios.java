package dev.swaplayer.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ratios the report and the JSON give, each a score over a baseline measured in the same run. A
 * throughput ratio above 1 means faster than the baseline; a CPU ratio below 1 means cheaper.
 *
 * <p>Thread safety: stateless.
 */
public final class Ratios {
    private Ratios() {
    }

    /**
     * Returns {@code throughput_ratio} entries by name (NaN when a side was not measured): the ratios the goals
     * name from pairs ({@link PairBench}, {@link TwoThreadPairBench}: the median over forks, {@link PairEstimate}),
     * since separate forks of one build differ by more than the goals' margins; the bitmap on two threads and the
     * cluster model against 6.10's from separate {@link AllocatorBench} forks.
     *
     * @param r the results
     */
    public static Map<String, Double> throughput(final Results r) {
        final Map<String, Double> m = new LinkedHashMap<>();
        final Map<String, PairEstimate> pairs = pairCost(r);
        // in pairs (PairBench, TwoThreadPairBench): each fork's two sides on the same machine
        m.put("buddy_vs_bitmap_order0", paired(pairs, "buddy_vs_bitmap_order0"));
        for (final String s : new String[] {"order0", "order4", "mixed"}) {
            m.put("buddy_vs_cluster_" + s, paired(pairs, "buddy_vs_cluster_" + s));
            m.put("compound_vs_cluster_" + s, paired(pairs, "compound_vs_cluster_" + s));
        }
        m.put("buddy_vs_bitmap_order0_2t", alloc(r, "buddy", "order0", "bitmap", "2t"));
        for (final String s : new String[] {"order0", "order4", "mixed"}) {
            for (final String p : new String[] {"buddy", "compound"}) {
                m.put(p + "_vs_cluster_" + s + "_2t", paired(pairs, p + "_vs_cluster" + PairCost.TWO_THREADS_TAG + s));
            }
        }
        for (final String s : new String[] {"order0", "order4", "mixed"}) {
            m.put("cluster_vs_legacy_" + s, alloc(r, "cluster", s, "legacy", "1t"));
        }
        for (final String s : PairCost.PLACEMENT_STREAMS) {
            // what the grouped placement costs: the same allocator with the original best-fit rule, in pairs
            m.put("buddy_vs_bestfit_" + s, paired(pairs, "buddy_vs_" + BenchPolicies.BESTFIT + "_" + s));
        }
        for (final String s : new String[] {"order0", "order4", "mixed"}) {
            // the cost of thread safety: the same allocator with and without its locks, one thread, in pairs
            for (final String p : new String[] {"buddy", "cluster"}) {
                m.put(p + "_vs_unlocked_" + s, paired(pairs, p + "_vs_unlocked_" + s));
            }
        }
        return m;
    }

    /** A pair's ratio ({@link PairEstimate#ratio()}), NaN when the run did not measure it. */
    private static double paired(final Map<String, PairEstimate> pairs, final String name) {
        final PairEstimate x = pairs.get(name);
        return x == null ? Double.NaN : x.ratio();
    }

    /**
     * Returns each pair's ratio ({@link PairBench}, {@link TwoThreadPairBench}) by the name it was filed under
     * ({@code buddy_vs_unlocked_order0}, {@code buddy_vs_cluster_2t_order4}), with the measured policy's
     * {@link AllocatorBench} score in the same run with the pair's thread count for its factor.
     *
     * @param r the results
     */
    public static Map<String, PairEstimate> pairCost(final Results r) {
        final Map<String, PairEstimate> m = new LinkedHashMap<>();
        r.pairs().forEach((name, sides) -> {
            final String threads = PairCost.Kind.of(name) == PairCost.Kind.TWO_THREADS ? "2t" : "1t";
            final Score solo = r.score(allocKey(pairPolicy(name), pairStream(name), threads));
            m.put(name, PairEstimate.of(MedianRatio.ofPairs(sides[0], sides[1]),
                    solo == null ? Double.NaN : solo.score()));
        });
        return m;
    }

    /** The measured policy of a pair filed as {@code <pair>_<stream>} ({@link PairCost}): before {@code _vs_}. */
    static String pairPolicy(final String name) {
        return name.substring(0, name.indexOf("_vs_"));
    }

    /** The stream of a pair filed as {@code <pair>_<stream>} ({@link PairCost}): after the last underscore. */
    static String pairStream(final String name) {
        return name.substring(name.lastIndexOf('_') + 1);
    }

    private static double alloc(final Results r, final String policy, final String stream, final String base,
            final String threads) {
        return r.ratio(allocKey(policy, stream, threads), allocKey(base, stream, threads));
    }

    /**
     * Returns the score key.
     *
     * @param policy a policy key
     * @param stream a stream key
     * @param threads {@code 1t} or {@code 2t}
     */
    public static String allocKey(final String policy, final String stream, final String threads) {
        return "alloc." + policy + "." + stream + "." + threads;
    }

    /**
     * Returns the swap and compression ratios by name: {@code file_swapout_vs_raw} and the like.
     *
     * @param r the results
     */
    public static Map<String, Double> io(final Results r) {
        final Map<String, Double> m = new LinkedHashMap<>();
        m.put("file_swapout_vs_raw", r.ratio("swap.swapOut", "swap.rawWrite"));
        m.put("file_swapin_vs_raw", r.ratio("swap.swapIn", "swap.rawRead"));
        m.put("raw_pagewrites_vs_raw", r.ratio("swap.rawWritePages", "swap.rawWrite"));
        for (final String a : new String[] {"zstd", "lz4"}) {
            // CPU per byte at 64K over CPU per byte at 4K = throughput at 4K over throughput at 64K.
            m.put(a + "_cpu_64k_vs_4k", r.ratio("compress." + a + ".4096.compress",
                    "compress." + a + ".65536.compress"));
            m.put(a + "_decompress_cpu_64k_vs_4k", r.ratio("compress." + a + ".4096.decompress",
                    "compress." + a + ".65536.decompress"));
        }
        return m;
    }

    /**
     * Returns the scale ratios by name.
     *
     * @param r the results
     * @return the scale ratios by name: {@code per_op_1tib_vs_1gib} (buddy's time per allocate+free on a
     *     half-full 1 TiB device over the same on 1 GiB; 1 is flat) and the same for the cluster model and the
     *     flat bitmap ({@code cluster_per_op_1tib_vs_1gib}, {@code bitmap_per_op_1tib_vs_1gib}); NaN when not
     *     measured
     */
    public static Map<String, Double> scale(final Results r) {
        final Map<String, Double> m = new LinkedHashMap<>();
        m.put("per_op_1tib_vs_1gib", perOpGrowth(r, "buddy"));
        m.put("cluster_per_op_1tib_vs_1gib", perOpGrowth(r, "cluster"));
        m.put("bitmap_per_op_1tib_vs_1gib", perOpGrowth(r, "bitmap"));
        return m;
    }

    private static double perOpGrowth(final Results r, final String policy) {
        final ScaleRow large = r.scalePoint(policy, 1L << ScaleRun.LOG2_SLOTS);
        final ScaleRow small = r.scalePoint(policy, 1L << ScaleRun.CURVE[0]);
        return large == null || small == null ? Double.NaN : large.perOpNanos() / small.perOpNanos();
    }

    /**
     * Returns one whole simulated {@code thp_swap_allocator_test} run's time with the compound allocator over the same
     * with buddy ({@code simulate_ms}, both measured in this run): what the compound descriptors cost a whole
     * workload. The pairs' figure ({@link SimulatorPair}: both policies in each fork, the median over forks) when
     * the run made them; otherwise the ratio of JMH's single-shot scores from separate forks.
     *
     * @param r the results
     * @return compound's milliseconds over buddy's; NaN when either was not measured
     */
    public static double simulateCompoundOverBuddy(final Results r) {
        final MedianRatio pair = r.simulatePair();
        return pair != null ? pair.ratio() : r.ratio("simulate.compound", "simulate.buddy");
    }

    /**
     * Returns {@code ./swaplayer check --depth 8}'s states per second over the baseline measured before the.
     *
     * @param r the results
     * @return {@code ./swaplayer check --depth 8}'s states per second over the baseline measured before the
     *     checker was made faster ({@link CheckRate#BASELINE_STATES_PER_S}); NaN when not measured
     */
    public static double checkVsBaseline(final Results r) {
        final Number n = r.check().get("states_per_s");
        return n == null ? Double.NaN : n.doubleValue() / CheckRate.BASELINE_STATES_PER_S;
    }

    /**
     * Returns the buddy allocator's static heap bytes per slot on an empty device: the larger of the two devices'
     * figures; NaN when not measured.
     *
     * @param r the results
     * @return that figure
     */
    public static double staticBytesPerSlot(final Results r) {
        double worst = Double.NaN;
        for (final MemoryRow row : r.memory()) {
            if (row.policy().equals("buddy") && row.use() == 0) {
                worst = Double.isNaN(worst) ? row.bytesPerSlot() : Math.max(worst, row.bytesPerSlot());
            }
        }
        return worst;
    }

    /**
     * Returns the buddy allocator's heap bytes (static and dynamic together) per slot in use: the largest over both
     * devices at 25%, 50% and 100% use; NaN when not measured.
     *
     * @param r the results
     */
    public static double bytesPerUsedSlot(final Results r) {
        double worst = Double.NaN;
        for (final MemoryRow row : r.memory()) {
            if (row.policy().equals("buddy") && row.usedSlots() > 0) {
                worst = Double.isNaN(worst) ? row.bytesPerUsedSlot() : Math.max(worst, row.bytesPerUsedSlot());
            }
        }
        return worst;
    }
}
