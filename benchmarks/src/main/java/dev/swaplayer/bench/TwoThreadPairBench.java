package dev.swaplayer.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongBinaryOperator;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Two policies compared in pairs with two threads sharing each allocator, as {@link AllocatorBench#twoThreads}
 * shares one ({@code buddy_vs_cluster}, {@code compound_vs_cluster}): the two-thread goals against the cluster
 * model. Both sides run in one JVM, each from its own class loader ({@link PairSide}). Time is cut into slices of
 * {@link #SLICE_NANOS}; in even slices both threads step the measured side, in odd ones the baseline, so the two
 * threads contend on the same allocator while the sides alternate faster than the machine's speed moves. Each
 * thread steps in batches of {@link #BATCH} and files a batch's time and steps under the side its slice named when
 * the batch began; a batch that runs into the next slice overlaps the other thread's first batch on the other
 * side, at most {@code BATCH} steps per slice boundary, a few percent of a slice.
 *
 * <p>Why pairs: the two-thread scores of separate forks moved 2.8× from one run to the next with the same code on
 * this machine (the second core is shared with JMH's own thread and the system); two slices 10 ms apart see the
 * same machine, so each fork's ratio of the two sides' throughputs cancels that. As in {@link PairBench}, the
 * primary score means nothing on its own; the secondary results carry the measurement.
 *
 * <p>Thread safety: JMH runs {@link #pair} on two threads; the sides are shared (each allocator thread-safe, each
 * thread its own share of the live set), the counters are per thread and JMH sums them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TwoThreadPairBench {
    /** Threads sharing each allocator. */
    public static final int THREADS = 2;
    /** Steps per batch: a tenth of a millisecond or so at two-thread speeds, far shorter than a slice. */
    public static final int BATCH = 256;
    /** The length of one side's turn. */
    public static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** The pair, {@code <measured>_vs_<baseline>}: one of {@link PairCost#AGAINST_CLUSTER}. */
    @Param({"buddy_vs_cluster", "compound_vs_cluster"})
    public String pair;

    /** The order stream, by {@link Stream#key()}. */
    @Param({"order0", "order4", "mixed"})
    public String stream;

    private LongBinaryOperator measured;
    private LongBinaryOperator baseline;

    /**
     * Builds both devices, each in its own class loader.
     *
     * @throws ReflectiveOperationException if a side cannot be loaded
     */
    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException {
        final PairBench.Sides sides = sides(pair);
        measured = PairSide.isolatedShared(sides.measured(), stream, THREADS);
        baseline = PairSide.isolatedShared(sides.baseline(), stream, THREADS);
    }

    /**
     * Returns the two sides of a two-thread pair.
     *
     * @param pair one of {@link PairCost#AGAINST_CLUSTER}: both sides thread-safe
     * @throws IllegalArgumentException for any other pair
     */
    static PairBench.Sides sides(final String pair) {
        if (!List.of(PairCost.AGAINST_CLUSTER).contains(pair)) {
            throw new IllegalArgumentException("pair: " + pair + " (expected: "
                    + String.join(", ", PairCost.AGAINST_CLUSTER) + ", whose sides are both thread-safe)");
        }
        return PairBench.sides(pair);
    }

    /**
     * One thread's time and steps on each side, summed over an iteration; JMH sums the two threads' and reports
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
        /** Steps on the measured side. */
        public long measuredSteps;
        /** Steps on the baseline side. */
        public long baselineSteps;
        private int thread;

        /**
         * Takes this thread's index: its share of each side's live set and its simulated CPU.
         *
         * @param params this thread's index
         */
        @Setup(Level.Trial)
        public void setUp(final ThreadParams params) {
            thread = params.getThreadIndex();
        }
    }

    /**
     * One batch on the side the current slice names.
     *
     * @param t this thread's times
     * @return the handles' sum (consumed by JMH)
     */
    @Benchmark
    @Threads(THREADS)
    public long pair(final Times t) {
        final long t0 = System.nanoTime();
        final boolean onMeasured = (t0 / SLICE_NANOS & 1) == 0;
        final long sum = (onMeasured ? measured : baseline).applyAsLong(t.thread, BATCH);
        final long elapsed = System.nanoTime() - t0;
        if (onMeasured) {
            t.measuredNanos += elapsed;
            t.measuredSteps += BATCH;
        } else {
            t.baselineNanos += elapsed;
            t.baselineSteps += BATCH;
        }
        return sum;
    }
}
