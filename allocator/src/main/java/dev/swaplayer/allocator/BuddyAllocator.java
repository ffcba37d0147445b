package dev.swaplayer.allocator;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Blocks;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.InvariantChecker;
import dev.swaplayer.spec.Placement;
import dev.swaplayer.spec.Preconditions;
import dev.swaplayer.spec.SlotState;
import dev.swaplayer.spec.SwapResult;
import dev.swaplayer.spec.SwapSpaceView;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

/**
 * The buddy allocator of swap slots, with swap counts, the swap-cache flag and compound descriptors.
 *
 * <p>Thread safety: thread-safe; every operation may be called from any thread, and each is linearizable
 * against the sequential specification ({@code SwapSpaceModel}): a device lock serialises changes of free
 * space, and a lock per cluster guards the slot states, so swap-count and swap-cache operations on different
 * clusters run in parallel with each other.
 *
 * <h2>Locks</h2>
 * <pre>
 *   device lock   (si->lock)  free space: clusters[] (metadata created or dropped), wholeFree, hasFree[],
 *                             blocks[], freeSlots/usedSlots (written), the descriptor table, and each
 *                             cluster's free-block maps, counts and page-owner table
 *   cluster lock  (ci->lock)  one cluster's slot state bytes and extend table ({@link Cluster#lock}), for a
 *                             thread that does not hold the device lock
 *
 *   lock order: device lock, then cluster locks; without the device lock, at most one cluster lock.
 * </pre>
 * Both are {@link SpinLock}s. {@code allocate}, {@code free}, {@code allocateFolio} and {@code freeFolioPages}
 * take the device lock only: the holder of the device lock may change any cluster's slot states once it has
 * <i>entered</i> that cluster ({@link #enter}), which waits for a cluster-only step already inside it and
 * needs no compare-and-set. {@code dup}, {@code cacheAdd} and the {@code put} / {@code cacheDel} that leave
 * the slot in use take only the slot's cluster lock ({@link #lock}); a {@code put} or {@code cacheDel} that
 * would free the slot lets go of it, takes the device lock, then the cluster lock again, and decides anew (its
 * outcome may have changed meanwhile).
 *
 * <p><b>The handshake</b> between the two is Dekker's, made of the two locks' own words:
 * <pre>
 *   device-lock holder D                    cluster-only step C, cluster X
 *   CAS device 0 -> 1                       CAS X.lock 0 -> 1
 *   read X.lock (volatile); wait while      read device (volatile); if held by another
 *     another thread holds it (enter)         thread: let go of X.lock, take device, take
 *                                             X.lock, let go of device
 *   change X's slot states                  change X's slot states
 *   device = 0 (release)                    X.lock = 0 (release)
 * </pre>
 * Volatile accesses have one total order, so at least one of D and C sees the other's compare-and-set, and
 * C always gives way: they are never inside X together, and nobody waits while holding what the other needs.
 * The price is that a cluster-only step waits while any allocation or free runs; the gain is one atomic
 * instruction per allocation or free instead of two, measured by {@code ./swaplayer bench} as the locks'
 * cost on one thread ({@code buddy_vs_unlocked_*}).
 *
 * <p>Without the device lock a cluster's metadata may be dropped or replaced at any time, so
 * {@code lockClusterOf} re-reads it after locking and retries until the two agree; dropping happens only
 * under the device lock, after entering that cluster.
 *
 * <h2>Memory ordering</h2>
 * Everything is guarded by a lock, with two exceptions, both named in their accessors:
 * {@code clusterAcquire} reads a cluster's metadata reference with acquire ordering, pairing with
 * {@code setClusterRelease} under the device lock, so a thread that sees a new {@link Cluster} sees it fully
 * built; {@link #freeSlots()} and {@link #usedSlots()} are acquire loads of counters written with release stores
 * under the device lock, exact at quiescent points.
 * Placement needs no per-thread hint: it is a few bitset lookups under the device lock, and it is the
 * specified, deterministic placement ({@link Placement}) that the linearizability tests compare.
 * {@link Fault#NO_LOCKS} builds the same allocator without locks, to show that the concurrency tests fail;
 * {@link Fault#UNLOCKED_DUP} leaves out only {@code dup}'s cluster lock, a lost update of one slot's count.
 *
 * <h2>Notation</h2>
 * Slots, orders, clusters, minOrder and alignment as in {@link Geometry}. A <b>free block</b> of order j is a
 * naturally aligned run of {@code 2^j} free slots inside one cluster, {@code j <= maxOrder}.
 *
 * <h2>Bookkeeping</h2>
 * <pre>
 *   device:  clusters[]     Cluster, or null for a wholly free cluster (no metadata: O(1) per cluster)
 *            wholeFree      bitset of the null clusters; each counts as clusterSlots &gt;&gt; maxOrder
 *                           free blocks of order maxOrder
 *            hasFree[j]     bitset of clusters with metadata holding a free block of order j
 *            hasSmallFree[j], hasLargeFree[j]   for j &lt; p (the pageblock order): clusters holding a free
 *                           block of order j in a small / large pageblock
 *            hasBucket[k]   clusters holding a small (k &lt; 2^p) or large (k = 2^p + free) pageblock with
 *                           that many free slots
 *            blocks[j]      free blocks of order j on the whole device (buddyinfo)
 *            descriptors    live compound descriptors by id
 *   cluster: per-order free-block bitmaps, a state byte per slot ({@link Cluster}), the small-pageblock
 *            marks with per-pageblock free counts and buckets ({@link Pageblocks})
 * </pre>
 * Clusters holding the header, a bad slot or the device end keep their metadata for life; any other cluster
 * has metadata exactly while one of its slots is in use.
 *
 * <h2>Invariants</h2>
 * Every free slot lies in exactly one free block; no free block has a free buddy of its own order below
 * maxOrder (full coalescing); blocks[j] counts the free blocks of order j; a cluster is in hasFree[j] iff it
 * holds a free block of order j; freeSlots + usedSlots + reserved = totalSlots. {@link #checkConsistency()}
 * audits all of them, and the pageblock marks, counts, buckets and indexes; {@code spec/SPEC.md} names them
 * INV-1 to INV-15.
 *
 * <h2>Algorithm: allocate(k)</h2>
 * <ol>
 *   <li>e = max(k, minOrder); p = the pageblock order ({@link Geometry#pageblockOrder()}).</li>
 *   <li>{@link Placement#GROUPED} and e &lt; p only, each step a few bitset lookups:
 *     <ol>
 *       <li>e = 0: the lowest cluster in hasBucket[k] for k = 1, 2, .. 2^p-1 (the small pageblock with the
 *           fewest free slots), its lowest pageblock in that bucket, and in it the smallest free block
 *           (at most 2^(p+1) bit probes). e &gt; 0: the lowest cluster in hasSmallFree[j], j = e..p-1, and its
 *           lowest such block.</li>
 *       <li>Likewise in large pageblocks: e = 0 the buckets 2^p + k for k = 2^p-1 down to 1 (the most free
 *           slots first); e &gt; 0 hasLargeFree[j] for j = p-1 down to e.</li>
 *       <li>Otherwise best fit (next step) from order p.</li>
 *     </ol>
 *     Any allocation with e &lt; p marks its pageblock small ({@link Cluster#markSmall}).</li>
 *   <li>Best fit: for j = e..maxOrder: take the lowest-addressed free block of order j (the lowest cluster in
 *       hasFree[j], or at j = maxOrder the lower of that and the first wholly free cluster, whose metadata is
 *       created now). Split it: the upper halves of orders j-1..e go back to the free maps; return its
 *       first {@code 2^e} slots.</li>
 *   <li>Unaligned geometry only: the lowest run of {@code 2^e} free slots in one cluster, on a chunk
 *       boundary; the blocks it cuts through are re-split around it.</li>
 *   <li>Otherwise NONE.</li>
 * </ol>
 * <b>Why best fit, lowest address.</b> Splitting the smallest block that fits leaves larger blocks whole for
 * the large folios that need them, and taking the lowest address packs allocations toward the front of the
 * device, so that high clusters stay wholly free (and cost no metadata) for as long as possible. Address-
 * ordered best fit is also the policy with the least fragmentation in the allocator literature (Johnstone and
 * Wilson, ISMM 1998), for requests that are freed whole. Swap slots are not: page swap-in frees a large
 * folio's slots one at a time, and best fit then fills each hole with an order-0 page, so the pageblock never
 * comes free whole. <b>Why grouped.</b> {@link Placement#GROUPED} keeps order-0 pages in pageblocks already
 * shared by order-0 pages (as the page allocator groups by mobility), so a large folio's pageblock keeps only
 * that folio and comes free whole when it goes; {@code docs/FRAGMENTATION.md} has the example and the
 * measurements. Neither rule beats the adversary that pins one slot in every aligned block; compound
 * descriptors exist for that.
 *
 * <h2>Algorithm: free</h2>
 * <ol>
 *   <li>Clear each slot's state (and release its compound page, if any).</li>
 *   <li>Split the run into maximal aligned blocks; insert each, merging with its buddy {@code B ^ (1 << j)}
 *       while that buddy is a free block of the same order below maxOrder.</li>
 *   <li>When the cluster is wholly free and reserves nothing, drop its metadata.</li>
 * </ol>
 *
 * <h2>Algorithm: compound placement</h2>
 * Only when {@link #allocate} fails for a folio of order k &gt;= minOrder. Collect the maximal runs of free
 * chunks in each cluster; sort longest first, lowest address among equals; the fewest runs m whose lengths
 * reach {@code 2^k} decide the extent count (no placement can use fewer); take the first m-1 whole and the
 * remainder from the start of the shortest remaining run that holds it. Pages fill the extents in address
 * order.
 */
