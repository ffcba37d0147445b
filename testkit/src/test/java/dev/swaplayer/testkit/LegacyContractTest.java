package dev.swaplayer.testkit;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;

/**
 * The built-in policy {@code legacy} against the shared contracts, through its registered provider.
 *
 * <p>Thread safety: as {@link SwapCountsContract}: JUnit runs each test on a fresh instance with its own allocator;
 * nothing is shared.
 */
class LegacyContractTest extends SwapCountsContract {
    @Override
    protected SlotAllocator create(final int type, final Geometry geometry) {
        return PolicyRegistry.builtIn().provider("legacy").create(type, geometry);
    }
}
