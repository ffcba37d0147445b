package dev.swaplayer.kernel;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Geometry;
import java.util.SplittableRandom;

/**
 * A model of the kernel's SSD swap slot allocator of 6.10 and 6.11: per-CPU, per-order clusters that large
 * folios may take only from the free list ({@code scan_swap_map_slots} and
 * {@code scan_swap_map_try_ssd_cluster} in {@code mm/swapfile.c}, "mm: swap: Allow storage of all mTHP
 * orders", Ryan Roberts).
 *
 * <p>Thread safety: not thread-safe; confine to one thread. It takes the locks it inherits (uncontended, so
 * a lone thread pays little), but the 6.10 policy's own state (the scan bases, lowestBit and highestBit, the
 * random generator) is unguarded and its global scan reads slots of clusters whose locks it does not hold, so
 * concurrent calls can race; only the cluster models ({@link ClusterAllocator},
 * {@link Cluster72Allocator}) are thread-safe.
 *
 * <h2>Notation</h2>
 * k: the requested order; nr = 2^k. A cluster's count is its {@code ci->count}: slots not free, the header, bad
 * and past-the-end slots included. next[cpu][k] is the CPU's hint ({@code percpu_cluster->next[k]}), 0 for
 * none. scanBase[cpu] is {@code cluster_next_cpu}; lowestBit and highestBit are {@code si->lowest_bit} and
 * {@code si->highest_bit}, bounds on the free slots kept the kernel's way.
 *
 * <h2>Lists</h2>
 * One list: FREE, first-in first-out ({@code free_clusters}). A cluster is on it, flagged FREE, exactly while
 * its count is 0; every other cluster is on no list (flag NONE). At swapon the clusters whose count is 0 join
 * it in the kernel's interleaved order (SWAP_CLUSTER_COLS; for a device of at most 32 clusters of 512 slots,
 * ascending from cluster 1).
 *
 * <h2>Algorithm: allocate(k)</h2>
 * <ol>
 *   <li>If fewer than nr slots are free, fail ({@code get_swap_pages}).</li>
 *   <li>Per-CPU cluster: let tmp = next[cpu][k]; if it is 0, take tmp = the first slot of the head of FREE
 *       (not yet removed), or, with FREE empty, go to step 5. Scan tmp, tmp + nr, ... up to the end of
 *       tmp's cluster for nr free slots in a row. None: set next[cpu][k] = 0 and repeat step 2. Found at f:
 *       next[cpu][k] = f + nr, or 0 at the cluster end.</li>
 *   <li>Conflict: if f's cluster is FREE but not the head of FREE (a hinted cluster that was emptied and
 *       queued), set next[cpu][k] = 0 and go back to step 2.</li>
 *   <li>Claim [f, f + nr): a FREE cluster leaves the list ({@code alloc_cluster}); raise its count. For
 *       k = 0 set scanBase[cpu] = f + 1 (step 7). Return f.</li>
 *   <li>If k &gt; 0, fail: the caller splits the folio ({@code swpout_fallback}).</li>
 *   <li>Global scan, order 0 only: visit scanBase+1 .. highestBit, then lowestBit .. scanBase-1. A slot
 *       qualifies when free, or when cache-only and vm_swap_full(); a cache-only slot is reclaimed first
 *       and taken if that freed it. This is how order 0 "steals" from any cluster, other CPUs' per-order
 *       clusters and the header cluster included. Claim the first qualifying slot, or fail.</li>
 *   <li>After an order-0 claim at f: scanBase[cpu] = f + 1, unless that crosses a 64 MiB swap address space
 *       boundary, when it becomes the start of a random space between lowestBit and highestBit (no change if
 *       highestBit &lt;= lowestBit) ({@code set_cluster_next}).</li>
 * </ol>
 *
 * <h2>Algorithm: free</h2>
 * Lower the counts; a cluster whose count reaches 0 joins the tail of FREE. Hints are left alone, so a hint may
 * point into a cluster that is free again (step 3) or now used by another CPU.
 *
 * <h2>Why it degrades</h2>
 * Order k &gt; 0 is served only from a CPU's current order-k cluster (forward from its hint) or a wholly free
 * cluster. Order-0 allocations and partial frees leave every cluster partly used, and a cluster returns to
 * FREE only when all its slots are free; from then on every large folio falls back although many free slots
 * remain: the degradation reported on Android phones (fallback under 10% in the first hour, 100% after several
 * hours) and at LSFMM+BPF 2024 (mTHP swap-out unusable after about five hours with half the swap space free).
 *
 * <h2>Invariants</h2>
 * FREE holds exactly the clusters of count 0, flagged FREE; all others are flagged NONE; lowestBit &lt;= the
 * lowest free slot and highestBit &gt;= the highest one while any slot is free; the invariants of the shared
 * slot map ({@link #checkConsistency()}).
 *
 * <h2>Deviations from the kernel</h2>
 * <ul>
 *   <li>No per-CPU swap slot cache ({@code swap_slots.c}, 64 entries): each order-0 call allocates and each
 *       free returns one run at once, and scan_swap_map_slots runs with nr = 1. That is the kernel's own
 *       behaviour only while the cache is inactive ({@code check_cache_active()}: off below 2 &times; 64 free
 *       slots per online CPU, on again above 5 &times; 64). On thp_swap_allocator_test's device, about 1,000
 *       slots free after the warm-up, the kernel's cache is active with up to 3 online CPUs, so this is a
 *       deviation there; {@code cluster-612-slots} shows what the cache changes in front of 6.12's allocator,
 *       and a caller wanting it here can batch above this class.</li>
 *   <li>No discard (the DISCARD list stays empty: the device lacks {@code SWP_PAGE_DISCARD}), no HDD path
 *       (the device is an SSD / zram with cluster metadata), no swap file (large folios allowed), no
 *       locking or concurrent CPUs (calls are atomic), one device (vm_swap_full() counts this device only).</li>
 *   <li>Randomness ({@code cluster_next_cpu} at swapon, the address-space jump in step 7) comes from a
 *       seeded generator, so runs are deterministic; for devices of at most 2^14 slots step 7 is
 *       deterministic in the kernel too (it yields lowestBit).</li>
 *   <li>The global scan visits each slot at most once; the kernel restarts from the top after a failed
 *       reclaim in its wrap-around part, which could revisit slots.</li>
 *   <li>Cache-only slots exist only where the caller marks them ({@link PerCpuAllocator}); reclaim frees the
 *       marked run whole.</li>
 *   <li>Geometry options the kernel lacks: a minOrder above 0 rounds every request up to it; aligned = false
 *       is ignored (runs are always naturally aligned, as the kernel's are).</li>
 * </ul>
 */
