package dev.swaplayer.bench;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.Fault;
import dev.swaplayer.kernel.ClusterAllocator;
import dev.swaplayer.kernel.LegacyAllocator;
import dev.swaplayer.spec.Geometry;
import java.util.Locale;

/**
 * The allocation policies the benchmarks compare, by the names {@code ./swaplayer simulate} uses, plus the
 * flat-bitmap lower bound.
 *
 * <p>Thread safety: immutable.
 */
public enum Policy {
    /** {@link FlatBitmap} (one thread) or {@link AtomicFlatBitmap} (more): the lower bound. */
    BITMAP(true),
    /** {@link BuddyAllocator#allocate}/{@code free}. */
    BUDDY(true),
    /** {@link BuddyAllocator#allocateFolio}/{@code freeFolioPages}: contiguous first, else a compound descriptor. */
    COMPOUND(true),
    /** The model of the 6.12 cluster allocator ({@link ClusterAllocator}), one simulated CPU per thread. */
    CLUSTER(true),
    /** The model of the 6.10 allocator ({@link LegacyAllocator}); single-threaded by design (see the class). */
    LEGACY(false),
    /**
     * {@link BuddyAllocator} built with {@link Fault#NO_LOCKS}: the same code with every lock skipped, the
     * sequential version against which the cost of thread safety is measured. One thread only.
     */
    BUDDY_UNLOCKED(false),
    /** {@link ClusterAllocator#withoutLocks}: the cluster model's sequential version. One thread only. */
    CLUSTER_UNLOCKED(false);

    private final boolean threadSafe;

    Policy(final boolean threadSafe) {
        this.threadSafe = threadSafe;
    }

    /** @return whether one instance may be driven by several threads */
    public boolean threadSafe() {
        return threadSafe;
    }

    /** @return the lower-case name used in parameters, tables and JSON keys */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param key a name as {@link #key()} prints it
     * @return the policy
     * @throws IllegalArgumentException for an unknown name
     */
    public static Policy of(final String key) {
        for (final Policy p : values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("policy: " + key + " (expected: bitmap, buddy, compound, cluster, legacy, buddy_unlocked, cluster_unlocked)");
    }

    /**
     * @param geometry the device (the bitmap uses only its size)
     * @param threads how many threads will drive it
     * @return a fresh allocator of an empty device
     * @throws IllegalArgumentException for more than one thread on a policy that is not thread-safe
     */
    public BenchAllocator create(final Geometry geometry, final int threads) {
        if (threads > 1 && !threadSafe) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: 1 for " + key()
                    + ", which is not thread-safe)");
        }
        switch (this) {
            case BITMAP:
                return threads == 1 ? Adapters.bitmap(geometry.totalSlots())
                        : Adapters.atomicBitmap(geometry.totalSlots());
            case BUDDY:
                return Adapters.buddy(new BuddyAllocator(0, geometry));
            case COMPOUND:
                return Adapters.compound(new BuddyAllocator(0, geometry));
            case CLUSTER:
                return Adapters.kernel(new ClusterAllocator(0, geometry, threads));
            case LEGACY:
                return Adapters.kernel(new LegacyAllocator(0, geometry, threads));
            case BUDDY_UNLOCKED:
                return Adapters.buddy(BuddyAllocator.withFault(0, geometry, Fault.NO_LOCKS));
            case CLUSTER_UNLOCKED:
                return Adapters.kernel(ClusterAllocator.withoutLocks(0, geometry));
            default:
                throw new AssertionError(this);
        }
    }
}
