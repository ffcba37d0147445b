package dev.swaplayer.testkit;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;

/**
 * The built-in policy {@code compound} (the buddy allocator, folios stored compound) against the folio contract.
 *
 * <p>Thread safety: as {@link FolioAllocatorContract}: JUnit runs each test on a fresh instance with its own allocator;
 * nothing is shared.
 */
class CompoundFolioContractTest extends FolioAllocatorContract {
    @Override
    protected SlotAllocator create(final int type, final Geometry geometry) {
        return PolicyRegistry.builtIn().provider("compound").create(type, geometry);
    }
}
