package dev.swaplayer.allocator;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.swaplayer.spec.Blocks;
import dev.swaplayer.spec.Geometry;
import java.util.Arrays;

/**
 * The buddy allocator's audit ({@link BuddyAllocator#checkConsistency()}): every internal structure checked
 * against the others, the free-block maps, counters, device indexes, slot states, pageblock marks and
 * buckets, the runs of free chunks kept for the compound placement, and the compound pages' owners. Each
 * failure is an {@link AssertionError} naming the first inconsistency.
 *
 * <p>Thread safety: {@link #check()} takes the device lock; {@link #audit()} runs under it only, and asserts it;
 * it enters each cluster, so it sees swap counts exactly at a quiescent point.
 *
 * <h2>Invariants</h2>
 * Every free slot lies in exactly one free block; no free block has a free buddy of its own order below
 * maxOrder (full coalescing); blocks[j] counts the free blocks of order j; a cluster is in hasFree[j] iff it
 * holds a free block of order j (for each index the allocator keeps: {@link FreeSpace}); freeSlots + usedSlots
 * + reserved = totalSlots. {@link #audit()} audits all of them, and the pageblock marks, counts, buckets and
 * indexes, and the page owners of live descriptors; in {@code spec/SPEC.md} these are INV-1 to INV-7, INV-10 and
 * INV-11, the pageblock records INV-15's rule reads, and INV-24's budget.
 */
final class BuddyAudit {
    private final FreeSpace space;
    private final DescriptorTable table;
    private final Geometry geometry;
    private final int clusterSlots;
    private final int pageblockOrder;
    /** The freed block held back for the next allocation: free, in no map, and counted free ({@link HeldBlock}). */
    private final HeldBlock held;

    BuddyAudit(final FreeSpace space, final DescriptorTable table, final HeldBlock held) {
        this.space = space;
        this.table = table;
        this.held = held;
        this.geometry = space.geometry;
        this.clusterSlots = space.clusterSlots;
        this.pageblockOrder = space.pageblockOrder;
    }

    /** Returns the error the audit throws, for {@code what} found wrong. */
    static AssertionError corrupt(final String what) {
        return new AssertionError("buddy allocator corrupt: " + what);
    }

    /**
     * {@link BuddyAllocator#checkConsistency()}: checks that the calling thread holds none of the allocator's
     * locks (every operation must release what it took), then audits under the device lock.
     */
    void check() {
        if (space.locks.deviceLock().isHeldByCurrentThread()) {
            throw corrupt("the device lock is still held by " + Thread.currentThread().getName());
        }
        space.deviceLock.lock();
        try {
            audit();
        } finally {
            space.deviceLock.unlock();
        }
    }

    /**
     * Under the device lock: audits all of free space and the descriptor table (INV-1 to INV-7, INV-10, INV-11),
     * and that the metadata held keeps to the budget (INV-24).
     */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    @GuardedBy("space.deviceLock")
    void audit() {
        assert space.locks.holdsDevice() : "audit without the device lock";
        final long[] blocks = space.blocks;
        final long[] counted = new long[blocks.length];
        long free = held.check(); // the block held back: counted free, in no map
        for (int c = 0; c < space.clusters.length; c++) {
            final Cluster cl = space.clusters[c];
            if ((cl == null) != space.wholeFree.get(c)) {
                throw corrupt("cluster " + c + ": metadata " + (cl != null) + " but wholeFree "
                        + space.wholeFree.get(c));
            }
            for (int k = 0; cl == null && k < space.hasBucket.length; k++) {
                if (space.hasBucket[k].get(c) || space.hasSmallOpen.get(c)
                        || (k < pageblockOrder && (space.hasSmallFree[k].get(c) || space.hasLargeFree[k].get(c)))) {
                    throw corrupt("cluster " + c + " has no metadata but is indexed (" + k + ")");
                }
            }
            if (cl == null) {
                counted[geometry.maxOrder()] += clusterSlots >>> geometry.maxOrder();
                free += clusterSlots;
            } else {
                if (cl.lock.isHeldByCurrentThread()) {
                    throw corrupt(cl + ": its lock is still held by " + Thread.currentThread().getName());
                }
                space.locks.enter(cl.lock);
                free += auditCluster(cl, counted);
            }
        }
        if (!Arrays.equals(counted, blocks)) {
            throw corrupt("blocks " + Arrays.toString(blocks) + " but the maps hold " + Arrays.toString(counted));
        }
        final long freeSlots = space.counters.free();
        final long usedSlots = space.counters.used();
        if (free != freeSlots || freeSlots + usedSlots + geometry.reservedSlots() != geometry.totalSlots()) {
            throw corrupt("free " + freeSlots + " (maps: " + free + ") + used " + usedSlots + " + reserved "
                    + geometry.reservedSlots() + " != " + geometry.totalSlots());
        }
        auditPageOwners();
        auditIndexSummaries();
        if (space.onDemandClusters() != space.countOnDemandClusters()) {
            throw corrupt("on-demand clusters kept " + space.onDemandClusters() + ", counted "
                    + space.countOnDemandClusters());
        }
        final String overdrawn = space.budget.overdrawn(space.onDemandClusters(), table.size());
        if (overdrawn != null) {
            throw corrupt("metadata budget overdrawn (INV-24): " + overdrawn);
        }
    }

