package dev.swaplayer.simulator;

import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.allocator.FreePaths;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import java.util.Arrays;
import java.util.List;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;

/**
 * The memory of one simulated process: regions of pages, each page absent, resident in a folio, or swapped
 * out to one slot, driven by the operations of a workload against one {@link PolicySlots}.
 *
 * <p>Thread safety: not thread-safe; one simulation owns it.
 *
 * <h2>Per page</h2>
 * <pre>
 *   state    ABSENT | RESIDENT | SWAPPED
 *   order    RESIDENT: the order k of its folio, which covers the aligned run [p &amp; ~(2^k-1), +2^k)
 *            SWAPPED:  the order the page's handle was stored with (0 for the pieces of a split folio)
 *   handle   SWAPPED:  the folio handle ({@link PolicySlots}); page p is page (p mod 2^order) of it
 * </pre>
 * Folios are aligned to their size within the region, as the kernel maps an mTHP at an address aligned to
 * its size (regions start 64 KiB-aligned or better, like the test's {@code posix_memalign}).
 *
 * <h2>Operations</h2>
 * <ul>
 *   <li><b>write</b>: a resident page is untouched. A swapped page faults in and its slot is freed (a write
 *       fault on an exclusive page drops the swap entry): with {@link SwapIn#FOLIO}, when every page of its
 *       aligned folio is still swapped out under the same handle and its order is below PMD_ORDER
 *       ({@link SwapIn#wholeFolio}), the whole folio comes back at its order; otherwise the page alone comes back
 *       as an order-0 folio. An absent page faults fresh: one folio of the
 *       region's folio order when its whole aligned run is absent and inside the region, else order 0.</li>
 *   <li><b>dontneed</b>: pages become absent and their slots are freed. A resident large folio cut by the
 *       range is split first (the kernel's deferred split of a partially mapped folio; not a fallback).</li>
 *   <li><b>Free paths</b>: with most policies a free is one call per stored folio (its pages in the range).
 *       When the allocator tells the paths apart ({@link FreePaths}, {@link PolicySlots#batchesUnmaps()}), a
 *       swap-in frees through {@link FreePaths#freeSwappedIn} and dontneed frees each run of consecutive
 *       slots of consecutive pages in one call, whichever folios they belong to, never past a page table
 *       (the kernel's {@code swap_pte_batch} in {@code zap_pte_range}).</li>
 *   <li><b>pageout</b>: every resident folio inside the range is swapped out whole, lowest address first; a
 *       folio cut by the range is split and only its pages inside are swapped out, as order 0 (not a
 *       fallback). Swapped and absent pages are skipped.</li>
 * </ul>
 *
 * <h2>Swap-out</h2>
 * {@link PolicySlots#place}: SWPOUT / SWPOUT_COMPOUND store the folio whole; SWPOUT_FALLBACK splits it, each page
 * with a slot is swapped and each page without stays resident at order 0. FAILED (not a page found a slot) leaves
 * an order-0 folio resident; a large one is split all the same and counted as a fallback (and as failed), as the
 * kernel splits a folio whenever {@code add_to_swap()} fails and counts {@code swpout_fallback}, a full device
 * included. Before each swap-out the CPU is set: folios are dealt to CPUs round-robin in batches of
 * {@value #RECLAIM_BATCH} (the kernel's {@code SWAP_CLUSTER_MAX} reclaim batch).
 *
 * <h2>Device seam</h2>
 * {@link #slotOf(int, int)} names the slot holding each swapped page. In data mode (a {@link DataPath}) the
 * memory writes a folio's pages to its slots right after placing it, reads them back before freeing the
 * slots at swap-in, bumps a page's version on every write of it, and tells the device about slots freed by
 * DONTNEED.
 */
public final class Memory {
    /** Folios swapped out on one CPU before the next takes over. */
    public static final int RECLAIM_BATCH = 32;

    /** Where a page is. */
    public enum PageState {
        /** Never touched, or dropped: no memory and no slot. */
        ABSENT,
        /** In memory, part of a folio. */
        RESIDENT,
        /** In one swap slot. */
        SWAPPED
    }