public final class LegacyAllocator extends KernelModel {
    /** The seed of the generator standing in for the kernel's {@code get_random_u32_inclusive}. */
    public static final long DEFAULT_SEED = 1;
    /** {@code sizeof(struct swap_cluster_info)} up to 6.11: a spinlock, 24 bits of data, 8 of flags. */
    static final int CLUSTER_INFO_BYTES = 8;
    private static final int FREE_LIST = 0;
    private static final int LISTS = 1;

    @GuardedBy("deviceLock")
    private final ClusterLists lists;
    @GuardedBy("deviceLock")
    private final long[] scanBase;
    private final SplittableRandom random;
    @GuardedBy("deviceLock")
    private long lowestBit;
    @GuardedBy("deviceLock")
    private long highestBit;

    /**
     * Creates the allocator of an empty device with the default seed.
     *
     * @param type the device type, 0..31
     * @param geometry the device's shape
     * @param cpus simulated CPUs, at least 1
     */
    public LegacyAllocator(final int type, final Geometry geometry, final int cpus) {
        this(type, geometry, cpus, DEFAULT_SEED);
    }

    /**
     * Creates the allocator of an empty device.
     *
     * @param type the device type, 0..31
     * @param geometry the device's shape
     * @param cpus simulated CPUs, at least 1
     * @param seed the seed of the kernel's random choices (scan bases)
     */
    public LegacyAllocator(final int type, final Geometry geometry, final int cpus, final long seed) {
        super(type, geometry, cpus);
        this.lists = new ClusterLists(clusterCount, LISTS);
        this.random = new SplittableRandom(seed);
        this.lowestBit = 1;
        this.highestBit = totalSlots - 1;
        this.scanBase = new long[cpus];
        for (int p = 0; p < cpus; p++) {
            scanBase[p] = randomInclusive(1, highestBit);
        }
        for (final int c : setupOrder(CLUSTER_INFO_BYTES)) {
            if (count[c] == 0) {
                flags[c] = ClusterFlag.FREE;
                lists.addTail(FREE_LIST, c);
            }
        }
    }

