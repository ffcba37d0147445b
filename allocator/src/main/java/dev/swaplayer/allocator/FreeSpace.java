package dev.swaplayer.allocator;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.swaplayer.allocator.core.Handshake;
import dev.swaplayer.allocator.core.SlotCounters;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.MetadataBudget;
import dev.swaplayer.spec.Placement;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The buddy allocator's free space: the clusters' metadata (created on demand, dropped when a cluster comes
 * wholly free), the device-level indexes over them and the free and used counters.
 *
 * <p>Thread safety: guarded by the device lock ({@link Handshake}); each method that needs it asserts
 * it. The exceptions are named in their accessors: {@link #clusterAcquire} and {@link #lockClusterOf} read a
 * cluster's metadata reference with acquire ordering, and {@link #freeSlots()} and {@link #usedSlots()} are
 * acquire loads.
 *
 * <h2>Bookkeeping</h2>
 * <pre>
 *   device:  clusters[]     Cluster, or null for a wholly free cluster (no metadata: O(1) per cluster)
 *            wholeFree      the null clusters ({@link ClusterSet}); each counts as clusterSlots &gt;&gt; maxOrder
 *                           free blocks of order maxOrder
 *            hasFree[j]     clusters with metadata holding a free block of order j
 *            hasSmallFree[j], hasLargeFree[j]   for 0 &lt; j &lt; p (the pageblock order): clusters holding a
 *                           free block of order j in a small / large pageblock
 *            hasBucket[k]   for a large bucket k = 2^p + free: clusters holding a large pageblock with that
 *                           many free slots (the small buckets, k &lt; 2^p, are kept per cluster but not
 *                           indexed: no search asks for them, hasSmallOpen serves order 0)
 *            hasSmallOpen   clusters holding a small pageblock with a free slot (any of buckets 1..2^p-1)
 *            blocks[j]      free blocks of order j on the whole device (buddyinfo)
 *            descriptors    live compound descriptors by id ({@link DescriptorTable})
 *   cluster: per-order free-block bitmaps, a state byte per slot ({@link Cluster}), the small-pageblock
 *            marks with per-pageblock free counts and buckets ({@link Pageblocks})
 * </pre>
 * Clusters holding the header, a bad slot or the device end keep their metadata for life; any other cluster
 * has metadata exactly while one of its slots is in use.
 *
 * <p>An index no search of {@link BlockPlacement} reads is not kept (its sets stay empty), since every allocation
 * and free would otherwise write it: hasFree[j] for j &lt; p under {@link Placement#GROUPED} (which searches below
 * p by pageblock), hasSmallFree[0] and hasLargeFree[0] (order 0 goes by pageblock, hasSmallOpen and hasBucket), and
 * the small buckets of hasBucket (hasSmallOpen serves them).
 */
final class FreeSpace {
    private static final VarHandle CLUSTERS = MethodHandles.arrayElementVarHandle(Cluster[].class);

    final Geometry geometry;
    final int clusterSlots;
    /** The pageblock order p ({@link Geometry#pageblockOrder()}). */
    final int pageblockOrder;
    final Handshake locks;
    /**
     * The device lock ({@link Handshake#deviceLock()}), named here so that ErrorProne's {@code @GuardedBy} check
     * follows it: what it guards is annotated {@code @GuardedBy("deviceLock")} here and
     * {@code @GuardedBy("space.deviceLock")} in the parts, and it is taken as {@code space.deviceLock.lock()} in a
     * {@code try}/{@code finally}. Each part of a {@link BuddyAllocator} holds the allocator's one free space in a
     * final field set by the allocator's constructor, so {@code placement.space}, {@code table.space},
     * {@code states.space} and the facade's {@code space} are the same object; the check matches guards by
     * expression and cannot know that. A method that holds the lock as {@code this.space.deviceLock} and calls
     * another part's guarded method is therefore marked {@code @SuppressWarnings("GuardedBy")} with a pointer
     * here, and that part's method asserts the lock at run time ({@code holdsDevice()}); every access within a
     * part, and every call from a part into the free space, is checked.
     */
    final SpinLock deviceLock;
    private final Fault fault;
    /** What on-demand metadata may be had; asked under the device lock, and by {@code dup} under a cluster lock. */
    final MetadataBudget budget;
    /** Clusters holding a reserved slot: they have metadata for life and the budget does not count them. */
    @GuardedBy("deviceLock")
    private int permanentClusters;
    /**
     * Clusters holding metadata on demand, kept as {@link #materialize} and {@link #afterRelease} change them, so
     * that a budget request costs no count of the device ({@link #countOnDemandClusters} counts afresh, for the
     * audit). Guarded by the device lock.
     */
    @GuardedBy("deviceLock")
    private long onDemand;
    /**
     * Each cluster's metadata, or null for a wholly free one. Changed only under the device lock, with release
     * stores ({@link #setClusterRelease}); read without it only through {@link #clusterAcquire}.
     */
    final Cluster[] clusters;
    /** The clusters without metadata; guarded by the device lock. */
    @GuardedBy("deviceLock")
    final ClusterSet wholeFree;
    /** For each order j: clusters with metadata holding a free block of order j; guarded by the device lock. */
    @GuardedBy("deviceLock")
    final ClusterSet[] hasFree;
    /** For each order j &lt; p: clusters holding a free block of order j inside a small pageblock; ditto. */
    @GuardedBy("deviceLock")
    final ClusterSet[] hasSmallFree;
    /** Clusters holding a small pageblock with a free slot ({@link Pageblocks#hasSmallOpen}); ditto. */
    @GuardedBy("deviceLock")
    final ClusterSet hasSmallOpen;
    /** For each order j &lt; p: clusters holding a free block of order j inside a large pageblock; ditto. */
    @GuardedBy("deviceLock")
    final ClusterSet[] hasLargeFree;
    /**
     * Bucket 2^p + k: clusters holding a large pageblock with exactly k free slots ({@link Pageblocks#bucketOf});
     * the entries of the small buckets 1..2^p-1 stay empty. Guarded by the device lock.
     */
    @GuardedBy("deviceLock")
    final ClusterSet[] hasBucket;
    /** The large buckets, bit k for bucket k ({@link Pageblocks#largeBuckets}): the ones {@link #hasBucket} indexes. */
    private final long largeBuckets;
    /**
     * The orders whose {@link #hasFree} set is kept, bit j for order j: all of them under {@link Placement#BEST_FIT},
     * which searches from the request's order; those from p up under {@link Placement#GROUPED}.
     */
    private final int keptOrders;
    /** The orders kept in {@link #hasSmallFree} (bit j) and {@link #hasLargeFree} (bit 16 + j): 1..p-1. */
    private final int keptPageblockOrders;
    /** Free blocks of each order on the whole device (buddyinfo); guarded by the device lock. */
    @GuardedBy("deviceLock")
    final long[] blocks;
    /** The layout of a cluster's head bitmaps ({@link ClusterFreeBlocks#headLayout}), shared by every cluster. */
    private final int[] headLayout;
    /** A sink for block counts already made elsewhere ({@link #materialize}); guarded by the device lock. */
    @GuardedBy("deviceLock")
    private final long[] scratchBlocks;
    /** Free and used slots: written under the device lock with release stores, read with acquire loads. */
    final SlotCounters counters;

    /** The free space of an empty device: every slot free but the header and the bad slots. */
    FreeSpace(final Geometry geometry, final Fault fault, final Handshake locks, final SlotCounters counters,
            final MetadataBudget budget, final Placement rule) {
        this.geometry = geometry;
        this.fault = fault;
        this.locks = locks;
        this.deviceLock = locks.deviceLock();
        this.budget = budget;
        this.counters = counters;
        this.clusterSlots = geometry.clusterSlots();
        this.pageblockOrder = geometry.pageblockOrder();
        final int n = geometry.clusterCount();
        this.hasSmallFree = ClusterSet.array(pageblockOrder, n);
        this.hasSmallOpen = new ClusterSet(n);
        this.hasLargeFree = ClusterSet.array(pageblockOrder, n);
        this.hasBucket = ClusterSet.array(2 << pageblockOrder, n);
        this.largeBuckets = Pageblocks.largeBuckets(pageblockOrder);
        final int all = (2 << geometry.maxOrder()) - 1;
        this.keptOrders = rule == Placement.BEST_FIT ? all : all & -(1 << pageblockOrder);
        final int pageblockOrders = (1 << pageblockOrder) - 1 & ~1; // 1..p-1: none when p is 0 or 1
        this.keptPageblockOrders = pageblockOrders | pageblockOrders << 16;
        this.clusters = new Cluster[n];
        this.wholeFree = new ClusterSet(n);
        this.hasFree = ClusterSet.array(geometry.maxOrder() + 1, n);
        this.blocks = new long[geometry.maxOrder() + 1];
        this.scratchBlocks = new long[geometry.maxOrder() + 1];
        this.headLayout = ClusterFreeBlocks.headLayout(geometry.clusterOrder(), geometry.maxOrder());
        deviceLock.lock(); // not yet published: the lock is free, and holding it keeps the assertions true
        try {
            build(n);
        } finally {
            deviceLock.unlock();
        }
    }

    /** Sets up the free space of an empty device; under the device lock. */
    @GuardedBy("deviceLock")
    private void build(final int n) {
        final long[] bad = geometry.badSlots();
        int nextBad = 0;
        for (int c = 0; c < n; c++) {
            final long first = base(c);
            final boolean tail = first + clusterSlots > geometry.totalSlots();
            final boolean hasBad = nextBad < bad.length && geometry.clusterOf(bad[nextBad]) == c;
            if (c == 0 || tail || hasBad) {
                while (nextBad < bad.length && geometry.clusterOf(bad[nextBad]) == c) {
                    nextBad++;
                }
                buildReservingCluster(c);
                permanentClusters++;
            } else {
                wholeFree.set(c);
                blocks[geometry.maxOrder()] += clusterSlots >>> geometry.maxOrder();
                counters.addFree(clusterSlots);
            }
        }
    }

    /** A deep copy under the device lock of {@code o}, but for the clusters' page owners, which the caller rebuilds. */
    FreeSpace(final FreeSpace o, final Handshake locks, final SlotCounters counters) {
        this.geometry = o.geometry;
        this.fault = o.fault;
        this.locks = locks;
        this.deviceLock = locks.deviceLock();
        this.budget = o.budget.copy();
        this.permanentClusters = o.permanentClusters;
        this.onDemand = o.onDemand;
        this.clusterSlots = o.clusterSlots;
        this.pageblockOrder = o.pageblockOrder;
        this.hasSmallFree = ClusterSet.copies(o.hasSmallFree);
        this.hasSmallOpen = new ClusterSet(o.hasSmallOpen);
        this.hasLargeFree = ClusterSet.copies(o.hasLargeFree);
        this.hasBucket = ClusterSet.copies(o.hasBucket);
        this.largeBuckets = o.largeBuckets;
        this.keptOrders = o.keptOrders;
        this.keptPageblockOrders = o.keptPageblockOrders;
        this.clusters = new Cluster[o.clusters.length];
        for (int c = 0; c < clusters.length; c++) {
            clusters[c] = o.clusters[c] == null ? null : new Cluster(o.clusters[c]);
        }
        this.wholeFree = new ClusterSet(o.wholeFree);
        this.hasFree = ClusterSet.copies(o.hasFree);
        this.blocks = o.blocks.clone();
        this.scratchBlocks = new long[blocks.length];
        this.headLayout = o.headLayout;
        this.counters = counters;
    }

    @GuardedBy("deviceLock")
    private void buildReservingCluster(final int c) {
        final Cluster cl = new Cluster(c, headLayout, geometry.clusterOrder(), geometry.maxOrder(), pageblockOrder,
                Fault.NONE);
        final long first = base(c);
        int runStart = -1;
        for (int idx = 0; idx <= clusterSlots; idx++) {
            final long slot = first + idx;
            final boolean usable = idx < clusterSlots && slot != 0 && slot < geometry.totalSlots()
                    && Arrays.binarySearch(geometry.badSlots(), slot) < 0;
            if (idx < clusterSlots && !usable) {
                cl.markReserved(idx);
            }
            if (usable && runStart < 0) {
                runStart = idx;
            } else if (!usable && runStart >= 0) {
                cl.insertRun(runStart, idx - runStart, blocks);
                cl.freeCount += idx - runStart;
                counters.addFree(idx - runStart);
                runStart = -1;
            }
        }
        for (int idx = 0; idx < clusterSlots; idx++) {
            if (cl.isReserved(idx)) {
                cl.markSmall(idx); // a pageblock with a reserved slot can never hold a large folio
            }
        }
        cl.plant(fault); // a planted bug acts only after the device is set up
        clusters[c] = cl;
        syncIndex(cl);
    }

    long base(final int cluster) {
        return (long) cluster << geometry.clusterOrder();
    }

    int indexOf(final long slot) {
        return (int) (slot & (clusterSlots - 1));
    }

    // ---------------------------------------------------------------------------- cluster metadata

    /** A cluster's metadata, or null, read with acquire ordering: safe without the device lock. */
    Cluster clusterAcquire(final int c) {
        return (Cluster) CLUSTERS.getAcquire(clusters, c);
    }

    /** The metadata of a slot's cluster, or null, read with acquire ordering: safe without the device lock. */
    Cluster clusterOf(final long slot) {
        return clusterAcquire(geometry.clusterOf(slot));
    }

    /** Returns whether {@link #hasFree} of order j is kept (else it stays empty); for the audit. */
    boolean keepsOrder(final int j) {
        return (keptOrders >>> j & 1) != 0;
    }

    /** Returns whether {@link #hasSmallFree} and {@link #hasLargeFree} of order j are kept; for the audit. */
    boolean keepsPageblockOrder(final int j) {
        return (keptPageblockOrders >>> j & 1) != 0;
    }

    /** Publishes (or drops, with null) a cluster's metadata with release ordering; under the device lock. */
    private void setClusterRelease(final int c, final Cluster cl) {
        assert locks.holdsDevice() : "cluster " + c + " published without the device lock";
        CLUSTERS.setRelease(clusters, c, cl);
    }

    /**
     * Locks the metadata of a slot's cluster. Without the device lock the metadata may be dropped or replaced
     * at any time, so it is read again after locking, until the two reads agree.
     *
     * @return the locked cluster, or null (nothing locked) when the cluster is wholly free
     */
    Cluster lockClusterOf(final long slot) {
        final int c = geometry.clusterOf(slot);
        for (;;) {
            final Cluster cl = clusterAcquire(c);
            if (cl == null) {
                return null;
            }
            locks.lock(cl.lock);
            if (clusterAcquire(c) == cl) {
                return cl;
            }
            locks.unlock(cl.lock); // dropped or replaced while we waited: read again
        }
    }

    /**
     * Under the device lock: {@linkplain Handshake#enter enters}, in ascending order, the clusters with metadata
     * that hold the given run. A run past the device end enters nothing (its check rejects it).
     */
    void enterClusters(final long first, final long count) {
        assert locks.holdsDevice() : "enterClusters without the device lock";
        if (count < 1 || first + count > geometry.totalSlots()) {
            return;
        }
        final int last = geometry.clusterOf(first + count - 1);
        for (int c = geometry.clusterOf(first); c <= last; c++) {
            if (clusters[c] != null) {
                locks.enter(clusters[c].lock);
            }
        }
    }

    /** Under the device lock: enters the distinct clusters of slots sorted ascending. */
    void enterClusters(final long[] sortedSlots) {
        assert locks.holdsDevice() : "enterClusters without the device lock";
        int last = -1;
        for (final long slot : sortedSlots) {
            final int c = geometry.clusterOf(slot);
            if (c != last && clusters[c] != null) {
                locks.enter(clusters[c].lock);
            }
            last = c;
        }
    }

    // --------------------------------------------------------------------------- cross-cluster indexes

    /**
     * Under the device lock: re-derives the device indexes of one cluster after it changed, from the masks the
     * cluster keeps as its counts cross zero ({@link ClusterFreeBlocks#freeOrders}, {@link Pageblocks#smallOrders},
     * {@link Pageblocks#nonEmptyBuckets}): only the bits that differ from what is published are written.
     */
    @GuardedBy("deviceLock")
    void syncIndex(final Cluster cl) {
        assert locks.holdsDevice() : "syncIndex of " + cl + " without the device lock";
        final int now = cl.freeOrders & keptOrders;
        for (int changed = now ^ cl.indexedOrders; changed != 0; changed &= changed - 1) {
            final int j = Integer.numberOfTrailingZeros(changed); // only the orders that changed
            hasFree[j].set(cl.index, (now >>> j & 1) != 0);
        }
        cl.indexedOrders = now;
        int groups = cl.pageblocks.smallOrders;
        for (int low = cl.freeOrders & keptPageblockOrders; low != 0; low &= low - 1) {
            final int j = Integer.numberOfTrailingZeros(low); // a kept order below p with a free block
            groups |= cl.largeFree(j) > 0 ? 1 << (16 + j) : 0;
        }
        groups &= keptPageblockOrders;
        for (int changed = groups ^ cl.indexedPageblockOrders; changed != 0; changed &= changed - 1) {
            final int bit = Integer.numberOfTrailingZeros(changed);
            (bit < 16 ? hasSmallFree[bit] : hasLargeFree[bit - 16]).set(cl.index, (groups >>> bit & 1) != 0);
        }
        cl.indexedPageblockOrders = groups;
        final boolean open = cl.pageblocks.hasSmallOpen();
        if (open != cl.indexedSmallOpen) {
            hasSmallOpen.set(cl.index, open);
            cl.indexedSmallOpen = open;
        }
        final long buckets = cl.pageblocks.nonEmptyBuckets() & largeBuckets; // the large ones: all it keeps
        for (long changed = buckets ^ cl.indexedBuckets; changed != 0; changed &= changed - 1) {
            final int k = Long.numberOfTrailingZeros(changed);
            hasBucket[k].set(cl.index, (buckets >>> k & 1) != 0);
        }
        cl.indexedBuckets = buckets;
    }

    /**
     * Under the device lock: creates the metadata of a wholly free cluster, all of it in free blocks of order
     * maxOrder.
     */
    @GuardedBy("deviceLock")
    void materialize(final int c) {
        assert wholeFree.get(c) && clusters[c] == null : "cluster " + c + " is not wholly free";
        final Cluster cl = new Cluster(c, headLayout, geometry.clusterOrder(), geometry.maxOrder(), pageblockOrder,
                fault);
        final int top = 1 << geometry.maxOrder();
        for (int idx = 0; idx < clusterSlots; idx += top) {
            cl.addHead(geometry.maxOrder(), idx, scratchBlocks); // already counted in blocks[maxOrder]
        }
        cl.freeCount = clusterSlots;
        wholeFree.clear(c);
        onDemand++;
        setClusterRelease(c, cl);
        syncIndex(cl);
    }

    /**
     * Under the device lock: asks the budget for one on-demand cluster's metadata ({@link MetadataBudget#cluster}).
     * The planted {@link Fault#IGNORE_METADATA_BUDGET} asks but takes it whatever the answer.
     */
    @GuardedBy("deviceLock")
    boolean grantCluster() {
        assert locks.holdsDevice() : "cluster metadata requested without the device lock";
        final boolean granted = budget.cluster(onDemandClusters());
        return granted || fault == Fault.IGNORE_METADATA_BUDGET;
    }

    /**
     * Under the device lock, after a refused cluster request that no cluster with metadata can serve: borrows the
     * reserve ({@link MetadataBudget#lendReserve}); never with the planted {@link Fault#NO_METADATA_RESERVE}.
     */
    boolean lendReserve() {
        assert locks.holdsDevice() : "reserve lent without the device lock";
        return fault != Fault.NO_METADATA_RESERVE && budget.lendReserve();
    }

    /** Returns the clusters that hold metadata on demand (no reserved slot), as kept; under the device lock. */
    @GuardedBy("deviceLock")
    long onDemandClusters() {
        assert locks.holdsDevice() : "onDemandClusters without the device lock";
        return onDemand;
    }

    /** Returns the clusters that hold metadata on demand, counted afresh from the metadata; for the audit. */
    @GuardedBy("deviceLock")
    long countOnDemandClusters() {
        return (long) clustersWithMetadata() - permanentClusters;
    }

    /** After slots of a cluster were freed: update its indexes and drop its metadata if it is wholly free. */
    @GuardedBy("deviceLock")
    private void afterRelease(final Cluster cl) {
        if (cl.isWhollyFree() && cl.reservedCount == 0) {
            assert cl.freeByOrder[geometry.maxOrder()] == clusterSlots >>> geometry.maxOrder()
                    : cl + " is wholly free but not coalesced";
            setClusterRelease(cl.index, null); // the caller holds cl's lock: nobody is inside it
            wholeFree.set(cl.index);
            onDemand--;
            ClusterSet.clearAll(hasFree, cl.index);
            ClusterSet.clearAll(hasSmallFree, cl.index);
            ClusterSet.clearAll(hasLargeFree, cl.index);
            ClusterSet.clearAll(hasBucket, cl.index);
            hasSmallOpen.clear(cl.index);
            budget.clusterDropped(); // refills the reserve first, if it is lent
        } else {
            syncIndex(cl);
        }
    }

    // -------------------------------------------------------------------------------- take and give back

    /**
     * Under the device lock: takes 2^e slots from the free block (cl, idx, j), marking a small pageblock.
     *
     * @return the first slot taken
     */
    @GuardedBy("deviceLock")
    long take(final Cluster cl, final int idx, final int j, final int e) {
        locks.enter(cl.lock);
        cl.splitTake(idx, j, e, blocks);
        markAllocated(cl, idx, 1 << e);
        if (e < pageblockOrder) {
            cl.markSmall(idx);
        }
        syncIndex(cl);
        return base(cl.index) + idx;
    }

    /**
     * Under the device lock, inside the cluster: takes the free run {@code [idx, idx + len)}, which starts at a
     * free block's head ({@link Cluster#takeRun}), and marks its slots allocated. The caller syncs the index.
     */
    @GuardedBy("deviceLock")
    void takeRun(final Cluster cl, final int idx, final int len) {
        cl.takeRun(idx, len, blocks);
        markAllocated(cl, idx, len);
    }

    private void markAllocated(final Cluster cl, final int idx, final int len) {
        cl.markAllocated(idx, len);
        cl.freeCount -= len;
        counters.moveToUsedRelease(len);
    }

    /**
     * Under the device lock, inside the cluster, whose slot states the caller has cleared: gives the run
     * {@code [idx, idx + len)} back to the free maps, and drops the metadata of a cluster that came wholly free.
     */
    @GuardedBy("deviceLock")
    void giveBack(final Cluster cl, final int idx, final int len) {
        counters.moveToUsedRelease(-len);
        insertFreed(cl, idx, len);
    }

    /**
     * {@link #giveBack} of a run already counted free: a block {@link HeldBlock} held back. Under the device lock,
     * inside the cluster.
     */
    @GuardedBy("deviceLock")
    void insertFreed(final Cluster cl, final int idx, final int len) {
        cl.insertRun(idx, len, blocks);
        cl.freeCount += len;
        afterRelease(cl);
    }

    /** Returns free slots, an acquire load without a lock: exact, and consistent with usedSlots when quiescent. */
    long freeSlots() {
        return counters.freeAcquire();
    }

    /** Returns used slots, an acquire load without a lock: exact, and consistent with freeSlots when quiescent. */
    long usedSlots() {
        return counters.usedAcquire();
    }

    /** Returns the number of clusters that hold metadata; under the device lock. */
    @GuardedBy("deviceLock")
    int clustersWithMetadata() {
        assert locks.holdsDevice() : "clustersWithMetadata without the device lock";
        return clusters.length - wholeFree.cardinality();
    }
}
