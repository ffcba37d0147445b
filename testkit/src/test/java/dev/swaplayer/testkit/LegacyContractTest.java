package dev.swaplayer.testkit;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;

/** The built-in policy {@code legacy} against the shared contracts, through its registered provider. */
class LegacyContractTest extends SwapCountsContract {
    @Override
    protected SlotAllocator create(final int type, final Geometry geometry) {
        return PolicyRegistry.builtIn().provider("legacy").create(type, geometry);
    }
}