    private long randomInclusive(final long low, final long high) {
        return low + random.nextLong(high - low + 1);
    }

    // ------------------------------------------------------------------------------------- allocation

    @Override
    @GuardedBy("deviceLock")
    long allocateSlots(final int order) {
        final long found = tryCpuCluster(order);
        if (found != NEXT_INVALID) {
            claim(found, order);
            return found;
        }
        return order == 0 ? scanGlobal() : NEXT_INVALID;
    }

    /** Steps 2 and 3: the per-CPU cluster of the order, or the head of FREE. */
    @GuardedBy("deviceLock")
    private long tryCpuCluster(final int order) {
        final long[] hint = hints.of(cpu());
        final int nr = 1 << order;
        while (true) {
            long tmp = hint[order];
            if (tmp == NEXT_INVALID) {
                if (lists.isEmpty(FREE_LIST)) {
                    return NEXT_INVALID;
                }
                tmp = base(lists.head(FREE_LIST));
            }
            final long max = base(clusterOf(tmp) + 1);
            while (tmp < max && !rangeFree(tmp, nr)) {
                tmp += nr;
            }
            if (tmp >= max) {
                hint[order] = NEXT_INVALID;
                continue;
            }
            hint[order] = tmp + nr < max ? tmp + nr : NEXT_INVALID;
            if (conflicts(tmp)) {
                hint[order] = NEXT_INVALID;
                continue;
            }
            return tmp;
        }
    }

    /** {@code scan_swap_map_ssd_cluster_conflict}: a free cluster other than the head of FREE. */
    @GuardedBy("deviceLock")
    private boolean conflicts(final long slot) {
        final int c = clusterOf(slot);
        return !lists.isEmpty(FREE_LIST) && lists.head(FREE_LIST) != c && flags[c] == ClusterFlag.FREE;
    }

    /** Step 4 ({@code add_cluster_info_page}), and step 7 for order 0. */
    @GuardedBy("deviceLock")
    private void claim(final long slot, final int order) {
        final int c = clusterOf(slot);
        if (flags[c] == ClusterFlag.FREE) {
            assert lists.head(FREE_LIST) == c : "alloc_cluster of " + describeCluster(c) + " not at the head";
            lists.remove(c);
            flags[c] = ClusterFlag.NONE;
        }
        lockCluster(c);
        try {
            markInUse(slot, 1 << order);
        } finally {
            unlockCluster(c);
        }
        if (order == 0) {
            setClusterNext(slot + 1);
        }
    }

    /** Step 6: the global order-0 scan from this CPU's scan base, wrapping once. */
    @GuardedBy("deviceLock")
    private long scanGlobal() {
        final long from = scanBase[cpu()];
        for (long off = from + 1; off <= highestBit; off++) {
            if (takeIfAvailable(off)) {
                return off;
            }
        }
        for (long off = lowestBit; off < from; off++) {
            if (takeIfAvailable(off)) {
                return off;
            }
        }
        return NEXT_INVALID;
    }

    /** {@code swap_offset_available_and_locked} then the checks: claim a free slot, or a reclaimed one. */
    @GuardedBy("deviceLock")
    private boolean takeIfAvailable(final long off) {
        if (map[(int) off] != SLOT_FREE && !reclaimForScan(off)) {
            return false;
        }
        assert !conflicts(off) : "global scan reached a queued free cluster at " + off;
        claim(off, 0);
        return true;
    }

