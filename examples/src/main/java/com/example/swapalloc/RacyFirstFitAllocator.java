package com.example.swapalloc;

import dev.swaplayer.spec.Geometry;

/**
 * The first-fit allocator claimed thread-safe without a lock: two threads can both find the same free run
 * and both take it. Single-threaded, it is correct; only the threads checks can catch it.
 *
 * <p>Thread safety: claims to be thread-safe and is not (the defect).
 */
public final class RacyFirstFitAllocator extends FirstFitAllocator {
    /**
     * @param type the device type
     * @param geometry the device
     */
    public RacyFirstFitAllocator(final int type, final Geometry geometry) {
        super(type, geometry);
    }

    // The yield widens the race window between the check and the take: the planted defect shows sooner.
    @Override
    @SuppressWarnings("ThreadPriorityCheck")
    protected boolean isFree(final int first, final int size) {
        final boolean free = super.isFree(first, size);
        if (free) {
            Thread.yield();
        }
        return free;
    }
}
