package dev.swaplayer.kernel;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.swaplayer.spec.Geometry;

/**
 * A model of the kernel's cluster-order swap slot allocator of 6.12 ({@code cluster_alloc_swap_entry} and
 * its helpers in {@code mm/swapfile.c}, "mm: swap: mTHP swap allocator base on swap cluster order", Chris Li
 * and Kairui Song): each cluster serves one order, and partly used clusters stay reachable through per-order
 * lists. The lists, the free path, the reclaim of cache-only runs and the audit are {@link ClusterListModel}'s,
 * shared with the 7.2 model {@link Cluster72Allocator}; this class is 6.12's allocation path over them.
 *
 * <p>Thread safety: thread-safe. Allocate, free, dup, put, the swap-cache operations and the observers may be
 * called from any number of threads, with the locks of 6.12 (see <i>Locking</i>); each thread runs on its own
 * simulated CPU unless it picks one with {@link #setCpu}. The one exception is {@link #withoutLocks}, the
 * single-threaded baseline of the benchmarks.
 *
 * <h2>Locking</h2>
 * As in 6.12, two kinds of lock (fields of {@link SwapInfo}):
 * <ul>
 *   <li>The device lock ({@code si->lock}) guards the lists, every cluster's flag, {@code fragCount}, the
 *       per-CPU hints, the device counters and {@code reclaimWorkPending}. An allocation holds it from start to
 *       end ({@code get_swap_pages} holds {@code si->lock} around {@code cluster_alloc_swap_entry}), and so does
 *       a free ({@code swapcache_free_entries}).</li>
 *   <li>A cluster lock ({@code ci->lock}) guards that cluster's slot states and swap counts. A scan holds the
 *       lock of the cluster it scans, and the claim and the reclaim of cache-only runs happen under it.
 *       {@code ci->count} and {@code ci->order} change only with both locks held.</li>
 * </ul>
 * <b>Lock order:</b> device lock, then cluster locks; several cluster locks only under the device lock, in
 * ascending order (the cross-cluster steps are {@code free} of a run spanning clusters,
 * {@code setCacheOnlyAcrossClusters} and the audits); without the device lock at most one cluster lock, and
 * nothing taken while holding it ({@code dup}, {@code put}, {@code cacheAdd}, {@code cacheDel}). Where 6.12
 * drops both locks around {@code __try_to_reclaim_swap}, this model keeps them: reclaim here is a synchronous
 * free under the locks already held (reentrant), so the race the kernel re-checks for cannot happen.
 *
 * <p><b>List membership:</b> a cluster moves between lists only under the device lock, in one step
 * ({@code list_move_tail}), and 6.12 never isolates a cluster (takes it off every list while it scans it;
 * {@code isolate_lock_cluster} arrived with the lock rework of 6.14). So whenever the device lock is free,
 * every cluster is on exactly one list, the one its flag names, and no cluster is isolated:
 * {@link #listMembershipViolations()} counts the clusters for which that fails, and is 0 at every moment it
 * can observe; {@link #checkConsistency()} runs the same link-by-link walk as part of its audit.
 *
 * <p><b>Per-CPU hints:</b> next[cpu][k] is guarded by the device lock, as {@code percpu_cluster} is by
 * {@code si->lock} in 6.12. A thread's CPU is per thread ({@link #cpu()}); two threads on one CPU share its
 * hints, which the lock keeps safe.
 *
 * <h2>Notation</h2>
 * k: the requested order; nr = 2^k. A cluster's count is its {@code ci->count} (slots not free, the header,
 * bad and past-the-end slots included) and its order is {@code ci->order}. next[cpu][k] is the CPU's hint
 * ({@code percpu_cluster->next[k]}), 0 for none. fragCount[k] is {@code frag_cluster_nr[k]}.
 * "Scan c from s for k" is {@code alloc_swap_scan_cluster}: give up if count + nr &gt; clusterSlots; else try
 * s, s + nr, ... to the cluster's end for a run that is all free, or free and cache-only while
 * vm_swap_full() (then reclaim those runs, and take the range if it is free afterwards); claim the first
 * such run; return the hint f + nr, or 0 at the end or when the cluster is now full.
 *
 * <h2>Lists</h2>
 * FREE, FULL, and per order k NONFULL[k] and FRAG[k], each doubly linked with a head and a tail; every cluster
 * is on exactly one, and its flag names it. At swapon (in the kernel's SWAP_CLUSTER_COLS order) a cluster of
 * count 0 joins FREE and any other (the header's, a bad slot's, the partial last one) joins NONFULL[0].
 * <b>Order ownership:</b> a FREE cluster takes the order of the first request that claims it and keeps it
 * until it is free again; only order-0 stealing and stale hints place other orders in it.
 *
 * <h2>Algorithm: allocate(k)</h2>
 * <ol>
 *   <li>If fewer than nr slots are free, fail ({@code get_swap_pages}).</li>
 *   <li>Hint: if next[cpu][k] != 0, scan its cluster from it for k, whatever list the cluster is on.</li>
 *   <li>Free list: if FREE is not empty, scan its head from its start for k; this cannot fail. Done.</li>
 *   <li>If vm_swap_full(): reclaim the cache-only runs of one FULL cluster (head, rotated to the tail).</li>
 *   <li>If nr &lt; clusterSlots: while NONFULL[k] is not empty, move its head to the tail of FRAG[k] (flag
 *       FRAG, fragCount[k]++) and scan it for k; then, if nothing was found and fewer than fragCount[k]
 *       clusters were scanned, rotate FRAG[k] (head to tail) and scan the moved cluster, until fragCount[k]
 *       clusters were scanned in all.</li>
 *   <li>(Discard: never pending, see below.)</li>
 *   <li>If k &gt; 0 and nothing was found, fail: the caller splits the folio ({@code swpout_fallback}).</li>
 *   <li>Order-0 stealing: for o = 1..maxOrder, scan every cluster of FRAG[o], then of NONFULL[o], for order 0;
 *       the first one found ends the search. The stolen slot does not change the cluster's order.</li>
 *   <li>next[cpu][k] = the hint the last scan returned (0 when nothing was found).</li>
 * </ol>
 * <b>Claim</b> ({@code cluster_alloc_range}): a FREE cluster moves to NONFULL[k] (unless nr == clusterSlots)
 * and takes order k; the count rises by nr; a cluster whose count reaches clusterSlots moves to FULL
 * (fragCount of its order drops if it was FRAG). When the claim leaves the device full and vm_swap_full(),
 * the reclaim work runs: step 4 for {@code usedSlots / clusterSlots} FULL clusters.
 *
 * <h2>Algorithm: free</h2>
 * Per cluster ({@code dec_cluster_info_page}): lower the count; at 0 the cluster moves to the tail of FREE,
 * order 0 ({@code free_cluster}); otherwise a cluster not on NONFULL (a FRAG or FULL one) moves to the tail of
 * NONFULL[order] ({@code partial_free_cluster}'s role in this version). Hints are left alone.
 *
 * <h2>Invariants</h2>
 * Every cluster is on exactly the list its flag names, NONFULL and FRAG ones on the list of their own order;
 * FREE iff count 0, and then order 0; FULL iff count == clusterSlots (a cluster reserved whole at swapon
 * stays on NONFULL[0]); fragCount[k] is the length of FRAG[k]; plus the shared slot map invariants
 * ({@link #checkConsistency()}).
 *
 * <h2>Deviations from the kernel</h2>
 * <ul>
 *   <li>No per-CPU swap slot cache (its free half removed in 6.14, the rest in 6.15): each order-0 call
 *       allocates one slot and each free returns one run at once, as 6.12 does only while the cache is
 *       inactive (it turns active above 5 &times; 64 free slots per online CPU and inactive below 2 &times; 64).
 *       {@link SlotsCache} puts the cache in front of this class (policy {@code cluster-612-slots}); with it
 *       the model gives the counts of Debian's 6.12.117 on thp-swap-test phase by phase
 *       (docs/FIDELITY.md section 4).</li>
 *   <li>No discard: the DISCARD list stays empty (the device lacks {@code SWP_PAGE_DISCARD}, as zram without
 *       {@code --discard}), so step 6 never restarts. No HDD path, no swap file, no swapoff.</li>
 *   <li>Reclaim keeps the locks: the kernel drops {@code si->lock} and {@code ci->lock} around
 *       {@code __try_to_reclaim_swap} and re-checks the range afterwards; here reclaim is a synchronous free
 *       under the locks already held, so no other thread runs in that window. Every other step takes the
 *       kernel's locks in the kernel's order (see <i>Locking</i>). vm_swap_full() counts this device only.</li>
 *   <li>No per-CPU preemption: a simulated CPU is a thread (or what the thread picks with setCpu), and two
 *       threads on one CPU share its hints under the device lock.</li>
 *   <li>The reclaim work ({@code swap_reclaim_work}) runs synchronously at the end of the allocation that
 *       filled the device, not later on a workqueue.</li>
 *   <li>Cache-only slots exist only where the caller marks them ({@link PerCpuAllocator}); reclaim frees the
 *       marked run whole. With no marks (e.g. a SWP_SYNCHRONOUS_IO device whose swap-ins bypass the swap
 *       cache) step 4 and the reclaim work change nothing.</li>
 *   <li>Geometry options the kernel lacks: a minOrder above 0 rounds every request up to it; aligned = false
 *       is ignored (runs are always naturally aligned, as the kernel's are).</li>
 * </ul>
 */
