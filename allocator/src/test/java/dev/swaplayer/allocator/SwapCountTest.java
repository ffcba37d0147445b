package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Snapshot;
import dev.swaplayer.spec.SwapResult;
import org.junit.jupiter.api.Test;

/**
 * What the buddy allocator's swap counts add to the shared contract ({@link BuddyContractTest}): the
 * inline/extended count encoding (0..126 in the state byte, then the cluster's extend table up to 2^31-1),
 * the count limit, and misuse on reserved slots.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own allocators.
 */
class SwapCountTest {
    private final Geometry g = Geometry.builder(64).clusterSlots(16).build();
    private final BuddyAllocator a = new BuddyAllocator(2, g);

    @Test
    void countsCrossIntoTheExtendTableAndBack() {
        final long e = a.allocate(0);
        for (int i = 0; i < 130; i++) {
            assertEquals(SwapResult.OK, a.dup(e));
        }
        assertEquals(130, a.countOf(e));
        a.checkConsistency();
        for (int i = 0; i < 5; i++) {
            a.put(e);
        }
        assertEquals(125, a.countOf(e), "back inline");
        assertEquals(0, a.clusterForTest(0).extendedEntries(), "the extend entry went with the inline count");
        a.checkConsistency();
        a.setCountForTest(e, 127);
        assertEquals(127, a.countOf(e), "127 is the first extended count");
        assertTrue(a.isCached(e), "the cache bit survives the extended encoding");
    }

    @Test
    void countLimitIsTwoToTheThirtyOneMinusOne() {
        final long e = a.allocate(0);
        a.setCountForTest(e, Integer.MAX_VALUE - 1);
        assertEquals(SwapResult.OK, a.dup(e));
        assertEquals(Integer.MAX_VALUE, a.countOf(e));
        final Snapshot before = Snapshot.of(a.view());
        assertEquals(SwapResult.COUNT_OVERFLOW, a.dup(e));
        assertEquals(null, before.firstDifference(Snapshot.of(a.view())), "overflow changes nothing");
        assertFalse(a.put(e));
        assertEquals(Integer.MAX_VALUE - 1, a.countOf(e));
    }

    @Test
    void freeingAnExtendedSlotClearsItsExtendEntry() {
        final long e = a.allocate(0);
        a.setCountForTest(e, 1000);
        a.free(e, 1);
        final long again = a.allocate(0);
        assertEquals(e, again, "lowest address again");
        assertEquals(0, a.countOf(again), "no stale extended count");
        assertEquals(0, a.clusterForTest(0).extendedEntries(), "freeing dropped the extend entry");
        a.checkConsistency();
    }

    @Test
    void misuseThrowsAndChangesNothing() {
        final long e = a.allocate(0);
        final Snapshot before = Snapshot.of(a.view());
        assertEquals("swap count of slot 1: 0 (expected: > 0 to put; the slot is held only by the swap cache)",
                assertThrows(IllegalStateException.class, () -> a.put(e)).getMessage());
        final long free = SwapEntry.of(2, 40);
        assertEquals("slot 40: free (expected: in use)",
                assertThrows(IllegalStateException.class, () -> a.dup(free)).getMessage());
        assertEquals("slot 40: free (expected: in use)",
                assertThrows(IllegalStateException.class, () -> a.put(free)).getMessage());
        assertEquals("slot 40: free (expected: in use)",
                assertThrows(IllegalStateException.class, () -> a.cacheDel(free)).getMessage());
        a.dup(e);
        a.cacheDel(e);
        final Snapshot mid = Snapshot.of(a.view());
        assertEquals("swap cache flag of slot 1: clear (expected: set to delete it)",
                assertThrows(IllegalStateException.class, () -> a.cacheDel(e)).getMessage());
        assertEquals(null, mid.firstDifference(Snapshot.of(a.view())));
        assertEquals("entry type: 5 (expected: 2, this device)",
                assertThrows(IllegalArgumentException.class, () -> a.dup(SwapEntry.of(5, 1))).getMessage());
        assertEquals("slot: 0 (expected: 1..63)",
                assertThrows(IllegalArgumentException.class, () -> a.dup(SwapEntry.NONE | 2L << 58)).getMessage());
        assertEquals("slot: 64 (expected: 1..63)",
                assertThrows(IllegalArgumentException.class, () -> a.cacheAdd(SwapEntry.of(2, 64))).getMessage());
        assertTrue(before.firstDifference(Snapshot.of(a.view())) != null, "the dup and cacheDel above did change");
    }

    @Test
    void reservedSlotsAreNeverInUse() {
        final BuddyAllocator bad = new BuddyAllocator(0, Geometry.builder(32).clusterSlots(16).badSlots(7).build());
        assertEquals("slot 7: reserved (bad slot) (expected: in use)",
                assertThrows(IllegalStateException.class, () -> bad.cacheAdd(SwapEntry.of(0, 7))).getMessage());
        assertEquals("slot 7: reserved (bad slot) (expected: in use)",
                assertThrows(IllegalStateException.class, () -> bad.free(SwapEntry.of(0, 7), 1)).getMessage());
        assertEquals(0, bad.countOf(SwapEntry.of(0, 7)));
        assertFalse(bad.isCached(SwapEntry.of(0, 7)));
    }
}
