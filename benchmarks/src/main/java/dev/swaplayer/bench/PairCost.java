package dev.swaplayer.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * Runs {@link PairBench} and files, for each pair and stream, every fork's throughput of the measured side and of
 * the baseline side ({@link Results#putPair}), from which {@link Ratios#pairCost} makes the median ratio and its
 * interval.
 *
 * <p>Thread safety: stateless.
 */
final class PairCost {
    /** The locks' cost: each allocator with its locks against its unlocked twin, every stream. */
    static final String[] LOCKS = {"buddy_vs_unlocked", "cluster_vs_unlocked"};
    /** The grouped placement's cost: buddy against its best-fit variant, at the orders its goals name. */
    static final String[] PLACEMENT = {"buddy_vs_" + BenchPolicies.BESTFIT};
    /** The streams of {@link #PLACEMENT}. */
    static final String[] PLACEMENT_STREAMS = {"order0", "order4"};
    /** One thread's speed against the 6.12 cluster model, every stream: the one-thread goals against it. */
    static final String[] AGAINST_CLUSTER = {"buddy_vs_cluster", "compound_vs_cluster"};
    /** One thread's speed against the flat bitmap, the lower bound, at the order its goal names. */
    static final String[] AGAINST_BITMAP = {"buddy_vs_" + Baseline.BITMAP.key()};
    /** The streams of {@link #AGAINST_BITMAP}. */
    static final String[] AGAINST_BITMAP_STREAMS = {"order0"};

    /**
     * What a pair measures, which decides where the reports file it: the cost of the locks, the cost of the grouped
     * placement, or the speed against a baseline that a goal names.
     */
    enum Kind {
        /** {@link PairCost#LOCKS}: with the locks against without. */
        LOCKS("lock_cost"),
        /** {@link PairCost#PLACEMENT}: grouped placement against best fit. */
        PLACEMENT("placement_cost"),
        /**
         * {@link PairCost#AGAINST_CLUSTER} and {@link PairCost#AGAINST_BITMAP}: one policy against another, one
         * thread.
         */
        BASELINES("baseline_pairs"),
        /** {@link PairCost#AGAINST_CLUSTER} with two threads sharing each allocator ({@link TwoThreadPairBench}). */
        TWO_THREADS("two_thread_pairs");

        /** The JSON object that holds this kind's pairs. */
        final String jsonKey;

        Kind(final String jsonKey) {
            this.jsonKey = jsonKey;
        }

        /**
         * Returns the kind of a pair.
         *
         * @param name the pair as {@link PairBench#pair} names it, or filed with its stream ({@code <pair>_<stream>})
         */
        static Kind of(final String name) {
            if (name.contains(TWO_THREADS_TAG)) {
                return TWO_THREADS;
            }
            if (name.contains("_vs_unlocked")) {
                return LOCKS;
            }
            return name.contains("_vs_" + BenchPolicies.BESTFIT) ? PLACEMENT : BASELINES;
        }
    }

    /** Marks a two-thread pair's filed name: {@code <pair>_2t_<stream>}. */
    static final String TWO_THREADS_TAG = "_2t_";

    /** Returns every pair this build measures ({@link PairBench#pair} values), whatever its streams. */
    static List<String> known() {
        final List<String> all = new ArrayList<>();
        for (final String[] group : new String[][] {LOCKS, PLACEMENT, AGAINST_CLUSTER, AGAINST_BITMAP}) {
            all.addAll(List.of(group));
        }
        return all;
    }

    private PairCost() {
    }

    /**
     * Runs the given pairs on the given streams (every stream when none is named).
     *
     * @param plan the iteration plan; {@link Plan#pairForks()} forks per pair and stream
     * @param format where JMH's progress goes
     * @param results where the forks' throughputs go
     * @param pairs {@link PairBench#pair} values
     * @param streams {@link PairBench#stream} values, or none for all
     * @throws RunnerException when a benchmark fails
     */
    static void run(final Plan plan, final OutputFormat format, final Results results, final String[] pairs,
            final String... streams) throws RunnerException {
        final var builder = JmhRun.base(plan).include(JmhRun.method(PairBench.class, "pair"))
                .forks(plan.pairForks()).param("pair", pairs);
        final var options = (streams.length == 0 ? builder : builder.param("stream", streams)).build();
        file(new Runner(options, format).run(), results, "_", "steps", "steps", 1);
    }

    /**
     * Runs {@link TwoThreadPairBench} for the given pairs on every stream and files each fork's two-thread throughput
     * of both sides (steps over the time both threads spent on that side, times the thread count: ops/µs of the
     * allocator, as {@link AllocatorBench#twoThreads} reports) as {@code <pair>_2t_<stream>}.
     *
     * @param plan the iteration plan; {@link Plan#pairForks()} forks per pair and stream
     * @param format where JMH's progress goes
     * @param results where the forks' throughputs go
     * @param pairs {@link TwoThreadPairBench#pair} values
     * @throws RunnerException when a benchmark fails
     */
    static void runTwoThreads(final Plan plan, final OutputFormat format, final Results results,
            final String[] pairs) throws RunnerException {
        final var options = JmhRun.base(plan).include(JmhRun.method(TwoThreadPairBench.class, "pair"))
                .forks(plan.pairForks()).param("pair", pairs).build();
        file(new Runner(options, format).run(), results, TWO_THREADS_TAG, "measuredSteps", "baselineSteps",
                TwoThreadPairBench.THREADS);
    }

    /**
     * Files each run's forks as {@code <pair><tag><stream>}: each side's ops/µs, its steps over the time its threads
     * spent on it divided by the thread count (the threads ran side by side, each for its share).
     */
    private static void file(final Collection<RunResult> runs, final Results results, final String tag,
            final String measuredSteps, final String baselineSteps, final int threads) {
        for (final RunResult run : runs) {
            final List<Double> measured = new ArrayList<>();
            final List<Double> baseline = new ArrayList<>();
            for (final BenchmarkResult fork : run.getBenchmarkResults()) {
                final var aux = fork.getSecondaryResults(); // JMH declares it with the raw Result
                measured.add(aux.get(measuredSteps).getScore() / (aux.get("measuredNanos").getScore() / threads / 1e3));
                baseline.add(aux.get(baselineSteps).getScore() / (aux.get("baselineNanos").getScore() / threads / 1e3));
            }
            results.putPair(run.getParams().getParam("pair") + tag + run.getParams().getParam("stream"),
                    toArray(measured), toArray(baseline));
        }
    }

    private static double[] toArray(final List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
