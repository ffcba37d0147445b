package dev.swaplayer.allocator;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;

/**
 * Swap counts and the swap-cache flag kept beside an allocator that keeps none: what lets a plug-in that
 * implements only {@link SlotAllocator} (or {@link FolioAllocator}) run through the swap path, which needs
 * {@link SwapCounts}. The semantics are the specification's ({@code SwapSpaceModel}): allocation leaves each
 * slot at count 0 with the flag set, and a slot goes back to the allocator, one at a time through
 * {@code free(entry, 1)}, exactly when its count is 0 and it is not cached.
 *
 * <p>Thread safety: every method is {@code synchronized} on this table, so the allocator behind it is called
 * by one thread at a time whatever it promises itself.
 *
 * <p>Each in-use slot has one {@code long} in a hash map: {@code count << 1 | cached}. Counts stop at
 * {@link #MAX_COUNT}, the specification's limit, as the buddy allocator's do.
 */
public class SwapCountTable implements SlotAllocator, SwapCounts {
    /** The largest swap count: the specification's {@link SwapResult#MAX_SWAP_COUNT}, {@code 2^31 - 1}. */
    public static final long MAX_COUNT = SwapResult.MAX_SWAP_COUNT;

    private final SlotAllocator allocator;
    private final Geometry geometry;
    private final int type;
    private final LongLongHashMap slots = new LongLongHashMap();

    private SwapCountTable(final SlotAllocator allocator) {
        this.allocator = allocator;
        this.geometry = allocator.geometry();
        this.type = allocator.type();
    }

    /**
     * Returns the allocator itself when it implements {@link SwapCounts}, else a table in front of it.
     *
     * @param allocator any allocator
     */
    public static SlotAllocator withSwapCounts(final SlotAllocator allocator) {
        if (allocator instanceof SwapCounts) {
            return allocator;
        }
        if (allocator instanceof FolioAllocator f) {
            return new Folios(f);
        }
        return allocator instanceof FreePaths p ? new SwappedInFrees(p) : new SwapCountTable(allocator);
    }

    /** Returns the allocator behind the table. */
    public SlotAllocator allocator() {
        return allocator;
    }

    @Override
    public int type() {
        return type;
    }

    @Override
    public Geometry geometry() {
        return geometry;
    }

    @Override
    public synchronized long allocate(final int order) {
        final long e = allocator.allocate(order);
        if (e != NONE) {
            take(SwapEntry.offset(e), 1L << geometry.effectiveOrder(order));
        }
        return e;
    }

    @Override
    public synchronized void free(final long entry, final long nrSlots) {
        allocator.free(entry, nrSlots);
        release(SwapEntry.offset(entry), nrSlots);
    }

    @Override
    public synchronized long freeSlots() {
        return allocator.freeSlots();
    }

    @Override
    public synchronized long usedSlots() {
        return allocator.usedSlots();
    }

    @Override
    public synchronized Fragmentation fragmentation() {
        return allocator.fragmentation();
    }

    // -------------------------------------------------------------------------------------- swap counts

    @Override
    public synchronized SwapResult dup(final long entry) {
        final long s = inUse(entry);
        final long w = slots.get(s);
        if (w >>> 1 == MAX_COUNT) {
            return SwapResult.COUNT_OVERFLOW;
        }
        slots.put(s, w + 2);
        return SwapResult.OK;
    }

    @Override
    public synchronized boolean put(final long entry) {
        final long s = inUse(entry);
        final long w = slots.get(s);
        if (w >>> 1 == 0) {
            throw Checks.badState("swap count of slot " + s, 0, "> 0 to put; the slot is held only by the swap cache");
        }
        return update(entry, s, w - 2);
    }

    @Override
    public synchronized SwapResult cacheAdd(final long entry) {
        final long s = slot(entry);
        if (geometry.isReserved(s)) {
            throw Checks.badState("slot " + s, "reserved (bad slot)", "in use");
        }
        if (!slots.containsKey(s)) {
            return SwapResult.NOT_IN_USE;
        }
        final long w = slots.get(s);
        if ((w & 1) != 0) {
            return SwapResult.ALREADY_CACHED;
        }
        slots.put(s, w | 1);
        return SwapResult.OK;
    }