public final class BuddyAllocator implements FolioAllocator, SwapCounts, Auditable {
    private final Geometry geometry;
    private final Fault fault;
    private final int type;
    private final int clusterSlots;
    private final Cluster[] clusters;
    private final BitSet wholeFree;
    private final BitSet[] hasFree;
    /** Which free block an allocation takes ({@link Placement}). */
    private final Placement placement;
    /** The pageblock order p ({@link Geometry#pageblockOrder()}). */
    private final int pageblockOrder;
    /** For each order j &lt; p: clusters holding a free block of order j inside a small pageblock. */
    private final BitSet[] hasSmallFree;
    /** For each order j &lt; p: clusters holding a free block of order j inside a large pageblock. */
    private final BitSet[] hasLargeFree;
    /**
     * Bucket k in 1..2^p-1: clusters holding a small pageblock with exactly k free slots; bucket 2^p + k: a
     * large one ({@link Pageblocks#bucket}).
     */
    private final BitSet[] hasBucket;
    private final long[] blocks;
    private final long[] scratchBlocks;
    /** Written under the device lock with release stores ({@link #moveToUsedRelease}); see {@link #freeSlots()}. */
    private long freeSlots;
    /** Written with {@code freeSlots}. */
    private long usedSlots;
    private static final VarHandle CLUSTERS = MethodHandles.arrayElementVarHandle(Cluster[].class);
    private static final VarHandle FREE_SLOTS;
    private static final VarHandle USED_SLOTS;

