package dev.swaplayer.allocator;

import dev.swaplayer.spec.Geometry;

/**
 * The buddy allocator seen through {@link SlotAllocator} alone, as a plug-in that implements nothing else
 * would be: no swap counts, no folios.
 *
 * <p>Thread safety: as the buddy allocator.
 */
final class PlainSlots extends ForwardingSlotAllocator<BuddyAllocator> {
    PlainSlots(final int type, final Geometry geometry) {
        super(new BuddyAllocator(type, geometry));
    }
}
