package com.example.swapalloc;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.testkit.SlotAllocatorContract;

/**
 * The first-fit example against the testkit's contract, as a user's own build would run it.
 *
 * <p>Thread safety: as {@link SlotAllocatorContract}: each test gets a fresh instance with its own allocator; nothing
 * is shared.
 */
class FirstFitContractTest extends SlotAllocatorContract {
    @Override
    protected SlotAllocator create(final int type, final Geometry geometry) {
        return new FirstFitAllocator(type, geometry);
    }
}
