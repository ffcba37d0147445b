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
 * @param lockRounds rounds of {@link LockCost}: each runs one fork of every policy with a lock-free twin
 *     ({@link Policy#lockPair()}), one thread. Their scores differ by a few percent, less than one fork's JIT
 *     luck moves them, so they get many forks and a median
 * @param lockIterations measured iterations per {@link LockCost} fork: iterations of one fork agree within a
 *     few percent, so forks, not iterations, narrow the interval
 */
public record Plan(int forks, int warmups, int warmupMillis, int iterations, int iterationMillis, int lockRounds,
        int lockIterations) {
    /** For {@code --quick}. */
    public static final Plan QUICK = new Plan(1, 1, 400, 2, 300, 1, 2);
    /** The default. */
    public static final Plan FULL = new Plan(2, 2, 1000, 4, 1000, 16, 2);

    /** @return the settings in words, for the report */
    public String describe() {
        return String.format(Locale.ROOT, "%d fork(s) × (%d × %d ms warm-up + %d × %d ms measured), throughput mode,"
                + " forks with -Xms1g -Xmx1g; the one-thread runs of buddy, cluster and their"
                + " unlocked builds: %d single-fork rounds of each build in turn, %d measured iterations per fork,"
                + " median of the forks", forks, warmups, warmupMillis, iterations, iterationMillis, lockRounds,
                lockIterations);
    }
}
