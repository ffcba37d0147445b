package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Placement;
import dev.swaplayer.spec.SlotState;
import dev.swaplayer.spec.SwapResult;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked cases of the block held back for the next allocation ({@link HeldBlock}): when a freed block is held
 * and when it is given back, that every observation sees a held slot as free, and that the planted
 * {@link Fault#RETAKE_UNCHECKED} places differently (the properties and the explorer must catch it).
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own allocators; the shared geometry is
 * immutable.
 */
class HeldBlockTest {
    /** 1 GiB of 4 KiB slots: clusters of 512, pageblocks of 16 slots (order 4). */
    private static final Geometry KERNEL = Geometry.builder(4096).build();

    private static long slot(final long entry) {
        return SwapEntry.offset(entry);
    }

    /** Cluster 0 full: slots 1..511 allocated one at a time (slot 0 is the header). ClusterRunCacheTest uses it too. */
    static BuddyAllocator fullClusterZero(final Fault fault) {
        final BuddyAllocator a = BuddyAllocator.withFault(0, KERNEL, fault);
        for (int i = 1; i < 512; i++) {
            assertEquals(i, slot(a.allocate(0)));
        }
        return a;
    }

    private static void free(final BuddyAllocator a, final long slot, final long n) {
        a.free(SwapEntry.of(0, slot), n);
    }

    @Test
    void theOnlyFreeSlotOfTheLowestSmallPageblockIsHeldAndTakenBack() {
        final BuddyAllocator a = fullClusterZero(Fault.NONE);
        final long free = a.freeSlots();
        free(a, 100, 1);
        assertEquals(100, a.heldSlotForTest(), "pageblock 96..111 is small and full, and no small one is open");
        assertEquals(free + 1, a.freeSlots(), "counted free while held");
        assertEquals(511 - 1, a.usedSlots());
        assertEquals(100, slot(a.allocate(0)));
        assertEquals(-1, a.heldSlotForTest());
        assertEquals(free, a.freeSlots());
        a.checkConsistency();
    }

    @Test
    void aHeldSlotIsFreeToEveryObserver() {
        final BuddyAllocator a = fullClusterZero(Fault.NONE);
        free(a, 100, 1);
        assertEquals(SlotState.FREE, a.view().state(100));
        assertEquals(0, a.countOf(SwapEntry.of(0, 100)));
        assertFalse(a.isCached(SwapEntry.of(0, 100)));
        assertEquals(SwapResult.NOT_IN_USE, a.cacheAdd(SwapEntry.of(0, 100)));
        final IllegalStateException dup = assertThrows(IllegalStateException.class, () -> a.dup(SwapEntry.of(0, 100)));
        assertTrue(dup.getMessage().contains("100"), dup.getMessage());
        final RuntimeException twice = assertThrows(RuntimeException.class, () -> free(a, 100, 1));
        assertTrue(twice.getMessage().contains("100"), twice.getMessage());
        assertEquals(1, a.fragmentation().toArray()[0], "buddyinfo counts the held slot: the one free order-0 block");
        final long[] listed = new long[2];
        a.view().forEachFreeBlock((start, order) -> {
            if (start < 512) {
                listed[0] = start;
                listed[1]++;
            }
        });
        assertArrayEquals(new long[] {100, 1}, listed, "the free-block view lists it, the one free block of cluster 0");
        a.checkConsistency();
        assertEquals(100, a.heldSlotForTest(), "the refused calls, the views and the audit left it held");
        assertEquals(100, slot(a.allocate(0)));
    }

    @Test
    void aSlotTheRuleWouldNotChooseIsGivenBack() {
        final BuddyAllocator a = fullClusterZero(Fault.NONE);
        free(a, 100, 1);
        free(a, 50, 1);
        assertEquals(50, a.heldSlotForTest(), "100 given back; pageblock 48..63 lies below 96..111");
        free(a, 200, 1);
        assertEquals(-1, a.heldSlotForTest(), "pageblock 48..63 is open and lower: 200 is not the next choice");
        assertEquals(50, slot(a.allocate(0)));
        assertEquals(100, slot(a.allocate(0)));
        assertEquals(200, slot(a.allocate(0)));
        a.checkConsistency();
    }

    @Test
    void aSlotWithAFreeNeighbourInItsPageblockIsGivenBack() {
        final BuddyAllocator a = fullClusterZero(Fault.NONE);
        free(a, 101, 1);
        assertEquals(101, slot(a.allocate(0)), "held and taken back");
        free(a, 101, 1);
        free(a, 100, 1);
        assertEquals(-1, a.heldSlotForTest(), "100 would merge with 101 into 100/1");
        assertEquals(100, slot(a.allocate(0)), "the smallest block of the pageblock, split: 100, then 101");
        assertEquals(101, slot(a.allocate(0)));
        a.checkConsistency();
    }

    @Test
    void aBlockOfThePageblockOrderIsHeldForBestFit() {
        final BuddyAllocator a = new BuddyAllocator(0, KERNEL);
        final long[] blocks = new long[8];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = slot(a.allocate(4));
        }
        assertArrayEquals(new long[] {16, 32, 48, 64, 80, 96, 112, 128}, blocks);
        a.free(SwapEntry.of(0, 64), 16);
        assertEquals(64, a.heldSlotForTest(), "its buddy 80/4 is in use, and no order-4 block lies lower");
        assertEquals(4, slot(a.allocate(2)), "order 2: the hole 4/2 of the header's small pageblock");
        assertEquals(-1, a.heldSlotForTest(), "an allocation of another order gave it back first");
        assertEquals(64, slot(a.allocate(4)), "and the rule still takes it");
        a.free(SwapEntry.of(0, 96), 16);
        a.free(SwapEntry.of(0, 112), 16);
        assertEquals(-1, a.heldSlotForTest(), "112/4 would merge with its free buddy 96/4");
        a.checkConsistency();
    }

    @Test
    void aBlockWhoseHigherBuddyIsFreeIsGivenBackToMerge() {
        final BuddyAllocator a = new BuddyAllocator(0, KERNEL);
        for (int i = 0; i < 8; i++) {
            assertEquals(16 + 16 * i, slot(a.allocate(4)));
        }
        a.free(SwapEntry.of(0, 112), 16);
        assertEquals(112, a.heldSlotForTest(), "its buddy 96/4 is in use, and no order-4 block lies lower");
        a.free(SwapEntry.of(0, 96), 16);
        assertEquals(-1, a.heldSlotForTest(), "96/4 merges with its free buddy 112/4, which lies higher");
        final long[] listed = new long[2];
        a.view().forEachFreeBlock((start, order) -> {
            if (start >= 96 && start < 128) {
                listed[0] = start;
                listed[1] = order;
            }
        });
        assertArrayEquals(new long[] {96, 5}, listed, "one free block 96/5, not two of order 4");
        assertEquals(96, slot(a.allocate(5)));
        a.checkConsistency();
    }

    @Test
    void aFreeThatEmptiesItsClusterIsNotHeld() {
        for (final Placement rule : Placement.values()) {
            final BuddyAllocator a = new BuddyAllocator(0, KERNEL, rule);
            assertEquals(512, slot(a.allocate(KERNEL.maxOrder())), rule + ": cluster 1 whole");
            assertTrue(a.view().hasClusterMetadata(1));
            a.free(SwapEntry.of(0, 512), 512);
            assertEquals(-1, a.heldSlotForTest(), rule + ": a held block never leaves its cluster wholly free");
            assertFalse(a.view().hasClusterMetadata(1), rule + ": the wholly free cluster drops its metadata");
            a.checkConsistency();
        }
    }

    @Test
    void bestFitHoldsOnlyWhatItWouldTakeBack() {
        final BuddyAllocator a = new BuddyAllocator(0, KERNEL, Placement.BEST_FIT);
        for (int i = 1; i < 512; i++) {
            assertEquals(i, slot(a.allocate(0)));
        }
        a.free(SwapEntry.of(0, 300), 1);
        assertEquals(300, a.heldSlotForTest());
        a.free(SwapEntry.of(0, 200), 1);
        assertEquals(200, a.heldSlotForTest(), "300 given back; 200 is the lower order-0 block");
        a.free(SwapEntry.of(0, 400), 1);
        assertEquals(-1, a.heldSlotForTest(), "200 is lower");
        assertEquals(200, slot(a.allocate(0)));
        assertEquals(300, slot(a.allocate(0)));
        assertEquals(400, slot(a.allocate(0)));
        a.checkConsistency();
    }

    @Test
    void bestFitTakingBackASlotOfALargePageblockMarksItSmall() {
        final BuddyAllocator a = new BuddyAllocator(0, KERNEL, Placement.BEST_FIT);
        for (int i = 1; i < 16; i++) {
            assertEquals(i, slot(a.allocate(0)), "the header's pageblock");
        }
        assertEquals(16, slot(a.allocate(4)), "a folio fills the large pageblock 16..31");
        assertFalse(a.view().smallPageblock(16));
        a.free(SwapEntry.of(0, 20), 1); // one page of it: the only free block of order 0
        assertEquals(20, a.heldSlotForTest());
        assertEquals(20, slot(a.allocate(0)));
        assertTrue(a.view().smallPageblock(16), "an order-0 allocation marks its pageblock small, held or not");
        a.checkConsistency();
    }

    @Test
    void aCopyHoldsTheSameBlock() {
        final BuddyAllocator a = fullClusterZero(Fault.NONE);
        free(a, 100, 1);
        final BuddyAllocator b = a.copy();
        assertEquals(SlotState.FREE, b.observe(v -> v.state(100)));
        assertEquals(100, a.heldSlotForTest());
        assertEquals(100, b.heldSlotForTest(), "the copy holds the same block");
        assertEquals(100, slot(b.allocate(0)));
        assertEquals(-1, b.heldSlotForTest());
        assertEquals(100, a.heldSlotForTest(), "the original's is its own");
        assertEquals(100, slot(a.allocate(0)));
        a.checkConsistency();
        b.checkConsistency();
    }

    @Test
    void theAuditChecksAHeldBlock() {
        final BuddyAllocator a = fullClusterZero(Fault.NONE);
        free(a, 100, 1);
        a.clusterForTest(0).markAllocated(100); // a planted defect: the held slot's state byte set again
        final AssertionError e = assertThrows(AssertionError.class, a::checkConsistency);
        assertTrue(e.getMessage().contains("held block 100/0") && e.getMessage().contains("in use"), e.getMessage());
    }

    @Test
    void theAuditChecksEverySlotOfAHeldBlockOfOrderOne() {
        final BuddyAllocator a = fullClusterZero(Fault.NONE);
        free(a, 100, 2);
        assertEquals(100, a.heldSlotForTest(), "100/1 is the lowest free block of order 1 in a small pageblock");
        a.checkConsistency();
        a.clusterForTest(0).markAllocated(101); // a planted defect: the block's second slot marked in use again
        final AssertionError e = assertThrows(AssertionError.class, a::checkConsistency);
        assertTrue(e.getMessage().contains("held block 100/1") && e.getMessage().contains("slot 101 in use"),
                e.getMessage());
    }

    @Test
    void theAuditNamesAHeldSlotThatIsAlsoInTheFreeMaps() {
        final BuddyAllocator a = fullClusterZero(Fault.NONE);
        free(a, 100, 1);
        a.clusterForTest(0).addHead(0, 100, new long[KERNEL.maxOrder() + 1]); // a planted defect: held and free
        final AssertionError e = assertThrows(AssertionError.class, a::checkConsistency);
        assertTrue(e.getMessage().contains("held block 100/0") && e.getMessage().contains("slot 100 also in the free"
                + " maps"), e.getMessage());
    }

    @Test
    void theAuditNamesAHeldSlotThatIsNoLongerMarkedHeld() {
        final BuddyAllocator a = fullClusterZero(Fault.NONE);
        free(a, 100, 1);
        a.clusterForTest(0).setHeld(0, 0); // a planted defect: the cluster forgets the slot it holds
        final AssertionError e = assertThrows(AssertionError.class, a::checkConsistency);
        assertTrue(e.getMessage().contains("held block 100/0") && e.getMessage().contains("not held"), e.getMessage());
    }

    @Test
    void theAuditCatchesAHeldRunThatCoversASlotInUse() {
        final BuddyAllocator a = BuddyAllocator.withFault(0, KERNEL, Fault.NONE);
        for (int i = 1; i < 512; i++) {
            a.allocate(0);
        }
        free(a, 64, 1);
        assertEquals(64, a.heldSlotForTest());
        a.clusterForTest(0).setHeld(64, 2); // a planted defect: the held run covers slot 65, which is in use
        final AssertionError e = assertThrows(AssertionError.class, a::checkConsistency);
        assertTrue(e.getMessage().contains("slot 65"), e.getMessage());
    }

    @Test
    void anAllocatorWithAnotherPlantedBugHoldsNothing() {
        for (final Fault f : new Fault[] {Fault.SKIP_TOP_COALESCE, Fault.IGNORE_ALIGNMENT}) {
            final BuddyAllocator a = fullClusterZero(f);
            free(a, 100, 1);
            assertEquals(-1, a.heldSlotForTest(), f + ": a planted bug must act as written, without the fast path");
            assertEquals(100, slot(a.allocate(0)));
        }
    }

    @Test
    void theUncheckedRetakeTakesTheBlockJustFreedOverALowerOne() {
        final BuddyAllocator real = fullClusterZero(Fault.NONE);
        final BuddyAllocator broken = fullClusterZero(Fault.RETAKE_UNCHECKED);
        for (final BuddyAllocator a : new BuddyAllocator[] {real, broken}) {
            free(a, 50, 1);
            free(a, 200, 1);
        }
        assertEquals(50, slot(real.allocate(0)), "the rule: the lowest small pageblock with a free slot");
        assertEquals(200, slot(broken.allocate(0)), "the planted bug: the slot just freed");
    }
}