    @Override
    public synchronized boolean cacheDel(final long entry) {
        final long s = inUse(entry);
        final long w = slots.get(s);
        if ((w & 1) == 0) {
            throw Checks.badState("swap cache flag of slot " + s, "clear", "set to delete it");
        }
        return update(entry, s, w & ~1);
    }

    @Override
    public synchronized long countOf(final long entry) {
        return slots.getIfAbsent(slot(entry), 0) >>> 1;
    }

    @Override
    public synchronized boolean isCached(final long entry) {
        return (slots.getIfAbsent(slot(entry), 0) & 1) != 0;
    }

    /** Stores the new word, or frees the slot when it is unreferenced and uncached. */
    private boolean update(final long entry, final long s, final long w) {
        if (w == 0) {
            allocator.free(entry, 1);
            slots.remove(s);
            return true;
        }
        slots.put(s, w);
        return false;
    }

    /**
     * Sets the count of a slot in use, keeping its cache flag: for the tests of {@link #MAX_COUNT}, which 2^31
     * {@code dup}s would take minutes to reach.
     */
    synchronized void presetCount(final long entry, final long count) {
        final long s = inUse(entry);
        slots.put(s, count << 1 | (slots.get(s) & 1));
    }

    final void take(final long first, final long n) {
        for (long s = first; s < first + n; s++) {
            slots.put(s, 1);
        }
    }

    final void release(final long first, final long n) {
        for (long s = first; s < first + n; s++) {
            slots.remove(s);
        }
    }

    private long slot(final long entry) {
        if (SwapEntry.isCompound(entry) || SwapEntry.type(entry) != type) {
            throw Checks.badArgument("entry", SwapEntry.toString(entry), "a slot entry of device type " + type);
        }
        return geometry.checkSlot("slot", SwapEntry.offset(entry));
    }

    private long inUse(final long entry) {
        final long s = slot(entry);
        if (!slots.containsKey(s)) {
            throw Checks.badState("slot " + s, geometry.isReserved(s) ? "reserved (bad slot)" : "free", "in use");
        }
        return s;
    }

    @Override
    public String toString() {
        return "SwapCountTable(" + slots.size() + " slots in use, over " + allocator + ")";
    }

    /**
     * The table in front of a {@link FolioAllocator}: folio calls pass through, and the pages they place or
     * free enter or leave the table.
     *
     * <p>Thread safety: as the table, synchronized on it.
     */
    private static final class Folios extends SwapCountTable implements FolioAllocator {
        private final FolioAllocator folios;

        Folios(final FolioAllocator folios) {
            super(folios);
            this.folios = folios;
        }

        @Override
        public synchronized long allocateFolio(final int order) {
            final long h = folios.allocateFolio(order);
            if (h != NONE) {
                for (int p = 0; p < 1 << order; p++) {
                    take(SwapEntry.offset(folios.slotOf(h, order, p)), 1);
                }
            }
            return h;
        }

        @Override
        public synchronized long slotOf(final long handle, final int order, final int page) {
            return folios.slotOf(handle, order, page);
        }

        @Override
        public synchronized void freeFolioPages(final long handle, final int order, final int firstPage,
                final int count) {
            final long[] pages = new long[count];
            for (int i = 0; i < count; i++) {
                pages[i] = SwapEntry.offset(folios.slotOf(handle, order, firstPage + i));
            }
            folios.freeFolioPages(handle, order, firstPage, count);
            for (final long s : pages) {
                release(s, 1);
            }
        }

        @Override
        public synchronized int extents(final long handle, final int order) {
            return folios.extents(handle, order);
        }

        @Override
        public synchronized int descriptorCount() {
            return folios.descriptorCount();
        }
    }

    /**
     * The table in front of an allocator with its own path for the frees of swap-in ({@link FreePaths}, as 6.12's
     * slots cache has): that path passes through, and the slots it frees leave the table.
     *
     * <p>Thread safety: as the table, synchronized on it.
     */
    private static final class SwappedInFrees extends SwapCountTable implements FreePaths {
        private final FreePaths paths;

        SwappedInFrees(final FreePaths paths) {
            super(paths);
            this.paths = paths;
        }

        @Override
        public synchronized void freeSwappedIn(final long entry, final long nrSlots) {
            paths.freeSwappedIn(entry, nrSlots);
            release(SwapEntry.offset(entry), nrSlots);
        }
    }
}
