package dev.swaplayer.kernel;

import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the kernel models share: the {@code swap_map} (one state per slot), the per-cluster use counts
 * ({@code ci->count}), the cluster flags, the per-CPU {@code next[order]} hints, the device counters, the
 * cache-only marks with their reclaim, the swap counts ({@link SwapCounts}), the locks and the observation
 * methods. The policies live in the subclasses.
 *
 * <p>Thread safety: the shared operations take the locks below; whether a model is thread-safe as a whole
 * depends on its policy, which its class comment states ({@link ClusterAllocator} is, {@link LegacyAllocator}
 * is not).
 *
 * <h2>Locks (6.12's {@code si->lock} and {@code ci->lock})</h2>
 * <ul>
 *   <li>{@link #deviceLock} ({@code si->lock}) guards the policy's cluster lists and flags, the per-CPU hints,
 *       the device counters (freeSlots, usedSlots, inFlight, reclaimedSlots), the reclaim listener and every
 *       policy field the subclass names. Every allocation and every {@code free} runs under it whole, as
 *       {@code get_swap_pages} and {@code swapcache_free_entries} hold {@code si->lock}.</li>
 *   <li>One lock per cluster ({@code ci->lock}) guards that cluster's slot states in {@link #map} and its swap
 *       count words. count[c] (and a policy's per-cluster order) change only while both the device lock and
 *       the cluster's lock are held, so either lock suffices to read them.</li>
 * </ul>
 * <b>Lock order:</b> device lock, then cluster locks. A thread holding the device lock may take any number
 * of cluster locks, in ascending cluster order when it takes several at once ({@link #lockClusters}); a thread
 * not holding the device lock holds at most one cluster lock, and takes nothing else while it holds it
 * ({@code dup}, {@code put}, the swap-cache operations). A {@code put} or {@code cacheDel} that must free its
 * slot therefore drops the cluster lock and starts again under the device lock ({@link #freeUnreferenced}),
 * as the kernel drops {@code ci->lock} before {@code free_swap_slot} takes {@code si->lock}. Both locks are
 * reentrant, so a step that already holds a lock (the reclaim inside an allocation) may take it again.
 *
 * <p><b>How the device lock's holder takes a cluster.</b> The scopes above are 6.12's; the mechanism is
 * cheaper than a second {@code spin_lock}. Both locks are {@link dev.swaplayer.allocator.SpinLock}s, and
 * the holder of the device lock does not compare-and-set a cluster's lock: it waits until no other thread
 * holds it ({@link #lockCluster}). A thread without the device lock that takes a cluster's lock then reads
 * the device lock, and if another thread holds it, lets go, takes the device lock, takes the cluster's lock
 * and lets the device lock go (queueing there, so that allocations cannot starve it). That is Dekker's handshake on the
 * two lock words: volatile accesses have one total order, so one side always sees the other and the cluster-only
 * side gives way. One atomic instruction per allocation or free instead of two; cluster-only steps wait
 * while any allocation or free runs, which the kernel's do not. The same handshake, drawn, is in
 * {@code dev.swaplayer.allocator.BuddyAllocator}.
 *
 * <h2>Memory ordering</h2>
 * Fields guarded by a lock are plain. Three counters are also read without a lock, by observers and by the
 * allocation's early failure: freeSlots, usedSlots and reclaimedSlots are written with release stores
 * ({@link #addFreeSlotsRelease}) under the device lock and read with {@link #freeSlotsAcquire()},
 * {@link #usedSlotsAcquire()} and {@link #reclaimedSlotsAcquire()}. Each is exact at any quiescent point;
 * between two of them an unlocked reader may see one update and not the other, as the kernel's
 * {@code nr_swap_pages} and {@code inuse_pages} may differ for a moment.
 *
 * <h2>Slot states</h2>
 * <pre>
 *   SLOT_FREE       swap_map byte 0
 *   SLOT_IN_USE     a page-table reference or a swap-cache folio the caller still holds
 *   CACHE_ONLY | r  held only by the swap cache (SWAP_HAS_CACHE alone), as part of a cache-only run of
 *                   2^r slots the caller marked; reclaimable when vm_swap_full()
 *   SLOT_RESERVED   the header slot 0, a bad slot (SWAP_MAP_BAD), or a slot past the device end in the last
 *                   cluster; never allocated
 * </pre>
 *
 * <h2>Invariants</h2>
 * count[c] is the number of slots of cluster c that are not free, reserved ones included (the kernel raises
 * the count of the header, bad and tail slots at swapon); freeSlots and usedSlots count free and in-use slots;
 * freeSlots + usedSlots + reserved = totalSlots; every hint is 0 or a slot aligned to its order; the swap count
 * word of a free or reserved slot is 0. {@link #checkConsistency()} audits these and the subclass's lists.
 *
 * <h2>Swap counts</h2>
 * Allocation leaves a slot in use with swap count 0 and the swap cache holding it ({@code SWAP_HAS_CACHE}).
 * {@code dup}, {@code put}, {@code cacheAdd} and {@code cacheDel} follow {@link SwapCounts} and the outcome
 * table of {@link SwapResult}; a slot whose count reaches 0 without the cache, or whose cache pin goes at
 * count 0, is freed. The cache-only marks below are separate: they are the caller's statement that a run is
 * reclaimable, and reclaim frees the marked run whatever its counts say.
 *
 * <h2>vm_swap_full()</h2>
 * {@code nr_swap_pages * 2 < total_swap_pages}, for this one device: total is the usable slots, and the free
 * count is reduced by the request in flight, as {@code get_swap_pages} subtracts {@code 2^order} from
 * {@code nr_swap_pages} before it scans. Like {@code get_swap_pages}, an allocation fails at once, with no
 * side effect, when fewer than {@code 2^order} slots are free.
 */
abstract class KernelSwapMap implements PerCpuAllocator {
    private static final VarHandle FREE_SLOTS;
    private static final VarHandle USED_SLOTS;
    private static final VarHandle RECLAIMED_SLOTS;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            FREE_SLOTS = lookup.findVarHandle(KernelSwapMap.class, "freeSlots", long.class);
            USED_SLOTS = lookup.findVarHandle(KernelSwapMap.class, "usedSlots", long.class);
            RECLAIMED_SLOTS = lookup.findVarHandle(KernelSwapMap.class, "reclaimedSlots", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code SWAP_NEXT_INVALID}: a hint of 0 names no cluster, which is safe as slot 0 is the header. */
    static final long NEXT_INVALID = 0;
    /** The largest simulated CPU count: the kernel's largest {@code CONFIG_NR_CPUS} on x86-64. */
    static final int MAX_CPUS = 8192;
    /** The largest device a model holds: one state byte per slot in one Java array. */
    static final long MAX_MODEL_SLOTS = 1L << 30;
    /** {@code L1_CACHE_BYTES} on x86-64; sizes the interleaving of the free list at swapon. */
    static final int L1_CACHE_BYTES = 64;
    /** {@code SWAP_ADDRESS_SPACE_SHIFT}: one swap-cache address space covers 2^14 pages (64 MiB). */
    static final int SWAP_ADDRESS_SPACE_SHIFT = 14;
    /** {@code SWAP_ADDRESS_SPACE_PAGES}. */
    static final long SWAP_ADDRESS_SPACE_PAGES = 1L << SWAP_ADDRESS_SPACE_SHIFT;
    /** {@code si->cluster_next} as {@code read_swap_header} sets it; picks the first column at swapon. */
    static final long INITIAL_CLUSTER_NEXT = 1;

    static final byte SLOT_FREE = 0;
    static final byte SLOT_IN_USE = 1;
    static final byte SLOT_RESERVED = 2;
    /** Set in a slot's state when it is cache-only; the low bits hold the order of its cache-only run. */
    static final int CACHE_ONLY = 0x40;
    static final int CACHE_ORDER_MASK = CACHE_ONLY - 1;

    final int type;
    final Geometry geometry;
    final int clusterSlots;
    final int clusterOrder;
    final int clusterCount;
    final int maxOrder;
    final long totalSlots;
    final long usableSlots;
    /** {@code si->lock}: see the class comment for what it guards and the lock order. */
    final SwitchableLock deviceLock;
    /** {@code ci->lock} of each cluster. */
    private final SwitchableLock[] clusterLocks;
    /** Slot states; guarded by the slot's cluster lock. */
    final byte[] map;
    /** {@code ci->count}; written under the device lock and the cluster's lock, read under either. */
    final int[] count;
    /** The list each cluster is on; guarded by the device lock. */
    final ClusterFlag[] flags;
    /** Per CPU, per order: {@code percpu_cluster->next[order]}; guarded by the device lock. */
    final long[][] next;
    /** Free slots; written under the device lock with release stores, see {@link #freeSlotsAcquire()}. */
    long freeSlots;
    /** In-use slots; written under the device lock with release stores, see {@link #usedSlotsAcquire()}. */
    long usedSlots;
    /**
     * The request get_swap_pages has already taken off nr_swap_pages; 0 once claimed or between calls.
     * Guarded by the device lock.
     */
    long inFlight;
    /** Swap counts and cache flags; each cluster's words guarded by its lock. */
    private final SwapCountWords words;
    private final int cpus;
    /** Hands each new thread its CPU, round-robin: the first thread to ask gets CPU 0. */
    private final AtomicInteger nextThreadCpu = new AtomicInteger();
    /** The calling thread's simulated CPU (a one-element array, so that setCpu does not allocate). */
    private final ThreadLocal<int[]> threadCpu;
    /** Guarded by the device lock. */
    private SlotReclaimed listener = SlotReclaimed.IGNORE;
    /** Written under the device lock with release stores; see {@link #reclaimedSlotsAcquire()}. */
    private long reclaimedSlots;
    /** True while the listener runs; guarded by the device lock, which the listener's thread holds. */
    private boolean inCallback;

    KernelSwapMap(final int type, final Geometry geometry, final int cpus) {
        this(type, geometry, cpus, true);
    }

    /**
     * @param locking false only for the single-threaded benchmark baseline ({@link SwitchableLock})
     */
    KernelSwapMap(final int type, final Geometry geometry, final int cpus, final boolean locking) {
        this.deviceLock = new SwitchableLock(locking);
        this.type = Checks.checkInRange("type", type, 0, SwapEntry.MAX_TYPE);
        if (geometry == null) {
            throw Checks.badArgument("geometry", null, "a geometry");
        }
        Checks.checkInRange("totalSlots", geometry.totalSlots(), 2, MAX_MODEL_SLOTS);
        this.cpus = Checks.checkInRange("cpus", cpus, 1, MAX_CPUS);
        this.geometry = geometry;
        this.clusterSlots = geometry.clusterSlots();
        this.clusterOrder = geometry.clusterOrder();
        this.clusterCount = geometry.clusterCount();
        this.maxOrder = geometry.maxOrder();
        this.totalSlots = geometry.totalSlots();
        this.map = new byte[clusterCount * clusterSlots];
        this.count = new int[clusterCount];
        this.flags = new ClusterFlag[clusterCount];
        Arrays.fill(flags, ClusterFlag.NONE);
        this.next = new long[cpus][maxOrder + 1];
        this.clusterLocks = new SwitchableLock[clusterCount];
        for (int c = 0; c < clusterCount; c++) {
            clusterLocks[c] = new SwitchableLock(locking);
        }
        this.words = new SwapCountWords(clusterCount, clusterOrder);
        this.threadCpu = ThreadLocal.withInitial(() -> new int[] {nextThreadCpu.getAndIncrement() % this.cpus});
        markReserved();
        this.usableSlots = freeSlots;
    }

    /** The header, bad and tail slots raise their cluster's count, as {@code inc_cluster_info_page} at swapon. */
    private void markReserved() {
        for (int s = 0; s < map.length; s++) {
            if (geometry.isReserved(s)) {
                map[s] = SLOT_RESERVED;
                count[clusterOf(s)]++;
            } else {
                freeSlots++;
            }
        }
    }

    /**
     * The order in which swapon walks the clusters (SWAP_CLUSTER_COLS interleaving, to spread neighbouring
     * clusters over cache lines and swap-cache address spaces).
     *
     * @param clusterInfoBytes {@code sizeof(struct swap_cluster_info)} of the modelled kernel
     * @return every cluster index once, in setup order
     */
    final int[] setupOrder(final int clusterInfoBytes) {
        final int infoCols = ceilDiv(L1_CACHE_BYTES, clusterInfoBytes);
        final int spaceCols = (int) ((SWAP_ADDRESS_SPACE_PAGES + clusterSlots - 1) / clusterSlots);
        final int cols = Math.max(infoCols, spaceCols);
        final int col = (int) (INITIAL_CLUSTER_NEXT / clusterSlots % cols);
        final int rows = ceilDiv(clusterCount, cols);
        final int[] order = new int[clusterCount];
        int n = 0;
        for (int k = 0; k < cols; k++) {
            final int j = (k + col) % cols;
            for (int i = 0; i < rows; i++) {
                final long idx = (long) i * cols + j;
                if (idx < clusterCount) {
                    order[n++] = (int) idx;
                }
            }
        }
        return order;
    }

    private static int ceilDiv(final int a, final int b) {
        return (a + b - 1) / b;
    }

    final long base(final int cluster) {
        return (long) cluster << clusterOrder;
    }

    final int clusterOf(final long slot) {
        return (int) (slot >>> clusterOrder);
    }

    // ------------------------------------------------------------------------------------------- locks

    /**
     * {@code lock_cluster}: makes cluster c this thread's to change; see the handshake in the class comment.
     * Under the device lock it enters the cluster (waits until no cluster-only step is inside it); without
     * it, it takes the cluster's lock and gives way while another thread holds the device lock.
     */
    final void lockCluster(final int c) {
        if (deviceLock.isHeldByCurrentThread()) {
            clusterLocks[c].awaitReleaseByOthersVolatile();
        } else {
            clusterLocks[c].lockGivingWayTo(deviceLock);
        }
    }

    /** Lets go of what {@link #lockCluster} took: nothing under the device lock, else the cluster's lock. */
    final void unlockCluster(final int c) {
        if (!deviceLock.isHeldByCurrentThread()) {
            clusterLocks[c].unlock();
        }
    }

    /**
     * Returns whether the calling thread may change cluster c (for asserts): it holds c's lock, or the device lock
     * (whose holder enters clusters without taking their locks).
     */
    final boolean holdsCluster(final int c) {
        return clusterLocks[c].isHeldByCurrentThread() || deviceLock.isHeldByCurrentThread();
    }

    /** Returns whether the calling thread holds the device lock (for asserts). */
    final boolean holdsDevice() {
        return deviceLock.isHeldByCurrentThread();
    }

    /**
     * Enters clusters first..last in ascending order: a cross-cluster step, allowed only under the device lock.
     */
    final void lockClusters(final int first, final int last) {
        assert holdsDevice() : "several cluster locks without the device lock";
        for (int c = first; c <= last; c++) {
            clusterLocks[c].awaitReleaseByOthersVolatile();
        }
    }

    /** The end of a cross-cluster step: nothing to let go, the device lock's release lets them in again. */
    final void unlockClusters(final int first, final int last) {
        assert holdsDevice() : "several cluster locks without the device lock";
    }

    // ------------------------------------------------------------------------------- memory ordering

    /** Returns free slots, read with acquire semantics: no lock needed, exact at quiescent points. */
    final long freeSlotsAcquire() {
        return (long) FREE_SLOTS.getAcquire(this);
    }

    /** Returns in-use slots, read with acquire semantics: no lock needed, exact at quiescent points. */
    final long usedSlotsAcquire() {
        return (long) USED_SLOTS.getAcquire(this);
    }

    /** Returns slots reclaimed so far, read with acquire semantics. */
    final long reclaimedSlotsAcquire() {
        return (long) RECLAIMED_SLOTS.getAcquire(this);
    }

    /**
     * Moves delta slots from used to free (negative: from free to used) with release stores. Context: the
     * device lock.
     */
    final void addFreeSlotsRelease(final long delta) {
        assert holdsDevice() : "device counters changed without the device lock";
        FREE_SLOTS.setRelease(this, freeSlots + delta);
        USED_SLOTS.setRelease(this, usedSlots - delta);
    }

    // ------------------------------------------------------------------------------------- policy hooks

    /**
     * The policy's allocation of {@code 2^order} slots; called only when that many are free.
     *
     * @return the first slot, or {@link #NEXT_INVALID}
     */
    abstract long allocateSlots(int order);

    /** After slots of cluster c were freed: move it between lists ({@code dec_cluster_info_page}). */
    abstract void afterRelease(int c);

    /** After {@code [slot, slot + nr)} were claimed ({@code swap_range_alloc}); counters already updated. */
    void onRangeAlloc(final long slot, final int nr) {
    }

    /** After {@code [slot, slot + nr)} were freed ({@code swap_range_free}); counters already updated. */
    void onRangeFree(final long slot, final int nr) {
    }

    /** After a successful or failed allocation, before allocate returns: deferred work. */
    void afterAllocate() {
    }

    /** Returns what is wrong with the policy's lists and state, or null. */
    abstract String auditPolicy();

    /** Returns the order suffix of a cluster's description, e.g. {@code " order=4"}, or "". */
    abstract String orderLabel(int c);

    // ------------------------------------------------------------------------------------- allocation

    @Override
    public final int type() {
        return type;
    }

    @Override
    public final Geometry geometry() {
        return geometry;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the device lock for the whole allocation, and cluster locks inside it. The early
     * failure on a device with fewer than {@code 2^order} free slots reads {@link #freeSlotsAcquire()} without
     * a lock, as {@code get_swap_pages} reads {@code nr_swap_pages}, and is checked again under the lock.
     */
    @Override
    public final long allocate(final int order) {
        geometry.checkOrder(order);
        checkNotInCallback();
        final int k = geometry.effectiveOrder(order);
        final int nr = 1 << k;
        if (freeSlotsAcquire() < nr) {
            return NONE;
        }
        deviceLock.lock();
        try {
            return allocateLocked(k, nr);
        } finally {
            deviceLock.unlock();
        }
    }

    private long allocateLocked(final int k, final int nr) {
        if (freeSlots < nr) {
            return NONE;
        }
        inFlight = nr;
        final long slot;
        try {
            slot = allocateSlots(k);
        } finally {
            inFlight = 0;
        }
        afterAllocate();
        return slot == NEXT_INVALID ? NONE : SwapEntry.of(type, slot);
    }

    /**
     * Marks {@code [slot, slot + nr)} in use: the swap_map half of {@code cluster_alloc_range}. Context: the
     * device lock and the cluster's lock.
     */
    final void markInUse(final long slot, final int nr) {
        final int c = clusterOf(slot);
        assert holdsDevice() && holdsCluster(c) : "claim without the device and cluster locks";
        for (int s = (int) slot; s < slot + nr; s++) {
            assert map[s] == SLOT_FREE : "slot " + s + " is not free";
            map[s] = SLOT_IN_USE;
        }
        count[c] += nr;
        addFreeSlotsRelease(-nr);
        inFlight = 0;
        onRangeAlloc(slot, nr);
    }

    /** Returns whether every slot of {@code [slot, slot + nr)} is free ({@code swap_range_empty}). */
    final boolean rangeFree(final long slot, final int nr) {
        for (int s = (int) slot; s < slot + nr; s++) {
            if (map[s] != SLOT_FREE) {
                return false;
            }
        }
        return true;
    }

    /** Returns {@code vm_swap_full()}: more than half of the usable slots in use, the request counted. */
    final boolean vmSwapFull() {
        return (freeSlots - inFlight) * 2 < usableSlots;
    }

    // ------------------------------------------------------------------------------------------- free

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the device lock, then the locks of every cluster the run touches, in ascending order
     * (a cross-cluster step when the run spans clusters), so that the run is checked and freed at once.
     */
    @Override
    public final void free(final long entry, final long nrSlots) {
        checkNotInCallback();
        final long slot = slotOf(entry);
        Checks.checkInRange("nrSlots", nrSlots, 1, totalSlots - slot);
        final int first = clusterOf(slot);
        final int last = clusterOf(slot + nrSlots - 1);
        deviceLock.lock();
        try {
            lockClusters(first, last);
            try {
                for (long s = slot; s < slot + nrSlots; s++) {
                    checkInUse(s);
                }
                releaseRun(slot, nrSlots);
            } finally {
                unlockClusters(first, last);
            }
        } finally {
            deviceLock.unlock();
        }
    }

    /**
     * Frees in-use slots cluster by cluster, each cluster's part at once ({@code swap_entry_range_free}).
     * Context: the device lock and the lock of every cluster the run touches (every caller holds them already
     * for its checks, so this takes none).
     */
    final void releaseRun(final long slot, final long nrSlots) {
        assert holdsDevice() : "free without the device lock";
        long at = slot;
        final long end = slot + nrSlots;
        while (at < end) {
            final int c = clusterOf(at);
            assert holdsCluster(c) : "free without the lock of cluster " + c;
            final long stop = Math.min(end, base(c + 1));
            final int len = (int) (stop - at);
            unmarkRestOfRun(at, at, stop);
            unmarkRestOfRun(stop - 1, at, stop);
            for (int s = (int) at; s < stop; s++) {
                map[s] = SLOT_FREE;
            }
            words.reset(at, len);
            count[c] -= len;
            addFreeSlotsRelease(len);
            afterRelease(c);
            onRangeFree(at, len);
            at = stop;
        }
    }

    /**
     * When {@code [from, to)} frees part of the cache-only run holding {@code slot}, the rest of that run loses
     * its mark. A folio leaves the swap cache whole ({@code put_swap_folio} frees all its entries), so a slot
     * freed alone means the folio was split or is gone; the kernel's reclaim then sees only the folio the slot
     * now belongs to ({@code folio->swap}, {@code folio_nr_pages}), never the old run rebuilt by alignment,
     * which could take in a freed slot reused by another folio. The caller re-marks what stays cache-only.
     * Context: the run's cluster lock (the run lies in the cluster of {@code slot}).
     */
    private void unmarkRestOfRun(final long slot, final long from, final long to) {
        final int state = map[(int) slot];
        if ((state & CACHE_ONLY) == 0) {
            return;
        }
        final int nr = 1 << (state & CACHE_ORDER_MASK);
        final long start = slot & -(long) nr;
        for (long s = start; s < start + nr; s++) {
            if ((s < from || s >= to) && map[(int) s] == state) {
                map[(int) s] = SLOT_IN_USE;
            }
        }
    }

    private long slotOf(final long entry) {
        if (SwapEntry.isCompound(entry)) {
            throw Checks.badArgument("entry", SwapEntry.toString(entry), "a slot entry, not a compound handle");
        }
        if (SwapEntry.type(entry) != type) {
            throw Checks.badArgument("entry type", SwapEntry.type(entry), type + ", this device");
        }
        return geometry.checkSlot("slot", SwapEntry.offset(entry));
    }

    private void checkInUse(final long slot) {
        final byte v = map[(int) slot];
        if (v == SLOT_FREE || v == SLOT_RESERVED) {
            throw Checks.badState("slot " + slot, v == SLOT_FREE ? "free" : "reserved (bad slot)", "in use");
        }
    }

    // ------------------------------------------------------------------------------ cache-only reclaim

    /**
     * {@inheritDoc}
     *
     * <p>Context: a run inside one cluster (every mark) takes only that cluster's lock; a run that spans
     * clusters takes the device lock, then their locks in ascending order ({@link #setCacheOnlyAcrossClusters}).
     */
    @Override
    public final void setCacheOnly(final long entry, final int nrSlots, final boolean cacheOnly) {
        checkNotInCallback();
        final long slot = slotOf(entry);
        Checks.checkInRange("nrSlots", nrSlots, 1, totalSlots - slot);
        int runOrder = 0;
        if (cacheOnly) {
            runOrder = Checks.checkPowerOfTwo("nrSlots", nrSlots);
            Checks.checkInRange("nrSlots", nrSlots, 1, clusterSlots);
            if ((slot & nrSlots - 1) != 0) {
                throw Checks.badArgument("slot", slot, "aligned to nrSlots " + nrSlots + ", as a folio's run is");
            }
        }
        final byte state = (byte) (cacheOnly ? CACHE_ONLY | runOrder : SLOT_IN_USE);
        final int c = clusterOf(slot);
        if (c != clusterOf(slot + nrSlots - 1)) {
            setCacheOnlyAcrossClusters(slot, nrSlots, state);
            return;
        }
        lockCluster(c);
        try {
            setStatesLocked(slot, nrSlots, state);
        } finally {
            unlockCluster(c);
        }
    }

    /** The cross-cluster form of setCacheOnly (a clear spanning clusters): device lock, then cluster locks. */
    private void setCacheOnlyAcrossClusters(final long slot, final int nrSlots, final byte state) {
        final int first = clusterOf(slot);
        final int last = clusterOf(slot + nrSlots - 1);
        deviceLock.lock();
        try {
            lockClusters(first, last);
            try {
                setStatesLocked(slot, nrSlots, state);
            } finally {
                unlockClusters(first, last);
            }
        } finally {
            deviceLock.unlock();
        }
    }

    /** Checks that every slot is in use, then sets their states. Context: every cluster lock of the run. */
    private void setStatesLocked(final long slot, final int nrSlots, final byte state) {
        for (long s = slot; s < slot + nrSlots; s++) {
            checkInUse(s);
        }
        for (int s = (int) slot; s < slot + nrSlots; s++) {
            assert holdsCluster(clusterOf(s)) : "slot state changed without its cluster lock";
            map[s] = state;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the slot's cluster lock.
     */
    @Override
    public final boolean isCacheOnly(final long entry) {
        final long slot = slotOf(entry);
        final int c = clusterOf(slot);
        lockCluster(c);
        try {
            return isCacheOnlySlot(slot);
        } finally {
            unlockCluster(c);
        }
    }

    /** Returns whether the slot is marked cache-only. Context: the slot's cluster lock (or a lone thread). */
    final boolean isCacheOnlySlot(final long slot) {
        return (map[(int) slot] & CACHE_ONLY) != 0;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the device lock.
     */
    @Override
    public final void setReclaimListener(final SlotReclaimed listener) {
        deviceLock.lock();
        try {
            this.listener = listener == null ? SlotReclaimed.IGNORE : listener;
        } finally {
            deviceLock.unlock();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: no lock; an acquire read ({@link #reclaimedSlotsAcquire()}).
     */
    @Override
    public final long reclaimedSlots() {
        return reclaimedSlotsAcquire();
    }

    /**
     * {@code __try_to_reclaim_swap(si, offset, TTRS_ANYWAY | TTRS_DIRECT)}: frees the cache-only run holding
     * the slot when every slot of it is still cache-only, and tells the listener.
     *
     * <p>Context: takes the device lock (again, inside an allocation), then the slot's cluster lock (a
     * cache-only run lies in one cluster). The listener runs with the device lock held, and the cluster lock
     * when the caller held it.
     *
     * @return the run's size when freed, minus its size when not, 0 when the slot is not cache-only
     */
    final int tryReclaim(final long slot) {
        deviceLock.lock();
        try {
            return tryReclaimLocked(slot);
        } finally {
            deviceLock.unlock();
        }
    }

    private int tryReclaimLocked(final long slot) {
        final int c = clusterOf(slot);
        final int nr;
        final long start;
        lockCluster(c);
        try {
            final int state = map[(int) slot];
            if ((state & CACHE_ONLY) == 0) {
                return 0;
            }
            nr = 1 << (state & CACHE_ORDER_MASK);
            start = slot & -(long) nr;
            for (long s = start; s < start + nr; s++) {
                if (!isCacheOnlySlot(s)) {
                    return -nr;
                }
            }
            releaseRun(start, nr);
        } finally {
            unlockCluster(c);
        }
        RECLAIMED_SLOTS.setRelease(this, reclaimedSlots + nr);
        inCallback = true;
        try {
            listener.reclaimed(SwapEntry.of(type, start), nr);
        } finally {
            inCallback = false;
        }
        return nr;
    }

    /** Re-entry from the listener: only the listener's own thread holds the device lock while it runs. */
    private void checkNotInCallback() {
        if (deviceLock.isHeldByCurrentThread() && inCallback) {
            throw Checks.badState("allocator", "inside a SlotReclaimed callback", "not re-entered by the callback");
        }
    }

    // -------------------------------------------------------------------------------------- per CPU

    @Override
    public final int cpus() {
        return cpus;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: per thread, no lock. A thread that never called {@link #setCpu} runs on the CPU handed to it
     * at its first call, round-robin modulo {@link #cpus()}: the first thread gets CPU 0.
     */
    @Override
    public final int cpu() {
        return threadCpu.get()[0];
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: sets the calling thread's CPU only; no lock.
     */
    @Override
    public final void setCpu(final int cpu) {
        checkNotInCallback();
        threadCpu.get()[0] = Checks.checkInRange("cpu", cpu, 0, cpus - 1);
    }

    /**
     * Returns that CPU's {@code next[order]} hint: the slot its next scan of that order starts at, 0 for none.
     *
     * @param cpu a CPU
     * @param order an order
     */
    public final long hint(final int cpu, final int order) {
        Checks.checkInRange("cpu", cpu, 0, cpus - 1);
        geometry.checkOrder(order);
        deviceLock.lock();
        try {
            return next[cpu][order];
        } finally {
            deviceLock.unlock();
        }
    }

    // ----------------------------------------------------------------------------------- swap counts

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the slot's cluster lock ({@code lock_cluster_or_swap_info}).
     *
     * @throws IllegalArgumentException for an entry of another device or the header
     * @throws IllegalStateException when the slot is free or reserved
     */
    @Override
    public final SwapResult dup(final long entry) {
        checkNotInCallback();
        final long slot = slotOf(entry);
        final int c = clusterOf(slot);
        lockCluster(c);
        try {
            checkInUse(slot);
            final int n = words.count(slot);
            if (n == SwapCountWords.COUNT_MASK) {
                return SwapResult.COUNT_OVERFLOW;
            }
            words.setCount(slot, n + 1);
            return SwapResult.OK;
        } finally {
            unlockCluster(c);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the slot's cluster lock; when the last reference goes and the swap cache does not hold
     * the slot, drops it and frees the slot under the device lock ({@link #freeUnreferenced}).
     *
     * @throws IllegalStateException when the slot is not in use or its count is 0
     */
    @Override
    public final boolean put(final long entry) {
        checkNotInCallback();
        final long slot = slotOf(entry);
        final int c = clusterOf(slot);
        lockCluster(c);
        try {
            checkPut(slot);
            final int n = words.count(slot);
            if (n > 1 || words.cached(slot)) {
                words.setCount(slot, n - 1);
                return false;
            }
        } finally {
            unlockCluster(c);
        }
        return freeUnreferenced(slot, true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the slot's cluster lock.
     *
     * @throws IllegalArgumentException for an entry of another device or the header
     * @throws IllegalStateException when the slot is reserved
     */
    @Override
    public final SwapResult cacheAdd(final long entry) {
        checkNotInCallback();
        final long slot = slotOf(entry);
        final int c = clusterOf(slot);
        lockCluster(c);
        try {
            if (map[(int) slot] == SLOT_FREE) {
                return SwapResult.NOT_IN_USE;
            }
            checkInUse(slot);
            if (words.cached(slot)) {
                return SwapResult.ALREADY_CACHED;
            }
            words.setCached(slot, true);
            return SwapResult.OK;
        } finally {
            unlockCluster(c);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: as {@link #put}: the cluster lock, and the device lock when the slot is freed.
     *
     * @throws IllegalStateException when the slot is not in use or not cached
     */
    @Override
    public final boolean cacheDel(final long entry) {
        checkNotInCallback();
        final long slot = slotOf(entry);
        final int c = clusterOf(slot);
        lockCluster(c);
        try {
            checkCacheDel(slot);
            if (words.count(slot) > 0) {
                words.setCached(slot, false);
                return false;
            }
        } finally {
            unlockCluster(c);
        }
        return freeUnreferenced(slot, false);
    }

    /**
     * The slow path of put (dropReference) and cacheDel (not dropReference): under the device lock, then the
     * cluster lock, check the slot again (another thread may have changed it since the fast path let go),
     * apply the change, and free the slot if nothing references it any more.
     *
     * @return whether the slot was freed
     */
    private boolean freeUnreferenced(final long slot, final boolean dropReference) {
        final int c = clusterOf(slot);
        deviceLock.lock();
        try {
            lockCluster(c);
            try {
                if (dropReference) {
                    checkPut(slot);
                    words.setCount(slot, words.count(slot) - 1);
                } else {
                    checkCacheDel(slot);
                    words.setCached(slot, false);
                }
                if (words.count(slot) > 0 || words.cached(slot)) {
                    return false;
                }
                releaseRun(slot, 1);
                return true;
            } finally {
                unlockCluster(c);
            }
        } finally {
            deviceLock.unlock();
        }
    }

    /**
     * Sets a slot's swap count directly, so that tests reach the 2^31-1 limit without 2^31 calls.
     * Package-private: for tests of the count limit only. Context: takes the slot's cluster lock.
     */
    final void setSwapCountForTest(final long entry, final int swapCount) {
        final long slot = slotOf(entry);
        final int c = clusterOf(slot);
        lockCluster(c);
        try {
            checkInUse(slot);
            words.setCount(slot, swapCount);
        } finally {
            unlockCluster(c);
        }
    }

    private void checkPut(final long slot) {
        checkInUse(slot);
        if (words.count(slot) == 0) {
            throw Checks.badState("swap count of slot " + slot, 0, "> 0 to put; the slot is held only by the"
                    + " swap cache");
        }
    }

    private void checkCacheDel(final long slot) {
        checkInUse(slot);
        if (!words.cached(slot)) {
            throw Checks.badState("swap cache flag of slot " + slot, "clear", "set to delete it");
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the slot's cluster lock.
     */
    @Override
    public final long countOf(final long entry) {
        final long slot = slotOf(entry);
        final int c = clusterOf(slot);
        lockCluster(c);
        try {
            return words.count(slot);
        } finally {
            unlockCluster(c);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the slot's cluster lock.
     *
     * @return whether the swap cache holds the slot: false for a free or reserved slot
     */
    @Override
    public final boolean isCached(final long entry) {
        final long slot = slotOf(entry);
        final int c = clusterOf(slot);
        lockCluster(c);
        try {
            final byte v = map[(int) slot];
            return v != SLOT_FREE && v != SLOT_RESERVED && words.cached(slot);
        } finally {
            unlockCluster(c);
        }
    }

    // ---------------------------------------------------------------------------------- observation

    /**
     * {@inheritDoc}
     *
     * <p>Context: no lock; an acquire read ({@link #freeSlotsAcquire()}).
     */
    @Override
    public final long freeSlots() {
        return freeSlotsAcquire();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: no lock; an acquire read ({@link #usedSlotsAcquire()}).
     */
    @Override
    public final long usedSlots() {
        return usedSlotsAcquire();
    }

    /**
     * The canonical buddy decomposition of the free slots ({@code Blocks.canonical}), so that buddyinfo and
     * the unusable index compare across policies. Computed on demand: O(slots of non-free clusters) time,
     * O(clusterSlots) scratch; about 16k steps for a 64 MiB device.
     *
     * <p>Context: takes the device lock (no slot changes between free and in use while it is held), and each
     * cluster's lock while it reads that cluster's slots.
     */
    @Override
    public final Fragmentation fragmentation() {
        final long[] blocks = new long[maxOrder + 1];
        final boolean[] level = new boolean[clusterSlots];
        deviceLock.lock();
        try {
            for (int c = 0; c < clusterCount; c++) {
                if (count[c] == 0) {
                    blocks[maxOrder] += clusterSlots >>> maxOrder;
                    continue;
                }
                lockCluster(c);
                try {
                    countClusterBlocks(c, level, blocks);
                } finally {
                    unlockCluster(c);
                }
            }
        } finally {
            deviceLock.unlock();
        }
        return new Fragmentation(blocks);
    }

    /** Bottom-up: a free pair merges into its parent; an unmerged free block is maximal at its order. */
    private void countClusterBlocks(final int c, final boolean[] level, final long[] blocks) {
        final int first = (int) base(c);
        for (int i = 0; i < clusterSlots; i++) {
            level[i] = map[first + i] == SLOT_FREE;
        }
        int n = clusterSlots;
        for (int j = 0; j < maxOrder; j++) {
            n >>>= 1;
            for (int i = 0; i < n; i++) {
                final boolean left = level[2 * i];
                final boolean right = level[2 * i + 1];
                level[i] = left && right;
                if (left != right) {
                    blocks[j]++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            blocks[maxOrder] += level[i] ? 1 : 0;
        }
    }

    /**
     * Returns the list it is on. Context: takes the device lock.
     *
     * @param cluster a cluster index
     */
    public final ClusterFlag clusterFlag(final int cluster) {
        checkCluster(cluster);
        deviceLock.lock();
        try {
            return flags[cluster];
        } finally {
            deviceLock.unlock();
        }
    }

    /**
     * Returns its {@code ci->count}: slots not free, reserved ones included. Context: takes the cluster's lock.
     *
     * @param cluster a cluster index
     */
    public final int clusterUsage(final int cluster) {
        checkCluster(cluster);
        lockCluster(cluster);
        try {
            return count[cluster];
        } finally {
            unlockCluster(cluster);
        }
    }

    /**
     * Returns e.g. {@code Cluster(3: NONFULL order=4, 192/512)}. Context: takes the device lock.
     *
     * @param cluster a cluster index
     */
    public final String describeCluster(final int cluster) {
        checkCluster(cluster);
        deviceLock.lock();
        try {
            return "Cluster(" + cluster + ": " + flags[cluster] + orderLabel(cluster) + ", " + count[cluster] + "/"
                    + clusterSlots + ")";
        } finally {
            deviceLock.unlock();
        }
    }

    private int checkCluster(final int cluster) {
        return Checks.checkInRange("cluster", cluster, 0, clusterCount - 1);
    }

    /**
     * Audits the slot map against the counts and counters, the swap count words, the hints, and the policy's
     * lists. O(slots); for tests and debugging.
     *
     * <p>Context: takes the device lock, then every cluster lock in ascending order, so the audit sees one
     * consistent state even while other threads call the allocator (their calls wait); it passes at every
     * moment, not only at quiescent points. From a reclaim listener it sees the allocation in progress.
     *
     * @throws AssertionError naming the first inconsistency
     */
    @Override
    public final void checkConsistency() {
        deviceLock.lock();
        try {
            lockClusters(0, clusterCount - 1);
            try {
                checkConsistencyLocked();
            } finally {
                unlockClusters(0, clusterCount - 1);
            }
        } finally {
            deviceLock.unlock();
        }
    }

    private void checkConsistencyLocked() {
        final int[] counted = new int[clusterCount];
        long free = 0;
        long used = 0;
        for (int s = 0; s < map.length; s++) {
            final int v = map[s];
            final boolean reserved = geometry.isReserved(s);
            final boolean known = v == SLOT_FREE || v == SLOT_IN_USE || v == SLOT_RESERVED
                    || ((v & ~CACHE_ORDER_MASK) == CACHE_ONLY && (v & CACHE_ORDER_MASK) <= clusterOrder);
            if (!known || (v == SLOT_RESERVED) != reserved) {
                throw corrupt("slot " + s + " has state " + v + ", reserved " + reserved);
            }
            if (v != SLOT_FREE) {
                counted[clusterOf(s)]++;
                used += reserved ? 0 : 1;
            } else {
                free++;
            }
            if ((v == SLOT_FREE || reserved) && !words.isZero(s)) {
                throw corrupt("slot " + s + " is " + (reserved ? "reserved" : "free") + " but has swap count "
                        + words.count(s) + ", cached " + words.cached(s));
            }
        }
        for (int c = 0; c < clusterCount; c++) {
            if (counted[c] != count[c]) {
                throw corrupt(describeCluster(c) + " but " + counted[c] + " slots are not free");
            }
        }
        require(free == freeSlots && used == usedSlots, "freeSlots " + freeSlots + ", usedSlots " + usedSlots
                + " but the map holds " + free + " free and " + used + " used");
        require(free + used + geometry.reservedSlots() == totalSlots, "free + used + reserved != totalSlots");
        require(inFlight == 0, "a request is still in flight");
        for (int p = 0; p < cpus; p++) {
            for (int k = 0; k <= maxOrder; k++) {
                final long h = next[p][k];
                if (h != NEXT_INVALID && (h < 0 || h >= map.length || (h & (1L << k) - 1) != 0)) {
                    throw corrupt("cpu " + p + " next[" + k + "] = " + h);
                }
            }
        }
        final String policy = auditPolicy();
        require(policy == null, String.valueOf(policy));
    }

    private static void require(final boolean ok, final String what) {
        if (!ok) {
            throw corrupt(what);
        }
    }

    private static AssertionError corrupt(final String what) {
        return new AssertionError("kernel model corrupt: " + what);
    }

    /** Context: no lock; the two counters are acquire reads and may straddle a concurrent call. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(type " + type + ", " + geometry + ", " + cpus + " cpus: "
                + usedSlotsAcquire() + " used, " + freeSlotsAcquire() + " free)";
    }
}