    /** Under vm_swap_full(), a cache-only slot's run is reclaimed; @return whether the slot is now free */
    @GuardedBy("deviceLock")
    private boolean reclaimForScan(final long off) {
        return vmSwapFull() && isCacheOnlySlot(off) && reclaim.tryReclaim(off) > 0 && map[(int) off] == SLOT_FREE;
    }

    /** Step 7 ({@code set_cluster_next}). */
    @GuardedBy("deviceLock")
    private void setClusterNext(final long nextSlot) {
        final long prev = scanBase[cpu()];
        long to = nextSlot;
        if (prev >>> SwaponLayout.SWAP_ADDRESS_SPACE_SHIFT != to >>> SwaponLayout.SWAP_ADDRESS_SPACE_SHIFT) {
            if (highestBit <= lowestBit) {
                return;
            }
            to = randomInclusive(lowestBit, highestBit);
            to = to & -SwaponLayout.SWAP_ADDRESS_SPACE_PAGES;
            to = Math.max(to, lowestBit);
        }
        scanBase[cpu()] = to;
    }

    /** {@code swap_range_alloc}: lowestBit and highestBit move past the claimed run. */
    @Override
    @GuardedBy("deviceLock")
    void onRangeAlloc(final long slot, final int nr) {
        final long end = slot + nr - 1;
        if (slot == lowestBit) {
            lowestBit += nr;
        }
        if (end == highestBit) {
            highestBit -= nr;
        }
        if (counters.used() == usableSlots) {
            lowestBit = totalSlots;
            highestBit = 0;
        }
    }

    /** {@code swap_range_free}. */
    @Override
    @GuardedBy("deviceLock")
    void onRangeFree(final long slot, final int nr) {
        final long end = slot + nr - 1;
        if (slot < lowestBit) {
            lowestBit = slot;
        }
        if (end > highestBit) {
            highestBit = end;
        }
    }

    /** {@code dec_cluster_info_page}: an emptied cluster joins the tail of FREE ({@code free_cluster}). */
    @Override
    @GuardedBy("deviceLock")
    void afterRelease(final int c) {
        if (count[c] == 0) {
            flags[c] = ClusterFlag.FREE;
            lists.addTail(FREE_LIST, c);
        }
    }

    // ---------------------------------------------------------------------------------- observation

    /** Returns the clusters on FREE, head first; takes the device lock. */
    public int[] freeClusters() {
        deviceLock.lock();
        try {
            return lists.members(FREE_LIST);
        } finally {
            deviceLock.unlock();
        }
    }

    /**
     * Returns its {@code cluster_next_cpu}: where its next global scan starts (just after this slot); takes the
     * device lock.
     *
     * @param cpu a CPU
     */
    public long scanBase(final int cpu) {
        Checks.checkInRange("cpu", cpu, 0, cpus() - 1);
        deviceLock.lock();
        try {
            return scanBase[cpu];
        } finally {
            deviceLock.unlock();
        }
    }

    @Override
    String orderLabel(final int c) {
        return "";
    }

    @Override
    @GuardedBy("deviceLock")
    String auditPolicy() {
        final String links = lists.audit();
        if (links != null) {
            return links;
        }
        for (int c = 0; c < clusterCount; c++) {
            final boolean onFree = lists.listOf(c) == FREE_LIST;
            if (onFree != (count[c] == 0) || flags[c] != (onFree ? ClusterFlag.FREE : ClusterFlag.NONE)) {
                return describeCluster(c) + ": on FREE " + onFree;
            }
        }
        if (counters.free() > 0) {
            long lowest = -1;
            long highest = -1;
            for (int s = 0; s < totalSlots; s++) {
                if (map[s] == SLOT_FREE) {
                    lowest = lowest < 0 ? s : lowest;
                    highest = s;
                }
            }
            if (lowestBit > lowest || highestBit < highest) {
                return "lowestBit " + lowestBit + " / highestBit " + highestBit + " do not bound the free slots "
                        + lowest + ".." + highest;
            }
        }
        return null;
    }
}
