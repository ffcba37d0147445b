package dev.swaplayer.kernel;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Geometry;

/**
 * The cluster lists that the cluster-order models share, 6.12's {@link ClusterAllocator} and 7.2's
 * {@link Cluster72Allocator}: FREE, FULL, and per order k NONFULL[k] and FRAG[k] ({@code si->free_clusters},
 * {@code full_clusters}, {@code nonfull_clusters[k]}, {@code frag_clusters[k]} in {@code mm/swapfile.c}), each
 * cluster's order ({@code ci->order}), the free path that moves a cluster between them, the reclaim of
 * cache-only runs in full clusters, and the observers and the audit of the lists. Each subclass is one kernel's
 * allocation path over these lists.
 *
 * <p>Thread safety: as {@link SwapInfo}: the lists, the flags, {@code fragCount} and
 * {@code reclaimWorkPending} are guarded by the device lock, a cluster's order by the device lock and the
 * cluster's lock together; each method's "Context:" line names what it needs or takes.
 *
 * <h2>Shared steps</h2>
 * <ul>
 *   <li><b>Swapon</b>: in the order the subclass gives, a cluster of count 0 joins FREE and any other (the
 *       header's, a bad slot's, the partial last one) joins NONFULL[0].</li>
 *   <li><b>Free</b> ({@code dec_cluster_info_page} in 6.12, {@code __swap_cluster_free_entries} with
 *       {@code free_cluster} and {@code partial_free_cluster} in 7.2): lower the count; at 0 the cluster moves to
 *       the tail of FREE, order 0; otherwise a cluster not on NONFULL moves to the tail of NONFULL[order].</li>
 *   <li><b>Reclaim</b> ({@code swap_reclaim_full_clusters}): the head of FULL goes to the tail and its cache-only
 *       runs are reclaimed; one cluster, or {@code usedSlots / clusterSlots} of them for the reclaim work that
 *       an allocation filling the device schedules ({@code swap_range_alloc}, {@code swap_reclaim_work}). 7.2
 *       isolates the cluster and puts it back with {@code relocate_cluster}: the same end state.</li>
 *   <li><b>Scan range</b> ({@code cluster_scan_range}, {@code cluster_reclaim_range}): a run is taken when all
 *       free, or free and cache-only while vm_swap_full() and reclaimed until a slot resists.</li>
 * </ul>
 * fragCount[k] is {@code frag_cluster_nr[k]} of 6.12 (7.2 dropped the counter; here it stays the length of
 * FRAG[k] for both, which the audit checks).
 */
abstract class ClusterListModel extends KernelModel {
    /** Swapon without the {@code SWAP_CLUSTER_COLS} interleaving: clusters join their lists in index order. */
    static final int INDEX_ORDER = 0;
    static final int FREE_LIST = 0;
    static final int FULL_LIST = 1;
    private static final int PER_ORDER_LISTS = 2;

    final int orders;
    /** The lists; guarded by the device lock. */
    @GuardedBy("deviceLock")
    final ClusterLists lists;
    /** {@code ci->order}; written under the device lock and the cluster's lock, read under either. */
    final int[] order;
    /** {@code frag_cluster_nr}: the length of each FRAG list; guarded by the device lock. */
    @GuardedBy("deviceLock")
    final int[] fragCount;
    /** Guarded by the device lock. */
    @GuardedBy("deviceLock")
    private boolean reclaimWorkPending;

    /**
     * Lays out an empty device.
     *
     * @param clusterInfoBytes {@code sizeof(struct swap_cluster_info)} of the modelled kernel, which sizes the
     *     {@code SWAP_CLUSTER_COLS} interleaving of swapon, or {@link #INDEX_ORDER} for none
     */
    ClusterListModel(final int type, final Geometry geometry, final int cpus, final boolean locking,
            final int clusterInfoBytes) {
        super(type, geometry, cpus, locking);
        this.orders = maxOrder + 1;
        this.lists = new ClusterLists(clusterCount, PER_ORDER_LISTS + 2 * orders);
        this.order = new int[clusterCount];
        this.fragCount = new int[orders];
        for (final int c : setup(clusterInfoBytes)) {
            if (count[c] > 0) {
                flags[c] = ClusterFlag.NONFULL;
                lists.addTail(nonfull(0), c);
            } else {
                flags[c] = ClusterFlag.FREE;
                lists.addTail(FREE_LIST, c);
            }
        }
    }

    private int[] setup(final int clusterInfoBytes) {
        if (clusterInfoBytes != INDEX_ORDER) {
            return setupOrder(clusterInfoBytes);
        }
        final int[] inOrder = new int[clusterCount];
        for (int c = 0; c < clusterCount; c++) {
            inOrder[c] = c;
        }
        return inOrder;
    }

    final int nonfull(final int k) {
        return PER_ORDER_LISTS + k;
    }

    final int frag(final int k) {
        return PER_ORDER_LISTS + orders + k;
    }

