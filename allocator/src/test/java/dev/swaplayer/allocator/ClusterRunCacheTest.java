package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swaplayer.entry.SwapEntry;
import org.junit.jupiter.api.Test;

/**
 * The cached runs of free chunks of a cluster ({@link ClusterFreeBlocks#runs}, {@link ClusterFreeBlocks#runLengths})
 * after each change of its free-block maps, read in either order: a stale cache would hand the compound
 * placement runs that are no longer there, or miss new ones. The frees are of three slots, never one aligned
 * block, so that none is held back ({@link HeldBlock}) and every one reaches the maps.
 */
class ClusterRunCacheTest {

    @Test
    void theRunsFollowEveryChangeOfTheMaps() {
        final BuddyAllocator a = HeldBlockTest.fullClusterZero(Fault.NONE);
        final Cluster cl = a.clusterForTest(0);
        final long[] scratch = new long[cl.usableWords()];
        assertArrayEquals(new int[0], cl.runs(0, scratch), "a full cluster has no runs");

        a.free(SwapEntry.of(0, 20), 3);
        assertArrayEquals(new int[] {20, 3}, cl.runs(0, scratch));
        a.free(SwapEntry.of(0, 30), 3);
        assertArrayEquals(new int[] {20, 3, 30, 3}, cl.runs(0, scratch), "runs read right after a free");
        assertArrayEquals(new int[] {3, 2}, cl.runLengths(0, scratch));

        a.free(SwapEntry.of(0, 23), 3);
        assertArrayEquals(new int[] {6, 1, 3, 1}, cl.runLengths(0, scratch), "lengths read first, longest first");
        assertArrayEquals(new int[] {20, 6, 30, 3}, cl.runs(0, scratch));

        a.free(SwapEntry.of(0, 100), 3);
        a.free(SwapEntry.of(0, 200), 3);
        assertArrayEquals(new int[] {6, 1, 3, 3}, cl.runLengths(0, scratch));
        final long taken = SwapEntry.offset(a.allocate(0));
        final int[] runs = cl.runs(0, scratch);
        int free = 0;
        for (int i = 0; i < runs.length; i += 2) {
            free += runs[i + 1];
            assertEquals(false, taken >= runs[i] && taken < runs[i] + runs[i + 1], "slot " + taken + " still in a run");
        }
        assertEquals(6 + 3 * 3 - 1, free, "the runs after an allocation");
        a.checkConsistency();
    }

    @Test
    void aRunGoesOnAcrossTheWordsOfTheMap() {
        final BuddyAllocator a = HeldBlockTest.fullClusterZero(Fault.NONE);
        final Cluster cl = a.clusterForTest(0);
        final long[] scratch = new long[cl.usableWords()];
        a.free(SwapEntry.of(0, 50), 33); // 50..82: from word 0 into word 1
        a.free(SwapEntry.of(0, 120), 260); // 120..379: through words 2..4, each wholly free, into word 5
        assertArrayEquals(new int[] {50, 33, 120, 260}, cl.runs(0, scratch), "one run each, not cut at a word's end");
        assertArrayEquals(new int[] {260, 1, 33, 1}, cl.runLengths(0, scratch));
        a.checkConsistency();
    }
}
