package dev.swaplayer.bench;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.kernel.ClusterAllocator;
import dev.swaplayer.spec.Geometry;
import java.util.Locale;

/**
 * The benchmarks' baselines: what the allocation policies are measured against, never policies themselves
 * (no verb but {@code bench} knows them, and {@code --policy} does not accept them).
 *
 * <p>Thread safety: immutable.
 */
enum Baseline {
    /** {@link FlatBitmap} (one thread) or {@link AtomicFlatBitmap} (more): the lower bound. */
    BITMAP(true),
    /**
     * {@link BuddyAllocator#withoutLocks}: the same code as {@code buddy} with every lock
     * skipped, the sequential version against which the cost of thread safety is measured. One thread only.
     */
    BUDDY_UNLOCKED(false),
    /** {@link ClusterAllocator#withoutLocks}: the sequential version of {@code cluster}. One thread only. */
    CLUSTER_UNLOCKED(false);

    private final boolean threadSafe;

    Baseline(final boolean threadSafe) {
        this.threadSafe = threadSafe;
    }

    /** Returns whether one instance may be driven by several threads. */
    boolean threadSafe() {
        return threadSafe;
    }

    /** Returns the lower-case name used in parameters, tables and JSON keys. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the baseline, or null when {@code key} names none.
     *
     * @param key a name as {@link #key()} prints it
     */
    static Baseline of(final String key) {
        for (final Baseline b : values()) {
            if (b.key().equals(key)) {
                return b;
            }
        }
        return null;
    }

    /**
     * Returns a fresh allocator of an empty device, behind the same adapter as the policy it is the baseline of.
     *
     * @param geometry the device (the bitmap uses only its size)
     * @param threads how many threads will drive it; more than one only when {@link #threadSafe()}
     */
    BenchAllocator create(final Geometry geometry, final int threads) {
        return switch (this) {
            case BITMAP -> threads == 1 ? Adapters.bitmap(geometry.totalSlots())
                    : Adapters.atomicBitmap(geometry.totalSlots());
            case BUDDY_UNLOCKED -> Adapters.contiguous(BuddyAllocator.withoutLocks(0, geometry));
            case CLUSTER_UNLOCKED -> Adapters.perCpu(ClusterAllocator.withoutLocks(0, geometry));
        };
    }
}
