package dev.swaplayer.allocator;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.swaplayer.allocator.core.Handshake;
import dev.swaplayer.allocator.core.SlotDevice;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.MetadataBudget;
import dev.swaplayer.spec.Placement;
import dev.swaplayer.spec.Preconditions;
import dev.swaplayer.spec.SwapResult;
import dev.swaplayer.spec.SwapSpaceView;
import java.util.Objects;
import java.util.function.Function;

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
 * {@code allocate}, {@code free}, {@code allocateFolio} and {@code freeFolioPages} take the device lock and
 * <i>enter</i> the clusters they change; {@code dup}, {@code cacheAdd} and the {@code put} / {@code cacheDel}
 * that leave the slot in use take only the slot's cluster lock. The handshake between the two (Dekker's, one
 * atomic instruction per allocation or free) is drawn and explained in {@link dev.swaplayer.allocator.core}.
 *
 * <h2>Memory ordering</h2>
 * Everything is guarded by a lock but a cluster's metadata reference and the two counters, read with acquire
 * loads and written with release stores under the device lock; the package comment names each.
 * {@link #withoutLocks} builds the same allocator without locks, to show that the concurrency tests fail and
 * to measure what the locks cost; {@link Fault#UNLOCKED_DUP} leaves out only {@code dup}'s cluster lock, a lost
 * update of one slot's count.
 *
 * <h2>Parts</h2>
 * This class is the facade: each public call checks its arguments, takes the lock it needs and delegates to
 * package-private parts, each guarded as its class comment says and asserting the locks it needs:
 * <pre>
 *   {@link Handshake}          the device lock and the handshake's two halves (shared with the kernel models)
 *   {@link FreeSpace}          clusters[], the device indexes, blocks[], the counters (its class comment draws
 *                              this bookkeeping); take and give back
 *   {@link BlockPlacement}     which free block an allocation takes (GROUPED, BEST_FIT, unaligned)
 *   {@link HeldBlock}          a freed block held back for the next allocation, when the rule would choose it
 *   {@link BuddyFolios}        compound folios: placement and the calls that name a compound handle, over
 *   {@link CompoundPlacement}  the extents of a compound folio, from free space alone, and
 *   {@link DescriptorTable}    the live compound descriptors ({@link DescriptorsById})
 *   {@link SlotStates}         swap counts and the swap-cache flag; the release of in-use runs
 *   {@link BuddyAudit}         {@link #checkConsistency()}
 *   {@link BuddyView}          the observable state ({@link #view()}, and the preconditions' unlocked view)
 *   {@link Cluster}            one cluster's slot states, reserved slots and page owners, over
 *   {@link ClusterFreeBlocks}  its free-block maps, pageblock marks ({@link Pageblocks}) and free runs
 *                              ({@link FreeRuns}, kept for the compound placement)
 * </pre>
 *
 * <h2>Notation</h2>
 * Slots, orders, clusters, minOrder and alignment as in {@link Geometry}. A <b>free block</b> of order j is a
 * naturally aligned run of {@code 2^j} free slots inside one cluster, {@code j <= maxOrder}.
 *
 * <h2>Invariants</h2>
 * Full coalescing, exact counts and indexes: {@link BuddyAudit} lists what {@link #checkConsistency()} audits from
 * the inside (INV-1 to INV-7, INV-10, INV-11, the pageblock records of INV-15 and the budget of INV-24 in
 * {@code spec/SPEC.md}); the placement rule itself (INV-15) and the rest are checked against the specification.
 *
 * <h2>Algorithm: allocate(k)</h2>
 * <ol>
 *   <li>e = max(k, minOrder); p = the pageblock order ({@link Geometry#pageblockOrder()}).</li>
 *   <li>{@link Placement#GROUPED} and e &lt; p only, each step a few bitset lookups:
 *     <ol>
 *       <li>e = 0: the lowest cluster in hasSmallOpen, its lowest small pageblock with a free slot, and in
 *           that pageblock the smallest free block (one masked word per order below p). e &gt; 0: the lowest
 *           cluster in hasSmallFree[j], j = e..p-1, and its lowest such block.</li>
 *       <li>In large pageblocks: e = 0 the lowest cluster in hasBucket[2^p + k] for k = 2^p-1 down to 1 (the
 *           large pageblock with the most free slots), its lowest pageblock in that bucket, and in it the
 *           smallest free block; e &gt; 0 hasLargeFree[j] for j = p-1 down to e.</li>
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
 * A run that is one aligned block, which the next allocation of its order would take back by the rule above, skips
 * steps 2 and 3: it is held back, counted free, and that allocation takes it without a search ({@link HeldBlock},
 * which lists when this is exact); any other operation on free space gives it back first.
 *
 * <h2>Algorithm: compound placement</h2>
 * Only when {@link #allocate} fails for a folio of order k &gt;= minOrder. Collect the maximal runs of free
 * chunks in each cluster; sort longest first, lowest address among equals; the fewest runs m whose lengths
 * reach {@code 2^k} decide the extent count (no placement can use fewer); take the first m-1 whole and the
 * remainder from the start of the shortest remaining run that holds it. Pages fill the extents in address
 * order.
 */
public final class BuddyAllocator extends SlotDevice implements FolioAllocator, SwapCounts, Auditable {
    /** A planted bug ({@link Fault}); NONE in every real allocator. */
    private final Fault fault;
    /** The placement rule, for {@link #copy()}. */
    private final Placement rule;
    /** Free space and its indexes; guarded by the device lock. */
    private final FreeSpace space;
    /** Which free block an allocation takes ({@link Placement}); under the device lock. */
    private final BlockPlacement placement;
    /** A freed block held back for the next allocation of its order ({@link HeldBlock}); under the device lock. */
    private final HeldBlock held;
    /** Live compound descriptors; guarded by the device lock. */
    private final DescriptorTable table;
    /** Swap counts and the swap-cache flag: takes the cluster locks itself. */
    private final SlotStates states;
    /** Compound folios: take the device lock themselves. */
    private final BuddyFolios folios;
    private final BuddyAudit audit;
    private final BuddyView.Locked lockedView;
    /** The view without locks: for the preconditions, and for {@link #observe} under the locks it takes. */
    private final BuddyView view;

    /**
     * Creates the allocator of an empty device: every slot free but the header and the bad slots.
     *
     * @param type the device type, 0..31
     * @param geometry the device's shape
     */
    public BuddyAllocator(final int type, final Geometry geometry) {
        this(type, geometry, Fault.NONE, Placement.GROUPED, MetadataBudget.unlimited(), true);
    }

    /**
     * Creates the same allocator with every lock left out: the baseline the benchmarks measure the locks' cost
     * against, and the demonstrations that the concurrency tests fail without the locks. One thread only.
     *
     * @param type the device type, 0..31
     * @param geometry the device's shape
     * @return an allocator that must stay on one thread
     */
    public static BuddyAllocator withoutLocks(final int type, final Geometry geometry) {
        return new BuddyAllocator(type, geometry, Fault.NONE, Placement.GROUPED, MetadataBudget.unlimited(), false);
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
        this(type, geometry, Fault.NONE, placement, MetadataBudget.unlimited(), true);
    }

    /**
     * Creates the allocator of an empty device whose on-demand metadata is held to a budget: a refused request
     * degrades the allocation (clusters that have metadata, a compound descriptor, the reserve for order 0) or
     * fails it with nothing changed ("Metadata under memory pressure" in {@code spec/SPEC.md}).
     *
     * @param type the device type, 0..31
     * @param geometry the device's shape
     * @param placement which free block an allocation takes
     * @param budget the metadata budget; this allocator asks it and no one else should
     */
    public BuddyAllocator(final int type, final Geometry geometry, final Placement placement,
            final MetadataBudget budget) {
        this(type, geometry, Fault.NONE, placement, budget, true);
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
        return new BuddyAllocator(type, geometry, fault, Placement.GROUPED, MetadataBudget.unlimited(), true);
    }

    /**
     * Creates an allocator with a planted bug and a metadata budget, for the metadata-pressure checkers. Never use
     * it for anything else.
     *
     * @param type the device type
     * @param geometry the device's shape
     * @param fault the bug to plant
     * @param budget the metadata budget
     * @return a broken allocator
     */
    public static BuddyAllocator withFault(final int type, final Geometry geometry, final Fault fault,
            final MetadataBudget budget) {
        return new BuddyAllocator(type, geometry, fault, Placement.GROUPED, budget, true);
    }

    private BuddyAllocator(final int type, final Geometry geometry, final Fault fault, final Placement placement,
            final MetadataBudget budget, final boolean locking) {
        super(type, geometry, locking);
        this.fault = fault;
        this.rule = Objects.requireNonNull(placement, "placement");
        this.space = new FreeSpace(geometry, fault, locks, counters, Objects.requireNonNull(budget, "budget"), rule);
        this.table = new DescriptorTable(space, type);
        this.placement = new BlockPlacement(space, placement);
        this.held = new HeldBlock(space, this.placement, fault);
        this.view = new BuddyView(space, table, held);
        this.states = SlotStates.create(space, table, fault, view, held);
        this.folios = new BuddyFolios(type, space, table, states);
        this.audit = new BuddyAudit(space, table, held);
        this.lockedView = new BuddyView.Locked(space, table, held);
    }

    /** A deep copy of {@code o}, which is quiescent and whose device lock the caller holds. */
    private BuddyAllocator(final BuddyAllocator o) {
        super(o);
        this.fault = o.fault;
        this.rule = o.rule;
        this.space = new FreeSpace(o.space, locks, counters);
        this.table = new DescriptorTable(o.table, space);
        this.placement = new BlockPlacement(space, rule);
        this.held = new HeldBlock(o.held, space, placement);
        this.view = new BuddyView(space, table, held);
        this.states = SlotStates.create(space, table, fault, view, held);
        this.folios = new BuddyFolios(type, space, table, states);
        this.audit = new BuddyAudit(space, table, held);
        this.lockedView = new BuddyView.Locked(space, table, held);
    }

    /**
     * Copies the allocator at a quiescent point (no operation running): for state-space exploration.
     *
     * @return an independent deep copy
     */
    public BuddyAllocator copy() {
        space.deviceLock.lock();
        try {
            return new BuddyAllocator(this);
        } finally {
            space.deviceLock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------- allocation

    @Override
    public long allocate(final int order) {
        geometry.checkOrder(order);
        space.deviceLock.lock();
        try {
            return allocateLocked(order);
        } finally {
            space.deviceLock.unlock();
        }
    }

    /** {@link #allocate} of a checked order, under the device lock (which {@link #allocateFolio} holds too). */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    @GuardedBy("space.deviceLock")
    private long allocateLocked(final int order) {
        final int e = geometry.effectiveOrder(order);
        long first = held.retake(e); // the block just freed, when the rule would choose it; else given back
        if (first == NONE) {
            first = placement.takeAligned(e, order == 0);
            if (first == NONE && !geometry.aligned()) {
                first = placement.takeUnaligned(e);
            }
            if (first != NONE && placement.refused) {
                space.budget.degraded();
            }
        }
        return first == NONE ? NONE : SwapEntry.of(type, first);
    }

    @Override
    public void free(final long entry, final long nrSlots) {
        freeSlots(slotOf(entry), nrSlots);
    }

    /** {@link #free} of a checked slot; also the free of a contiguous folio's pages. */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    private void freeSlots(final long slot, final long nrSlots) {
        space.deviceLock.lock();
        try {
            states.enterAndRelease(slot, nrSlots);
        } finally {
            space.deviceLock.unlock();
        }
    }

    // ------------------------------------------------------------------------------- swap counts

    @Override
    public SwapResult dup(final long entry) {
        return states.dup(slotOf(entry));
    }

    @Override
    public boolean put(final long entry) {
        return states.put(slotOf(entry));
    }

    @Override
    public SwapResult cacheAdd(final long entry) {
        return states.cacheAdd(slotOf(entry));
    }

    @Override
    public boolean cacheDel(final long entry) {
        return states.cacheDel(slotOf(entry));
    }

    @Override
    public long countOf(final long entry) {
        return lockedView.swapCount(slotOf(entry));
    }

    @Override
    public boolean isCached(final long entry) {
        return lockedView.cached(slotOf(entry));
    }

    /**
     * Sets a slot's swap count directly, so that tests can reach the 2^31-1 limit without 2^31 calls.
     * Package-private: for tests of the count encoding only.
     */
    void setCountForTest(final long entry, final long count) {
        states.setCount(slotOf(entry), count);
    }

    /** The device lock; package-private, for the test that the audit catches a lock left held. */
    SpinLock deviceLockForTest() {
        return locks.deviceLock();
    }

    /** The metadata of one cluster, or null; package-private, for tests of the audit and the encodings. */
    Cluster clusterForTest(final int cluster) {
        return space.clusterAcquire(cluster);
    }

    /** The first slot of the block held back ({@link HeldBlock}), or -1; package-private, for its tests. */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    long heldSlotForTest() {
        space.deviceLock.lock();
        try {
            return held.slot();
        } finally {
            space.deviceLock.unlock();
        }
    }

    /** The free space; package-private, for tests of the parts that read it (compound placement). */
    FreeSpace spaceForTest() {
        return space;
    }

    // ------------------------------------------------------------------------------------------ folios

    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    @Override
    public long allocateFolio(final int order) {
        geometry.checkOrder(order);
        space.deviceLock.lock(); // contiguous first, else compound: one atomic decision
        try {
            final long entry = allocateLocked(order);
            return entry != NONE || order < geometry.minOrder() ? entry : folios.place(order);
        } finally {
            space.deviceLock.unlock();
        }
    }

    @Override
    public long slotOf(final long handle, final int order, final int page) {
        geometry.checkOrder(order);
        if (SwapEntry.isCompound(handle)) {
            return folios.slotOfPage(handle, order, page);
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
            freeSlots(geometry.checkSlot("slot", slot + firstPage), count);
        } else {
            folios.freePages(handle, order, firstPage, count);
        }
    }

    @Override
    public int extents(final long handle, final int order) {
        geometry.checkOrder(order);
        if (SwapEntry.isCompound(handle)) {
            return folios.extents(handle, order);
        }
        slotOf(handle);
        return 1;
    }

    /** @return the number of live compound descriptors */
    @Override
    public int descriptorCount() {
        return folios.descriptors();
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

    @Override
    public Fragmentation fragmentation() {
        return lockedView.fragmentation();
    }

    /** Returns the metadata budget this allocator asks (its counters tell how often it degraded). */
    public MetadataBudget metadataBudget() {
        return space.budget;
    }

    /** Returns the number of clusters that hold metadata right now. */
    public int clustersWithMetadata() {
        space.deviceLock.lock();
        try {
            return space.clustersWithMetadata();
        } finally {
            space.deviceLock.unlock();
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
     * Reads the observable state at one instant: {@code reader} runs holding the device lock, with every
     * cluster entered (no cluster-only step is inside one), and reads a view that takes no lock per call. For a
     * caller that reads all of the state at once (the exhaustive checker's comparisons), where {@link #view()}
     * would take a lock per slot and call. The reader must not keep the view, nor call this allocator.
     *
     * @param reader reads the view
     * @param <T> what it returns
     * @return what the reader returned
     */
    public <T> T observe(final Function<SwapSpaceView, T> reader) {
        return view.observe(reader);
    }

    /**
     * Audits every internal structure against the others (INV-1 to INV-7, INV-10, INV-11 and INV-24 from the
     * inside). Costs O(slots); for tests and debugging. It holds the device lock throughout, so it sees free space at
     * one instant; run it at a quiescent point to audit swap counts too.
     *
     * <p>It also checks that the calling thread holds none of the allocator's locks: every operation must
     * release what it took, whatever it returned or threw. A block held back for the next allocation
     * ({@link HeldBlock}) is audited as held (free, in no map, counted free) and left held.
     *
     * @throws AssertionError naming the first inconsistency
     */
    @Override
    public void checkConsistency() {
        audit.check();
    }

    @Override
    public String toString() {
        return "BuddyAllocator(type " + type + ", " + geometry + ": " + usedSlots() + " used, " + freeSlots()
                + " free, " + clustersWithMetadata() + " clusters with metadata, " + descriptorCount()
                + " descriptors)";
    }
}
