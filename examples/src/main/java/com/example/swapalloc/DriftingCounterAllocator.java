package com.example.swapalloc;

import dev.swaplayer.spec.Geometry;

/**
 * A counter that drifts: a free of part of a run (a partial swap-in) is counted as one slot whatever its
 * length, so the used and free counts wander away from the bitmap after the first free of two or more
 * slots.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class DriftingCounterAllocator extends FirstFitAllocator {
    private long drift;

    /**
     * @param type the device type
     * @param geometry the device
     */
    public DriftingCounterAllocator(final int type, final Geometry geometry) {
        super(type, geometry);
    }

    @Override
    public void free(final long entry, final long nrSlots) {
        super.free(entry, nrSlots);
        drift += nrSlots - 1;
    }

    @Override
    public long usedSlots() {
        return super.usedSlots() + drift;
    }

    @Override
    public long freeSlots() {
        return super.freeSlots() - drift;
    }
}
