package dev.swaplayer.kernel;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.swaplayer.allocator.SpinLock;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.allocator.core.Handshake;
import dev.swaplayer.allocator.core.SlotCounters;
import dev.swaplayer.allocator.core.SlotDevice;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Geometry;
import java.util.Arrays;

/**
 * One swap device as the kernel models see it, named after the kernel's {@code struct swap_info_struct}
 * ({@code si} in {@code mm/swapfile.c}): the {@code swap_map} (one state per slot), the per-cluster use counts
 * ({@code ci->count}), the cluster flags, the device counters and the locks, with the allocation and free
 * paths the policies share. It is the base of the models, {@link LegacyAllocator} (6.10),
 * {@link ClusterAllocator} (6.12) and {@link Cluster72Allocator} (7.2), whose policies live in the
 * subclasses. It owns, as package-private parts: the per-CPU {@code next[order]} hints ({@link PerCpuHints}),
 * the swap counts ({@link SwapCountOps} on {@link SwapCountWords}), the cache-only marks and their reclaim
 * ({@link CacheOnlyReclaim}) and the audit ({@link SwapMapAudit}); {@link SwaponLayout} lays the device out
 * at swapon. {@link KernelModel}, between this class and the policies, is the public face of those parts.
 *
 * <p>Thread safety: the shared operations take the locks below; whether a model is thread-safe as a whole
 * depends on its policy, which its class comment states ({@link ClusterAllocator} is, {@link LegacyAllocator}
 * is not).
 *
 * <h2>Locks (6.12's {@code si->lock} and {@code ci->lock})</h2>
 * <ul>
 *   <li>The device lock of {@link #locks} ({@code si->lock}) guards the policy's cluster lists and flags, the
 *       per-CPU hints, the device counters (freeSlots, usedSlots, inFlight, reclaimedSlots), the reclaim
 *       listener and every policy field the subclass names. Every allocation and every {@code free} runs under
 *       it whole, as {@code get_swap_pages} and {@code swapcache_free_entries} hold {@code si->lock}.</li>
 *   <li>One lock per cluster ({@code ci->lock}) guards that cluster's slot states in {@link #map} and its swap
 *       count words. count[c] (and a policy's per-cluster order) change only while both the device lock and
 *       the cluster's lock are held, so either lock suffices to read them.</li>
 * </ul>
 * <b>Lock order:</b> device lock, then cluster locks. A thread holding the device lock may take any number
 * of cluster locks, in ascending cluster order when it takes several at once ({@link #lockClusters}); a thread
 * not holding the device lock holds at most one cluster lock, and takes nothing else while it holds it
 * ({@code dup}, {@code put}, the swap-cache operations). A {@code put} or {@code cacheDel} that must free its
 * slot therefore drops the cluster lock and starts again under the device lock ({@code SwapCountPaths}),
 * as the kernel drops {@code ci->lock} before {@code free_swap_slot} takes {@code si->lock}. Both locks are
 * reentrant, so a step that already holds a lock (the reclaim inside an allocation) may take it again.
 *
 * <p><b>How the device lock's holder takes a cluster.</b> The scopes above are 6.12's; the mechanism is the
 * buddy allocator's, cheaper than a second {@code spin_lock}: the holder of the device lock <i>enters</i> a
 * cluster without a compare-and-set, and a cluster-only step gives way to it. The handshake is drawn and
 * explained once, in {@link dev.swaplayer.allocator.core}; {@link #lockCluster} is {@code lock_cluster} on it.
 * One atomic instruction per allocation or free instead of two; cluster-only steps wait while any allocation or
 * free runs, which the kernel's do not.
 *
 * <h2>Memory ordering</h2>
 * Fields guarded by a lock are plain. Three counters are also read without a lock, by observers and by the
 * allocation's early failure: freeSlots, usedSlots and reclaimedSlots are written with release stores
 * ({@link SlotCounters}; reclaimedSlots in {@link CacheOnlyReclaim}) under the device lock and read
 * with {@link SlotCounters#freeAcquire()}, {@link SlotCounters#usedAcquire()} and
 * {@link CacheOnlyReclaim#reclaimedSlotsAcquire()}. Each is exact at any quiescent point;
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
 * word of a free or reserved slot is 0. {@link KernelModel#checkConsistency()} audits these and the subclass's
 * lists ({@link SwapMapAudit}).
 *
 * <h2>Swap counts</h2>
 * {@code dup}, {@code put}, {@code cacheAdd} and {@code cacheDel} follow {@link SwapCounts} ({@link SwapCountOps}).
 * The cache-only marks are separate: they are the caller's statement that a run is reclaimable, and reclaim
 * frees the marked run whatever its counts say ({@link CacheOnlyReclaim}).
 *
 * <h2>vm_swap_full()</h2>
 * {@code nr_swap_pages * 2 < total_swap_pages}, for this one device: total is the usable slots, and the free
 * count is reduced by the request in flight, as {@code get_swap_pages} subtracts {@code 2^order} from
 * {@code nr_swap_pages} before it scans. Like {@code get_swap_pages}, an allocation fails at once, with no
 * side effect, when fewer than {@code 2^order} slots are free.
 */