public final class ClusterAllocator extends ClusterListModel {
    /** {@code sizeof(struct swap_cluster_info)} in 6.12: lock, count, flags, order and a list node. */
    static final int CLUSTER_INFO_BYTES = 24;

    /** The {@code *foundp} of the current allocation: the claimed slot, or 0. Guarded by the device lock. */
    @GuardedBy("deviceLock")
    private long found;

    /**
     * Creates the allocator of an empty device.
     *
     * @param type the device type, 0..31
     * @param geometry the device's shape
     * @param cpus simulated CPUs, at least 1
     */
    public ClusterAllocator(final int type, final Geometry geometry, final int cpus) {
        this(type, geometry, cpus, true);
    }

    /**
     * Creates the same model with every lock switched off: the sequential version that the benchmarks
     * measure the cost of thread safety against. One CPU, one thread; never share it.
     *
     * @param type the device type, 0..31
     * @param geometry the device's shape
     * @return an allocator that must stay on one thread
     */
    public static ClusterAllocator withoutLocks(final int type, final Geometry geometry) {
        return new ClusterAllocator(type, geometry, 1, false);
    }

    private ClusterAllocator(final int type, final Geometry geometry, final int cpus, final boolean locking) {
        super(type, geometry, cpus, locking, CLUSTER_INFO_BYTES);
    }

