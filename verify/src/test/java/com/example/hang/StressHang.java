package com.example.hang;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;

/**
 * A user's thread-safe policy, outside swaplayer's packages as a plug-in's code is, whose allocations never return on
 * the stress run's worker threads and behave everywhere else: a hang that only a check's own worker threads see.
 *
 * <p>Thread safety: as the buddy allocator's; {@link #release} ends every spin.
 */
public final class StressHang implements AllocatorProvider {
    private static volatile boolean released;

    /** Arms the hang (before a run). */
    public static void arm() {
        released = false;
    }

    /** Ends every spin, so that no worker keeps a core after the test. */
    public static void release() {
        released = true;
    }

    @Override
    public String name() {
        return "stress-hang";
    }

    @Override
    public boolean threadSafe() {
        return true;
    }

    @Override
    public SlotAllocator create(final int type, final Geometry geometry) {
        return new ForwardingSlotAllocator<>(new BuddyAllocator(type, geometry)) {
            @Override
            public long allocate(final int order) {
                while (!released && Thread.currentThread().getName().startsWith("swaplayer-stress-")) {
                    Thread.onSpinWait();
                }
                return delegate().allocate(order);
            }
        };
    }
}
