package dev.swaplayer.allocator;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import static dev.swaplayer.allocator.SlotAllocator.NONE;

import dev.swaplayer.spec.Blocks;

/**
 * At most one freed block held back from the free maps, because the placement rule would hand it to the very next
 * allocation of its order: that allocation then takes it back without the search, the split and the index
 * updates, and the free skipped the insertion, the merge test and the same updates. Like the kernel's per-CPU slot
 * caches ({@code mm/swap_slots.c}, v6.10) it spares a free and the next allocation the shared free structures;
 * unlike them it is exact: a block is held only when {@link BlockPlacement#wouldTake} shows that placement cannot
 * tell, so what any allocation returns, and every state the specification observes, is what it would have been
 * without it (refinement, INV-12 and INV-15, checks exactly that).
 *
 * <p>Thread safety: guarded by the device lock ({@code @GuardedBy}, checked by ErrorProne at every caller;
 * {@link #tryHold} and {@link #settle} also assert it).
 *
 * <h2>Protocol</h2>
 * <pre>
 *   free of one aligned block (SlotStates.releaseRun)   settle(), then hold it if wouldTake, else give it back
 *   allocate(e)                                         retake(e): the held block when its order is e, else settle()
 *   compound placement                                  after a failed allocate, which gave it back
 *   the views, observe, copy                            read it as held: {@link #packedIn}, {@link #withHeld};
 *                                                       a copy holds the same block
 *   the audit                                           {@link #check} as held, then audits a copy settled
 * </pre>
 * Reads never give the block back, so a check after every step (the properties, the explorer) leaves the next
 * allocation to take it, as it would without the check.
 *
 * <p>While a block is held, its slots' state bytes are clear (free to {@code dup}, {@code cacheAdd} and the
 * per-slot view: {@link Cluster#isFree}), the free and used counters already count it free, and its cluster's
 * free-block maps, free count and pageblock counts, the device indexes and the device's block counts do not show
 * it (the views add it to the last two). Holding changes
 * no small-pageblock mark and never leaves a cluster wholly free, so the cluster's metadata and
 * {@code smallPageblock} read the same either way.
 */
final class HeldBlock {
    private final FreeSpace space;
    private final BlockPlacement placement;
    /** Off for planted bugs (they must act as written) and unaligned geometries; always on for RETAKE_UNCHECKED. */
    private final boolean enabled;
    /** True only for the planted {@link Fault#RETAKE_UNCHECKED}: every block is held, {@code wouldTake} unasked. */
    private final boolean unchecked;
    /** The held block's cluster, or null when none is held. */
    @GuardedBy("space.deviceLock")
    private Cluster cluster;
    /** Its first slot in the cluster. */
    @GuardedBy("space.deviceLock")
    private int first;
    /** Its order. */
    @GuardedBy("space.deviceLock")
    private int order;

    HeldBlock(final FreeSpace space, final BlockPlacement placement, final Fault fault) {
        this.space = space;
        this.placement = placement;
        this.unchecked = fault == Fault.RETAKE_UNCHECKED;
        this.enabled = space.geometry.aligned() && (fault == Fault.NONE || unchecked);
    }

    /** A copy of {@code o} over the copied free space (its clusters copied with their held marks), under its lock. */
    @SuppressWarnings("GuardedBy") // o's device lock is held by the caller of BuddyAllocator.copy
    HeldBlock(final HeldBlock o, final FreeSpace space, final BlockPlacement placement) {
        this.space = space;
        this.placement = placement;
        this.unchecked = o.unchecked;
        this.enabled = o.enabled;
        this.cluster = o.cluster == null ? null : space.clusters[o.cluster.index];
        this.first = o.first;
        this.order = o.order;
    }

