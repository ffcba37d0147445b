package dev.swaplayer.allocator;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import static dev.swaplayer.allocator.SlotAllocator.NONE;

import dev.swaplayer.spec.Placement;

/**
 * Which free block an allocation of 2^e slots takes: the placement rule of {@link BuddyAllocator}
 * ({@link Placement#GROUPED} or {@link Placement#BEST_FIT}, the steps of "Algorithm: allocate(k)" in its class
 * comment), each step a few bitset lookups in the indexes of {@link FreeSpace}. The choice is made here; the
 * taking is {@link FreeSpace#take}.
 *
 * <p>Thread safety: under the device lock only, which each entry point asserts.
 */
final class BlockPlacement {
    private final FreeSpace space;
    private final Placement rule;
    /** The pageblock order p. */
    private final int pageblockOrder;
    /** Scratch of {@link #takeUnaligned}, reused under the device lock. */
    @GuardedBy("space.deviceLock")
    private final long[] runScratch;
    /**
     * Set by {@link #takeAligned}: whether the budget refused a cluster's metadata that the reserve did not supply,
     * so that what the allocation takes, if anything, is degraded. Under the device lock.
     */
    @GuardedBy("space.deviceLock")
    boolean refused;

    BlockPlacement(final FreeSpace space, final Placement rule) {
        this.space = space;
        this.rule = rule;
        this.pageblockOrder = space.pageblockOrder;
        this.runScratch = new long[Math.max(1, space.clusterSlots >>> 6)];
    }

    /**
     * Under the device lock: takes a naturally aligned block of 2^e slots. When the block it would take lies in a
     * wholly free cluster and the budget refuses that cluster's metadata, it takes the block the same rule chooses
     * among clusters that hold metadata; when there is none, an order-0 request borrows the reserve, and any
     * other gets {@code NONE} ({@link #refused} tells which).
     *
     * @param e the effective order
     * @param orderZero whether the request is of order 0 (the reserve serves only those)
     * @return its first slot, or {@code NONE}
     */
    @GuardedBy("space.deviceLock")
    long takeAligned(final int e, final boolean orderZero) {
        assert space.locks.holdsDevice() : "placement without the device lock";
        refused = false;
        if (e >= pageblockOrder || rule == Placement.BEST_FIT) {
            return takeSmallestFrom(e, e, orderZero);
        }
        // Placement.GROUPED below the pageblock order: a small pageblock, else a large one, else a clean one.
        long first = e == 0 ? takeLowestSmallPageblock() : takeSmallPageblockHole(e);
        if (first == NONE) {
            first = e == 0 ? takeEmptiestLargePageblock() : takeLargePageblockHole(e);
        }
        return first != NONE ? first : takeSmallestFrom(pageblockOrder, e, orderZero);
    }

    /**
     * Under the device lock: whether, were the in-use block {@code (cl, idx)} of order e given back to the free maps
     * now, the next allocation of order e would take exactly that block back ({@link HeldBlock} holds such a block
     * instead of giving it back). Each case follows the step of {@link #takeAligned} that would find it, and says
     * why nothing before that step, or earlier in it, can win:
     * <ul>
     *   <li>{@link Placement#GROUPED}, e = 0: its pageblock is small with no free slot, so the block comes back as
     *       that pageblock's only free slot; no small pageblock with a free slot lies lower.</li>
     *   <li>{@link Placement#GROUPED}, 0 &lt; e &lt; p: its pageblock is small and its buddy is not free (no
     *       merge); no free block of order e in a small pageblock lies lower.</li>
     *   <li>Best fit from e (GROUPED at e &gt;= p, {@link Placement#BEST_FIT} at every e): its buddy is not free,
     *       or at maxOrder the cluster would not come wholly free (its metadata would be dropped); no free block
     *       of order e lies lower, nor, at maxOrder, a wholly free cluster; at e &gt;= p none of its pageblocks is
     *       marked small (a free block that large would clear the marks, and the allocation would not set them
     *       again).</li>
     * </ul>
     * Anything else is false, and the block is given back as usual.
     */
    @GuardedBy("space.deviceLock")
    boolean wouldTake(final Cluster cl, final int idx, final int e) {
        assert space.locks.holdsDevice() : "placement without the device lock";
        // one small method per case, so that the JIT inlines the one a workload runs into the free
        return (e < pageblockOrder && rule == Placement.GROUPED)
                ? wouldTakeSmall(cl, idx, e) : wouldTakeBestFit(cl, idx, e);
    }

    /** {@link #wouldTake}, grouped placement below the pageblock order. */
    @GuardedBy("space.deviceLock")
    private boolean wouldTakeSmall(final Cluster cl, final int idx, final int e) {
        final int c = cl.index;
        final Pageblocks pb = cl.pageblocks;
        if (!pb.isSmall(idx)) {
            return false; // the block lies in a large pageblock: found later, if at all
        }
        if (e == 0) {
            if (pb.freeIn(idx) != 0) {
                return false; // another slot of its pageblock is free: the allocation would take the lowest one
            }
            final int lowest = space.hasSmallOpen.lowest();
            return lowest < 0 || lowest > c || (lowest == c && pb.lowestSmallOpen() > idx);
        }
        final int lowest = space.hasSmallFree[e].lowest();
        return !cl.isHead(e, idx ^ 1 << e)
                && (lowest < 0 || lowest > c || (lowest == c && pb.lowestSmall(e) > idx));
    }