    private static final byte ABSENT = RegionPages.ABSENT;
    private static final byte RESIDENT = RegionPages.RESIDENT;
    private static final byte SWAPPED = RegionPages.SWAPPED;
    private static final PageState[] STATES = PageState.values();

    private final PolicySlots policy;
    private final SwapIn swapIn;
    private final RegionPages[] regions;
    private final long[] out;
    private final DataPath data;
    private final long[] slots;
    private Counters counters;
    private long swapOutEvents;

    /**
     * Creates the memory of a process that has touched nothing yet.
     *
     * @param regions the regions
     * @param policy the swap device's policy
     * @param swapIn the swap-in granularity
     * @param counters where swap-outs are counted (see {@link #countInto})
     */
    public Memory(final List<Workload.Region> regions, final PolicySlots policy, final SwapIn swapIn,
            final Counters counters) {
        this(regions, policy, swapIn, counters, null);
    }

    /**
     * Creates the memory of a process that has touched nothing yet, its page contents carried by
     * {@code data} (data mode) when not null.
     */
    Memory(final List<Workload.Region> regions, final PolicySlots policy, final SwapIn swapIn, final Counters counters,
            final DataPath data) {
        this.policy = policy;
        this.swapIn = swapIn;
        this.regions = new RegionPages[regions.size()];
        for (int i = 0; i < this.regions.length; i++) {
            this.regions[i] = new RegionPages(i, regions.get(i));
        }
        this.out = new long[1 << policy.allocator().geometry().maxOrder()];
        this.data = data;
        this.slots = data == null ? null : new long[out.length];
        this.counters = counters;
    }

    /** Returns the most pages one folio holds: one swap-out or swap-in moves at most this many. */
    static int maxFolioPages(final PolicySlots policy) {
        return 1 << policy.allocator().geometry().maxOrder();
    }

    /**
     * Sends later swap-out counts to another set of counters (a new phase).
     *
     * @param c the counters
     */
    public void countInto(final Counters c) {
        this.counters = c;
    }

    /** Returns the policy. */
    public PolicySlots policy() {
        return policy;
    }

    // ----------------------------------------------------------------------------------------- write

    /**
     * Touches pages (memset): faults in swapped pages, faults fresh absent pages.
     *
     * @param region a region index
     * @param first the first page
     * @param count how many pages
     */
    public void write(final int region, final int first, final int count) {
        final RegionPages r = regions[region];
        final int end = first + count;
        for (int p = first; p < end; p++) {
            if (r.state[p] == SWAPPED) {
                swapIn(r, p);
            } else if (r.state[p] == ABSENT) {
                r.freshFault(p);
            }
            if (data != null) {
                data.written(region, p);
            }
        }
    }

    private void swapIn(final RegionPages r, final int p) {
        final int k = r.order[p];
        final long h = r.handle[p];
        final int head = p & -(1 << k);
        if (swapIn.wholeFolio(k) && r.wholeFolioSwapped(head, k, h)) {
            if (data != null) {
                data.swapIn(r.index, head, 1 << k, slotsOf(h, k, 0, 1 << k));
            }
            policy.freeSwappedIn(h, k, 0, 1 << k);
            r.fill(head, 1 << k, RESIDENT, k);
            return;
        }
        if (data != null) {
            data.swapIn(r.index, p, 1, slotsOf(h, k, p - head, 1));
        }
        policy.freeSwappedIn(h, k, p - head, 1);
        r.set(p, RESIDENT, 0);
    }

    /** @return {@link #slots} filled with the entries of pages {@code [from, from + n)} of a stored folio */
    private long[] slotsOf(final long handle, final int k, final int from, final int n) {
        for (int i = 0; i < n; i++) {
            slots[i] = policy.slotOf(handle, k, from + i);
        }
        return slots;
    }

    // -------------------------------------------------------------------------------------- dontneed

    /**
     * MADV_DONTNEED: drops pages, freeing their slots.
     *
     * @param region a region index
     * @param first the first page
     * @param count how many pages
     */
    public void dontneed(final int region, final int first, final int count) {
        final RegionPages r = regions[region];
        final int end = first + count;
        int p = first;
        while (p < end) {
            switch (r.state[p]) {
                case RESIDENT -> {
                    r.splitIfCut(p, first, end);
                    r.set(p, ABSENT, 0);
                    p++;
                }
                case SWAPPED -> p += policy.batchesUnmaps() ? dropSwappedBatch(r, p, end) : dropSwapped(r, p, end);
                default -> p++;
            }
        }
    }

