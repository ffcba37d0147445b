package dev.swaplayer.swap;

import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.SwapResult;

/**
 * The slot side of the swap path: places a folio's slots across the areas, commits them once written,
 * changes their swap counts and releases them. Never does I/O.
 *
 * <p>Thread safety: not thread-safe; owned and confined by its {@link SwapSpace}.
 *
 * <h2>Slot states along a swap-out</h2>
 * <pre>
 *   placed     count 0, swap-cache flag set   (the allocator's state after allocation: SWAP_HAS_CACHE)
 *   committed  count 1, flag clear            (dup for the one mapping, then cacheDel: the write is done)
 *   freed      free                           (count reached 0 by put, or released whatever the count)
 * </pre>
 * A swap-out whose write fails releases its slots straight from <i>placed</i>; nothing else ever sees them.
 */
final class FolioSlots {
    /** The extent table of a contiguous folio, {0, 2^order}, by order: shared, never written. */
    private static final int[][] ONE_EXTENT = new int[SwapSpace.MAX_ORDER + 1][];

    static {
        for (int order = 0; order < ONE_EXTENT.length; order++) {
            ONE_EXTENT[order] = new int[] {0, 1 << order};
        }
    }

    private final SwapArea[] areas;
    private final DeviceSelector selector;
    private final FolioFallback policy;
    private final boolean integrity;

    FolioSlots(final SwapArea[] areas, final DeviceSelector selector, final FolioFallback policy,
            final boolean integrity) {
        this.areas = areas;
        this.selector = selector;
        this.policy = policy;
        this.integrity = integrity;
    }

    // -------------------------------------------------------------------------------------- placement

    /**
     * Places a folio's slots under the policy (see {@link FolioFallback}); every slot is left <i>placed</i>.
     *
     * @param owner the swap space the handle will belong to
     * @param order the folio order
     * @return the handle, or null when no placement exists (nothing was taken)
     */
    SwappedFolio place(final SwapSpace owner, final int order) {
        for (int i = 0; i < selector.size(); i++) {
            final SwapArea area = areas[selector.typeAt(i)];
            if (order > area.allocator().geometry().maxOrder()) {
                continue;
            }
            final long handle = policy == FolioFallback.COMPOUND ? area.folios().allocateFolio(order)
                    : area.allocator().allocate(order);
            if (handle != SwapEntry.NONE) {
                selector.requeue(i);
                return whole(owner, area, order, handle);
            }
        }
        if (policy == FolioFallback.CONTIGUOUS || order == 0 || freeSlots() < 1L << order) {
            return null;
        }
        return split(owner, order);
    }

    private SwappedFolio whole(final SwapSpace owner, final SwapArea area, final int order, final long handle) {
        final int pages = 1 << order;
        if (!SwapEntry.isCompound(handle)) {
            return new SwappedFolio(owner, order, FolioOutcome.SWPOUT, handle, null, ONE_EXTENT[order],
                    checksums(pages));
        }
        final FolioAllocator allocator = area.folios(); // a compound handle comes only from a FolioAllocator
        final long[] entries = new long[pages];
        for (int p = 0; p < pages; p++) {
            entries[p] = allocator.slotOf(handle, order, p);
        }
        final int[] starts = extentStarts(entries, allocator.geometry().clusterOrder());
        assert starts.length - 1 == allocator.extents(handle, order) : SwapEntry.toString(handle) + " has "
                + allocator.extents(handle, order) + " extents but its pages form " + (starts.length - 1) + " runs";
        return new SwappedFolio(owner, order, FolioOutcome.SWPOUT_COMPOUND, handle, entries, starts,
                checksums(pages));
    }

    /**
     * The extents of a compound placement: maximal runs of pages in consecutive slots of one cluster. The
     * descriptor fills its extents in ascending slot order, so these are exactly its extents.
     */
    private static int[] extentStarts(final long[] entries, final int clusterOrder) {
        int n = 1;
        for (int p = 1; p < entries.length; p++) {
            n += continues(entries[p - 1], entries[p], clusterOrder) ? 0 : 1;
        }
        final int[] starts = new int[n + 1];
        int e = 1;
        for (int p = 1; p < entries.length; p++) {
            if (!continues(entries[p - 1], entries[p], clusterOrder)) {
                starts[e++] = p;
            }
        }
        starts[n] = entries.length;
        return starts;
    }

    private static boolean continues(final long previous, final long next, final int clusterOrder) {
        return next == previous + 1 && SwapEntry.offset(next) >>> clusterOrder == SwapEntry.offset(previous)
                >>> clusterOrder;
    }

