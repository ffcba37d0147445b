package dev.swaplayer.kernel;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.swaplayer.spec.Geometry;

/**
 * A model of the kernel's swap slot allocator of 7.2 ({@code folio_alloc_swap}, {@code swap_alloc_fast},
 * {@code swap_alloc_slow} and {@code cluster_alloc_swap_entry} with their helpers in {@code mm/swapfile.c} at
 * v7.2), on the cluster lists it shares with the 6.12 model ({@link ClusterListModel}). Between 6.12 and 7.2 the
 * allocator was reworked (Kairui Song's series unless noted): "mm, swap: rework of swap allocator locks"
 * (6.14: clusters are isolated while scanned and put back by {@code relocate_cluster}), "mm, swap: remove swap
 * slot cache" (6.15, whose "mm, swap: use percpu cluster as allocation fast path" makes the per-CPU cluster the
 * fast path, {@code swap_alloc_fast}), the swap table (6.18 onwards: a free
 * cluster has no table, so a CPU's cluster is unusable once freed), and "mm, swap: prefer nonfull over free
 * clusters", "mm, swap: only scan one cluster in fragment list" (August 2025, with Chris Li's
 * {@code alloc_swap_scan_list}).
 *
 * <p>Thread safety: thread-safe, with the locks of {@link SwapInfo} (the device lock for the whole
 * allocation and every list move, a cluster's lock for its slots). 7.2 allocates without {@code si->lock},
 * under the CPU's {@code percpu_swap_cluster.lock} and the cluster's lock, and takes {@code si->lock} only
 * around a list move; holding the device lock throughout serialises what 7.2 runs in parallel, and an
 * isolated cluster is back on a list before the lock is let go, so no other thread ever sees one.
 *
 * <h2>Algorithm: allocate(k), nr = 2^k</h2>
 * <ol>
 *   <li>If no slot is free, fail: a full device is off {@code swap_avail_head}. Unlike 6.12's
 *       {@code get_swap_pages}, a device with fewer than nr free slots is still scanned (with the scans' side
 *       effects on the lists and the hint), and nothing is taken off {@code nr_swap_pages} before the scan, so
 *       vm_swap_full() does not count the request.</li>
 *   <li>Fast path ({@code swap_alloc_fast}): if the CPU's {@code percpu_swap_cluster.offset[k]} is set and its
 *       cluster is usable ({@code cluster_is_usable}: on NONFULL or FRAG, since a FREE cluster has no swap
 *       table and FULL is not usable; and for k &gt; 0, empty or of order k), scan it from the hint.</li>
 *   <li>Slow path ({@code cluster_alloc_swap_entry}, a zram device: {@code SWP_SOLIDSTATE}, no
 *       {@code SWP_PAGE_DISCARD}), each step a list scan ({@code alloc_swap_scan_list}) that isolates the head
 *       ({@code isolate_lock_cluster}) and scans it from its start, the next head only while the step scans
 *       all:
 *       <ol type="a">
 *         <li>if nr &lt; clusterSlots: NONFULL[k], all;</li>
 *         <li>FREE, one;</li>
 *         <li>if vm_swap_full(): reclaim one FULL cluster ({@code swap_reclaim_full_clusters});</li>
 *         <li>if nr &lt; clusterSlots: FRAG[k], one;</li>
 *         <li>if k &gt; 0, fail: the caller splits the folio ({@code swpout_fallback});</li>
 *         <li>order-0 stealing: for o = 1..maxOrder, FRAG[o] all, then NONFULL[o] all.</li>
 *       </ol></li>
 * </ol>
 * <b>Scan</b> ({@code alloc_swap_scan_cluster}): if count + nr &lt;= clusterSlots, try s, s + nr, ... to the
 * cluster's end as 6.12 does ({@code cluster_scan_range}) and claim the first run that fits
 * ({@code __swap_cluster_alloc_entries}: an empty cluster takes order k; the count rises by nr). Then, found or
 * not, the cluster is put back ({@code relocate_cluster}): count 0 to FREE unless it is there; a partly used
 * one to the tail of FRAG[order] unless it is on FRAG already; a full one to FULL unless it is there. The
 * CPU's hint for k becomes the slot after the run when the cluster has room past it, else 0: every scan
 * writes it, the failed ones included. So a cluster claimed from FREE goes to FRAG, not to NONFULL as in
 * 6.12, and NONFULL[k] holds only clusters that a free moved there.
 *
 * <p>Free ({@code __swap_cluster_free_entries}: {@code free_cluster}, {@code partial_free_cluster}), reclaim and
 * swapon are {@link ClusterListModel}'s; at swapon 7.2 ({@code setup_swap_clusters_info}) adds the clusters in
 * index order, without 6.12's interleaving.
 *
 * <h2>Deviations from the kernel</h2>
 * <ul>
 *   <li>Locking as above: one device lock for the whole allocation.</li>
 *   <li>No discard, HDD path ({@code global_cluster}), swap file, hibernation slots or swapoff; the swap table
 *       is not modelled beyond which clusters have one (those not on FREE).</li>
 *   <li>Reclaim keeps the locks (as in {@link ClusterAllocator}); a cluster that a reclaim inside a scan empties
 *       is freed and the scan ends without a claim, as {@code cluster_reclaim_range} then finds it unusable.</li>
 *   <li>The reclaim work runs synchronously at the end of the allocation that filled the device.</li>
 *   <li>No per-CPU preemption or migration between CPUs during an allocation.</li>
 * </ul>
 */