    /** Frees the run of pages from p that share p's handle, inside [p, end): one allocator call. */
    private int dropSwapped(final RegionPages r, final int p, final int end) {
        final int k = r.order[p];
        final long h = r.handle[p];
        final int head = p & -(1 << k);
        final int limit = Math.min(end, head + (1 << k));
        int q = p + 1;
        while (q < limit && r.state[q] == SWAPPED && r.handle[q] == h && r.order[q] == k) {
            q++;
        }
        if (data != null) {
            data.drop(slotsOf(h, k, p - head, q - p), q - p);
        }
        policy.free(h, k, p - head, q - p);
        r.fill(p, q - p, ABSENT, 0);
        return q - p;
    }

    /**
     * Frees the run of pages from p, inside [p, end) and p's page table, whose slots follow one another,
     * whichever folios they were stored with: one allocator call, as the kernel's {@code swap_pte_batch}.
     */
    private int dropSwappedBatch(final RegionPages r, final int p, final int end) {
        final int limit = Math.min(end, (p / FreePaths.PTE_BATCH_LIMIT + 1) * FreePaths.PTE_BATCH_LIMIT);
        final long first = slotOf(r.index, p);
        int q = p + 1;
        while (q < limit && r.state[q] == SWAPPED && slotOf(r.index, q) == SwapEntry.plus(first, q - p)) {
            q++;
        }
        if (data != null) {
            for (int i = 0; i < q - p; i++) {
                slots[i % slots.length] = SwapEntry.plus(first, i);
                if (i % slots.length == slots.length - 1 || i == q - p - 1) {
                    data.drop(slots, i % slots.length + 1);
                }
            }
        }
        policy.freeUnmapped(first, q - p);
        r.fill(p, q - p, ABSENT, 0);
        return q - p;
    }

    // --------------------------------------------------------------------------------------- pageout

    /**
     * MADV_PAGEOUT: swaps out every resident folio in the range.
     *
     * @param region a region index
     * @param first the first page
     * @param count how many pages
     */
    public void pageout(final int region, final int first, final int count) {
        final RegionPages r = regions[region];
        final int end = first + count;
        int p = first;
        while (p < end) {
            if (r.state[p] != RESIDENT) {
                p++;
                continue;
            }
            r.splitIfCut(p, first, end);
            final int k = r.order[p];
            swapOut(r, p, k);
            p += 1 << k;
        }
    }

    private void swapOut(final RegionPages r, final int head, final int k) {
        policy.setCpu((int) (swapOutEvents++ / RECLAIM_BATCH % policy.cpus()));
        final FolioOutcome outcome = policy.place(k, out);
        switch (outcome) {
            case SWPOUT -> {
                r.storeWhole(head, k, out[0]);
                counters.countSwpout(k, 1);
                writeData(r, head, k, out[0]);
            }
            case SWPOUT_COMPOUND -> {
                r.storeWhole(head, k, out[0]);
                counters.countCompound(k, policy.extents(out[0], k));
                writeData(r, head, k, out[0]);
            }
            case SWPOUT_FALLBACK -> {
                counters.countFallback(k);
                splitOut(r, head, k);
            }
            case FAILED -> {
                if (k == 0) {
                    counters.countFailed(0, 1);
                } else {
                    // The kernel splits a large folio whenever add_to_swap() fails, a full device included, and
                    // counts the split (shrink_folio_list() in mm/vmscan.c, v6.12): a fallback whose pages then
                    // find no slot either and stay resident, each its own folio.
                    counters.countFallback(k);
                    counters.countFailed(k, 1);
                    Arrays.fill(out, 0, 1 << k, SlotAllocator.NONE);
                    splitOut(r, head, k);
                }
            }
            default -> throw new AssertionError("outcome " + outcome);
        }
    }