    /** The summary levels of every device index ({@link ClusterSet}), which its lowest member is found through. */
    @GuardedBy("space.deviceLock")
    private void auditIndexSummaries() {
        final ClusterSet[][] groups = {space.hasFree, space.hasSmallFree, space.hasLargeFree, space.hasBucket,
            {space.wholeFree, space.hasSmallOpen}};
        for (final ClusterSet[] group : groups) {
            for (final ClusterSet set : group) {
                final String mismatch = set.summaryMismatch();
                if (mismatch != null) {
                    throw corrupt("device index summary: " + mismatch);
                }
            }
        }
    }

    /** Every live page of a descriptor is owned by it in its cluster, and no other slot has an owner. */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    @GuardedBy("space.deviceLock")
    private void auditPageOwners() {
        long livePages = 0;
        for (final CompoundDescriptor d : table.live()) {
            if (d.livePages() == 0) {
                throw corrupt(d + " is live with no page");
            }
            for (int p = 0; p < 1 << d.order; p++) {
                if (d.isLive(p)) {
                    final long slot = d.slotOf(p);
                    final Cluster cl = space.clusterOf(slot);
                    if (cl == null || cl.ownerOf(space.indexOf(slot)) != d) {
                        throw corrupt("page owners: page " + p + " of " + d + " at slot " + slot + " is owned by "
                                + (cl == null ? "no cluster" : cl.ownerOf(space.indexOf(slot))));
                    }
                    livePages++;
                }
            }
        }
        long owned = 0;
        for (final Cluster cl : space.clusters) {
            for (int idx = 0; cl != null && idx < clusterSlots; idx++) {
                owned += cl.ownerOf(idx) != null ? 1 : 0;
            }
        }
        if (owned != livePages) {
            throw corrupt("page owners: " + owned + " slots have an owner, descriptors hold " + livePages);
        }
    }

    @GuardedBy("space.deviceLock")
    private long auditCluster(final Cluster cl, final long[] counted) {
        final int[] cover = new int[clusterSlots];
        long free = 0;
        for (int j = 0; j < counted.length; j++) {
            int heads = 0;
            for (int idx = 0; idx < clusterSlots; idx += 1 << j) {
                if (!cl.isHead(j, idx)) {
                    continue;
                }
                heads++;
                free += 1L << j;
                for (int x = idx; x < idx + (1 << j); x++) {
                    cover[x]++;
                }
                if (j < geometry.maxOrder() && cl.isHead(j, (int) Blocks.buddyOf(idx, j))) {
                    throw corrupt(cl + ": free block " + idx + "/" + j + " has a free buddy");
                }
            }
            counted[j] += heads;
            final boolean masked = (cl.freeOrders >>> j & 1) != 0;
            if (heads != cl.freeByOrder[j] || space.hasFree[j].get(cl.index) != (heads > 0 && space.keepsOrder(j))
                    || masked != heads > 0) {
                throw corrupt(cl + ": order " + j + " has " + heads + " free blocks, freeByOrder "
                        + cl.freeByOrder[j] + ", hasFree " + space.hasFree[j].get(cl.index) + ", order mask " + masked);
            }
        }
        int reserved = 0;
        for (int x = 0; x < clusterSlots; x++) {
            // In use: neither reserved nor free (isFree reads the same maps as cover, and the held block too).
            final boolean inUse = !cl.isReserved(x) && !cl.isFree(x);
            if (cover[x] > 1 || (cl.isReserved(x) && cover[x] > 0) || inUse != (cl.count(x) > 0 || cl.isCached(x))) {
                throw corrupt(cl + ": slot " + x + " in " + cover[x] + " free blocks, reserved " + cl.isReserved(x)
                        + ", count " + cl.count(x) + ", cached " + cl.isCached(x));
            }
            reserved += cl.isReserved(x) ? 1 : 0;
        }
        if (reserved != cl.reservedCount || free != cl.freeCount || (cl.isWhollyFree() && cl.reservedCount == 0)) {
            throw corrupt(cl + ": maps hold " + free + " free and " + reserved + " reserved slots");
        }
        auditPageblocks(cl, cover);
        final String runs = cl.runCacheMismatch(new long[cl.usableWords()]);
        if (runs != null) {
            throw corrupt(cl + ": " + runs);
        }
        return free;
    }