public final class Cluster72Allocator extends ClusterListModel {

    /**
     * Creates the allocator of an empty device.
     *
     * @param type the device type, 0..31
     * @param geometry the device's shape
     * @param cpus simulated CPUs, at least 1
     */
    public Cluster72Allocator(final int type, final Geometry geometry, final int cpus) {
        super(type, geometry, cpus, true, INDEX_ORDER);
    }

    /** 7.2 scans whenever the device has a free slot, and reserves nothing before it scans. */
    @Override
    boolean reservesRequest() {
        return false;
    }

    /** Context: the device lock (held by {@link #allocate} throughout). */
    @Override
    @GuardedBy("deviceLock")
    long allocateSlots(final int k) {
        assert holdsDevice() : "allocation without the device lock";
        final long[] hint = hints.of(cpu());
        final long offset = hint[k];
        if (offset != NEXT_INVALID) {
            final int c = clusterOf(offset);
            if (usable(c, k)) {
                final long found = scan(c, count[c] == 0 ? base(c) : offset, k, hint);
                if (found != NEXT_INVALID) {
                    return found;
                }
            }
        }
        return slowPath(k, hint);
    }

    /** {@code cluster_is_usable}: a swap table (not FREE), not FULL, and for k &gt; 0 empty or of order k. */
    @GuardedBy("deviceLock")
    private boolean usable(final int c, final int k) {
        if (flags[c] != ClusterFlag.NONFULL && flags[c] != ClusterFlag.FRAG) {
            return false;
        }
        return k == 0 || count[c] == 0 || order[c] == k;
    }

    /** {@code cluster_alloc_swap_entry} on a solid-state device without page discard. */
    @GuardedBy("deviceLock")
    private long slowPath(final int k, final long[] hint) {
        final boolean belowCluster = 1 << k < clusterSlots;
        long found = belowCluster ? scanList(nonfull(k), k, true, hint) : NEXT_INVALID;
        if (found == NEXT_INVALID) {
            found = scanList(FREE_LIST, k, false, hint);
        }
        if (found != NEXT_INVALID) {
            return found;
        }
        if (vmSwapFull()) {
            reclaimFullClusters(false);
        }
        if (belowCluster) {
            found = scanList(frag(k), k, false, hint);
        }
        for (int o = 1; found == NEXT_INVALID && k == 0 && o < orders; o++) {
            found = scanList(frag(o), 0, true, hint);
            if (found == NEXT_INVALID) {
                found = scanList(nonfull(o), 0, true, hint);
            }
        }
        return found;
    }

    /**
     * {@code alloc_swap_scan_list}: isolate the head, scan it from its start; again while nothing is found and
     * all is set. Each scan puts its cluster back on a list, on NONFULL never, so a scan of all ends.
     */
    @GuardedBy("deviceLock")
    private long scanList(final int list, final int k, final boolean all, final long[] hint) {
        long found = NEXT_INVALID;
        do {
            final int c = lists.head(list);
            if (c == ClusterLists.NONE) {
                break;
            }
            isolate(c);
            found = scan(c, base(c), k, hint);
        } while (found == NEXT_INVALID && all);
        return found;
    }

    /**
     * {@code alloc_swap_scan_cluster} and {@code relocate_cluster}: see the class comment. Context: the device
     * lock; takes the cluster's lock for the scan, the claim, any reclaim and the relocation.
     *
     * @return the claimed slot, or {@link #NEXT_INVALID}
     */
    @GuardedBy("deviceLock")
    private long scan(final int c, final long from, final int k, final long[] hint) {
        final int nr = 1 << k;
        long found = NEXT_INVALID;
        long next = NEXT_INVALID;
        lockCluster(c);
        try {
            if (count[c] + nr <= clusterSlots) {
                final long end = base(c) + clusterSlots - nr;
                for (long offset = from; offset <= end; offset += nr) {
                    final boolean fits = scanRange(offset, nr);
                    if (flags[c] == ClusterFlag.FREE) {
                        break;
                    }
                    if (!fits) {
                        continue;
                    }
                    claim(c, offset, k);
                    found = offset;
                    if (count[c] < clusterSlots && offset + nr <= end) {
                        next = offset + nr;
                    }
                    break;
                }
            }
            relocate(c);
        } finally {
            unlockCluster(c);
        }
        hint[k] = next;
        return found;
    }

    /** {@code __swap_cluster_alloc_entries}: an empty cluster takes order k. Context: both locks. */
    @GuardedBy("deviceLock")
    private void claim(final int c, final long slot, final int k) {
        assert holdsDevice() && holdsCluster(c) : "claim without the device and cluster locks";
        if (count[c] == 0) {
            order[c] = k;
        }
        markInUse(slot, 1 << k);
    }

    /** {@code relocate_cluster}. Context: the device lock and the cluster's lock. */
    @GuardedBy("deviceLock")
    private void relocate(final int c) {
        if (count[c] == 0) {
            if (flags[c] != ClusterFlag.FREE) {
                freeCluster(c);
            }
        } else if (count[c] != clusterSlots) {
            if (flags[c] != ClusterFlag.FRAG) {
                moveTo(c, frag(order[c]), ClusterFlag.FRAG);
            }
        } else if (flags[c] != ClusterFlag.FULL) {
            moveTo(c, FULL_LIST, ClusterFlag.FULL);
        }
    }
}
