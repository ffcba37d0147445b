package dev.swaplayer.properties;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCountTable;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.testkit.SwapCountsContract;

/**
 * The table in front of a plain allocator keeps testkit's shared SlotAllocator and SwapCounts contracts.
 *
 * <p>Thread safety: as {@link SwapCountsContract}: JUnit runs each test on a fresh instance with its own allocator;
 * nothing is shared.
 */
class SwapCountTableContractTest extends SwapCountsContract {
    @Override
    protected SlotAllocator create(final int type, final Geometry geometry) {
        return SwapCountTable.withSwapCounts(new PlainSlots(type, geometry));
    }

    /** The buddy allocator seen through {@link SlotAllocator} alone: no swap counts, no folios. */
    private static final class PlainSlots extends ForwardingSlotAllocator<BuddyAllocator> {
        PlainSlots(final int type, final Geometry geometry) {
            super(new BuddyAllocator(type, geometry));
        }
    }
}
