package dev.swaplayer.bench;

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
 * What the locks cost one thread, measured in pairs: the allocator with its locks and the same allocator
 * without them ({@code buddy_unlocked}, {@code cluster_unlocked}) run side by side in one JVM, in alternating
 * batches of {@link #BATCH} {@link AllocatorBench} steps, each timed. The primary score (pairs of batches per
 * µs) means nothing on its own; the secondary results carry the measurement. Each side's classes come from an
 * {@link IsolatingLoader} of its own, so the JIT compiles each side as it would in a JVM of its own.
 *
 * <p>Why pairs: on a shared machine the speed available to one thread moves by 10–30% from one second to the
 * next, and one fork's JIT decisions move a score by as much again; the locks cost less than either. Two
 * batches a few milliseconds apart see the same machine, so each fork's ratio (the locked side's time over
 * the unlocked side's, for the same steps on the same device state) cancels the machine's drift. The JIT's
 * per-fork luck remains, which {@link LockCost} handles with many forks and a median.
 *
 * <p>Thread safety: one benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LockPairBench {
    /**
     * The default steps per batch, a fraction of a millisecond: the sides alternate faster than the machine's
     * speed moves. Longer batches gave the same ratio (1024, 8192 and 65536 steps: 0.99, 0.98 and 0.97) and no
     * more speed, so switching sides costs little.
     */
    public static final int BATCH = 1024;

    /** Steps per batch ({@link #BATCH} unless a run asks otherwise, to check that the switch is amortized). */
    @Param({"" + BATCH})
    public int batch;

    /** The locked policy; its unlocked twin is {@code <policy>_unlocked}. */
    @Param({"buddy", "cluster"})
    public String policy;

    /** The order stream, by {@link Stream#key()}. */
    @Param({"order0", "order4", "mixed"})
    public String stream;

    private IntToLongFunction locked;
    private IntToLongFunction unlocked;
    private boolean lockedFirst;

    /**
     * Builds both devices, each in its own class loader.
     *
     * @throws ReflectiveOperationException if a side cannot be loaded
     */
    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException {
        if (!policy.equals("buddy") && !policy.equals("cluster")) {
            throw new IllegalArgumentException("policy: " + policy + " (expected: buddy or cluster)");
        }
        locked = LockSide.isolated(policy, stream);
        unlocked = LockSide.isolated(policy + "_unlocked", stream);
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
        /** Nanoseconds in the locked side's batches. */
        public long lockedNanos;
        /** Nanoseconds in the unlocked side's batches. */
        public long unlockedNanos;
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
        lockedFirst = !lockedFirst;
        final IntToLongFunction first = lockedFirst ? locked : unlocked;
        final IntToLongFunction second = lockedFirst ? unlocked : locked;
        final long t0 = System.nanoTime();
        long sum = first.applyAsLong(batch);
        final long t1 = System.nanoTime();
        sum += second.applyAsLong(batch);
        final long t2 = System.nanoTime();
        t.lockedNanos += lockedFirst ? t1 - t0 : t2 - t1;
        t.unlockedNanos += lockedFirst ? t2 - t1 : t1 - t0;
        t.steps += batch;
        return sum;
    }
}
