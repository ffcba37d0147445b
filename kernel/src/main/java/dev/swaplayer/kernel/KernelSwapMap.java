package dev.swaplayer.kernel;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;

/**
 * What the kernel models share: the {@code swap_map} (one state per slot), the per-cluster use counts
 * ({@code ci->count}), the cluster flags, the per-CPU {@code next[order]} hints, the device counters, the
 * cache-only marks with their reclaim, and the observation methods. The policies live in the subclasses.
 *
 * <p>Thread safety: not thread-safe; confine to one thread.
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
 * freeSlots + usedSlots + reserved = totalSlots; every hint is 0 or a slot aligned to its order.
 * {@link #checkConsistency()} audits these and the subclass's lists.
 *
 * <h2>vm_swap_full()</h2>
 * {@code nr_swap_pages * 2 < total_swap_pages}, for this one device: total is the usable slots, and the free
 * count is reduced by the request in flight, as {@code get_swap_pages} subtracts {@code 2^order} from
 * {@code nr_swap_pages} before it scans. Like {@code get_swap_pages}, an allocation fails at once, with no
 * side effect, when fewer than {@code 2^order} slots are free.
 */
abstract class KernelSwapMap implements PerCpuAllocator {
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
    final byte[] map;
    final int[] count;
    final ClusterFlag[] flags;
    /** Per CPU, per order: {@code percpu_cluster->next[order]}. */
    final long[][] next;
    long freeSlots;
    long usedSlots;
    /** The request get_swap_pages has already taken off nr_swap_pages; 0 once claimed or between calls. */
    long inFlight;
    private final int cpus;
    private int cpu;
    private SlotReclaimed listener = SlotReclaimed.IGNORE;
    private long reclaimedSlots;
    private boolean inCallback;

