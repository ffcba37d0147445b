package dev.swaplayer.bench;

import dev.swaplayer.spec.Geometry;
import java.nio.file.Path;
import java.util.function.IntToLongFunction;
import java.util.function.LongBinaryOperator;

/**
 * One side of {@link PairBench} (one thread) or {@link TwoThreadPairBench} (two threads sharing the allocator): an
 * allocator on the {@link AllocatorBench} device and stream, stepped in batches. Each instance is created in an
 * {@link IsolatingLoader} of its own, so its classes, and the JIT's code for them, are its own; the benchmark sees
 * it only as an {@link IntToLongFunction} or a {@link LongBinaryOperator} (JDK types, the same classes on both
 * sides).
 *
 * <p>Thread safety: each benchmark thread steps its own share of the live set ({@link Churn#victims}) with its own
 * cursor; the allocator is shared, and must be thread-safe when more than one thread steps it.
 */
public final class PairSide implements IntToLongFunction, LongBinaryOperator {
    private static final int VICTIMS = 1 << 16;
    /** Ints between two threads' cursors, so that they do not share a cache line. */
    private static final int PAD = 16;
    private final Churn churn;
    /** Thread 0's victims, for {@link #applyAsLong(int)}. */
    private final int[] victims;
    private int next;
    /** Each thread's victims, for {@link #applyAsLong(long, long)}. */
    private final int[][] shares;
    /** Each thread's cursor into its share, {@link #PAD} ints apart. */
    private final int[] cursors;

    /**
     * Builds the half-full device of {@link AllocatorBench}, with its seed, for one thread.
     *
     * @param policy a built-in policy or a {@link Baseline#key()}
     * @param stream a {@link Stream#key()}
     */
    public PairSide(final String policy, final String stream) {
        this(policy, stream, 1);
    }

    /**
     * Builds the half-full device of {@link AllocatorBench}, with its seed, for the given number of threads.
     *
     * @param policy a built-in policy or a {@link Baseline#key()}, thread-safe when {@code threads > 1}
     * @param stream a {@link Stream#key()}
     * @param threads how many threads step it, each its own share of the live set
     */
    public PairSide(final String policy, final String stream, final int threads) {
        final Geometry g = Geometry.builder(AllocatorBench.SLOTS).build();
        churn = Churn.prepare(BenchPolicies.of("").create(policy, g, threads), g.totalSlots() - g.reservedSlots(),
                Stream.of(stream), AllocatorBench.SEED);
        churn.allocator().bindThread(0);
        shares = new int[threads][];
        for (int t = 0; t < threads; t++) {
            shares[t] = churn.victims(t, threads, VICTIMS, AllocatorBench.SEED);
        }
        victims = shares[0];
        cursors = new int[threads * PAD];
    }

    /**
     * @param policy a built-in policy or a {@link Baseline#key()}
     * @param stream a {@link Stream#key()}
     * @param jar the bench jar of another build whose classes the side runs, or null for this build's
     * @return a one-thread side whose classes a new {@link IsolatingLoader} defined
     * @throws ReflectiveOperationException if the copy cannot be made (the jar lacks this class or its constructor)
     */
    static IntToLongFunction isolated(final String policy, final String stream, final Path jar)
            throws ReflectiveOperationException {
        final ClassLoader parent = PairSide.class.getClassLoader();
        final ClassLoader loader = jar == null ? new IsolatingLoader(parent) : IsolatingLoader.ofJar(parent, jar);
        final Class<?> side = Class.forName(PairSide.class.getName(), true, loader);
        assert side != PairSide.class : "the loader did not isolate " + side;
        return (IntToLongFunction) side.getConstructor(String.class, String.class).newInstance(policy, stream);
    }

    /**
     * @param policy a thread-safe built-in policy
     * @param stream a {@link Stream#key()}
     * @param threads how many threads step it
     * @return a side of this build whose classes a new {@link IsolatingLoader} defined
     * @throws ReflectiveOperationException if the copy cannot be made
     */
    static LongBinaryOperator isolatedShared(final String policy, final String stream, final int threads)
            throws ReflectiveOperationException {
        final Class<?> side = Class.forName(PairSide.class.getName(), true,
                new IsolatingLoader(PairSide.class.getClassLoader()));
        assert side != PairSide.class : "the loader did not isolate " + side;
        return (LongBinaryOperator) side.getConstructor(String.class, String.class, int.class).newInstance(policy,
                stream, threads);
    }

    /**
     * Runs steps on thread 0's share: each frees a live allocation and allocates one of the same order
     * ({@link Churn#step}).
     *
     * @param steps how many
     * @return the sum of the new handles, for the caller to consume
     */
    @Override
    public long applyAsLong(final int steps) {
        long sum = 0;
        for (int i = 0; i < steps; i++) {
            sum += churn.step(victims[next++ & (VICTIMS - 1)]);
        }
        return sum;
    }

    /**
     * Runs steps on one thread's share, on the simulated CPU of that index (the kernel models' per-CPU hints).
     *
     * @param thread the calling thread's index, 0..threads-1
     * @param steps how many
     * @return the sum of the new handles, for the caller to consume
     */
    @Override
    public long applyAsLong(final long thread, final long steps) {
        final int t = (int) thread;
        churn.allocator().bindThread(t);
        final int[] v = shares[t];
        int at = cursors[t * PAD];
        long sum = 0;
        for (int i = 0; i < steps; i++) {
            sum += churn.step(v[at++ & (VICTIMS - 1)]);
        }
        cursors[t * PAD] = at;
        return sum;
    }
}
