package dev.swaplayer.kernel;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Blocks;
import dev.swaplayer.spec.Geometry;
import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * Shared shapes and helpers of the kernel-model tests.
 *
 * <p>Thread safety: stateless (constants and static helpers); each model it creates is new and belongs to the caller.
 */
final class KernelFixtures {
    /** Small device: 4 clusters of 64 slots (cluster 0 holds the header), orders 0..6. */
    static final int SMALL_SLOTS = 256;
    static final int SMALL_CLUSTER = 64;
    /** The thp_swap_allocator_test device: 64 MiB of 4 KiB pages, 32 clusters of 512. */
    static final int ZRAM_SLOTS = 16384;

    private KernelFixtures() {
    }

    static Geometry small() {
        return Geometry.builder(SMALL_SLOTS).clusterSlots(SMALL_CLUSTER).build();
    }

    /** Which kernel model a parameterised test builds. */
    enum Model {
        LEGACY, CLUSTER, CLUSTER_72;

        KernelModel create(final Geometry g, final int cpus) {
            return switch (this) {
                case LEGACY -> new LegacyAllocator(0, g, cpus);
                case CLUSTER -> new ClusterAllocator(0, g, cpus);
                case CLUSTER_72 -> new Cluster72Allocator(0, g, cpus);
            };
        }
    }

    /** Returns the slot of an entry, failing on NONE. */
    static long slot(final long entry) {
        if (entry == SwapEntry.NONE) {
            throw new AssertionError("allocation failed");
        }
        return SwapEntry.offset(entry);
    }

    static long entry(final long slot) {
        return SwapEntry.of(0, slot);
    }

    /** Allocates and returns the slot, failing on NONE. */
    static long alloc(final KernelModel a, final int order) {
        return slot(a.allocate(order));
    }

    /** Returns the canonical buddy decomposition as block counts per order. */
    static long[] canonicalCounts(final Geometry g, final LongPredicate isFree) {
        final long[] counts = new long[g.maxOrder() + 1];
        for (final long b : Blocks.canonical(g, isFree)) {
            counts[Blocks.order(b)]++;
        }
        return counts;
    }

    /** Everything observable and internal, to show that a rejected call changed nothing. */
    static String fingerprint(final KernelModel a) {
        final StringBuilder sb = new StringBuilder(a.toString());
        sb.append(Arrays.hashCode(a.map)).append(Arrays.toString(a.count)).append(a.fragmentation());
        for (int c = 0; c < a.clusterCount; c++) {
            sb.append(a.describeCluster(c));
        }
        for (int p = 0; p < a.cpus(); p++) {
            for (int k = 0; k <= a.maxOrder; k++) {
                sb.append(a.hint(p, k)).append(k < a.maxOrder ? "," : ";");
            }
        }
        if (a instanceof ClusterListModel ca) {
            for (final ClusterFlag f : ClusterFlag.values()) {
                for (int k = 0; k <= a.maxOrder; k++) {
                    sb.append(Arrays.toString(ca.clusters(f, k)));
                }
            }
        } else {
            sb.append(Arrays.toString(((LegacyAllocator) a).freeClusters()));
            for (int p = 0; p < a.cpus(); p++) {
                sb.append(((LegacyAllocator) a).scanBase(p)).append(',');
            }
        }
        return sb.append(a.cpu()).append(a.reclaimedSlots()).toString();
    }
}
