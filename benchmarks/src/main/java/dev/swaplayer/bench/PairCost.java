package dev.swaplayer.bench;

import java.util.ArrayList;
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
        for (final RunResult run : new Runner(options, format).run()) {
            final List<Double> measured = new ArrayList<>();
            final List<Double> baseline = new ArrayList<>();
            for (final BenchmarkResult fork : run.getBenchmarkResults()) {
                final var aux = fork.getSecondaryResults(); // JMH declares it with the raw Result
                final double steps = aux.get("steps").getScore();
                measured.add(steps / (aux.get("measuredNanos").getScore() / 1e3)); // ops/µs
                baseline.add(steps / (aux.get("baselineNanos").getScore() / 1e3));
            }
            results.putPair(run.getParams().getParam("pair") + "_" + run.getParams().getParam("stream"),
                    toArray(measured), toArray(baseline));
        }
    }

    private static double[] toArray(final List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
