package dev.swaplayer.testkit;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;

/**
 * The named policy {@code cluster-72} (the 7.2 model) against the shared contracts, through its provider.
 *
 * <p>Thread safety: as {@link SwapCountsContract}: JUnit runs each test on a fresh instance with its own allocator;
 * nothing is shared.
 */
class Cluster72ContractTest extends SwapCountsContract {
    @Override
    protected SlotAllocator create(final int type, final Geometry geometry) {
        return PolicyRegistry.builtIn().provider("cluster-72").create(type, geometry);
    }
}
