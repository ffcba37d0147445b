package dev.swaplayer.bench;

import dev.swaplayer.spec.Geometry;
import java.nio.file.Path;
import java.util.function.IntToLongFunction;

/**
 * One side of {@link PairBench}: an allocator on the {@link AllocatorBench} device and stream, stepped in
 * batches. Each instance is created in an {@link IsolatingLoader} of its own, so its classes, and the JIT's
 * code for them, are its own; the benchmark sees it only as an {@link IntToLongFunction} (a JDK type, the same
 * class on both sides).
 *
 * <p>Thread safety: confined to the benchmark thread.
 */
public final class PairSide implements IntToLongFunction {
    private static final int VICTIMS = 1 << 16;
    private final Churn churn;
    private final int[] victims;
    private int next;

    /**
     * Builds the half-full device of {@link AllocatorBench}, with its seed.
     *
     * @param policy a built-in policy or a {@link Baseline#key()}
     * @param stream a {@link Stream#key()}
     */
    public PairSide(final String policy, final String stream) {
        final Geometry g = Geometry.builder(AllocatorBench.SLOTS).build();
        churn = Churn.prepare(BenchPolicies.of("").create(policy, g, 1), g.totalSlots() - g.reservedSlots(),
                Stream.of(stream), AllocatorBench.SEED);
        churn.allocator().bindThread(0);
        victims = churn.victims(0, 1, VICTIMS, AllocatorBench.SEED);
    }

    /**
     * @param policy a built-in policy or a {@link Baseline#key()}
     * @param stream a {@link Stream#key()}
     * @param jar the bench jar of another build whose classes the side runs, or null for this build's
     * @return a side whose classes a new {@link IsolatingLoader} defined
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
     * Runs steps: each frees a live allocation and allocates one of the same order ({@link Churn#step}).
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
}
