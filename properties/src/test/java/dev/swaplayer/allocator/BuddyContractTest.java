package dev.swaplayer.allocator;

import dev.swaplayer.spec.Geometry;
import dev.swaplayer.testkit.SwapCountsContract;

/**
 * The buddy allocator against the shared {@code SlotAllocator} and {@code SwapCounts} contracts, here so that
 * the mutation gate counts what they kill.
 */
class BuddyContractTest extends SwapCountsContract {
    @Override
    protected SlotAllocator create(final int type, final Geometry geometry) {
        return new BuddyAllocator(type, geometry);
    }
}