abstract class SwapInfo extends SlotDevice implements PerCpuAllocator {
    /** {@code SWAP_NEXT_INVALID}: a hint of 0 names no cluster, which is safe as slot 0 is the header. */
    static final long NEXT_INVALID = 0;
    /** The largest device a model holds: one state byte per slot in one Java array. */
    static final long MAX_MODEL_SLOTS = 1L << 30;

    static final byte SLOT_FREE = 0;
    static final byte SLOT_IN_USE = 1;
    static final byte SLOT_RESERVED = 2;
    /** Set in a slot's state when it is cache-only; the low bits hold the order of its cache-only run. */
    static final int CACHE_ONLY = 0x40;
    static final int CACHE_ORDER_MASK = CACHE_ONLY - 1;

    final int clusterSlots;
    final int clusterOrder;
    final int clusterCount;
    final int maxOrder;
    final long totalSlots;
    final long usableSlots;
    /**
     * {@code si->lock}, the device lock ({@link Handshake#deviceLock()}): taken as {@code deviceLock.lock()} in a
     * {@code try}/{@code finally} (by other classes as {@code si.deviceLock.lock()}), and named by the
     * {@code @GuardedBy("deviceLock")} notes that ErrorProne checks.
     */
    final SpinLock deviceLock;
    /** {@code ci->lock} of each cluster; taken and entered only through {@link #locks}. */
    private final SpinLock[] clusterLocks;
    /** Slot states; guarded by the slot's cluster lock. */
    final byte[] map;
    /** {@code ci->count}; written under the device lock and the cluster's lock, read under either. */
    final int[] count;
    /** The list each cluster is on; guarded by the device lock. */
    @GuardedBy("deviceLock")
    final ClusterFlag[] flags;
    /**
     * The request get_swap_pages has already taken off nr_swap_pages; 0 once claimed or between calls.
     * Guarded by the device lock.
     */
    @GuardedBy("deviceLock")
    long inFlight;
    /** Swap counts and cache flags; each cluster's words guarded by its lock. */
    final SwapCountWords words;
    /** {@code si->percpu_cluster}: the per-CPU hints, guarded by the device lock, and the thread's CPU. */
    final PerCpuHints hints;
    /** The swap-count operations on {@link #words}; they take the locks they need. */
    final SwapCountOps counts;
    /** The cache-only marks and their reclaim; they take the locks they need. */
    final CacheOnlyReclaim reclaim;

    SwapInfo(final int type, final Geometry geometry, final int cpus) {
        this(type, geometry, cpus, true);
    }

    /**
     * @param locking false only for the single-threaded benchmark baseline ({@link Handshake})
     */
    SwapInfo(final int type, final Geometry geometry, final int cpus, final boolean locking) {
        super(type, geometry, locking);
        this.deviceLock = locks.deviceLock();
        if (geometry == null) {
            throw Checks.badArgument("geometry", null, "a geometry");
        }
        Checks.checkInRange("totalSlots", geometry.totalSlots(), 2, MAX_MODEL_SLOTS);
        Checks.checkInRange("cpus", cpus, 1, PerCpuHints.MAX_CPUS);
        this.clusterSlots = geometry.clusterSlots();
        this.clusterOrder = geometry.clusterOrder();
        this.clusterCount = geometry.clusterCount();
        this.maxOrder = geometry.maxOrder();
        this.totalSlots = geometry.totalSlots();
        this.map = new byte[clusterCount * clusterSlots];
        this.count = new int[clusterCount];
        this.flags = new ClusterFlag[clusterCount];
        Arrays.fill(flags, ClusterFlag.NONE);
        this.hints = new PerCpuHints(cpus, maxOrder, locks);
        this.clusterLocks = new SpinLock[clusterCount];
        for (int c = 0; c < clusterCount; c++) {
            clusterLocks[c] = new SpinLock();
        }
        this.words = new SwapCountWords(clusterCount, clusterOrder);
        this.counts = new SwapCountOps(this, locks);
        this.reclaim = new CacheOnlyReclaim(this, locks);
        this.usableSlots = SwaponLayout.markReserved(geometry, map, count);
        deviceLock.lock(); // not yet published: the lock is free, and holding it keeps the assertion true
        try {
            counters.addFree(usableSlots);
        } finally {
            deviceLock.unlock();
        }
    }