    /** {@link #wouldTake}, best fit from e: grouped placement at or above the pageblock order, best fit at all. */
    @GuardedBy("space.deviceLock")
    private boolean wouldTakeBestFit(final Cluster cl, final int idx, final int e) {
        final int c = cl.index;
        final Pageblocks pb = cl.pageblocks;
        final int maxOrder = space.geometry.maxOrder();
        if (e < maxOrder ? cl.isHead(e, idx ^ 1 << e) : cl.freeCount + (1 << e) == space.clusterSlots) {
            return false; // it would merge, or its cluster come wholly free
        }
        for (int x = idx; e >= pageblockOrder && x < idx + (1 << e); x += 1 << pageblockOrder) {
            if (pb.isSmall(x)) {
                return false;
            }
        }
        final int lowest = space.hasFree[e].lowest();
        if (lowest >= 0 && (lowest < c || (lowest == c && cl.lowestHead(e) < idx))) {
            return false;
        }
        final int whole = e == maxOrder ? space.wholeFree.lowest() : -1;
        return whole < 0 || whole > c;
    }

    /**
     * Order 0: the lowest small pageblock with a free slot, and in it the smallest free block, the lowest
     * address among equals. One bitset lookup for the lowest cluster holding such a pageblock, one word scan for
     * the pageblock, and a masked word per order below p for its smallest free block.
     */
    @GuardedBy("space.deviceLock")
    private long takeLowestSmallPageblock() {
        final int c = space.hasSmallOpen.lowest();
        if (c < 0) {
            return NONE;
        }
        final Cluster cl = space.clusters[c];
        final long packed = cl.smallestHeadIn(cl.pageblocks.lowestSmallOpen());
        return space.take(cl, (int) (packed >>> 8), (int) packed & 0xff, 0);
    }

    /**
     * Order 0: the large pageblock with the most free slots, the lowest address among equals, and in it the
     * smallest free block, the lowest address among equals.
     */
    @GuardedBy("space.deviceLock")
    private long takeEmptiestLargePageblock() {
        final int full = 1 << pageblockOrder;
        for (int k = full - 1; k > 0; k--) {
            final int bucket = full + k;
            final int c = space.hasBucket[bucket].lowest();
            if (c >= 0) {
                final Cluster cl = space.clusters[c];
                final int first = cl.pageblocks.lowestIn(bucket);
                final long packed = cl.smallestHeadIn(first);
                return space.take(cl, (int) (packed >>> 8), (int) packed & 0xff, 0);
            }
        }
        return NONE;
    }

    /** Orders 1..p-1: the smallest free block of order e..p-1 inside a small pageblock, lowest address. */
    @GuardedBy("space.deviceLock")
    private long takeSmallPageblockHole(final int e) {
        for (int j = e; j < pageblockOrder; j++) {
            final int c = space.hasSmallFree[j].lowest();
            if (c >= 0) {
                final Cluster cl = space.clusters[c];
                return space.take(cl, cl.pageblocks.lowestSmall(j), j, e);
            }
        }
        return NONE;
    }

    /** Orders 1..p-1: the largest free block of order p-1..e inside a large pageblock, lowest address. */
    @GuardedBy("space.deviceLock")
    private long takeLargePageblockHole(final int e) {
        for (int j = pageblockOrder - 1; j >= e; j--) {
            final int c = space.hasLargeFree[j].lowest();
            if (c >= 0) {
                final Cluster cl = space.clusters[c];
                return space.take(cl, cl.lowestLargeHead(j), j, e);
            }
        }
        return NONE;
    }

    /**
     * Best fit from order {@code from} up: the smallest free block of order at least {@code from}, lowest
     * address among equals; takes 2^e of it. A wholly free cluster's metadata is asked of the budget; refused,
     * the lowest block of a cluster with metadata is taken instead, else the reserve's cluster (order 0), else none.
     */
    @GuardedBy("space.deviceLock")
    private long takeSmallestFrom(final int from, final int e, final boolean orderZero) {
        final int maxOrder = space.geometry.maxOrder();
        for (int j = from; j <= maxOrder; j++) {
            int c = space.hasFree[j].lowest();
            if (j == maxOrder) {
                final int w = space.wholeFree.lowest();
                if (w >= 0 && (c < 0 || w < c)) {
                    final boolean granted = space.grantCluster() || (c < 0 && orderZero && space.lendReserve());
                    refused = !granted;
                    if (granted) {
                        c = w;
                        space.materialize(w);
                    }
                }
            }
            if (c >= 0) {
                final Cluster cl = space.clusters[c];
                return space.take(cl, cl.lowestHead(j), j, e);
            }
        }
        return NONE;
    }

    /**
     * Under the device lock, unaligned geometry only: the lowest run of 2^e free slots in one cluster, on a
     * chunk boundary; the blocks it cuts through are re-split around it.
     *
     * @param e the effective order
     * @return its first slot, or {@code NONE}
     */
    @GuardedBy("space.deviceLock")
    long takeUnaligned(final int e) {
        assert space.locks.holdsDevice() : "placement without the device lock";
        final int size = 1 << e;
        for (int c = 0; c < space.clusters.length; c++) {
            final Cluster cl = space.clusters[c];
            if (cl == null || cl.freeCount < size) {
                continue;
            }
            final int idx = cl.firstRunAtLeast(space.geometry.minOrder(), size, runScratch);
            if (idx >= 0) {
                space.locks.enter(cl.lock);
                space.takeRun(cl, idx, size);
                if (e < pageblockOrder) {
                    cl.markSmall(idx);
                    cl.markSmall(idx + size - 1); // an unaligned run may straddle two pageblocks
                }
                space.syncIndex(cl);
                return space.base(c) + idx;
            }
        }
        return NONE;
    }
}
