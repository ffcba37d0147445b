package dev.swaplayer.kernel;

import dev.swaplayer.allocator.Auditable;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.FreePaths;
import dev.swaplayer.allocator.PerCpu;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import java.util.BitSet;

/**
 * The per-CPU swap slots cache of kernels 4.11 to 6.13 ({@code mm/swap_slots.c} at v6.12, Tim Chen's
 * "swap: add cache for swap slots allocation") in front of a kernel model: order-0 slots are taken from the
 * device 64 at a time and handed out one by one, and single slots freed are held back and returned 64 at a
 * time. 6.14 removed the return half ("mm, swap_slots: remove slot cache for freeing path", Kairui Song:
 * "in theory will also cause more fragmentation") and 6.15 the rest.
 *
 * <p>Thread safety: not thread-safe; one thread drives it (the simulator does), choosing the CPU with
 * {@link #setCpu}. It reads the device's slot states without the device's locks.
 *
 * <h2>The kernel's code it follows (v6.12)</h2>
 * <ul>
 *   <li><b>Allocation</b> ({@code folio_alloc_swap}): a large folio goes to the device directly
 *       ({@code get_swap_pages(1, &entry, order)}). An order-0 folio first asks {@code check_cache_active()}:
 *       while the cache is inactive it turns active when more than {@code 5 * 64} slots per online CPU are
 *       free ({@code THRESHOLD_ACTIVATE_SWAP_SLOTS_CACHE}); while active it turns inactive, and drains every
 *       CPU's caches back to the device, when fewer than {@code 2 * 64} are free
 *       ({@code THRESHOLD_DEACTIVATE_SWAP_SLOTS_CACHE}). The free count is the device's
 *       ({@code nr_swap_pages}): slots in the caches are in use there. Active: the CPU's cache hands out its
 *       next slot; an empty cache is refilled first by up to {@code SWAP_SLOTS_CACHE_SIZE} = 64 order-0
 *       allocations in a row ({@code refill_swap_slots_cache}, {@code get_swap_pages(64, slots, 0)}, which
 *       calls {@code cluster_alloc_swap_entry} once per slot). Inactive, or nothing refilled: one order-0
 *       allocation from the device. The cache starts inactive ({@code swap_slot_cache_active} is false until
 *       the first check).</li>
 *   <li><b>Free on unmap</b> ({@code free_swap_and_cache_nr}, {@code __swap_entries_free}): a batch of more
 *       than one slot inside one cluster is freed at once ({@code swap_entry_range_free}); a single slot, or a
 *       batch that crosses a cluster boundary, goes slot by slot through {@code free_swap_slot}.</li>
 *   <li><b>Free on swap-in</b> ({@code swapcache_clear}, {@code cluster_swap_free_nr}): slot by slot through
 *       {@code free_swap_slot}.</li>
 *   <li><b>{@code free_swap_slot}</b>: while the cache is active the slot joins the CPU's return cache, and a
 *       full one (64) is first returned to the device in the order it was filled
 *       ({@code swapcache_free_entries}); inactive, the slot is freed at once.</li>
 *   <li><b>Drain</b> ({@code drain_slots_cache_cpu} with {@code SLOTS_CACHE | SLOTS_CACHE_RET}): per CPU,
 *       the allocation cache's slots not yet handed out, then the return cache, in order.</li>
 * </ul>
 *
 * <h2>Counting</h2>
 * {@link #usedSlots()} counts the slots the caller holds; {@link #freeSlots()} the others, the cached ones
 * included ({@link #cachedSlots()} says how many are cached). The device counts cached slots as in use, as
 * the kernel's {@code inuse_pages} (the Used column of {@code /proc/swaps}) does.
 *
 * <h2>Deviations</h2>
 * <ul>
 *   <li>{@code get_swap_pages} takes the whole batch off {@code nr_swap_pages} before it scans; here each
 *       of the 64 allocations counts only itself as in flight, so {@code vm_swap_full()} during a refill sees
 *       up to 63 more free slots. It matters only with cache-only slots, which this class never marks.</li>
 *   <li>One swap device: {@code swapcache_free_entries} sorts by device only when there are several.</li>
 * </ul>
 */
