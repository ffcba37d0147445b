package dev.swaplayer.bench;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * Runs {@link LockPairBench} and files, for each allocator and stream, every fork's throughput of the locked
 * side and of the unlocked side ({@link Results#putLockPair}), from which {@link Ratios#lockCost} makes the
 * median ratio and its interval.
 *
 * <p>Thread safety: stateless.
 */
final class LockCost {
    private LockCost() {
    }

    /**
     * @param plan the iteration plan; {@link Plan#lockForks()} forks per allocator and stream
     * @param format where JMH's progress goes
     * @param results where the forks' throughputs go
     * @throws RunnerException when a benchmark fails
     */
    static void run(final Plan plan, final OutputFormat format, final Results results) throws RunnerException {
        final var options = JmhRun.base(plan).include(JmhRun.method(LockPairBench.class, "pair"))
                .forks(plan.lockForks()).build();
        for (final RunResult run : new Runner(options, format).run()) {
            final List<Double> locked = new ArrayList<>();
            final List<Double> unlocked = new ArrayList<>();
            for (final BenchmarkResult fork : run.getBenchmarkResults()) {
                final var aux = fork.getSecondaryResults(); // JMH declares it with the raw Result
                final double steps = aux.get("steps").getScore();
                locked.add(steps / (aux.get("lockedNanos").getScore() / 1e3)); // ops/µs
                unlocked.add(steps / (aux.get("unlockedNanos").getScore() / 1e3));
            }
            results.putLockPair(run.getParams().getParam("policy") + "_vs_unlocked_"
                    + run.getParams().getParam("stream"), toArray(locked), toArray(unlocked));
        }
    }

    private static double[] toArray(final List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
