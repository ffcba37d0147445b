package dev.swaplayer.bench;

import java.util.Locale;

/**
 * How long JMH measures: the quick plan (a smoke-level run, under 3 minutes on 2 cores) or the full one.
 *
 * <p>Thread safety: immutable.
 *
 * @param forks JVM forks per benchmark
 * @param warmups warm-up iterations per fork
 * @param warmupMillis length of one warm-up iteration
 * @param iterations measured iterations per fork
 * @param iterationMillis length of one measured iteration
 * @param pairForks forks of {@link PairBench} (one thread against the baselines, the locks' and the placement's
 *     cost): each fork gives one ratio, and
 *     its JIT decisions move that ratio more than its iterations do, so the pairs get more forks and a median
 */
public record Plan(int forks, int warmups, int warmupMillis, int iterations, int iterationMillis, int pairForks) {
    /** For {@code --quick}. */
    public static final Plan QUICK = new Plan(1, 1, 400, 2, 300, 1);
    /** The default. */
    public static final Plan FULL = new Plan(2, 2, 1000, 4, 1000, 10);

    /** Returns the settings in words, for the report. */
    public String describe() {
        return String.format(Locale.ROOT, "%d fork(s) × (%d × %d ms warm-up + %d × %d ms measured), throughput mode,"
                + " forks with -Xms1g -Xmx1g; %d forks of each pair (against the baselines, locks, placement)", forks,
                warmups, warmupMillis, iterations, iterationMillis, pairForks);
    }
}
