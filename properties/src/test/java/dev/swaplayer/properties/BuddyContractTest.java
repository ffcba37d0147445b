package dev.swaplayer.properties;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.testkit.SwapCountsContract;

/**
 * The buddy allocator against testkit's shared {@code SlotAllocator} and {@code SwapCounts} contracts: here,
 * not in allocator (testkit depends on allocator), and so that the mutation gate counts what they kill.
 *
 * <p>Thread safety: as {@link SwapCountsContract}: JUnit runs each test on a fresh instance with its own allocator;
 * nothing is shared.
 */
class BuddyContractTest extends SwapCountsContract {
    @Override
    protected SlotAllocator create(final int type, final Geometry geometry) {
        return new BuddyAllocator(type, geometry);
    }
}