    /**
     * The small-pageblock marks and what is derived from them: no small pageblock is wholly free; each
     * pageblock's free count and bucket; the free blocks recorded as lying in small pageblocks; the device
     * indexes.
     */
    @GuardedBy("space.deviceLock")
    private void auditPageblocks(final Cluster cl, final int[] cover) {
        final Pageblocks pb = cl.pageblocks;
        final int size = 1 << pageblockOrder;
        long buckets = 0;
        for (int first = 0; first < clusterSlots; first += size) {
            int free = 0;
            for (int x = first; x < first + size; x++) {
                free += cover[x];
            }
            final int bucket = Pageblocks.bucketOf(free, pb.isSmall(first), pageblockOrder);
            // inBucket reads the pageblock's small-open mark too: set exactly for the buckets 1..2^p-1.
            if ((pb.isSmall(first) && free == size) || free != pb.freeIn(first) || !pb.inBucket(first, bucket)) {
                throw corrupt(cl + ": pageblock at " + first + " has " + free + " free slots, small "
                        + pb.isSmall(first) + ", counted " + pb.freeIn(first) + ", in bucket " + bucket + " "
                        + pb.inBucket(first, bucket) + ", open " + pb.isSmallOpen(first));
            }
            buckets |= bucket > 0 ? 1L << bucket : 0;
        }
        final long large = buckets & Pageblocks.largeBuckets(pageblockOrder);
        if (large != pb.countNonEmptyBuckets() || large != pb.nonEmptyBuckets() || large != cl.indexedBuckets) {
            throw corrupt(cl + ": buckets " + Long.toBinaryString(buckets) + ", counted "
                    + Long.toBinaryString(pb.nonEmptyBuckets()) + ", indexed "
                            + Long.toBinaryString(cl.indexedBuckets));
        }
        final boolean open = (buckets & ((1L << size) - 2)) != 0;
        if (space.hasSmallOpen.get(cl.index) != open || cl.indexedSmallOpen != open || pb.hasSmallOpen() != open) {
            throw corrupt(cl + ": device index of small pageblocks with a free slot is "
                    + space.hasSmallOpen.get(cl.index) + ", published " + cl.indexedSmallOpen + ", kept "
                    + pb.hasSmallOpen());
        }
        for (int k = 1; k < space.hasBucket.length; k++) {
            if (space.hasBucket[k].get(cl.index) != ((large >>> k & 1) != 0)) {
                throw corrupt(cl + ": device index of bucket " + k + " is " + space.hasBucket[k].get(cl.index));
            }
        }
        for (int j = 0; j < pageblockOrder; j++) {
            int small = 0;
            for (int idx = 0; idx < clusterSlots; idx += 1 << j) {
                final boolean want = cl.isHead(j, idx) && pb.isSmall(idx);
                if (pb.isHead(j, idx) != want) {
                    throw corrupt(cl + ": free block " + idx + "/" + j + " recorded in a small pageblock "
                            + pb.isHead(j, idx) + ", expected " + want);
                }
                small += want ? 1 : 0;
            }
            final boolean masked = (pb.smallOrders >>> j & 1) != 0;
            final boolean kept = space.keepsPageblockOrder(j);
            if (small != pb.smallFree[j] || space.hasSmallFree[j].get(cl.index) != (small > 0 && kept)
                    || space.hasLargeFree[j].get(cl.index) != (cl.freeByOrder[j] > small && kept)
                    || masked != small > 0) {
                throw corrupt(cl + ": order " + j + " has " + small + " free blocks in small pageblocks, smallFree "
                        + pb.smallFree[j] + ", hasSmallFree " + space.hasSmallFree[j].get(cl.index)
                        + ", hasLargeFree " + space.hasLargeFree[j].get(cl.index) + ", small mask " + masked);
            }
        }
    }
}
