package dev.swaplayer.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Two allocators compared in pairs: the allocator with its locks and the same allocator without them
 * ({@code buddy_vs_unlocked}: {@code buddy} against {@code buddy_unlocked}), the buddy allocator's grouped placement
 * against its best-fit variant ({@code buddy_vs_bestfit}), a policy against the baseline a one-thread goal names
 * ({@code buddy_vs_cluster}, {@code compound_vs_cluster}, {@code buddy_vs_bitmap}), or one policy of this build against
 * the same policy of another build ({@code buddy_vs_buddy@old.jar}, {@code ./swaplayer bench --against old.jar}). Both
 * sides run side by side in one JVM, in alternating batches of {@link #BATCH} {@link AllocatorBench} steps, each
 * timed. The primary score (pairs of batches per µs) means nothing on its own; the secondary results carry the
 * measurement. Each side's classes come from an {@link IsolatingLoader} of its own, so the JIT compiles each side
 * as it would in a JVM of its own.
 *
 * <p>Why pairs: on a shared machine the speed available to one thread moves by 10–30% from one second to the
 * next, and one fork's JIT decisions move a score by as much again; the differences measured here are smaller
 * than either. Two batches a few milliseconds apart see the same machine, so each fork's ratio (the first side's
 * time over the second side's, for the same steps on the same device state) cancels the machine's drift. The
 * JIT's per-fork luck remains, which {@link PairCost} handles with many forks and a median.
 *
 * <p>Thread safety: one benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PairBench {
    /**
     * The default steps per batch, a fraction of a millisecond: the sides alternate faster than the machine's
     * speed moves. Longer batches gave the same ratio (1024, 8192 and 65536 steps: 0.99, 0.98 and 0.97) and no
     * more speed, so switching sides costs little.
     */
    public static final int BATCH = 1024;

    /** Steps per batch ({@link #BATCH} unless a run asks otherwise, to check that the switch is amortized). */
    @Param({"" + BATCH})
    public int batch;

    /**
     * The pair, {@code <measured>_vs_<baseline>}: the baseline {@code unlocked} names the measured policy's
     * unlocked twin, {@code <measured>_unlocked}; {@code <measured>@<jar>} the same policy as another build's bench
     * jar has it (this build against that one); any other baseline is a policy or the bitmap. Each is one of
     * {@link PairCost#known()} or such a jar pair.
     */
    @Param({"buddy_vs_unlocked", "cluster_vs_unlocked", "buddy_vs_bestfit", "buddy_vs_cluster", "compound_vs_cluster",
        "buddy_vs_bitmap"})
    public String pair;

    /** The order stream, by {@link Stream#key()}. */
    @Param({"order0", "order4", "mixed"})
    public String stream;

    private IntToLongFunction measured;
    private IntToLongFunction baseline;
    private boolean measuredFirst;

    /**
     * Builds both devices, each in its own class loader.
     *
     * @throws ReflectiveOperationException if a side cannot be loaded
     */
    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException {
        final Sides sides = sides(pair);
        measured = PairSide.isolated(sides.measured(), stream, null);
        baseline = PairSide.isolated(sides.baseline(), stream, sides.baselineJar());
    }

    /**
     * The two sides of a pair.
     *
     * @param measured the measured policy, from this build
     * @param baseline the baseline policy
     * @param baselineJar the bench jar of the build the baseline comes from, or null for this build
     */
    record Sides(String measured, String baseline, Path baselineJar) {
    }

    /**
     * Returns the two sides of a pair.
     *
     * @param pair one of {@link PairCost#known()} ({@code <measured>_vs_<baseline>}, the baseline {@code unlocked}
     *     naming the measured policy's unlocked twin), or {@code <policy>_vs_<policy>@<jar>} for any policy
     * @throws IllegalArgumentException for any other pair
     */
    static Sides sides(final String pair) {
        final String[] s = pair.split("_vs_", 2);
        final int at = s.length == 2 ? s[1].indexOf('@') : -1;
        if (at >= 0 && s[1].substring(0, at).equals(s[0]) && !s[0].isEmpty() && at + 1 < s[1].length()) {
            return new Sides(s[0], s[0], Path.of(s[1].substring(at + 1)));
        }
        if (!PairCost.known().contains(pair)) {
            throw new IllegalArgumentException("pair: " + pair + " (expected: " + String.join(", ", PairCost.known())
                    + ", or P_vs_P@JAR for a policy P and another build's bench jar)");
        }
        return new Sides(s[0], s[1].equals("unlocked") ? s[0] + "_unlocked" : s[1], null);
    }

    /**
     * The time each side spent, in nanoseconds, and the steps each ran, summed over an iteration; JMH reports
     * each public field as a secondary result.
     *
     * <p>Thread safety: one per benchmark thread.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Times {
        /** Nanoseconds in the measured side's batches. */
        public long measuredNanos;
        /** Nanoseconds in the baseline side's batches. */
        public long baselineNanos;
        /** Steps per side. */
        public long steps;
    }

    /**
     * One batch on each side, the side that goes first alternating between calls.
     *
     * @param t where the times go
     * @return the handles' sum (consumed by JMH)
     */
    @Benchmark
    @Threads(1)
    public long pair(final Times t) {
        measuredFirst = !measuredFirst;
        final IntToLongFunction first = measuredFirst ? measured : baseline;
        final IntToLongFunction second = measuredFirst ? baseline : measured;
        final long t0 = System.nanoTime();
        long sum = first.applyAsLong(batch);
        final long t1 = System.nanoTime();
        sum += second.applyAsLong(batch);
        final long t2 = System.nanoTime();
        t.measuredNanos += measuredFirst ? t1 - t0 : t2 - t1;
        t.baselineNanos += measuredFirst ? t2 - t1 : t1 - t0;
        t.steps += batch;
        return sum;
    }
}
