package dev.swaplayer.jcstress;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SlotState;

/**
 * Small devices and audits shared by the JCStress tests.
 *
 * <p>Thread safety: stateless; the audits are meant for an {@code @Arbiter}, which runs after every actor.
 *
 * <p>Every device is tiny on purpose: JCStress builds a fresh state object per sample, and a race only shows
 * when the actors compete for the same one or two blocks. Device type 0 makes an entry equal to its slot
 * offset, so outcomes read as slot numbers.
 */
public final class Devices {
    /** The answer of {@link #audit} for a device that fails {@link BuddyAllocator#checkConsistency()}. */
    public static final int CORRUPT = -1;

    private Devices() {
    }

    /**
     * Returns a buddy allocator of device type 0 with locking on.
     *
     * @param totalSlots slots, header included
     * @param clusterSlots slots per cluster
     */
    public static BuddyAllocator buddy(final long totalSlots, final int clusterSlots) {
        return new BuddyAllocator(0, Geometry.builder(totalSlots).clusterSlots(clusterSlots).build());
    }

    /**
     * Returns the same device with every lock left out ({@link BuddyAllocator#withoutLocks}): only for the racy demos.
     *
     * @param totalSlots slots, header included
     * @param clusterSlots slots per cluster
     */
    public static BuddyAllocator racyBuddy(final long totalSlots, final int clusterSlots) {
        return BuddyAllocator.withoutLocks(0, Geometry.builder(totalSlots).clusterSlots(clusterSlots).build());
    }

    /**
     * Returns its free slots when every invariant holds, else {@link #CORRUPT}.
     *
     * @param a an allocator no actor touches any more
     */
    public static int audit(final BuddyAllocator a) {
        try {
            a.checkConsistency();
            return (int) a.freeSlots();
        } catch (AssertionError | RuntimeException e) {
            return CORRUPT;
        }
    }

    /**
     * Returns its free blocks of that order as the buddyinfo counters say, whether or not they are right.
     *
     * @param a an allocator no actor touches any more
     * @param order an order
     */
    public static int blocks(final BuddyAllocator a, final int order) {
        return (int) a.fragmentation().freeBlocks(order);
    }

    /**
     * Returns 0 free, 1 in use and not cached, 2 in use and cached, {@link #CORRUPT} when an invariant fails.
     *
     * @param a an allocator no actor touches any more
     * @param slot a slot
     */
    public static int slotState(final BuddyAllocator a, final long slot) {
        if (audit(a) == CORRUPT) {
            return CORRUPT;
        }
        if (a.view().state(slot) != SlotState.IN_USE) {
            return 0;
        }
        return a.isCached(slot) ? 2 : 1;
    }

    /**
     * Allocates order-0 slots one by one and checks the placement, so that a test's setup is what its
     * outcome table assumes.
     *
     * @param a a fresh allocator
     * @param expected the slots the allocations must return, in order
     */
    public static void allocateExactly(final BuddyAllocator a, final long... expected) {
        for (final long slot : expected) {
            final long got = a.allocate(0);
            if (got != slot) {
                throw new IllegalStateException("setup: allocate(0) = " + got + " (expected: " + slot + ")");
            }
        }
    }

    /**
     * Gives a freshly allocated slot the state "count 1, not cached": a page table maps it and the swap
     * cache has let go, so the next put is the last reference.
     *
     * @param a the allocator
     * @param slot a slot just allocated (count 0, cached)
     */
    public static void mapOnce(final BuddyAllocator a, final long slot) {
        a.dup(slot);
        a.cacheDel(slot);
    }
}