    /**
     * Moves c to the tail of a list and sets its flag ({@code move_cluster}, {@code list_move_tail}), keeping
     * fragCount. Context: the device lock.
     */
    @GuardedBy("deviceLock")
    final void moveTo(final int c, final int list, final ClusterFlag flag) {
        leaveFrag(c);
        lists.moveTail(list, c);
        flags[c] = flag;
        if (flag == ClusterFlag.FRAG) {
            fragCount[order[c]]++;
        }
    }

    /**
     * Takes c off its list, flag NONE, for the scan that {@code isolate_lock_cluster} starts; the scan ends by
     * putting it back on a list. Context: the device lock.
     */
    @GuardedBy("deviceLock")
    final void isolate(final int c) {
        leaveFrag(c);
        lists.remove(c);
        flags[c] = ClusterFlag.NONE;
    }

    @GuardedBy("deviceLock")
    private void leaveFrag(final int c) {
        if (flags[c] == ClusterFlag.FRAG) {
            fragCount[order[c]]--;
        }
    }

    /** {@code cluster_scan_range}: all free, or free and cache-only under vm_swap_full() and reclaimed. */
    @GuardedBy("deviceLock")
    final boolean scanRange(final long start, final int nr) {
        boolean needReclaim = false;
        for (long s = start; s < start + nr; s++) {
            final byte v = map[(int) s];
            if (v == SLOT_FREE) {
                continue;
            }
            if ((v & CACHE_ONLY) == 0 || !vmSwapFull()) {
                return false;
            }
            needReclaim = true;
        }
        return !needReclaim || reclaimRange(start, nr);
    }

    /** {@code cluster_reclaim_range}: reclaim until a slot resists, then recheck the whole range. */
    private boolean reclaimRange(final long start, final int nr) {
        for (long s = start; s < start + nr; s++) {
            final byte v = map[(int) s];
            if (v != SLOT_FREE && ((v & CACHE_ONLY) == 0 || reclaim.tryReclaim(s) <= 0)) {
                break;
            }
        }
        return rangeFree(start, nr);
    }

    /** {@code swap_range_alloc}: a full device schedules the reclaim work. */
    @Override
    @GuardedBy("deviceLock")
    final void onRangeAlloc(final long slot, final int nr) {
        if (counters.used() == usableSlots && vmSwapFull()) {
            reclaimWorkPending = true;
        }
    }

    /** {@code swap_reclaim_work}, run when the allocation that scheduled it returns. */
    @Override
    @GuardedBy("deviceLock")
    final void afterAllocate() {
        if (reclaimWorkPending) {
            reclaimWorkPending = false;
            reclaimFullClusters(true);
        }
    }

    /** {@code swap_reclaim_full_clusters}: one FULL cluster, or usedSlots / clusterSlots when forced. */
    @GuardedBy("deviceLock")
    final void reclaimFullClusters(final boolean force) {
        long toScan = force ? counters.used() / clusterSlots : 1;
        while (!lists.isEmpty(FULL_LIST)) {
            final int c = lists.head(FULL_LIST);
            lists.moveTail(FULL_LIST, c);
            toScan--;
            lockCluster(c);
            try {
                reclaimClusterLocked(c);
            } finally {
                unlockCluster(c);
            }
            if (toScan <= 0) {
                break;
            }
        }
    }

    /** Reclaims every whole cache-only run of cluster c. Context: the device lock and c's lock. */
    private void reclaimClusterLocked(final int c) {
        long offset = base(c);
        final long end = Math.min(totalSlots, offset + clusterSlots);
        while (offset < end) {
            if (isCacheOnlySlot(offset)) {
                final int reclaimed = reclaim.tryReclaim(offset);
                if (reclaimed != 0) {
                    offset += Math.abs(reclaimed);
                    continue;
                }
            }
            offset++;
        }
    }

    /** The free path (see the class comment). Context: the device lock and the cluster's lock. */
    @Override
    @GuardedBy("deviceLock")
    final void afterRelease(final int c) {
        assert holdsDevice() && holdsCluster(c) : "list move without the device and cluster locks";
        if (count[c] == 0) {
            freeCluster(c);
        } else if (flags[c] != ClusterFlag.NONFULL) {
            assert flags[c] != ClusterFlag.FREE : describeCluster(c) + " is free with slots in use";
            moveTo(c, nonfull(order[c]), ClusterFlag.NONFULL);
        }
    }

    /** {@code free_cluster} without discard: to the tail of FREE, order reset. */
    @GuardedBy("deviceLock")
    final void freeCluster(final int c) {
        moveTo(c, FREE_LIST, ClusterFlag.FREE);
        order[c] = 0;
    }

    // ---------------------------------------------------------------------------------- observation

    /**
     * Returns its order ({@code ci->order}): the order it serves, 0 while free. Context: takes its lock.
     *
     * @param cluster a cluster index
     */
    public final int clusterOrder(final int cluster) {
        Checks.checkInRange("cluster", cluster, 0, clusterCount - 1);
        lockCluster(cluster);
        try {
            return order[cluster];
        } finally {
            unlockCluster(cluster);
        }
    }

