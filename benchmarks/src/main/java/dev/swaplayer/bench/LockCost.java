package dev.swaplayer.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * Measures what thread safety costs one thread: {@link AllocatorBench#oneThread} for each allocator with its
 * locks and without ({@link Policy#lockPair()}), in single-fork JMH runs, round after round: each round runs
 * one fork of every build (buddy, cluster, buddy_unlocked, cluster_unlocked), so that a drift of the machine
 * during the run falls on both sides of each ratio. Each key's score is the median of its forks
 * ({@link MedianRatio} says why), and its fork scores are kept for the interval.
 *
 * <p>Thread safety: stateless.
 */
final class LockCost {
    private LockCost() {
    }

    /**
     * @param plan the iteration plan; {@link Plan#lockRounds()} forks per policy and stream
     * @param format where JMH's progress goes
     * @param log where the round counter goes
     * @param results where the scores go
     * @throws RunnerException when a benchmark fails
     */
    static void run(final Plan plan, final OutputFormat format, final PrintStream log, final Results results) throws RunnerException {
        final Map<String, List<Double>> forks = new LinkedHashMap<>();
        final Map<String, List<Double>> fails = new LinkedHashMap<>();
        String unit = "ops/us";
        for (int round = 1; round <= plan.lockRounds(); round++) {
            for (final Policy p : Policy.values()) {
                if (!p.lockPair()) {
                    continue;
                }
                log.printf("# lock cost: round %d of %d, %s%n", round, plan.lockRounds(), p.key());
                final var options = JmhRun.base(plan).include(JmhRun.method(AllocatorBench.class, "oneThread"))
                        .param("policy", p.key()).forks(1).measurementIterations(plan.lockIterations()).build();
                for (final RunResult run : new Runner(options, format).run()) {
                    final String key = Ratios.allocKey(p.key(), run.getParams().getParam("stream"), "1t");
                    forks.computeIfAbsent(key, k -> new ArrayList<>()).add(run.getPrimaryResult().getScore());
                    unit = run.getPrimaryResult().getScoreUnit();
                    final Result<?> f = run.getSecondaryResults().get("fails");
                    fails.computeIfAbsent(key, k -> new ArrayList<>()).add(f == null ? 0 : f.getScore());
                }
            }
        }
        for (final Map.Entry<String, List<Double>> e : forks.entrySet()) {
            results.putForks(e.getKey(), toArray(e.getValue()), unit);
            results.put(e.getKey() + ".fails", new Score(MedianRatio.median(toArray(fails.get(e.getKey()))),
                    Double.NaN, unit));
        }
    }

    private static double[] toArray(final List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