    /**
     * Returns every cluster index once, in the order swapon walks them ({@link SwaponLayout#setupOrder}).
     *
     * @param clusterInfoBytes {@code sizeof(struct swap_cluster_info)} of the modelled kernel
     * @return every cluster index once, in the order swapon walks them ({@link SwaponLayout#setupOrder})
     */
    final int[] setupOrder(final int clusterInfoBytes) {
        return SwaponLayout.setupOrder(clusterCount, clusterSlots, clusterInfoBytes);
    }

    final long base(final int cluster) {
        return (long) cluster << clusterOrder;
    }

    final int clusterOf(final long slot) {
        return (int) (slot >>> clusterOrder);
    }

    // ------------------------------------------------------------------------------------------- locks

    /**
     * {@code lock_cluster}: makes cluster c this thread's to change. Under the device lock it
     * {@linkplain Handshake#enter enters} the cluster; without it, it {@linkplain Handshake#lock takes} the
     * cluster's lock, giving way to a device-lock holder.
     */
    final void lockCluster(final int c) {
        if (locks.holdsDevice()) {
            locks.enter(clusterLocks[c]);
        } else {
            locks.lock(clusterLocks[c]);
        }
    }

    /** Lets go of what {@link #lockCluster} took: nothing under the device lock, else the cluster's lock. */
    final void unlockCluster(final int c) {
        if (!locks.holdsDevice()) {
            locks.unlock(clusterLocks[c]);
        }
    }

    /**
     * Returns whether the calling thread may change cluster c (for asserts): it holds c's lock, or the device lock
     * (whose holder enters clusters without taking their locks).
     *
     * @return whether the calling thread may change cluster c (for asserts): it holds c's lock, or the device
     *     lock (whose holder enters clusters without taking their locks)
     */
    final boolean holdsCluster(final int c) {
        return locks.holdsSlotsOf(clusterLocks[c]);
    }

    /** Returns whether the calling thread holds the device lock (for asserts). */
    final boolean holdsDevice() {
        return locks.holdsDevice();
    }

    /**
     * Enters clusters first..last in ascending order: a cross-cluster step, allowed only under the device lock.
     */
    @GuardedBy("deviceLock")
    final void lockClusters(final int first, final int last) {
        assert holdsDevice() : "several cluster locks without the device lock";
        for (int c = first; c <= last; c++) {
            locks.enter(clusterLocks[c]);
        }
    }

    /** The end of a cross-cluster step: nothing to let go, the device lock's release lets them in again. */
    @GuardedBy("deviceLock")
    final void unlockClusters(final int first, final int last) {
        assert holdsDevice() : "several cluster locks without the device lock";
    }

    // ------------------------------------------------------------------------------- memory ordering

    // ------------------------------------------------------------------------------------- policy hooks

    /**
     * The policy's allocation of {@code 2^order} slots; called only when that many are free.
     *
     * @return the first slot, or {@link #NEXT_INVALID}
     */
    @GuardedBy("deviceLock")
    abstract long allocateSlots(int order);

    /** After slots of cluster c were freed: move it between lists ({@code dec_cluster_info_page}). */
    @GuardedBy("deviceLock")
    abstract void afterRelease(int c);

    /** After {@code [slot, slot + nr)} were claimed ({@code swap_range_alloc}); counters already updated. */
    @GuardedBy("deviceLock")
    void onRangeAlloc(final long slot, final int nr) {
    }

    /** After {@code [slot, slot + nr)} were freed ({@code swap_range_free}); counters already updated. */
    @GuardedBy("deviceLock")
    void onRangeFree(final long slot, final int nr) {
    }

