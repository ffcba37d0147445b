package dev.swaplayer.bench;

import dev.swaplayer.spec.Geometry;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Allocate + free throughput of each policy on a 1 GiB device (2^18 slots, clusters of 512) kept half full:
 * one operation frees one live allocation and allocates one of the same order ({@link Churn}).
 *
 * <p>Thread safety: JMH runs {@link #oneThread} on one thread and {@link #twoThreads} on two that share one
 * allocator, each with its own half of the live set (thread i on simulated CPU i for the kernel models). The
 * setup fills the device from JMH's setup thread before either starts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AllocatorBench {
    /** Slots of the benchmarked device: 1 GiB of 4 KiB pages. */
    public static final long SLOTS = 1L << 18;
    /** The seed of every fill pattern and victim sequence. */
    public static final long SEED = 20_261_126L;
    private static final int VICTIMS = 1 << 16;

    /** The policy (a registered name) or baseline ({@link Baseline#key()}). */
    @Param({"bitmap", "buddy", "compound", "cluster", "legacy", "buddy_unlocked", "cluster_unlocked"})
    public String policy;

    /** Plug-in jars for {@link #policy}, as {@link BenchPolicies#jarsParam} joined them; "" for none. */
    @Param({""})
    public String jars;

    /** The order stream, by {@link Stream#key()}. */
    @Param({"order0", "order4", "mixed"})
    public String stream;

    private Churn churn;

    /**
     * Builds the half-full device once per fork.
     *
     * @param params the benchmark's parameters (thread count)
     */
    @Setup(Level.Trial)
    public void setUp(final BenchmarkParams params) {
        final Geometry g = Geometry.builder(SLOTS).build();
        final int threads = params.getThreads();
        churn = Churn.prepare(BenchPolicies.of(jars).create(policy, g, threads), g.totalSlots() - g.reservedSlots(),
                Stream.of(stream), SEED);
    }

    /**
     * One thread's position in its victim sequence, and how many of its allocations failed.
     *
     * <p>Thread safety: one per benchmark thread. JMH reports each public field as a secondary result, a rate in the
     * primary unit.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Cursor {
        /** Allocations that returned NONE. */
        public long fails;
        private int[] victims;
        private int next;

        /**
         * Takes this thread's share of the trial's state.
         *
         * @param bench the shared state
         * @param thread this thread's index and the thread count
         */
        @Setup(Level.Trial)
        public void setUp(final AllocatorBench bench, final ThreadParams thread) {
            bench.churn.allocator().bindThread(thread.getThreadIndex());
            victims = bench.churn.victims(thread.getThreadIndex(), thread.getThreadCount(), VICTIMS, SEED);
        }
    }

    private long step(final Cursor c) {
        final long h = churn.step(c.victims[c.next++ & (VICTIMS - 1)]);
        if (h == BenchAllocator.NONE) {
            c.fails++;
        }
        return h;
    }

    /**
     * Returns the new handle (consumed by JMH).
     *
     * @param c this thread's cursor
     */
    @Benchmark
    @Threads(1)
    public long oneThread(final Cursor c) {
        return step(c);
    }

    /**
     * Returns the new handle (consumed by JMH).
     *
     * @param c this thread's cursor
     */
    @Benchmark
    @Threads(2)
    public long twoThreads(final Cursor c) {
        return step(c);
    }
}