    // ------------------------------------------------------------------------------------- allocation

    /** Context: the device lock (held by {@link #allocate} throughout). */
    @Override
    @GuardedBy("deviceLock")
    long allocateSlots(final int k) {
        assert holdsDevice() : "allocation without the device lock";
        final long[] hint = hints.of(cpu());
        found = NEXT_INVALID;
        long offset = hint[k];
        if (offset != NEXT_INVALID) {
            offset = scanCluster(offset, k);
        }
        if (found == NEXT_INVALID) {
            offset = searchLists(k);
        }
        hint[k] = offset;
        return found;
    }

    /** Steps 3 to 8. @return the hint of the last scan */
    @GuardedBy("deviceLock")
    private long searchLists(final int k) {
        if (!lists.isEmpty(FREE_LIST)) {
            final long offset = scanCluster(base(lists.head(FREE_LIST)), k);
            assert found != NEXT_INVALID : "a free cluster failed an order-" + k + " scan";
            return offset;
        }
        if (vmSwapFull()) {
            reclaimFullClusters(false);
        }
        long offset = NEXT_INVALID;
        if (1 << k < clusterSlots) {
            offset = scanNonfullThenFrag(k);
        }
        if (found == NEXT_INVALID && k == 0) {
            offset = steal();
        }
        return offset;
    }