    KernelSwapMap(final int type, final Geometry geometry, final int cpus) {
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
        java.util.Arrays.fill(flags, ClusterFlag.NONE);
        this.next = new long[cpus][maxOrder + 1];
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

    /** @return what is wrong with the policy's lists and state, or null */
    abstract String auditPolicy();

    /** @return the order suffix of a cluster's description, e.g. {@code " order=4"}, or "" */
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

    @Override
    public final long allocate(final int order) {
        geometry.checkOrder(order);
        checkNotInCallback();
        final int k = geometry.effectiveOrder(order);
        final int nr = 1 << k;
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

    /** Marks {@code [slot, slot + nr)} in use: the swap_map half of {@code cluster_alloc_range}. */
    final void markInUse(final long slot, final int nr) {
        final int c = clusterOf(slot);
        for (int s = (int) slot; s < slot + nr; s++) {
            assert map[s] == SLOT_FREE : "slot " + s + " is not free";
            map[s] = SLOT_IN_USE;
        }
        count[c] += nr;
        freeSlots -= nr;
        usedSlots += nr;
        inFlight = 0;
        onRangeAlloc(slot, nr);
    }

    /** @return whether every slot of {@code [slot, slot + nr)} is free ({@code swap_range_empty}) */
    final boolean rangeFree(final long slot, final int nr) {
        for (int s = (int) slot; s < slot + nr; s++) {
            if (map[s] != SLOT_FREE) {
                return false;
            }
        }
        return true;
    }

    /** @return {@code vm_swap_full()}: more than half of the usable slots in use, the request counted */
    final boolean vmSwapFull() {
        return (freeSlots - inFlight) * 2 < usableSlots;
    }

    // ------------------------------------------------------------------------------------------- free

    @Override
    public final void free(final long entry, final long nrSlots) {
        checkNotInCallback();
        final long slot = slotOf(entry);
        Checks.checkInRange("nrSlots", nrSlots, 1, totalSlots - slot);
        for (long s = slot; s < slot + nrSlots; s++) {
            checkInUse(s);
        }
        releaseRun(slot, nrSlots);
    }

    /** Frees in-use slots cluster by cluster, each cluster's part at once ({@code swap_entry_range_free}). */
    final void releaseRun(final long slot, final long nrSlots) {
        long at = slot;
        final long end = slot + nrSlots;
        while (at < end) {
            final int c = clusterOf(at);
            final long stop = Math.min(end, base(c + 1));
            final int len = (int) (stop - at);
            for (int s = (int) at; s < stop; s++) {
                map[s] = SLOT_FREE;
            }
            count[c] -= len;
            freeSlots += len;
            usedSlots -= len;
            afterRelease(c);
            onRangeFree(at, len);
            at = stop;
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
        for (long s = slot; s < slot + nrSlots; s++) {
            checkInUse(s);
        }
        final byte state = (byte) (cacheOnly ? CACHE_ONLY | runOrder : SLOT_IN_USE);
        for (int s = (int) slot; s < slot + nrSlots; s++) {
            map[s] = state;
        }
    }

    @Override
    public final boolean isCacheOnly(final long entry) {
        return isCacheOnlySlot(slotOf(entry));
    }

    final boolean isCacheOnlySlot(final long slot) {
        return (map[(int) slot] & CACHE_ONLY) != 0;
    }

    @Override
    public final void setReclaimListener(final SlotReclaimed listener) {
        this.listener = listener == null ? SlotReclaimed.IGNORE : listener;
    }

    @Override
    public final long reclaimedSlots() {
        return reclaimedSlots;
    }

    /**
     * {@code __try_to_reclaim_swap(si, offset, TTRS_ANYWAY | TTRS_DIRECT)}: frees the cache-only run holding
     * the slot when every slot of it is still cache-only, and tells the listener.
     *
     * @return the run's size when freed, minus its size when not, 0 when the slot is not cache-only
     */
    final int tryReclaim(final long slot) {
        final int state = map[(int) slot];
        if ((state & CACHE_ONLY) == 0) {
            return 0;
        }
        final int nr = 1 << (state & CACHE_ORDER_MASK);
        final long start = slot & -(long) nr;
        for (long s = start; s < start + nr; s++) {
            if (!isCacheOnlySlot(s)) {
                return -nr;
            }
        }
        releaseRun(start, nr);
        reclaimedSlots += nr;
        inCallback = true;
        try {
            listener.reclaimed(SwapEntry.of(type, start), nr);
        } finally {
            inCallback = false;
        }
        return nr;
    }

    private void checkNotInCallback() {
        if (inCallback) {
            throw Checks.badState("allocator", "inside a SlotReclaimed callback", "not re-entered by the callback");
        }
    }

    // -------------------------------------------------------------------------------------- per CPU

    @Override
    public final int cpus() {
        return cpus;
    }

    @Override
    public final int cpu() {
        return cpu;
    }

    @Override
    public final void setCpu(final int cpu) {
        checkNotInCallback();
        this.cpu = Checks.checkInRange("cpu", cpu, 0, cpus - 1);
    }

    /**
     * @param cpu a CPU
     * @param order an order
     * @return that CPU's {@code next[order]} hint: the slot its next scan of that order starts at, 0 for none
     */
    public final long hint(final int cpu, final int order) {
        Checks.checkInRange("cpu", cpu, 0, cpus - 1);
        return next[cpu][geometry.checkOrder(order)];
    }

    // ---------------------------------------------------------------------------------- observation

    @Override
    public final long freeSlots() {
        return freeSlots;
    }

    @Override
    public final long usedSlots() {
        return usedSlots;
    }

    /**
     * The canonical buddy decomposition of the free slots ({@code Blocks.canonical}), so that buddyinfo and
     * the unusable index compare across policies. Computed on demand: O(slots of non-free clusters) time,
     * O(clusterSlots) scratch; about 16k steps for a 64 MiB device.
     */
    @Override
    public final Fragmentation fragmentation() {
        final long[] blocks = new long[maxOrder + 1];
        final boolean[] level = new boolean[clusterSlots];
        for (int c = 0; c < clusterCount; c++) {
            if (count[c] == 0) {
                blocks[maxOrder] += clusterSlots >>> maxOrder;
            } else {
                countClusterBlocks(c, level, blocks);
            }
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
     * @param cluster a cluster index
     * @return the list it is on
     */
    public final ClusterFlag clusterFlag(final int cluster) {
        return flags[checkCluster(cluster)];
    }

    /**
     * @param cluster a cluster index
     * @return its {@code ci->count}: slots not free, reserved ones included
     */
    public final int clusterUsage(final int cluster) {
        return count[checkCluster(cluster)];
    }

    /**
     * @param cluster a cluster index
     * @return e.g. {@code Cluster(3: NONFULL order=4, 192/512)}
     */
    public final String describeCluster(final int cluster) {
        checkCluster(cluster);
        return "Cluster(" + cluster + ": " + flags[cluster] + orderLabel(cluster) + ", " + count[cluster] + "/"
                + clusterSlots + ")";
    }

    private int checkCluster(final int cluster) {
        return Checks.checkInRange("cluster", cluster, 0, clusterCount - 1);
    }

    /**
     * Audits the slot map against the counts and counters, the hints, and the policy's lists. O(slots); for
     * tests and debugging.
     *
     * @throws AssertionError naming the first inconsistency
     */
    public final void checkConsistency() {
        final int[] counted = new int[clusterCount];
        long free = 0;
        long used = 0;
        for (int s = 0; s < map.length; s++) {
            final int v = map[s];
            final boolean reserved = geometry.isReserved(s);
            final boolean known = v == SLOT_FREE || v == SLOT_IN_USE || v == SLOT_RESERVED
                    || (v & ~CACHE_ORDER_MASK) == CACHE_ONLY && (v & CACHE_ORDER_MASK) <= clusterOrder;
            if (!known || (v == SLOT_RESERVED) != reserved) {
                throw corrupt("slot " + s + " has state " + v + ", reserved " + reserved);
            }
            if (v != SLOT_FREE) {
                counted[clusterOf(s)]++;
                used += reserved ? 0 : 1;
            } else {
                free++;
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

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(type " + type + ", " + geometry + ", " + cpus + " cpus: " + usedSlots
                + " used, " + freeSlots + " free)";
    }
}
