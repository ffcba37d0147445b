package com.example.hang;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;

/**
 * A user's thread-safe policy, outside swaplayer's packages as a plug-in's code is: the buddy allocator, except that
 * an allocation on one of the stress run's worker threads first does what the subclass plants there. Every other
 * thread, the checks' own among them, sees an allocator that behaves.
 *
 * <p>Thread safety: as the buddy allocator's, plus what the subclass adds.
 */
abstract class OnStressWorkers implements AllocatorProvider {
    private final String name;

    OnStressWorkers(final String name) {
        this.name = name;
    }

    /** What an allocation on a stress worker does first, on that thread (its name given). */
    abstract void onWorker(String thread);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean threadSafe() {
        return true;
    }

    @Override
    public final SlotAllocator create(final int type, final Geometry geometry) {
        return new ForwardingSlotAllocator<>(new BuddyAllocator(type, geometry)) {
            @Override
            public long allocate(final int order) {
                final String me = Thread.currentThread().getName();
                if (me.startsWith("swaplayer-stress-")) {
                    onWorker(me);
                }
                return delegate().allocate(order);
            }
        };
    }
}
