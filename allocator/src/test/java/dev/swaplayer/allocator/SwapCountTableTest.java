package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import org.junit.jupiter.api.Test;

/**
 * Swap counts kept in front of an allocator that has none: the shared contract, and what the table adds.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own allocators.
 */
class SwapCountTableTest {
    private final Geometry g = Geometry.builder(256).clusterSlots(32).maxOrder(4).build();

    @Test
    void anAllocatorWithItsOwnCountsIsReturnedAsItIs() {
        final BuddyAllocator b = new BuddyAllocator(1, g);
        assertSame(b, SwapCountTable.withSwapCounts(b));
    }

    @Test
    void aFolioAllocatorStaysOneAndItsPagesEnterTheTable() {
        final SlotAllocator a = SwapCountTable.withSwapCounts(new FolioOnly(new BuddyAllocator(1, g)));
        assertInstanceOf(FolioAllocator.class, a);
        final FolioAllocator f = (FolioAllocator) a;
        final SwapCounts c = (SwapCounts) a;
        final long h = f.allocateFolio(2);
        assertEquals(1, f.extents(h, 2));
        final long p1 = f.slotOf(h, 2, 1);
        assertTrue(c.isCached(p1));
        assertEquals(SwapResult.OK, c.dup(p1));
        assertEquals(1, c.countOf(p1));
        f.freeFolioPages(h, 2, 0, 4);
        assertEquals(0, c.countOf(p1), "freed pages leave the table");
        assertFalse(c.isCached(p1));
        assertEquals(0, a.usedSlots());
    }

    @Test
    void anAllocatorWithItsOwnSwapInFreesKeepsThem_andTheirSlotsLeaveTheTable() {
        final SwappedInFreesOnly paths = new SwappedInFreesOnly(new BuddyAllocator(1, g));
        final SlotAllocator a = SwapCountTable.withSwapCounts(paths);
        assertInstanceOf(FreePaths.class, a);
        final SwapCounts counts = (SwapCounts) a;
        final long e = a.allocate(0);
        assertTrue(counts.isCached(e));
        ((FreePaths) a).freeSwappedIn(e, 1);
        assertEquals(1, paths.swappedInFrees, "the allocator's own path took the free");
        assertFalse(counts.isCached(e));
        assertEquals(0, counts.countOf(e));
        assertEquals(0, a.usedSlots());
        assertThrows(IllegalStateException.class, () -> counts.dup(e), "a freed slot is no longer in the table");
    }

    @Test
    void aPlainAllocatorIsNotMadeAFolioAllocator() {
        final SlotAllocator a = SwapCountTable.withSwapCounts(new PlainSlots(1, g));
        assertFalse(a instanceof FolioAllocator);
        assertTrue(a.toString().startsWith("SwapCountTable(0 slots in use"));
        assertEquals(1, a.type());
        assertEquals(g, a.geometry());
        assertInstanceOf(PlainSlots.class, ((SwapCountTable) a).allocator());
    }

    @Test
    void theCountStopsAtItsLimit() {
        final SwapCountTable a = (SwapCountTable) SwapCountTable.withSwapCounts(new PlainSlots(1, g));
        final long e = a.allocate(0);
        for (int i = 0; i < 3; i++) {
            a.dup(e);
        }
        assertEquals(3, a.countOf(e));
        a.presetCount(e, SwapResult.MAX_SWAP_COUNT - 1);
        assertEquals(SwapResult.OK, a.dup(e), "the specification's limit, 2^31 - 1, is reached");
        assertEquals(SwapResult.MAX_SWAP_COUNT, a.countOf(e));
        assertTrue(a.isCached(e), "the cache flag is kept beside the largest count");
        assertEquals(SwapResult.COUNT_OVERFLOW, a.dup(e), "and not passed");
        assertEquals(SwapResult.MAX_SWAP_COUNT, a.countOf(e), "COUNT_OVERFLOW changes nothing");
        assertFalse(a.put(e));
        assertEquals(SwapResult.MAX_SWAP_COUNT - 1, a.countOf(e));
        assertEquals(SwapResult.MAX_SWAP_COUNT, SwapCountTable.MAX_COUNT);
    }

    @Test
    void entriesOfAnotherDeviceOrACompoundHandleAreRejected() {
        final SlotAllocator a = SwapCountTable.withSwapCounts(new PlainSlots(1, g));
        final SwapCounts c = (SwapCounts) a;
        final long e = a.allocate(0);
        assertThrows(IllegalArgumentException.class, () -> c.dup(SwapEntry.of(2, SwapEntry.offset(e))));
        assertThrows(IllegalArgumentException.class, () -> c.countOf(SwapEntry.compound(1, 3)));
        assertThrows(IllegalArgumentException.class, () -> c.cacheAdd(SwapEntry.of(1, 0)));
    }