    /** Step 5. */
    @GuardedBy("deviceLock")
    private long scanNonfullThenFrag(final int k) {
        long offset = NEXT_INVALID;
        int frags = 0;
        while (found == NEXT_INVALID && !lists.isEmpty(nonfull(k))) {
            final int c = lists.head(nonfull(k));
            moveTo(c, frag(k), ClusterFlag.FRAG);
            offset = scanCluster(base(c), k);
            frags++;
        }
        while (found == NEXT_INVALID && frags < fragCount[k] && !lists.isEmpty(frag(k))) {
            final int c = lists.head(frag(k));
            lists.moveTail(frag(k), c);
            offset = scanCluster(base(c), k);
            frags++;
        }
        return offset;
    }

    /** Step 8: order 0 from the clusters of higher orders, FRAG before NONFULL. */
    @GuardedBy("deviceLock")
    private long steal() {
        for (int o = 1; o < orders; o++) {
            long offset = stealFrom(frag(o));
            if (found == NEXT_INVALID) {
                offset = stealFrom(nonfull(o));
            }
            if (found != NEXT_INVALID) {
                return offset;
            }
        }
        return NEXT_INVALID;
    }

    /** Scans the clusters of a list in order for one slot; the kernel's first scan always succeeds. */
    @GuardedBy("deviceLock")
    private long stealFrom(final int list) {
        int c = lists.head(list);
        while (c != ClusterLists.NONE) {
            final int after = lists.next(c);
            final long offset = scanCluster(base(c), 0);
            if (found != NEXT_INVALID) {
                return offset;
            }
            c = after;
        }
        return NEXT_INVALID;
    }

    /**
     * {@code alloc_swap_scan_cluster}: see the class comment. Sets {@link #found} on success. Context: the
     * device lock; takes the cluster's lock for the scan, the claim and any reclaim. A cluster too full for the
     * request is passed over before its lock is taken: count[c] changes only under the device lock, which the
     * caller holds, so the check is exact (and repeated under the cluster lock).
     */
    @GuardedBy("deviceLock")
    private long scanCluster(final long from, final int k) {
        final int c = clusterOf(from);
        if (count[c] + (1 << k) > clusterSlots) {
            return NEXT_INVALID;
        }
        lockCluster(c);
        try {
            return scanClusterLocked(c, from, k);
        } finally {
            unlockCluster(c);
        }
    }

    @GuardedBy("deviceLock")
    private long scanClusterLocked(final int c, final long from, final int k) {
        final int nr = 1 << k;
        final long end = Math.min(base(c) + clusterSlots, totalSlots) - nr;
        if (count[c] + nr > clusterSlots) {
            return NEXT_INVALID;
        }
        long offset = from;
        while (offset <= end) {
            if (scanRange(offset, nr)) {
                claim(c, offset, k);
                found = offset;
                if (count[c] == clusterSlots) {
                    return NEXT_INVALID;
                }
                offset += nr;
                break;
            }
            offset += nr;
        }
        return offset > end ? NEXT_INVALID : offset;
    }

    /** {@code cluster_alloc_range}. Context: the device lock and the cluster's lock. */
    @GuardedBy("deviceLock")
    private void claim(final int c, final long slot, final int k) {
        assert holdsDevice() && holdsCluster(c) : "claim without the device and cluster locks";
        final int nr = 1 << k;
        if (flags[c] == ClusterFlag.FREE) {
            if (nr < clusterSlots) {
                moveTo(c, nonfull(k), ClusterFlag.NONFULL);
            }
            order[c] = k;
        }
        markInUse(slot, nr);
        if (count[c] == clusterSlots) {
            moveTo(c, FULL_LIST, ClusterFlag.FULL);
        }
    }
}