    /**
     * Returns whether an allocation reserves its request before the scan, as 6.12's {@code get_swap_pages}
     * does (the default): it fails at once when fewer than {@code 2^order} slots are free, and takes them off
     * {@code nr_swap_pages} first, so vm_swap_full() counts the request. 7.x's {@code folio_alloc_swap} does
     * neither: it scans whenever the device has a free slot (a full device leaves {@code swap_avail_head}), and
     * vm_swap_full() sees only what is claimed.
     */
    boolean reservesRequest() {
        return true;
    }

    /** After a successful or failed allocation, before allocate returns: deferred work. */
    @GuardedBy("deviceLock")
    void afterAllocate() {
    }

    /** Returns what is wrong with the policy's lists and state, or null. */
    @GuardedBy("deviceLock")
    abstract String auditPolicy();

    /** Returns the order suffix of a cluster's description, e.g. {@code " order=4"}, or "". */
    abstract String orderLabel(int c);

    // ------------------------------------------------------------------------------------- allocation

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the device lock for the whole allocation, and cluster locks inside it. The early
     * failure on a device with fewer than {@code 2^order} free slots (with none, unless
     * {@link #reservesRequest}) reads {@link SlotCounters#freeAcquire()} without a lock, as {@code get_swap_pages}
     * reads {@code nr_swap_pages}, and is checked again under the lock.
     */
    @Override
    public final long allocate(final int order) {
        geometry.checkOrder(order);
        reclaim.checkNotInCallback();
        final int k = geometry.effectiveOrder(order);
        final int nr = 1 << k;
        if (counters.freeAcquire() < (reservesRequest() ? nr : 1)) {
            return NONE;
        }
        deviceLock.lock();
        try {
            return allocateLocked(k, nr);
        } finally {
            deviceLock.unlock();
        }
    }

    @GuardedBy("deviceLock")
    private long allocateLocked(final int k, final int nr) {
        if (counters.free() < (reservesRequest() ? nr : 1)) {
            return NONE;
        }
        inFlight = reservesRequest() ? nr : 0;
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
    @GuardedBy("deviceLock")
    final void markInUse(final long slot, final int nr) {
        final int c = clusterOf(slot);
        assert holdsDevice() && holdsCluster(c) : "claim without the device and cluster locks";
        for (int s = (int) slot; s < slot + nr; s++) {
            assert map[s] == SLOT_FREE : "slot " + s + " is not free";
            map[s] = SLOT_IN_USE;
        }
        count[c] += nr;
        counters.moveToUsedRelease(nr);
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

    /** Returns whether the slot is marked cache-only. Context: the slot's cluster lock (or a lone thread). */
    final boolean isCacheOnlySlot(final long slot) {
        return (map[(int) slot] & CACHE_ONLY) != 0;
    }

    /** Returns {@code vm_swap_full()}: more than half of the usable slots in use, the request counted. */
    @GuardedBy("deviceLock")
    final boolean vmSwapFull() {
        return (counters.free() - inFlight) * 2 < usableSlots;
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
        reclaim.checkNotInCallback();
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
    @GuardedBy("deviceLock")
    final void releaseRun(final long slot, final long nrSlots) {
        assert holdsDevice() : "free without the device lock";
        long at = slot;
        final long end = slot + nrSlots;
        while (at < end) {
            final int c = clusterOf(at);
            assert holdsCluster(c) : "free without the lock of cluster " + c;
            final long stop = Math.min(end, base(c + 1));
            final int len = (int) (stop - at);
            reclaim.unmarkRestOfRun(at, at, stop);
            reclaim.unmarkRestOfRun(stop - 1, at, stop);
            for (int s = (int) at; s < stop; s++) {
                map[s] = SLOT_FREE;
            }
            words.reset(at, len);
            count[c] -= len;
            counters.moveToUsedRelease(-len);
            afterRelease(c);
            onRangeFree(at, len);
            at = stop;
        }
    }

    /** @throws IllegalStateException when the slot is free or reserved */
    final void checkInUse(final long slot) {
        final byte v = map[(int) slot];
        if (v == SLOT_FREE || v == SLOT_RESERVED) {
            throw Checks.badState("slot " + slot, v == SLOT_FREE ? "free" : "reserved (bad slot)", "in use");
        }
    }
}