    static {
        try {
            FREE_SLOTS = MethodHandles.lookup().findVarHandle(BuddyAllocator.class, "freeSlots", long.class);
            USED_SLOTS = MethodHandles.lookup().findVarHandle(BuddyAllocator.class, "usedSlots", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private final SpinLock deviceLock = new SpinLock();
    /** False only for the {@link Fault#NO_LOCKS} demonstration. */
    private final boolean locking;
    /**
     * Live descriptors by id. A JDK HashMap: ids only grow, and Eclipse Collections' open-addressing map spent
     * most of a compound run probing past the markers its removals leave.
     */
    private final Map<Long, CompoundDescriptor> descriptors = new HashMap<>();
    /** Scratch of compound placement, reused under the device lock: runs in address order, lengths counted. */
    private final LongArrayList runStarts = new LongArrayList();
    private final IntArrayList runLengths = new IntArrayList();
    private final int[] runHistogram;
    private final long[] runScratch;
    private long nextDescriptorId = 1;
    /** The unlocked view: for preconditions, while the caller holds the locks the read needs. */
    private final View view = new View();
    private final LockedView lockedView = new LockedView();

    /**
     * Creates the allocator of an empty device: every slot free but the header and the bad slots.
     *
     * @param type the device type, 0..31
     * @param geometry the device's shape
     */
    public BuddyAllocator(final int type, final Geometry geometry) {
        this(type, geometry, Fault.NONE, Placement.GROUPED);
    }

    /**
     * Creates the allocator of an empty device with the given placement rule.
     *
     * @param type the device type, 0..31
     * @param geometry the device's shape
     * @param placement which free block an allocation takes: {@link Placement#GROUPED} (policies {@code buddy}
     *     and {@code compound}) or {@link Placement#BEST_FIT} (policy {@code bestfit})
     */
    public BuddyAllocator(final int type, final Geometry geometry, final Placement placement) {
        this(type, geometry, Fault.NONE, placement);
    }

    /**
     * Creates an allocator with a deliberately planted bug, to show that the property tests and the
     * exhaustive check catch it ({@code ./swaplayer check --inject-fault}). Never use it for anything else.
     *
     * @param type the device type
     * @param geometry the device's shape
     * @param fault the bug to plant
     * @return a broken allocator
     */
    public static BuddyAllocator withFault(final int type, final Geometry geometry, final Fault fault) {
        return new BuddyAllocator(type, geometry, fault, Placement.GROUPED);
    }

    private BuddyAllocator(final int type, final Geometry geometry, final Fault fault, final Placement placement) {
        this.fault = fault;
        this.placement = Objects.requireNonNull(placement, "placement");
        this.pageblockOrder = geometry.pageblockOrder();
        this.hasSmallFree = newIndex(pageblockOrder);
        this.hasLargeFree = newIndex(pageblockOrder);
        this.hasBucket = newIndex(2 << pageblockOrder);
        this.locking = fault != Fault.NO_LOCKS;
        this.type = Checks.checkInRange("type", type, 0, SwapEntry.MAX_TYPE);
        this.geometry = geometry;
        this.clusterSlots = geometry.clusterSlots();
        final int n = geometry.clusterCount();
        this.clusters = new Cluster[n];
        this.wholeFree = new BitSet(n);
        this.hasFree = new BitSet[geometry.maxOrder() + 1];
        for (int j = 0; j <= geometry.maxOrder(); j++) {
            hasFree[j] = new BitSet(n);
        }
        this.blocks = new long[geometry.maxOrder() + 1];
        this.scratchBlocks = new long[geometry.maxOrder() + 1];
        this.runHistogram = new int[clusterSlots + 1];
        this.runScratch = new long[Math.max(1, clusterSlots >>> 6)];
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
            } else {
                wholeFree.set(c);
                blocks[geometry.maxOrder()] += clusterSlots >>> geometry.maxOrder();
                freeSlots += clusterSlots;
            }
        }
    }

    /** Index bitsets grow on demand: an empty device pays nothing for them. */
    private static BitSet[] newIndex(final int n) {
        final BitSet[] index = new BitSet[n];
        for (int i = 0; i < n; i++) {
            index[i] = new BitSet();
        }
        return index;
    }

    private static BitSet[] cloneIndex(final BitSet[] o) {
        final BitSet[] index = new BitSet[o.length];
        for (int i = 0; i < o.length; i++) {
            index[i] = (BitSet) o[i].clone();
        }
        return index;
    }

    private BuddyAllocator(final BuddyAllocator o) {
        this.geometry = o.geometry;
        this.placement = o.placement;
        this.pageblockOrder = o.pageblockOrder;
        this.hasSmallFree = cloneIndex(o.hasSmallFree);
        this.hasLargeFree = cloneIndex(o.hasLargeFree);
        this.hasBucket = cloneIndex(o.hasBucket);
        this.fault = o.fault;
        this.locking = o.locking;
        this.type = o.type;
        this.clusterSlots = o.clusterSlots;
        this.clusters = new Cluster[o.clusters.length];
        for (int c = 0; c < clusters.length; c++) {
            clusters[c] = o.clusters[c] == null ? null : new Cluster(o.clusters[c]);
        }
        this.wholeFree = (BitSet) o.wholeFree.clone();
        this.hasFree = new BitSet[o.hasFree.length];
        for (int j = 0; j < hasFree.length; j++) {
            hasFree[j] = (BitSet) o.hasFree[j].clone();
        }
        this.blocks = o.blocks.clone();
        this.scratchBlocks = new long[blocks.length];
        this.runHistogram = new int[clusterSlots + 1];
        this.runScratch = new long[Math.max(1, clusterSlots >>> 6)];
        this.freeSlots = o.freeSlots;
        this.usedSlots = o.usedSlots;
        o.descriptors.forEach((id, d) -> descriptors.put(id, new CompoundDescriptor(d)));
        for (int c = 0; c < clusters.length; c++) {
            final Cluster from = o.clusters[c];
            for (int idx = 0; from != null && idx < clusterSlots; idx++) {
                final CompoundDescriptor d = from.ownerOf(idx);
                if (d != null) {
                    clusters[c].setOwner(idx, descriptors.get(d.id));
                }
            }
        }
        this.nextDescriptorId = o.nextDescriptorId;
    }

    /**
     * Copies the allocator at a quiescent point (no operation running): for state-space exploration.
     *
     * @return an independent deep copy
     */
    public BuddyAllocator copy() {
        lockDevice();
        try {
            return new BuddyAllocator(this);
        } finally {
            unlockDevice();
        }
    }

    private void buildReservingCluster(final int c) {
        final Cluster cl = new Cluster(c, geometry.clusterOrder(), geometry.maxOrder(), pageblockOrder, Fault.NONE);
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
                freeSlots += idx - runStart;
                runStart = -1;
            }
        }
        for (int idx = 0; idx < clusterSlots; idx++) {
            if (cl.isReserved(idx)) {
                cl.markSmall(idx); // a pageblock with a reserved slot can never hold a large folio
            }
        }
        cl.fault = fault; // a planted bug acts only after the device is set up
        clusters[c] = cl;
        syncIndex(cl);
    }

    private long base(final int cluster) {
        return (long) cluster << geometry.clusterOrder();
    }

    // ------------------------------------------------------------------------------------------ locks

    private void lockDevice() {
        if (locking) {
            deviceLock.lock();
        }
    }

    private void unlockDevice() {
        if (locking) {
            deviceLock.unlock();
        }
    }

    /**
     * Without the device lock (or, re-entering, with it): takes a cluster's lock for a cluster-only step. The
     * Dekker half on this side: compare-and-set the cluster lock, then read the device lock (volatile). If
     * another thread holds the device lock it may be inside this cluster without its lock ({@link #enter}),
     * so let go and queue on the device lock instead: holding it, take the cluster lock, then let the device
     * lock go. No device-lock holder can be inside the cluster then, and a later one waits for us in
     * {@code enter}. Queueing rather than retrying means a stream of allocations cannot starve the step.
     */
    private void lock(final Cluster cl) {
        if (locking) {
            cl.lock.lockGivingWayTo(deviceLock);
        }
    }

    /**
     * Under the device lock: makes the cluster's state this thread's to change, without a compare-and-set.
     * The Dekker half on this side: the device lock was taken with a compare-and-set, so a volatile read
     * that finds the cluster lock free (or ours) means every cluster-only step that entered before us has
     * left, and any that enters later sees the device lock held and backs off ({@link #lock}). Nothing to
     * let go afterwards: letting go of the device lock lets them in.
     */
    private void enter(final Cluster cl) {
        if (locking) {
            cl.lock.awaitReleaseByOthersVolatile();
        }
    }

    private void unlock(final Cluster cl) {
        if (locking) {
            cl.lock.unlock();
        }
    }

    /** A cluster's metadata, or null, read with acquire ordering: safe without the device lock. */
    private Cluster clusterAcquire(final int c) {
        return (Cluster) CLUSTERS.getAcquire(clusters, c);
    }

    /** Publishes (or drops, with null) a cluster's metadata with release ordering; under the device lock. */
    private void setClusterRelease(final int c, final Cluster cl) {
        CLUSTERS.setRelease(clusters, c, cl);
    }

    /**
     * Locks the metadata of a slot's cluster.
     *
     * @return the locked cluster, or null (nothing locked) when the cluster is wholly free
     */
    private Cluster lockClusterOf(final long slot) {
        final int c = geometry.clusterOf(slot);
        for (;;) {
            final Cluster cl = clusterAcquire(c);
            if (cl == null) {
                return null;
            }
            lock(cl);
            if (clusterAcquire(c) == cl) {
                return cl;
            }
            unlock(cl); // dropped or replaced while we waited: read again
        }
    }

    /**
     * Under the device lock: {@link #enter enters}, in ascending order, the clusters with metadata that hold
     * the given run. A run past the device end enters nothing (its check rejects it).
     */
    private void enterClusters(final long first, final long count) {
        if (count < 1 || first + count > geometry.totalSlots()) {
            return;
        }
        final int last = geometry.clusterOf(first + count - 1);
        for (int c = geometry.clusterOf(first); c <= last; c++) {
            if (clusters[c] != null) {
                enter(clusters[c]);
            }
        }
    }

    /** Under the device lock: enters the distinct clusters of slots sorted ascending. */
    private void enterClusters(final long[] sortedSlots) {
        int last = -1;
        for (final long slot : sortedSlots) {
            final int c = geometry.clusterOf(slot);
            if (c != last && clusters[c] != null) {
                enter(clusters[c]);
            }
            last = c;
        }
    }

    // --------------------------------------------------------------------------- cross-cluster indexes

    /** Re-derives the device indexes of one cluster after it changed. */
    private void syncIndex(final Cluster cl) {
        int now = 0;
        for (int j = 0; j < hasFree.length; j++) {
            now |= cl.freeByOrder[j] > 0 ? 1 << j : 0;
        }
        for (int changed = now ^ cl.indexedOrders; changed != 0; changed &= changed - 1) {
            final int j = Integer.numberOfTrailingZeros(changed); // only the orders that changed
            hasFree[j].set(cl.index, (now >>> j & 1) != 0);
        }
        cl.indexedOrders = now;
        int groups = 0;
        for (int j = 0; j < pageblockOrder; j++) {
            groups |= (cl.pageblocks.smallFree[j] > 0 ? 1 << j : 0) | (cl.largeFree(j) > 0 ? 1 << (16 + j) : 0);
        }
        for (int changed = groups ^ cl.indexedPageblockOrders; changed != 0; changed &= changed - 1) {
            final int bit = Integer.numberOfTrailingZeros(changed);
            (bit < 16 ? hasSmallFree[bit] : hasLargeFree[bit - 16]).set(cl.index, (groups >>> bit & 1) != 0);
        }
        cl.indexedPageblockOrders = groups;
        final long buckets = cl.pageblocks.nonEmptyBuckets();
        for (long changed = buckets ^ cl.indexedBuckets; changed != 0; changed &= changed - 1) {
            final int k = Long.numberOfTrailingZeros(changed);
            hasBucket[k].set(cl.index, (buckets >>> k & 1) != 0);
        }
        cl.indexedBuckets = buckets;
    }

    /** Creates the metadata of a wholly free cluster: all of it in free blocks of order maxOrder. */
    private void materialize(final int c) {
        assert wholeFree.get(c) && clusters[c] == null : "cluster " + c + " is not wholly free";
        final Cluster cl = new Cluster(c, geometry.clusterOrder(), geometry.maxOrder(), pageblockOrder, fault);
        final int top = 1 << geometry.maxOrder();
        for (int idx = 0; idx < clusterSlots; idx += top) {
            cl.addHead(geometry.maxOrder(), idx, scratchBlocks); // already counted in blocks[maxOrder]
        }
        cl.freeCount = clusterSlots;
        wholeFree.clear(c);
        setClusterRelease(c, cl);
        syncIndex(cl);
    }

    /** After slots of a cluster were freed: update its indexes and drop its metadata if it is wholly free. */
    private void afterRelease(final Cluster cl) {
        if (cl.isWhollyFree() && cl.reservedCount == 0) {
            assert cl.freeByOrder[geometry.maxOrder()] == clusterSlots >>> geometry.maxOrder()
                    : cl + " is wholly free but not coalesced";
            setClusterRelease(cl.index, null); // the caller holds cl's lock: nobody is inside it
            wholeFree.set(cl.index);
            for (final BitSet b : hasFree) {
                b.clear(cl.index);
            }
            for (int j = 0; j < pageblockOrder; j++) {
                hasSmallFree[j].clear(cl.index);
                hasLargeFree[j].clear(cl.index);
            }
            for (final BitSet b : hasBucket) {
                b.clear(cl.index);
            }
        } else {
            syncIndex(cl);
        }
    }

    private void markAllocated(final Cluster cl, final int idx, final int len) {
        for (int i = idx; i < idx + len; i++) {
            cl.markAllocated(i);
        }
        cl.freeCount -= len;
        moveToUsedRelease(len);
    }

    /**
     * Under the device lock: moves n slots from the free to the used counter (n &lt; 0 moves them back). Release
     * stores, not volatile ones: the lock already orders the writers, and an unlocked reader's acquire load
     * ({@link #freeSlots()}) needs only release on this side. A volatile store would add a full fence per call.
     */
    private void moveToUsedRelease(final long n) {
        FREE_SLOTS.setRelease(this, freeSlots - n);
        USED_SLOTS.setRelease(this, usedSlots + n);
    }

    // ------------------------------------------------------------------------------------- allocation

    @Override
    public int type() {
        return type;
    }

    @Override
    public Geometry geometry() {
        return geometry;
    }

    @Override
    public long allocate(final int order) {
        geometry.checkOrder(order);
        final int e = geometry.effectiveOrder(order);
        lockDevice();
        try {
            long first = takeAligned(e);
            if (first == NONE && !geometry.aligned()) {
                first = takeUnaligned(e);
            }
            return first == NONE ? NONE : SwapEntry.of(type, first);
        } finally {
            unlockDevice();
        }
    }

    private long takeAligned(final int e) {
        if (e >= pageblockOrder || placement == Placement.BEST_FIT) {
            return takeSmallestFrom(e, e);
        }
        // Placement.GROUPED below the pageblock order: a small pageblock, else a large one, else a clean one.
        long first = e == 0 ? takeFromBucket(true) : takeSmallPageblockHole(e);
        if (first == NONE) {
            first = e == 0 ? takeFromBucket(false) : takeLargePageblockHole(e);
        }
        return first != NONE ? first : takeSmallestFrom(pageblockOrder, e);
    }

    /**
     * Order 0: the small (or large) pageblock with the fewest (most) free slots, the lowest address among
     * equals, and in it the smallest free block, the lowest address among equals.
     */
    private long takeFromBucket(final boolean small) {
        final int full = 1 << pageblockOrder;
        for (int n = 1; n < full; n++) {
            final int k = small ? n : full - n; // fewest free slots first in small, most first in large
            final int bucket = small ? k : full + k;
            final int c = hasBucket[bucket].nextSetBit(0);
            if (c >= 0) {
                final Cluster cl = clusters[c];
                final int first = cl.pageblocks.lowestIn(bucket);
                final long packed = cl.smallestHeadIn(first);
                return take(cl, (int) (packed >>> 8), (int) packed & 0xff, 0);
            }
        }
        return NONE;
    }

    /** Orders 1..p-1: the smallest free block of order e..p-1 inside a small pageblock, lowest address. */
    private long takeSmallPageblockHole(final int e) {
        for (int j = e; j < pageblockOrder; j++) {
            final int c = hasSmallFree[j].nextSetBit(0);
            if (c >= 0) {
                return take(clusters[c], clusters[c].pageblocks.lowestSmall(j), j, e);
            }
        }
        return NONE;
    }

    /** Orders 1..p-1: the largest free block of order p-1..e inside a large pageblock, lowest address. */
    private long takeLargePageblockHole(final int e) {
        for (int j = pageblockOrder - 1; j >= e; j--) {
            final int c = hasLargeFree[j].nextSetBit(0);
            if (c >= 0) {
                return take(clusters[c], clusters[c].lowestLargeHead(j), j, e);
            }
        }
        return NONE;
    }

    /** Under the device lock: takes 2^e slots from the free block (cl, idx, j), marking a small pageblock. */
    private long take(final Cluster cl, final int idx, final int j, final int e) {
        enter(cl);
        cl.splitTake(idx, j, e, blocks);
        markAllocated(cl, idx, 1 << e);
        if (e < pageblockOrder) {
            cl.markSmall(idx);
        }
        syncIndex(cl);
        return base(cl.index) + idx;
    }

    /**
     * Best fit from order {@code from} up: the smallest free block of order at least {@code from}, lowest
     * address among equals; takes 2^e of it.
     */
    private long takeSmallestFrom(final int from, final int e) {
        final int maxOrder = geometry.maxOrder();
        for (int j = from; j <= maxOrder; j++) {
            int c = hasFree[j].nextSetBit(0);
            if (j == maxOrder) {
                final int w = wholeFree.nextSetBit(0);
                if (w >= 0 && (c < 0 || w < c)) {
                    c = w;
                    materialize(w);
                }
            }
            if (c >= 0) {
                return take(clusters[c], clusters[c].lowestHead(j), j, e);
            }
        }
        return NONE;
    }

    private long takeUnaligned(final int e) {
        final int size = 1 << e;
        for (int c = 0; c < clusters.length; c++) {
            final Cluster cl = clusters[c];
            if (cl == null || cl.freeCount < size) {
                continue;
            }
            final int idx = cl.firstRunAtLeast(geometry.minOrder(), size, runScratch);
            if (idx >= 0) {
                enter(cl);
                cl.takeRun(idx, size, blocks);
                markAllocated(cl, idx, size);
                if (e < pageblockOrder) {
                    cl.markSmall(idx);
                    cl.markSmall(idx + size - 1); // an unaligned run may straddle two pageblocks
                }
                syncIndex(cl);
                return base(c) + idx;
            }
        }
        return NONE;
    }

    @Override
    public void free(final long entry, final long nrSlots) {
        final long slot = slotOf(entry);
        lockDevice();
        try {
            enterClusters(slot, nrSlots);
            releaseInUse(slot, nrSlots);
        } finally {
            unlockDevice();
        }
    }

    /** Under the device lock and the run's cluster locks: checks that the run is in use, then frees it. */
    private void releaseInUse(final long slot, final long nrSlots) {
        if (!allInUse(slot, nrSlots)) {
            Preconditions.checkAllInUse(view, slot, nrSlots); // names the first slot not in use
            throw corrupt("slots " + slot + "+" + nrSlots + ": state bytes and view disagree");
        }
        releaseRun(slot, nrSlots);
    }

    /** Frees a run of in-use slots, cluster by cluster; the caller holds the device lock and their locks. */
    private void releaseRun(final long slot, final long nrSlots) {
        long at = slot;
        long left = nrSlots;
        while (left > 0) {
            final Cluster cl = clusters[geometry.clusterOf(at)];
            final int idx = (int) (at - base(cl.index));
            final int len = (int) Math.min(left, clusterSlots - idx);
            for (int i = idx; i < idx + len; i++) {
                releaseSlotState(cl, i);
            }
            cl.insertRun(idx, len, blocks);
            cl.freeCount += len;
            moveToUsedRelease(-len);
            afterRelease(cl);
            at += len;
            left -= len;
        }
    }

    private void releaseSlotState(final Cluster cl, final int idx) {
        cl.clearState(idx);
        final CompoundDescriptor d = cl.takeOwner(idx);
        if (d != null && d.release(d.pageOf(base(cl.index) + idx))) {
            descriptors.remove(d.id); // its last page: the descriptor is gone
        }
    }

    // ------------------------------------------------------------------------------- swap counts

    @Override
    public SwapResult dup(final long entry) {
        final long slot = slotOf(entry);
        if (fault == Fault.UNLOCKED_DUP) {
            return dupWithoutLock(slot);
        }
        final Cluster cl = lockInUse(slot);
        try {
            return incrementCount(cl, slot);
        } finally {
            unlock(cl);
        }
    }

    /** The read-modify-write of {@code dup}: under the slot's cluster lock, but for {@link Fault#UNLOCKED_DUP}. */
    private SwapResult incrementCount(final Cluster cl, final long slot) {
        requireInUse(cl, slot);
        final int idx = indexOf(slot);
        final long count = cl.count(idx);
        if (count == InvariantChecker.MAX_SWAP_COUNT) {
            return SwapResult.COUNT_OVERFLOW;
        }
        cl.setCount(idx, count + 1);
        return SwapResult.OK;
    }

    /** The planted {@link Fault#UNLOCKED_DUP}: {@code dup}'s read-modify-write without the cluster lock. */
    private SwapResult dupWithoutLock(final long slot) {
        final Cluster cl = clusterOf(slot);
        if (cl == null) {
            throw Checks.badState("slot " + slot, "free", "in use");
        }
        return incrementCount(cl, slot);
    }

    @Override
    public boolean put(final long entry) {
        final long slot = slotOf(entry);
        final Cluster cl = lockInUse(slot);
        try {
            requireInUse(cl, slot);
            final int idx = indexOf(slot);
            if (cl.count(idx) == 0) {
                Preconditions.checkPut(view, slot); // throws: held only by the swap cache
            }
            final long count = cl.count(idx) - 1;
            if (count > 0 || cl.isCached(idx)) {
                cl.setCount(idx, count); // the slot stays in use: the cluster lock suffices
                return false;
            }
        } finally {
            unlock(cl);
        }
        return dropReference(slot, false);
    }

    @Override
    public SwapResult cacheAdd(final long entry) {
        final long slot = slotOf(entry);
        final Cluster cl = lockClusterOf(slot);
        if (cl == null) {
            return SwapResult.NOT_IN_USE;
        }
        try {
            final int idx = indexOf(slot);
            if (cl.freeOrderOf(idx) >= 0) {
                return SwapResult.NOT_IN_USE;
            }
            Preconditions.checkInUse(view, slot);
            if (cl.isCached(idx)) {
                return SwapResult.ALREADY_CACHED;
            }
            cl.setCached(idx, true);
            return SwapResult.OK;
        } finally {
            unlock(cl);
        }
    }

    @Override
    public boolean cacheDel(final long entry) {
        final long slot = slotOf(entry);
        final Cluster cl = lockInUse(slot);
        try {
            requireInUse(cl, slot);
            final int idx = indexOf(slot);
            if (!cl.isCached(idx)) {
                Preconditions.checkCacheDel(view, slot); // throws: not cached
            }
            if (cl.count(idx) > 0) {
                cl.setCached(idx, false); // page-table references keep the slot in use
                return false;
            }
        } finally {
            unlock(cl);
        }
        return dropReference(slot, true);
    }

    /**
     * The slow path of {@code put} ({@code cache} false) and {@code cacheDel} (true) when the slot may be
     * freed: device lock first, then the cluster lock, and the whole operation decided again.
     */
    private boolean dropReference(final long slot, final boolean cache) {
        lockDevice();
        try {
            final Cluster cl = lockInUse(slot);
            try {
                final int idx = indexOf(slot);
                if (cache) {
                    Preconditions.checkCacheDel(view, slot);
                    cl.setCached(idx, false);
                } else {
                    Preconditions.checkPut(view, slot);
                    cl.setCount(idx, cl.count(idx) - 1);
                }
                if (cl.count(idx) == 0 && !cl.isCached(idx)) {
                    releaseRun(slot, 1);
                    return true;
                }
                return false;
            } finally {
                unlock(cl);
            }
        } finally {
            unlockDevice();
        }
    }

    /** The in-use test from the state byte (INV-6); when it fails, the shared precondition names why. */
    private void requireInUse(final Cluster cl, final long slot) {
        if (!cl.inUse(indexOf(slot))) {
            Preconditions.checkInUse(view, slot);
            throw corrupt("slot " + slot + ": state byte 0 but the view says in use");
        }
    }

    /** Under the device lock and the run's cluster locks: whether every slot of the run is in use. */
    private boolean allInUse(final long slot, final long nrSlots) {
        if (nrSlots < 1 || slot + nrSlots > geometry.totalSlots()) {
            return false;
        }
        for (long x = slot; x < slot + nrSlots; x++) {
            final Cluster cl = clusters[geometry.clusterOf(x)];
            if (cl == null || !cl.inUse(indexOf(x))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Locks the cluster of a slot that must be in use.
     *
     * @throws IllegalStateException (nothing locked) when the slot's cluster is wholly free
     */
    private Cluster lockInUse(final long slot) {
        final Cluster cl = lockClusterOf(slot);
        if (cl == null) {
            throw Checks.badState("slot " + slot, "free", "in use");
        }
        return cl;
    }

    /**
     * Sets a slot's swap count directly, so that tests can reach the 2^31-1 limit without 2^31 calls.
     * Package-private: for tests of the count encoding only.
     */
    void setCountForTest(final long entry, final long count) {
        final long slot = slotOf(entry);
        final Cluster cl = lockInUse(slot);
        try {
            Preconditions.checkInUse(view, slot);
            cl.setCount(indexOf(slot), count);
        } finally {
            unlock(cl);
        }
    }

    /** The device lock; package-private, for the test that the audit catches a lock left held. */
    SpinLock deviceLockForTest() {
        return deviceLock;
    }

    /** The metadata of one cluster, or null; package-private, for tests of the audit and the encodings. */
    Cluster clusterForTest(final int cluster) {
        return clusterAcquire(cluster);
    }

    @Override
    public long countOf(final long entry) {
        return lockedView.swapCount(slotOf(entry));
    }

    @Override
    public boolean isCached(final long entry) {
        return lockedView.cached(slotOf(entry));
    }

    private Cluster clusterOf(final long slot) {
        return clusterAcquire(geometry.clusterOf(slot));
    }

    private int indexOf(final long slot) {
        return (int) (slot & (clusterSlots - 1));
    }

    /** Decodes and checks a slot entry of this device. */
    private long slotOf(final long entry) {
        if (SwapEntry.isCompound(entry)) {
            throw Checks.badArgument("entry", SwapEntry.toString(entry), "a slot entry, not a compound handle");
        }
        if (SwapEntry.type(entry) != type) {
            throw Checks.badArgument("entry type", SwapEntry.type(entry), type + ", this device");
        }
        return geometry.checkSlot("slot", SwapEntry.offset(entry));
    }

    // ------------------------------------------------------------------------------------------ folios

    @Override
    public long allocateFolio(final int order) {
        lockDevice(); // contiguous first, else compound: one atomic decision
        try {
            final long entry = allocate(order);
            if (entry != NONE || order < geometry.minOrder()) {
                return entry;
            }
            final long[] pieces = compoundPieces(1L << order);
            if (pieces == null) {
                return NONE;
            }
            return SwapEntry.compound(type, placeCompound(order, pieces));
        } finally {
            unlockDevice();
        }
    }

    /**
     * Chooses the extents of a compound placement (see the class comment): the greedy rule computed from a
     * histogram of run lengths, so no sort is needed. Under the device lock.
     *
     * @return pieces as {start, length} pairs in ascending address order, or null when too few slots are free
     */
    private long[] compoundPieces(final long need) {
        final LongArrayList starts = runStarts;
        final IntArrayList lengths = runLengths;
        starts.clear();
        lengths.clear();
        final int[] hist = runHistogram;
        Arrays.fill(hist, 0);
        long total = 0;
        for (final Cluster cl : clusters) {
            if (cl != null && cl.freeCount >= 1 << geometry.minOrder()) {
                final long clusterBase = base(cl.index);
                cl.forEachRun(geometry.minOrder(), runScratch, (s, len) -> {
                    starts.add(clusterBase + s); // address order: clusters ascending, runs ascending in each
                    lengths.add(len);
                    hist[len]++;
                });
            }
        }
        for (int len = 1; len <= clusterSlots; len++) {
            total += (long) hist[len] * len;
        }
        if (total < need) {
            return null;
        }
        // Longest first: all runs longer than L are taken whole, then q of length L (the lowest addresses).
        long sum = 0;
        int m = 0;
        int longest = clusterSlots;
        while (hist[longest] == 0 || sum + (long) hist[longest] * longest < need) {
            sum += (long) hist[longest] * longest;
            m += hist[longest];
            longest--;
        }
        final int q = (int) ((need - sum - 1) / longest);
        m += q;
        final long rest = need - sum - (long) q * longest;
        // The remainder goes to the shortest run left that holds it.
        int bestLength = longest;
        for (int len = (int) rest; len < longest; len++) {
            if (hist[len] > 0) {
                bestLength = len;
                break;
            }
        }
        return collectPieces(m, longest, q, bestLength, rest);
    }

    /** Second pass over the runs, in address order: the m whole runs and the remainder's run. */
    private long[] collectPieces(final int m, final int longest, final int q, final int bestLength,
            final long rest) {
        final long[] pieces = new long[2 * (m + 1)];
        int k = 0;
        int takenOfLongest = 0;
        boolean remainderPlaced = false;
        for (int i = 0; i < runLengths.size(); i++) {
            final int len = runLengths.get(i);
            if (len > longest || (len == longest && takenOfLongest < q)) {
                takenOfLongest += len == longest ? 1 : 0;
                pieces[k++] = runStarts.get(i);
                pieces[k++] = len;
            } else if (len == bestLength && !remainderPlaced) {
                remainderPlaced = true;
                pieces[k++] = runStarts.get(i);
                pieces[k++] = rest;
            }
        }
        assert k == pieces.length && remainderPlaced : "compound placement lost a piece";
        return pieces;
    }

    /** Takes the pieces and builds the descriptor: a cross-cluster step. */
    private long placeCompound(final int order, final long[] pieces) {
        final int n = pieces.length / 2;
        final long[] starts = new long[n];
        final int[] lengths = new int[n];
        final long id = nextDescriptorId++;
        for (int i = 0; i < n; i++) {
            starts[i] = pieces[2 * i];
            lengths[i] = (int) pieces[2 * i + 1];
        }
        final CompoundDescriptor d = new CompoundDescriptor(id, order, starts, lengths);
        enterClusters(starts);
        for (int i = 0; i < n; i++) {
            final Cluster cl = clusterOf(starts[i]);
            final int idx = indexOf(starts[i]);
            cl.takeRun(idx, lengths[i], blocks);
            markAllocated(cl, idx, lengths[i]);
            syncIndex(cl);
            for (int x = idx; x < idx + lengths[i]; x++) {
                cl.setOwner(x, d);
            }
        }
        descriptors.put(id, d);
        return id;
    }

    private CompoundDescriptor descriptorOf(final long handle, final int order) {
        if (SwapEntry.type(handle) != type) {
            throw Checks.badArgument("entry type", SwapEntry.type(handle), type + ", this device");
        }
        final CompoundDescriptor d = descriptors.get(SwapEntry.offset(handle));
        if (d == null) {
            throw Checks.badArgument("descriptor", SwapEntry.offset(handle), "a live compound descriptor");
        }
        if (d.order != order) {
            throw Checks.badArgument("order", order, d.order + ", the order descriptor " + d.id + " holds");
        }
        return d;
    }

    private void checkLive(final CompoundDescriptor d, final int page) {
        if (!d.isLive(page)) {
            throw Checks.badState("page " + page + " of descriptor " + d.id, "already freed", "still swapped out");
        }
    }

    @Override
    public long slotOf(final long handle, final int order, final int page) {
        geometry.checkOrder(order);
        if (SwapEntry.isCompound(handle)) {
            lockDevice();
            try {
                final CompoundDescriptor d = descriptorOf(handle, order);
                Checks.checkInRange("page", page, 0, (1 << order) - 1);
                checkLive(d, page);
                return SwapEntry.of(type, d.slotOf(page));
            } finally {
                unlockDevice();
            }
        }
        final long slot = slotOf(handle);
        Checks.checkInRange("page", page, 0, (1 << order) - 1);
        return SwapEntry.of(type, geometry.checkSlot("slot", slot + page));
    }

    @Override
    public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
        geometry.checkOrder(order);
        if (!SwapEntry.isCompound(handle)) {
            final long slot = slotOf(handle);
            Preconditions.checkPageRange(order, firstPage, count);
            free(SwapEntry.of(type, geometry.checkSlot("slot", slot + firstPage)), count);
            return;
        }
        lockDevice();
        try {
            final CompoundDescriptor d = descriptorOf(handle, order);
            Preconditions.checkPageRange(order, firstPage, count);
            final long[] slots = new long[count];
            for (int p = firstPage; p < firstPage + count; p++) {
                checkLive(d, p);
                slots[p - firstPage] = d.slotOf(p); // pages fill the extents in address order
            }
            enterClusters(slots);
            for (final long slot : slots) {
                releaseRun(slot, 1);
            }
        } finally {
            unlockDevice();
        }
    }

    @Override
    public int extents(final long handle, final int order) {
        geometry.checkOrder(order);
        if (SwapEntry.isCompound(handle)) {
            lockDevice();
            try {
                return descriptorOf(handle, order).extents();
            } finally {
                unlockDevice();
            }
        }
        slotOf(handle);
        return 1;
    }

    /** @return the number of live compound descriptors */
    @Override
    public int descriptorCount() {
        lockDevice();
        try {
            return descriptors.size();
        } finally {
            unlockDevice();
        }
    }

    /**
     * Returns the id of the descriptor it names.
     *
     * @param handle a compound handle
     */
    public static long descriptorId(final long handle) {
        return SwapEntry.offset(handle);
    }

    // -------------------------------------------------------------------------------- observation

    /** @return free slots, an acquire load without a lock: exact, and consistent with usedSlots when quiescent */
    @Override
    public long freeSlots() {
        return (long) FREE_SLOTS.getAcquire(this);
    }

    /** @return used slots, an acquire load without a lock: exact, and consistent with freeSlots when quiescent */
    @Override
    public long usedSlots() {
        return (long) USED_SLOTS.getAcquire(this);
    }

    @Override
    public Fragmentation fragmentation() {
        lockDevice();
        try {
            return new Fragmentation(blocks);
        } finally {
            unlockDevice();
        }
    }

    /** Returns the number of clusters that hold metadata right now. */
    public int clustersWithMetadata() {
        lockDevice();
        try {
            return clusters.length - wholeFree.cardinality();
        } finally {
            unlockDevice();
        }
    }

    /**
     * The observable state, as the specification defines it. Each call is atomic (it takes the locks it
     * needs); a sequence of calls is a consistent picture only at a quiescent point.
     *
     * @return the state
     */
    public SwapSpaceView view() {
        return lockedView;
    }

    /**
     * Audits every internal structure against the others (INV-1 to INV-4, INV-10, INV-11 from the inside).
     * Costs O(slots); for tests and debugging. It holds the device lock throughout, so it sees free space at
     * one instant; run it at a quiescent point to audit swap counts too.
     *
     * <p>It also checks that the calling thread holds none of the allocator's locks: every operation must
     * release what it took, whatever it returned or threw.
     *
     * @throws AssertionError naming the first inconsistency
     */
    @Override
    public void checkConsistency() {
        if (deviceLock.isHeldByCurrentThread()) {
            throw corrupt("the device lock is still held by " + Thread.currentThread().getName());
        }
        lockDevice();
        try {
            audit();
        } finally {
            unlockDevice();
        }
    }

    private void audit() {
        final long[] counted = new long[blocks.length];
        long free = 0;
        for (int c = 0; c < clusters.length; c++) {
            final Cluster cl = clusters[c];
            if ((cl == null) != wholeFree.get(c)) {
                throw corrupt("cluster " + c + ": metadata " + (cl != null) + " but wholeFree " + wholeFree.get(c));
            }
            for (int k = 0; cl == null && k < hasBucket.length; k++) {
                if (hasBucket[k].get(c) || (k < pageblockOrder && (hasSmallFree[k].get(c) || hasLargeFree[k].get(c)))) {
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
                enter(cl);
                free += auditCluster(cl, counted);
            }
        }
        if (!Arrays.equals(counted, blocks)) {
            throw corrupt("blocks " + Arrays.toString(blocks) + " but the maps hold " + Arrays.toString(counted));
        }
        if (free != freeSlots || freeSlots + usedSlots + geometry.reservedSlots() != geometry.totalSlots()) {
            throw corrupt("free " + freeSlots + " (maps: " + free + ") + used " + usedSlots + " + reserved "
                    + geometry.reservedSlots() + " != " + geometry.totalSlots());
        }
        auditPageOwners();
    }

    /** Every live page of a descriptor is owned by it in its cluster, and no other slot has an owner. */
    private void auditPageOwners() {
        long livePages = 0;
        for (final CompoundDescriptor d : descriptors.values()) {
            if (d.livePages() == 0) {
                throw corrupt(d + " is live with no page");
            }
            for (int p = 0; p < 1 << d.order; p++) {
                if (d.isLive(p)) {
                    final long slot = d.slotOf(p);
                    final Cluster cl = clusterOf(slot);
                    if (cl == null || cl.ownerOf(indexOf(slot)) != d) {
                        throw corrupt("page owners: page " + p + " of " + d + " at slot " + slot + " is owned by "
                                + (cl == null ? "no cluster" : cl.ownerOf(indexOf(slot))));
                    }
                    livePages++;
                }
            }
        }
        long owned = 0;
        for (final Cluster cl : clusters) {
            for (int idx = 0; cl != null && idx < clusterSlots; idx++) {
                owned += cl.ownerOf(idx) != null ? 1 : 0;
            }
        }
        if (owned != livePages) {
            throw corrupt("page owners: " + owned + " slots have an owner, descriptors hold " + livePages);
        }
    }

    private long auditCluster(final Cluster cl, final long[] counted) {
        final int[] cover = new int[clusterSlots];
        long free = 0;
        for (int j = 0; j < blocks.length; j++) {
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
                if (j < geometry.maxOrder() && cl.isHead(j, idx ^ 1 << j)) {
                    throw corrupt(cl + ": free block " + idx + "/" + j + " has a free buddy");
                }
            }
            counted[j] += heads;
            if (heads != cl.freeByOrder[j] || hasFree[j].get(cl.index) != heads > 0) {
                throw corrupt(cl + ": order " + j + " has " + heads + " free blocks, freeByOrder "
                        + cl.freeByOrder[j] + ", hasFree " + hasFree[j].get(cl.index));
            }
        }
        int reserved = 0;
        for (int x = 0; x < clusterSlots; x++) {
            final boolean inUse = cover[x] == 0 && !cl.isReserved(x);
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
        return free;
    }

    /**
     * The small-pageblock marks and what is derived from them: no small pageblock is wholly free; each
     * pageblock's free count and bucket; the free blocks recorded as lying in small pageblocks; the device
     * indexes.
     */
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
            if ((pb.isSmall(first) && free == size) || free != pb.freeIn(first) || !pb.inBucket(first, bucket)) {
                throw corrupt(cl + ": pageblock at " + first + " has " + free + " free slots, small "
                        + pb.isSmall(first) + ", counted " + pb.freeIn(first) + ", in bucket " + bucket + " "
                        + pb.inBucket(first, bucket));
            }
            buckets |= bucket > 0 ? 1L << bucket : 0;
        }
        if (buckets != pb.countNonEmptyBuckets() || buckets != pb.nonEmptyBuckets() || buckets != cl.indexedBuckets) {
            throw corrupt(cl + ": buckets " + Long.toBinaryString(buckets) + ", counted "
                    + Long.toBinaryString(pb.nonEmptyBuckets()) + ", indexed "
                    + Long.toBinaryString(cl.indexedBuckets));
        }
        for (int k = 1; k < hasBucket.length; k++) {
            if (hasBucket[k].get(cl.index) != ((buckets >>> k & 1) != 0)) {
                throw corrupt(cl + ": device index of bucket " + k + " is " + hasBucket[k].get(cl.index));
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
            if (small != pb.smallFree[j] || hasSmallFree[j].get(cl.index) != small > 0
                    || hasLargeFree[j].get(cl.index) != cl.freeByOrder[j] > small) {
                throw corrupt(cl + ": order " + j + " has " + small + " free blocks in small pageblocks, smallFree "
                        + pb.smallFree[j] + ", hasSmallFree " + hasSmallFree[j].get(cl.index) + ", hasLargeFree "
                        + hasLargeFree[j].get(cl.index));
            }
        }
    }

    private static AssertionError corrupt(final String what) {
        return new AssertionError("buddy allocator corrupt: " + what);
    }

    @Override
    public String toString() {
        return "BuddyAllocator(type " + type + ", " + geometry + ": " + usedSlots + " used, " + freeSlots + " free, "
                + clustersWithMetadata() + " clusters with metadata, " + descriptorCount() + " descriptors)";
    }

    /**
     * The allocator's observable state, read without locks: for the preconditions, whose callers hold the
     * locks a read needs. Thread safety: only under those locks; {@link LockedView} takes them itself.
     */
    private class View implements SwapSpaceView {
        @Override
        public Geometry geometry() {
            return geometry;
        }

        @Override
        public SlotState state(final long slot) {
            if (slot < 0 || slot >= (long) clusters.length << geometry.clusterOrder()) {
                return SlotState.RESERVED;
            }
            final Cluster cl = clusterOf(slot);
            if (cl == null) {
                return SlotState.FREE;
            }
            final int idx = indexOf(slot);
            if (cl.isReserved(idx)) {
                return SlotState.RESERVED;
            }
            return cl.freeOrderOf(idx) >= 0 ? SlotState.FREE
                    : SlotState.IN_USE;
        }

        @Override
        public long swapCount(final long slot) {
            final Cluster cl = clusterOf(slot);
            return cl == null ? 0 : cl.count(indexOf(slot));
        }

        @Override
        public boolean cached(final long slot) {
            final Cluster cl = clusterOf(slot);
            return cl != null && cl.isCached(indexOf(slot));
        }

        @Override
        public void forEachFreeBlock(final BlockVisitor visitor) {
            final int top = geometry.maxOrder();
            for (int c = 0; c < clusters.length; c++) {
                final Cluster cl = clusters[c];
                final long first = base(c);
                if (cl == null) {
                    for (int idx = 0; idx < clusterSlots; idx += 1 << top) {
                        visitor.visit(first + idx, top);
                    }
                    continue;
                }
                final LongArrayList packed = new LongArrayList();
                for (int j = 0; j <= top; j++) {
                    for (int idx = 0; idx < clusterSlots; idx += 1 << j) {
                        if (cl.isHead(j, idx)) {
                            packed.add(Blocks.pack(first + idx, j));
                        }
                    }
                }
                packed.sortThis().forEach(p -> visitor.visit(Blocks.start(p), Blocks.order(p)));
            }
        }

        @Override
        public boolean smallPageblock(final long slot) {
            if (slot < 0 || slot >= (long) clusters.length << geometry.clusterOrder()) {
                return false;
            }
            final Cluster cl = clusterOf(slot);
            return cl != null && cl.pageblocks.isSmall(indexOf(slot));
        }

        @Override
        public void forEachDescriptor(final DescriptorVisitor visitor) {
            final long[] ids = descriptors.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
            for (final long id : ids) {
                final CompoundDescriptor d = descriptors.get(id);
                final long[] pages = new long[1 << d.order];
                for (int p = 0; p < pages.length; p++) {
                    pages[p] = d.isLive(p) ? d.slotOf(p) : 0;
                }
                visitor.visit(id, d.order, pages);
            }
        }

        @Override
        public boolean hasClusterMetadata(final int cluster) {
            return clusterAcquire(cluster) != null;
        }

        @Override
        public long freeSlots() {
            return BuddyAllocator.this.freeSlots();
        }

        @Override
        public long usedSlots() {
            return BuddyAllocator.this.usedSlots();
        }

        @Override
        public Fragmentation fragmentation() {
            return BuddyAllocator.this.fragmentation();
        }
    }

    /**
     * The public view: each read takes the lock it needs, so any thread may call it. The counters and the
     * geometry need no lock and come from {@link View} as they are.
     */
    private final class LockedView extends View {
        @Override
        public SlotState state(final long slot) {
            return slot < 0 || slot >= (long) clusters.length << geometry.clusterOrder() ? SlotState.RESERVED
                    : underClusterLock(slot, SlotState.FREE, () -> super.state(slot));
        }

        @Override
        public long swapCount(final long slot) {
            return underClusterLock(slot, 0L, () -> super.swapCount(slot));
        }

        @Override
        public boolean cached(final long slot) {
            return underClusterLock(slot, false, () -> super.cached(slot));
        }

        @Override
        public void forEachFreeBlock(final BlockVisitor visitor) {
            underDeviceLock(() -> super.forEachFreeBlock(visitor));
        }

        @Override
        public void forEachDescriptor(final DescriptorVisitor visitor) {
            underDeviceLock(() -> super.forEachDescriptor(visitor));
        }

        @Override
        public boolean smallPageblock(final long slot) {
            lockDevice();
            try {
                return super.smallPageblock(slot);
            } finally {
                unlockDevice();
            }
        }

        /** Reads a slot's cluster under its lock; a cluster without metadata reads as {@code whenWhollyFree}. */
        private <T> T underClusterLock(final long slot, final T whenWhollyFree, final Supplier<T> read) {
            final Cluster cl = lockClusterOf(slot);
            if (cl == null) {
                return whenWhollyFree;
            }
            try {
                return read.get();
            } finally {
                unlock(cl);
            }
        }

        private void underDeviceLock(final Runnable read) {
            lockDevice();
            try {
                read.run();
            } finally {
                unlockDevice();
            }
        }
    }
}