public final class SlotsCache extends ForwardingSlotAllocator<KernelModel>
        implements FreePaths, PerCpu.Forwarding, Auditable {
    /** {@code SWAP_SLOTS_CACHE_SIZE} = {@code SWAP_BATCH}. */
    static final int CACHE_SIZE = 64;
    /** {@code THRESHOLD_ACTIVATE_SWAP_SLOTS_CACHE}, per online CPU. */
    static final int ACTIVATE_BELOW_FREE = 5 * CACHE_SIZE;
    /** {@code THRESHOLD_DEACTIVATE_SWAP_SLOTS_CACHE}, per online CPU. */
    static final int DEACTIVATE_BELOW_FREE = 2 * CACHE_SIZE;

    private final KernelModel device;
    /** Per CPU: {@code cache->slots}, handed out from {@code cur[cpu]}, {@code nr[cpu]} left. */
    private final long[][] slots;
    private final int[] cur;
    private final int[] nr;
    /** Per CPU: {@code cache->slots_ret}, {@code nRet[cpu]} held. */
    private final long[][] ret;
    private final int[] nRet;
    /** The slots in any cache. */
    private final BitSet cached = new BitSet();
    private long cachedCount;
    /** {@code swap_slot_cache_active}. */
    private boolean active;

    SlotsCache(final KernelModel device) {
        super(device);
        this.device = device;
        final int cpus = device.cpus();
        this.slots = new long[cpus][CACHE_SIZE];
        this.cur = new int[cpus];
        this.nr = new int[cpus];
        this.ret = new long[cpus][CACHE_SIZE];
        this.nRet = new int[cpus];
    }

    /**
     * The 6.12 allocator with its slots cache: a {@link ClusterAllocator} behind a {@code SlotsCache}.
     *
     * @param type the device type, 0..31
     * @param geometry the device's shape
     * @param cpus simulated CPUs, at least 1
     * @return the model, for one thread
     */
    public static SlotsCache cluster(final int type, final Geometry geometry, final int cpus) {
        return new SlotsCache(new ClusterAllocator(type, geometry, cpus));
    }

    /** Returns the model behind the cache (for observation; allocating or freeing there bypasses the cache). */
    public PerCpuAllocator device() {
        return device;
    }

    /** Returns whether the cache is active ({@code swap_slot_cache_active}). */
    public boolean active() {
        return active;
    }

    /** Returns slots held in the CPUs' allocation and return caches: in use on the device, not the caller's. */
    public long cachedSlots() {
        return cachedCount;
    }

    // ------------------------------------------------------------------------------------- allocation

    @Override
    public long allocate(final int order) {
        device.geometry().checkOrder(order);
        if (device.geometry().effectiveOrder(order) > 0) {
            return device.allocate(order);
        }
        if (checkCacheActive()) {
            final int c = device.cpu();
            if (nr[c] == 0) {
                refill(c);
            }
            if (nr[c] > 0) {
                final long entry = slots[c][cur[c]++];
                nr[c]--;
                uncache(entry);
                return entry;
            }
        }
        return device.allocate(0);
    }

    /** {@code check_cache_active()}. */
    private boolean checkCacheActive() {
        final long free = device.freeSlots();
        final int cpus = device.cpus();
        if (!active) {
            active = free > (long) cpus * ACTIVATE_BELOW_FREE;
            return active;
        }
        if (free < (long) cpus * DEACTIVATE_BELOW_FREE) {
            active = false;
            drainAll();
        }
        return active;
    }

    /** {@code refill_swap_slots_cache}: up to 64 order-0 allocations in a row. */
    private void refill(final int c) {
        cur[c] = 0;
        int n = 0;
        while (n < CACHE_SIZE) {
            final long entry = device.allocate(0);
            if (entry == NONE) {
                break;
            }
            slots[c][n++] = entry;
            cache(entry);
        }
        nr[c] = n;
    }

    // ------------------------------------------------------------------------------------------- free

    /**
     * {@inheritDoc}
     *
     * <p>The unmap path: more than one slot inside one cluster is freed at once; otherwise slot by slot
     * through {@code free_swap_slot}.
     */
    @Override
    public void free(final long entry, final long nrSlots) {
        final long slot = checkHeld(entry, nrSlots);
        final int clusterSlots = device.geometry().clusterSlots();
        if (nrSlots > 1 && slot / clusterSlots == (slot + nrSlots - 1) / clusterSlots) {
            device.free(entry, nrSlots);
            return;
        }
        for (long i = 0; i < nrSlots; i++) {
            freeSwapSlot(SwapEntry.plus(entry, i));
        }
    }

    @Override
    public void freeSwappedIn(final long entry, final long nrSlots) {
        checkHeld(entry, nrSlots);
        for (long i = 0; i < nrSlots; i++) {
            freeSwapSlot(SwapEntry.plus(entry, i));
        }
    }

    /** {@code free_swap_slot}. */
    private void freeSwapSlot(final long entry) {
        if (!active) {
            device.free(entry, 1);
            return;
        }
        final int c = device.cpu();
        if (nRet[c] >= CACHE_SIZE) {
            returnAll(c);
        }
        ret[c][nRet[c]++] = entry;
        cache(entry);
    }

    /** {@code swapcache_free_entries(cache->slots_ret, cache->n_ret)}. */
    private void returnAll(final int c) {
        for (int i = 0; i < nRet[c]; i++) {
            uncache(ret[c][i]);
            device.free(ret[c][i], 1);
        }
        nRet[c] = 0;
    }

    /** {@code __drain_swap_slots_cache(SLOTS_CACHE | SLOTS_CACHE_RET)}: every CPU, allocation cache first. */
    private void drainAll() {
        for (int c = 0; c < slots.length; c++) {
            for (int i = cur[c]; i < cur[c] + nr[c]; i++) {
                uncache(slots[c][i]);
                device.free(slots[c][i], 1);
            }
            cur[c] = 0;
            nr[c] = 0;
            returnAll(c);
        }
    }

    /** Checks that the caller holds every slot of the run; nothing changes when it does not. */
    private long checkHeld(final long entry, final long nrSlots) {
        if (SwapEntry.isCompound(entry)) {
            throw Checks.badArgument("entry", SwapEntry.toString(entry), "a slot entry, not a compound handle");
        }
        if (SwapEntry.type(entry) != device.type()) {
            throw Checks.badArgument("entry type", SwapEntry.type(entry), device.type() + ", this device");
        }
        final long slot = device.geometry().checkSlot("slot", SwapEntry.offset(entry));
        Checks.checkInRange("nrSlots", nrSlots, 1, device.totalSlots - slot);
        for (long s = slot; s < slot + nrSlots; s++) {
            final byte v = device.map[(int) s];
            if (v == SwapInfo.SLOT_FREE || v == SwapInfo.SLOT_RESERVED || cached.get((int) s)) {
                throw Checks.badState("slot " + s, v == SwapInfo.SLOT_FREE ? "free"
                        : v == SwapInfo.SLOT_RESERVED ? "reserved (bad slot)" : "in the slots cache", "in use");
            }
        }
        return slot;
    }

    private void cache(final long entry) {
        cached.set((int) SwapEntry.offset(entry));
        cachedCount++;
    }

    private void uncache(final long entry) {
        cached.clear((int) SwapEntry.offset(entry));
        cachedCount--;
    }

    // ---------------------------------------------------------------------------------- observation

    /** @return slots neither held by the caller nor reserved: the device's free slots and the cached ones */
    @Override
    public long freeSlots() {
        return device.freeSlots() + cachedCount;
    }

    /** @return slots the caller holds: the device's in-use slots less the cached ones */
    @Override
    public long usedSlots() {
        return device.usedSlots() - cachedCount;
    }

    /**
     * @return the free space as {@link #freeSlots()} counts it: the device's free slots and the cached ones,
     *     coalesced ({@link Fragmentation#of})
     */
    @Override
    public Fragmentation fragmentation() {
        return Fragmentation.of(device.geometry(),
                s -> device.map[(int) s] == SwapInfo.SLOT_FREE || cached.get((int) s));
    }

    /** Returns the device's per-CPU hints: the caches are per CPU too, indexed by the device's CPU. */
    @Override
    public PerCpu perCpu() {
        return device;
    }

    /**
     * Audits the device ({@link KernelModel#checkConsistency()}) and the caches: every cached slot is in use
     * on the device and in exactly one cache, the count matches, and an inactive cache holds nothing.
     *
     * @throws AssertionError naming the first inconsistency
     */
    @Override
    public void checkConsistency() {
        device.checkConsistency();
        final BitSet seen = new BitSet();
        long n = 0;
        for (int c = 0; c < slots.length; c++) {
            for (int i = cur[c]; i < cur[c] + nr[c]; i++) {
                n += audit(slots[c][i], seen);
            }
            for (int i = 0; i < nRet[c]; i++) {
                n += audit(ret[c][i], seen);
            }
        }
        if (!seen.equals(cached) || n != cachedCount) {
            throw new AssertionError("slots cache corrupt: " + n + " slots in the caches, " + cachedCount
                    + " counted, " + cached.cardinality() + " marked");
        }
        if (!active && n != 0) {
            throw new AssertionError("slots cache corrupt: inactive but holding " + n + " slots");
        }
    }

    private int audit(final long entry, final BitSet seen) {
        final int s = (int) SwapEntry.offset(entry);
        if (seen.get(s) || device.map[s] != SwapInfo.SLOT_IN_USE) {
            throw new AssertionError("slots cache corrupt: slot " + s + " cached twice or not in use on the device");
        }
        seen.set(s);
        return 1;
    }

    @Override
    public String toString() {
        return "SlotsCache(" + (active ? "active" : "inactive") + ", " + cachedCount + " cached; " + device + ")";
    }
}
