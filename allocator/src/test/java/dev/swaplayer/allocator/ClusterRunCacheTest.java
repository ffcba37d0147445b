package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import org.junit.jupiter.api.Test;

/**
 * The cached runs of free chunks of a cluster ({@link ClusterFreeBlocks#freeRuns}, {@link FreeRuns})
 * after each change of its free-block maps, read in either order: a stale cache would hand the compound
 * placement runs that are no longer there, or miss new ones. The frees are of three slots, never one aligned
 * block, so that none is held back ({@link HeldBlock}) and every one reaches the maps.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own allocators.
 */
class ClusterRunCacheTest {
    /** The cluster's runs as {start, length} pairs, found or kept. */
    private static int[] runs(final Cluster cl, final long[] scratch) {
        return FreeRunsTest.runs(cl.freeRuns(0, scratch));
    }

    /** The cluster's {length, count} pairs, longest first. */
    private static int[] lengths(final Cluster cl, final long[] scratch) {
        return FreeRunsTest.lengths(cl.freeRuns(0, scratch));
    }

    /** Three clusters of 16 slots (slot 0 reserved), every slot allocated one at a time. */
    private static BuddyAllocator threeFullClustersOf16(final boolean aligned) {
        final BuddyAllocator a = new BuddyAllocator(0,
                Geometry.builder(48).clusterSlots(16).maxOrder(4).aligned(aligned).build());
        while (a.allocate(0) != SwapEntry.NONE) {
            // fill
        }
        return a;
    }

    @Test
    void theRunsFollowEveryChangeOfTheMaps() {
        final BuddyAllocator a = HeldBlockTest.fullClusterZero(Fault.NONE);
        final Cluster cl = a.clusterForTest(0);
        final long[] scratch = new long[cl.usableWords()];
        assertArrayEquals(new int[0], runs(cl, scratch), "a full cluster has no runs");

        a.free(SwapEntry.of(0, 20), 3);
        assertArrayEquals(new int[] {20, 3}, runs(cl, scratch));
        a.free(SwapEntry.of(0, 30), 3);
        assertArrayEquals(new int[] {20, 3, 30, 3}, runs(cl, scratch), "runs read right after a free");
        assertArrayEquals(new int[] {3, 2}, lengths(cl, scratch));

        a.free(SwapEntry.of(0, 23), 3);
        assertArrayEquals(new int[] {6, 1, 3, 1}, lengths(cl, scratch), "lengths read first, longest first");
        assertArrayEquals(new int[] {20, 6, 30, 3}, runs(cl, scratch));

        a.free(SwapEntry.of(0, 100), 3);
        a.free(SwapEntry.of(0, 200), 3);
        assertArrayEquals(new int[] {6, 1, 3, 3}, lengths(cl, scratch));
        final long taken = SwapEntry.offset(a.allocate(0));
        final int[] runs = runs(cl, scratch);
        int free = 0;
        for (int i = 0; i < runs.length; i += 2) {
            free += runs[i + 1];
            assertEquals(false, taken >= runs[i] && taken < runs[i] + runs[i + 1], "slot " + taken + " still in a run");
        }
        assertEquals(6 + 3 * 3 - 1, free, "the runs after an allocation");
        a.checkConsistency();
    }

    @Test
    void aCompoundPlacementShortensTheRunsItTakesInsteadOfDroppingThem() {
        final BuddyAllocator a = threeFullClustersOf16(true);
        a.free(SwapEntry.of(0, 17), 3);
        a.free(SwapEntry.of(0, 24), 6);
        a.free(SwapEntry.of(0, 40), 4);
        final long folio = a.allocateFolio(3);
        assertEquals(2, a.extents(folio, 3), "the run of 6 at 24 whole, 2 from the start of the run of 3 at 17");
        final Cluster one = a.clusterForTest(1);
        assertTrue(one.runsCurrentForTest(), "the placement kept cluster 1's runs current");
        final long[] scratch = new long[one.usableWords()];
        assertArrayEquals(new int[] {3, 1}, runs(one, scratch), "17..18 taken: 19 is left; 24..29 gone");
        assertArrayEquals(new int[] {1, 1}, lengths(one, scratch));
        assertArrayEquals(new int[] {8, 4}, runs(a.clusterForTest(2), scratch), "cluster 2 untouched");
        a.checkConsistency(); // the audit finds the runs afresh and compares
        a.free(SwapEntry.of(0, 20), 3);
        assertFalse(one.runsCurrentForTest(), "a free drops the cache");
        assertArrayEquals(new int[] {3, 4}, runs(one, scratch), "19 and the three freed: one run");
    }

    @Test
    void anUnalignedTakeFromStaleRunsLeavesThemStale() {
        final BuddyAllocator a = threeFullClustersOf16(false);
        a.free(SwapEntry.of(0, 17), 3);
        a.free(SwapEntry.of(0, 24), 6);
        a.free(SwapEntry.of(0, 41), 4); // not an aligned block of 4: no contiguous folio fits anywhere
        assertEquals(2, a.extents(a.allocateFolio(3), 3), "6 at 24 and 2 of the 3 at 17");
        final Cluster two = a.clusterForTest(2);
        assertTrue(two.runsCurrentForTest(), "the placement read cluster 2's runs: {9, 4}");
        a.free(SwapEntry.of(0, 37), 3); // 37..39: the maps change, the runs go stale
        assertFalse(two.runsCurrentForTest());
        assertEquals(41, SwapEntry.offset(a.allocate(2)), "no aligned block of 4 is free: the lowest run of 4");
        assertFalse(two.runsCurrentForTest(), "a take from stale runs does not make them current");
        final long[] scratch = new long[two.usableWords()];
        assertArrayEquals(new int[] {5, 3}, runs(two, scratch));
        a.checkConsistency();
    }

    @Test
    void fiveRunsTheLastToTheClustersEnd() {
        final BuddyAllocator a = HeldBlockTest.fullClusterZero(Fault.NONE);
        final Cluster cl = a.clusterForTest(0);
        for (final int at : new int[] {20, 30, 40, 100, 509}) {
            a.free(SwapEntry.of(0, at), 3);
        }
        assertArrayEquals(new int[] {20, 3, 30, 3, 40, 3, 100, 3, 509, 3}, runs(cl, new long[cl.usableWords()]));
        a.checkConsistency();
    }

    @Test
    void aRunGoesOnAcrossTheWordsOfTheMap() {
        final BuddyAllocator a = HeldBlockTest.fullClusterZero(Fault.NONE);
        final Cluster cl = a.clusterForTest(0);
        final long[] scratch = new long[cl.usableWords()];
        a.free(SwapEntry.of(0, 50), 33); // 50..82: from word 0 into word 1
        a.free(SwapEntry.of(0, 120), 260); // 120..379: through words 2..4, each wholly free, into word 5
        assertArrayEquals(new int[] {50, 33, 120, 260}, runs(cl, scratch), "one run each, not cut at a word's end");
        assertArrayEquals(new int[] {260, 1, 33, 1}, lengths(cl, scratch));
        a.checkConsistency();
    }
}