    @Test
    void noneTakesNothingIntoTheTable() {
        final Geometry small = Geometry.builder(16).clusterSlots(4).maxOrder(2).build();
        final SwapCountTable a = (SwapCountTable) SwapCountTable.withSwapCounts(new PlainSlots(1, small));
        final long first = a.allocate(0);
        for (int i = 0; i < 3; i++) {
            a.allocate(2);
        }
        assertEquals(SlotAllocator.NONE, a.allocate(2), "cluster 0 holds the header and slot 1");
        assertFalse(a.isCached(SwapEntry.of(1, 2)), "slot 2 is free: NONE took nothing");
        assertEquals(0, a.countOf(SwapEntry.of(1, 3)));
        assertTrue(a.isCached(first));
        final SlotAllocator f = SwapCountTable.withSwapCounts(new FolioOnly(new BuddyAllocator(1, small)));
        ((FolioAllocator) f).allocateFolio(0);
        for (int i = 0; i < 3; i++) {
            ((FolioAllocator) f).allocateFolio(2);
        }
        assertEquals(SlotAllocator.NONE, ((FolioAllocator) f).allocateFolio(2), "two free slots hold no folio of 4");
        assertFalse(((SwapCounts) f).isCached(SwapEntry.of(1, 2)), "slot 2 is free: NONE took nothing");
    }

    @Test
    void aFreedSlotLeavesTheTableAndItsNeighboursStay() {
        final SwapCountTable a = (SwapCountTable) SwapCountTable.withSwapCounts(new PlainSlots(1, g));
        final long x = a.allocate(0);
        final long y = a.allocate(0);
        assertEquals(SwapEntry.offset(x) + 1, SwapEntry.offset(y), "adjacent slots");
        a.dup(x);
        a.dup(y);
        a.free(x, 1);
        assertEquals(0, a.countOf(x), "the freed slot left the table");
        assertFalse(a.isCached(x));
        assertEquals(1, a.countOf(y), "its neighbour kept its count");
        assertTrue(a.isCached(y));
        assertEquals(SwapResult.ALREADY_CACHED, a.cacheAdd(y));
        assertEquals(SwapResult.NOT_IN_USE, a.cacheAdd(x));
        assertThrows(IllegalStateException.class, () -> a.dup(x), "a freed slot is not in use");
    }

    @Test
    void misuseNamesAFreeSlotAndABadSlotApart() {
        final Geometry bad = Geometry.builder(64).clusterSlots(16).badSlots(9).build();
        final SwapCounts c = (SwapCounts) SwapCountTable.withSwapCounts(new PlainSlots(1, bad));
        assertEquals("slot 9: reserved (bad slot) (expected: in use)",
                assertThrows(IllegalStateException.class, () -> c.dup(SwapEntry.of(1, 9))).getMessage());
        assertEquals("slot 20: free (expected: in use)",
                assertThrows(IllegalStateException.class, () -> c.put(SwapEntry.of(1, 20))).getMessage());
        assertEquals("slot 9: reserved (bad slot) (expected: in use)",
                assertThrows(IllegalStateException.class, () -> c.cacheAdd(SwapEntry.of(1, 9))).getMessage());
    }

    /**
     * The folio view's descriptor count is the allocator's own: a compound folio's descriptor counts while any of its
     * pages is swapped out and goes with the last, so a leaked descriptor shows through the table.
     */
    @Test
    void theFolioViewCountsTheAllocatorsCompoundDescriptors() {
        final Geometry small = Geometry.builder(64).clusterSlots(16).maxOrder(2).build();
        final BuddyAllocator buddy = new BuddyAllocator(1, small);
        final FolioAllocator f = (FolioAllocator) SwapCountTable.withSwapCounts(new FolioOnly(buddy));
        final long[] held = new long[(int) small.totalSlots()];
        for (long e = f.allocate(0); e != SlotAllocator.NONE; e = f.allocate(0)) {
            held[(int) SwapEntry.offset(e)] = e;
        }
        assertEquals(0, f.freeSlots(), "the device is full");
        assertEquals(0, f.descriptorCount(), "single slots need no descriptor");
        for (final int slot : new int[] {5, 17, 29, 41}) { // one free slot in each of four aligned blocks of four
            f.free(held[slot], 1);
        }
        final long h = f.allocateFolio(2);
        assertTrue(SwapEntry.isCompound(h), "four scattered free slots hold an order-2 folio only as a compound one");
        assertEquals(4, f.extents(h, 2));
        assertEquals(1, f.descriptorCount(), "the live compound folio's descriptor");
        assertEquals(buddy.descriptorCount(), f.descriptorCount());
        f.freeFolioPages(h, 2, 0, 3);
        assertEquals(1, f.descriptorCount(), "one page still swapped out keeps the descriptor");
        f.freeFolioPages(h, 2, 3, 1);
        assertEquals(0, f.descriptorCount(), "the descriptor went with the last page");
        assertEquals(buddy.descriptorCount(), f.descriptorCount());
        assertEquals(4, f.freeSlots());
    }

    /** A buddy allocator seen only as {@link FreePaths}, counting the frees of swap-in that reach it. */
    private static final class SwappedInFreesOnly extends ForwardingSlotAllocator<BuddyAllocator>
            implements FreePaths {
        int swappedInFrees;

        SwappedInFreesOnly(final BuddyAllocator b) {
            super(b);
        }

        @Override
        public void freeSwappedIn(final long entry, final long nrSlots) {
            swappedInFrees++;
            delegate().free(entry, nrSlots);
        }
    }

    /** The buddy allocator's folio calls without its swap counts. */
    private static final class FolioOnly extends ForwardingFolioAllocator<BuddyAllocator> {
        FolioOnly(final BuddyAllocator b) {
            super(b);
        }
    }
}
