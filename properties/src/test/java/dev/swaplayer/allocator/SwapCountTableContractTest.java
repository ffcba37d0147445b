package dev.swaplayer.allocator;

import dev.swaplayer.spec.Geometry;
import dev.swaplayer.testkit.SwapCountsContract;

/** The table in front of a plain allocator keeps the shared SlotAllocator and SwapCounts contracts. */
class SwapCountTableContractTest extends SwapCountsContract {
    @Override
    protected SlotAllocator create(final int type, final Geometry geometry) {
        return SwapCountTable.withSwapCounts(new PlainSlots(type, geometry));
    }
}
