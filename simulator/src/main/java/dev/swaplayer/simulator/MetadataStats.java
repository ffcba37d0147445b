package dev.swaplayer.simulator;

import dev.swaplayer.spec.MetadataBudget;

/**
 * What a policy's metadata budget ({@code simulate --metadata-budget}) refused in one run, and how the allocator
 * got by ("Metadata under memory pressure" in {@code spec/SPEC.md}).
 *
 * <p>Thread safety: immutable.
 *
 * @param clusterLimit the on-demand clusters' metadata the budget allowed
 * @param degraded allocations that a refused cluster request sent into clusters that had metadata
 * @param refusedClusters cluster-metadata requests refused
 * @param refusedDescriptors compound-descriptor requests refused
 * @param reserveLends times the one-cluster reserve was lent to an order-0 allocation
 */
public record MetadataStats(long clusterLimit, long degraded, long refusedClusters, long refusedDescriptors,
        long reserveLends) {

    /**
     * Reads a budget's counters.
     *
     * @param clusterLimit the limit it was built with
     * @param b the budget
     * @return its counters
     */
    public static MetadataStats of(final long clusterLimit, final MetadataBudget b) {
        return new MetadataStats(clusterLimit, b.degradedAllocations(), b.refused(MetadataBudget.Kind.CLUSTER),
                b.refused(MetadataBudget.Kind.DESCRIPTOR), b.reserveLends());
    }
}