    /**
     * Returns {@code frag_cluster_nr[k]}: clusters on FRAG[k]. Context: takes the device lock.
     *
     * @param k an order
     */
    public final int fragClusters(final int k) {
        geometry.checkOrder(k);
        deviceLock.lock();
        try {
            return fragCount[k];
        } finally {
            deviceLock.unlock();
        }
    }

    /**
     * Returns the clusters on that list, head first; none for NONE and DISCARD. Context: takes the device lock.
     *
     * @param list FREE, FULL, NONFULL or FRAG
     * @param k the order, for NONFULL and FRAG (ignored otherwise)
     */
    public final int[] clusters(final ClusterFlag list, final int k) {
        geometry.checkOrder(k);
        deviceLock.lock();
        try {
            return switch (list) {
                case FREE -> lists.members(FREE_LIST);
                case FULL -> lists.members(FULL_LIST);
                case NONFULL -> lists.members(nonfull(k));
                case FRAG -> lists.members(frag(k));
                default -> new int[0];
            };
        } finally {
            deviceLock.unlock();
        }
    }

    /**
     * The list-membership audit, for concurrency tests: counts the clusters that are not on exactly one list,
     * the one their flag and order name (FREE, FULL, NONFULL[order] or FRAG[order]). The lists are walked link
     * by link, so a cluster linked twice, linked on no list, or linked where its flag does not say is counted,
     * whatever the list's own bookkeeping claims.
     *
     * <p>"Or isolated by exactly one thread": 6.12 never isolates a cluster, and 7.2's isolation begins and
     * ends inside one allocation under the device lock here, so an isolated cluster counts as a violation too.
     * Context: takes the device lock, so it observes only states between list moves, and may be called at any
     * moment from any thread.
     *
     * @return 0 when every cluster is where its flag says, else the number of clusters that are not
     */
    public final int listMembershipViolations() {
        deviceLock.lock();
        try {
            return lists.membershipViolations(expectedLists());
        } finally {
            deviceLock.unlock();
        }
    }

    /** @return per cluster, the list its flag and order name. Context: the device lock. */
    @GuardedBy("deviceLock")
    private int[] expectedLists() {
        final int[] expected = new int[clusterCount];
        for (int c = 0; c < clusterCount; c++) {
            expected[c] = expectedList(c);
        }
        return expected;
    }

    /** @return the list cluster c must be on, from its flag and order, or NONE. Context: the device lock. */
    @GuardedBy("deviceLock")
    private int expectedList(final int c) {
        final int k = order[c];
        if (k < 0 || k >= orders) {
            return ClusterLists.NONE;
        }
        return switch (flags[c]) {
            case FREE -> FREE_LIST;
            case FULL -> FULL_LIST;
            case NONFULL -> nonfull(k);
            case FRAG -> frag(k);
            default -> ClusterLists.NONE;
        };
    }

    @Override
    final String orderLabel(final int c) {
        return " order=" + order[c];
    }

    @Override
    @GuardedBy("deviceLock")
    final String auditPolicy() {
        final String links = lists.audit();
        if (links != null) {
            return links;
        }
        final int misplaced = lists.membershipViolations(expectedLists());
        if (misplaced != 0) {
            return misplaced + " clusters are on no list, on more than one, or not on the one their flag names";
        }
        for (int c = 0; c < clusterCount; c++) {
            final String wrong = auditCluster(c);
            if (wrong != null) {
                return describeCluster(c) + ": " + wrong;
            }
        }
        for (int k = 0; k < orders; k++) {
            if (fragCount[k] != lists.size(frag(k))) {
                return "fragCount[" + k + "] = " + fragCount[k] + " but FRAG[" + k + "] holds " + lists.size(frag(k));
            }
        }
        return null;
    }

    @GuardedBy("deviceLock")
    private String auditCluster(final int c) {
        final int list = lists.listOf(c);
        final int k = order[c];
        if (k < 0 || k >= orders) {
            return "order out of range";
        }
        switch (flags[c]) {
            case FREE -> {
                return list == FREE_LIST && count[c] == 0 && k == 0 ? null : "FREE with list " + list;
            }
            case FULL -> {
                return list == FULL_LIST && count[c] == clusterSlots ? null : "FULL with list " + list;
            }
            case NONFULL, FRAG -> {
                final int expected = flags[c] == ClusterFlag.NONFULL ? nonfull(k) : frag(k);
                final boolean countOk = count[c] > 0 && (count[c] < clusterSlots || reservedWhole(c));
                return list == expected && countOk ? null : "on list " + list + ", expected " + expected;
            }
            default -> {
                return "on no list";
            }
        }
    }

    private boolean reservedWhole(final int c) {
        for (long s = base(c); s < base(c + 1); s++) {
            if (map[(int) s] != SLOT_RESERVED) {
                return false;
            }
        }
        return true;
    }
}