    /**
     * Under the device lock, inside the cluster, whose slot states the caller has cleared and counted free nowhere
     * yet: holds the run {@code [idx, idx + len)} back when it is one aligned block the next allocation of its
     * order would take ({@link BlockPlacement#wouldTake}), counting its slots free. Nothing may be held already.
     *
     * @return whether it is held; if not, the caller gives it back ({@link FreeSpace#giveBack})
     */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    @GuardedBy("space.deviceLock")
    boolean tryHold(final Cluster cl, final int idx, final int len) {
        assert space.locks.holdsDevice() && cluster == null : "hold without the device lock, or over a held block";
        final int e = Integer.numberOfTrailingZeros(len);
        if (!enabled || len != 1 << e || (idx & (len - 1)) != 0 || e < space.geometry.minOrder()
                || e > space.geometry.maxOrder() || (!unchecked && !placement.wouldTake(cl, idx, e))) {
            return false;
        }
        cluster = cl;
        first = idx;
        order = e;
        cl.setHeld(idx, len);
        space.counters.moveToUsedRelease(-len);
        return true;
    }

    /**
     * Under the device lock: the held block, when its order is e, taken as an allocation would take it (marked
     * allocated and pinned by the swap cache, its pageblock marked small below the pageblock order); else gives
     * back whatever is held.
     *
     * @param e the allocation's effective order
     * @return the block's first slot on the device, or {@code NONE}
     */
    @GuardedBy("space.deviceLock")
    long retake(final int e) {
        final Cluster cl = cluster;
        if (cl == null || order != e) {
            settle();
            return NONE;
        }
        cluster = null;
        space.locks.enter(cl.lock);
        cl.setHeld(0, 0);
        final int len = 1 << e;
        cl.markAllocated(first, len);
        space.counters.moveToUsedRelease(len);
        if (e < space.pageblockOrder && !cl.pageblocks.isSmall(first)) {
            cl.markSmall(first); // as FreeSpace.take marks it (best fit only: grouped held it in a small one)
            space.syncIndex(cl);
        }
        return space.base(cl.index) + first;
    }

    /** Under the device lock: the first slot of the held block on the device, or -1 when none is held. */
    @GuardedBy("space.deviceLock")
    long slot() {
        return cluster == null ? -1 : space.base(cluster.index) + first;
    }

    /** Under the device lock: gives the held block, if any, back to the free maps, as its free would have. */
    @GuardedBy("space.deviceLock")
    void settle() {
        assert space.locks.holdsDevice() : "settle without the device lock";
        final Cluster cl = cluster;
        if (cl != null) {
            cluster = null;
            space.locks.enter(cl.lock);
            cl.setHeld(0, 0);
            space.insertFreed(cl, first, 1 << order);
        }
    }

    /**
     * Under the device lock: the held block packed as {@link dev.swaplayer.spec.Blocks#pack} when it lies in
     * {@code cl}, else -1; for the free-block view, which lists it with the cluster's free blocks.
     */
    @GuardedBy("space.deviceLock")
    long packedIn(final Cluster cl) {
        return cluster != cl || cl == null ? -1 : Blocks.pack(space.base(cl.index) + first, order);
    }

    /** Under the device lock: buddyinfo with the held block counted, a copy when one is held. */
    @GuardedBy("space.deviceLock")
    long[] withHeld(final long[] blocks) {
        if (cluster == null) {
            return blocks;
        }
        final long[] counted = blocks.clone();
        counted[order]++;
        return counted;
    }

    /**
     * Under the device lock, for the audit: checks that the held block, if any, is as held: its cluster's
     * metadata the one published, each slot {@link Cluster#isFree} but in no free block of the maps, its state
     * byte clear.
     *
     * @return how many slots are held: 0, or the block's length
     * @throws AssertionError naming what is wrong
     */
    @GuardedBy("space.deviceLock")
    int check() {
        final Cluster cl = cluster;
        if (cl == null) {
            return 0;
        }
        final String what = "held block " + first + "/" + order + " of " + cl;
        if (space.clusters[cl.index] != cl) {
            throw BuddyAudit.corrupt(what + ": not the published metadata");
        }
        for (int i = first; i < first + (1 << order); i++) {
            if (cl.inUse(i) || cl.freeOrderOf(i) >= 0 || !cl.isFree(i)) {
                throw BuddyAudit.corrupt(what + ": slot " + i
                        + (cl.inUse(i) ? " in use" : cl.isFree(i) ? " also in the free maps" : " not held"));
            }
        }
        return 1 << order;
    }
}
