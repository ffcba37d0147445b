package dev.swaplayer.allocator;

import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;

/**
 * The buddy allocator seen through {@link SlotAllocator} alone, as a plug-in that implements nothing else
 * would be: no swap counts, no folios.
 */
final class PlainSlots implements SlotAllocator {
    private final BuddyAllocator b;

    PlainSlots(final int type, final Geometry geometry) {
        this.b = new BuddyAllocator(type, geometry);
    }

    @Override
    public int type() {
        return b.type();
    }

    @Override
    public Geometry geometry() {
        return b.geometry();
    }

    @Override
    public long allocate(final int order) {
        return b.allocate(order);
    }

    @Override
    public void free(final long entry, final long nrSlots) {
        b.free(entry, nrSlots);
    }

    @Override
    public long freeSlots() {
        return b.freeSlots();
    }

    @Override
    public long usedSlots() {
        return b.usedSlots();
    }

    @Override
    public Fragmentation fragmentation() {
        return b.fragmentation();
    }
}