    /** After a split: each page with a slot in {@code out} is swapped, each page without stays resident at order 0. */
    private void splitOut(final RegionPages r, final int head, final int k) {
        int placed = 0;
        for (int i = 0; i < 1 << k; i++) {
            if (out[i] != SlotAllocator.NONE) {
                r.set(head + i, SWAPPED, 0);
                r.handle[head + i] = out[i];
                placed++;
                writeData(r, head + i, 0, out[i]);
            } else {
                r.set(head + i, RESIDENT, 0);
            }
        }
        counters.countSwpout(0, placed);
        counters.countFailed(0, (1L << k) - placed);
    }

    /** Data mode: the folio's pages go to the slots just chosen, one device write per extent. */
    private void writeData(final RegionPages r, final int head, final int k, final long handle) {
        if (data != null) {
            data.swapOut(r.index, head, 1 << k, slotsOf(handle, k, 0, 1 << k));
        }
    }

    // ---------------------------------------------------------------------------------- observation

    /**
     * Returns where the page is.
     *
     * @param region a region index
     * @param page a page
     */
    public PageState state(final int region, final int page) {
        return STATES[regions[region].state[page]];
    }

    /**
     * Returns the order of its folio.
     *
     * @param region a region index
     * @param page a resident page
     * @throws IllegalStateException when the page is not resident
     */
    public int folioOrder(final int region, final int page) {
        if (regions[region].state[page] != RESIDENT) {
            throw new IllegalStateException("page " + page + ": " + state(region, page) + " (expected: RESIDENT)");
        }
        return regions[region].order[page];
    }

    /**
     * The device seam: which slot holds a swapped page.
     *
     * @param region a region index
     * @param page a page
     * @return the slot entry holding it, or {@link SwapEntry#NONE} when it is not swapped out
     */
    public long slotOf(final int region, final int page) {
        final RegionPages r = regions[region];
        if (r.state[page] != SWAPPED) {
            return SwapEntry.NONE;
        }
        final int k = r.order[page];
        return policy.slotOf(r.handle[page], k, page & ((1 << k) - 1));
    }

    /**
     * Checks the model against itself and against the allocator; O(pages). For tests.
     * <ol>
     *   <li>A resident page's folio is aligned, inside the region, and wholly resident at the same order.</li>
     *   <li>A swapped page's stored order is 0 or its whole aligned run lies inside the region.</li>
     *   <li>Every swapped page is in a slot of its own: no two pages share a slot.</li>
     *   <li>The slots pages reference, plus the padding of allocations rounded up to the minimum order
     *       ({@link PolicySlots#wastedSlots()}), are exactly as many as the allocator has in use.</li>
     * </ol>
     *
     * @throws AssertionError naming the first broken invariant
     */
    public void checkInvariants() {
        final LongHashSet slots = new LongHashSet();
        for (final RegionPages r : regions) {
            for (int p = 0; p < r.state.length; p++) {
                final int k = r.order[p];
                final int head = p & -(1 << k);
                if (r.state[p] == RESIDENT) {
                    r.checkResidentFolio(p, head, k);
                } else if (r.state[p] == SWAPPED) {
                    if (head + (1 << k) > r.state.length) {
                        throw r.broken(p, "stored folio of order " + k + " runs past the region");
                    }
                    final long slot = policy.slotOf(r.handle[p], k, p - head);
                    if (!slots.add(slot)) {
                        throw r.broken(p, "shares " + SwapEntry.toString(slot) + " with another page");
                    }
                } else if (k != 0 || r.handle[p] != 0) {
                    throw r.broken(p, "absent page keeps order " + k + " or a handle");
                }
            }
        }
        final long used = policy.allocator().usedSlots();
        if (slots.size() + policy.wastedSlots() != used) {
            throw new AssertionError("memory model: pages reference " + slots.size() + " slots and "
                    + policy.wastedSlots() + " are padding, but the allocator has " + used + " in use");
        }
    }

    @Override
    public String toString() {
        long resident = 0;
        long swapped = 0;
        for (final RegionPages r : regions) {
            resident += r.count(RESIDENT);
            swapped += r.count(SWAPPED);
        }
        return "Memory(" + regions.length + " regions: " + resident + " resident, " + swapped + " swapped; "
                + policy.name() + ")";
    }
}