    /**
     * Gives every page an order-0 slot of its own, each chosen by device selection; all or nothing. The
     * caller checked that enough slots are free, but an allocator may still refuse an order-0 slot while one is
     * free: the 6.10 model's global scan, like {@code scan_swap_map_slots} in 6.10's {@code mm/swapfile.c},
     * never looks at its scan base itself. Then the pages placed so far are released and the folio is not
     * swapped.
     *
     * @return the handle, or null when a page found no slot (nothing was taken)
     */
    private SwappedFolio split(final SwapSpace owner, final int order) {
        final int pages = 1 << order;
        final long[] entries = new long[pages];
        final int[] starts = new int[pages + 1];
        for (int p = 0; p < pages; p++) {
            entries[p] = allocateOne();
            starts[p + 1] = p + 1;
            if (entries[p] == SwapEntry.NONE) {
                for (int q = 0; q < p; q++) {
                    area(entries[q]).allocator().free(entries[q], 1);
                }
                return null;
            }
        }
        return new SwappedFolio(owner, order, FolioOutcome.SWPOUT_FALLBACK, SwapEntry.NONE, entries, starts,
                checksums(pages));
    }

    private long allocateOne() {
        for (int i = 0; i < selector.size(); i++) {
            final long entry = areas[selector.typeAt(i)].allocator().allocate(0);
            if (entry != SwapEntry.NONE) {
                selector.requeue(i);
                return entry;
            }
        }
        return SwapEntry.NONE;
    }

    private long freeSlots() {
        long free = 0;
        for (final SwapArea a : areas) {
            free += a.allocator().freeSlots();
        }
        return free;
    }

    private int[] checksums(final int pages) {
        return integrity ? new int[pages] : null;
    }

    // ----------------------------------------------------------------------------------- swap counts

    /** The folio is written: each page gets the one reference of its mapping and leaves the swap cache. */
    void commit(final SwappedFolio folio) {
        for (int p = 0; p < folio.pages(); p++) {
            final long entry = folio.entryOf(p);
            final SwapCounts a = area(entry).counts();
            final SwapResult r = a.dup(entry);
            final boolean freed = a.cacheDel(entry);
            assert r == SwapResult.OK && !freed : "commit of page " + p + " of " + folio + ": dup " + r
                    + ", freed " + freed;
        }
    }

    /**
     * Adds a reference to every page still swapped out; all or nothing.
     *
     * @return OK, or COUNT_OVERFLOW or NO_MEMORY (nothing changed) when a page is at the limit or its count could
     *     not have an extend-table entry
     */
    SwapResult dup(final SwappedFolio folio) {
        for (int p = 0; p < folio.pages(); p++) {
            if (!folio.isSwappedOut(p)) {
                continue;
            }
            final SwapResult r = area(folio.entryOf(p)).counts().dup(folio.entryOf(p));
            if (r != SwapResult.OK) {
                undoDup(folio, p);
                return r;
            }
        }
        return SwapResult.OK;
    }

    private void undoDup(final SwappedFolio folio, final int failedPage) {
        for (int q = 0; q < failedPage; q++) {
            if (folio.isSwappedOut(q)) {
                final boolean freed = area(folio.entryOf(q)).counts().put(folio.entryOf(q));
                assert !freed : "undo of a dup freed page " + q + " of " + folio;
            }
        }
    }

    /**
     * Drops one reference from each page of a range (all swapped out); a page whose count reaches 0 is freed.
     *
     * @return how many pages were freed
     */
    int put(final SwappedFolio folio, final int firstPage, final int count) {
        int freed = 0;
        for (int p = firstPage; p < firstPage + count; p++) {
            if (area(folio.entryOf(p)).counts().put(folio.entryOf(p))) {
                folio.markFreed(p);
                freed++;
            }
        }
        return freed;
    }

    /**
     * Frees every page still swapped out, whatever its swap count or cache flag: the clean-up of a failed
     * swap-out and {@link SwapSpace#free}. A whole folio is freed in runs of pages still swapped out (the
     * kernel's batched free), a split folio page by page.
     *
     * @return how many pages were freed
     */
    int releaseAll(final SwappedFolio folio) {
        final int before = folio.swappedOutPages();
        int p = 0;
        while (p < folio.pages()) {
            if (!folio.isSwappedOut(p)) {
                p++;
                continue;
            }
            int end = p + 1;
            while (folio.isWhole() && end < folio.pages() && folio.isSwappedOut(end)) {
                end++;
            }
            release(folio, p, end - p);
            p = end;
        }
        return before;
    }

    private void release(final SwappedFolio folio, final int firstPage, final int count) {
        final FolioAllocator folios = area(folio.entryOf(firstPage)).folios();
        if (folio.isWhole() && folios != null) {
            folios.freeFolioPages(folio.handle(), folio.order(), firstPage, count);
        } else { // a split page, or pages of a contiguous run of an allocator without folios: plain slots
            area(folio.entryOf(firstPage)).allocator().free(folio.entryOf(firstPage), count);
        }
        for (int p = firstPage; p < firstPage + count; p++) {
            folio.markFreed(p);
        }
    }

    SwapArea area(final long entry) {
        return areas[SwapEntry.type(entry)];
    }
}
