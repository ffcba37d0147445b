package com.example.swapalloc;

import dev.swaplayer.spec.Geometry;

/**
 * A missing check: {@code free} clears the slots without asking whether they were in use, so a double free
 * is accepted silently and the used-slot counter goes wrong.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class NoDoubleFreeCheckAllocator extends FirstFitAllocator {
    private long freed;

    /**
     * @param type the device type
     * @param geometry the device
     */
    public NoDoubleFreeCheckAllocator(final int type, final Geometry geometry) {
        super(type, geometry);
    }

    @Override
    public void free(final long entry, final long nrSlots) {
        final long first = checkRun(entry, nrSlots);
        used.clear((int) first, (int) (first + nrSlots));
        freed += nrSlots;
    }

    @Override
    public long usedSlots() {
        return super.usedSlots() - freed;
    }

    @Override
    public long freeSlots() {
        return super.freeSlots() + freed;
    }
}
