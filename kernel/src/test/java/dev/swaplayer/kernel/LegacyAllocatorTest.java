package dev.swaplayer.kernel;

import static dev.swaplayer.kernel.KernelFixtures.alloc;
import static dev.swaplayer.kernel.KernelFixtures.entry;
import static dev.swaplayer.kernel.KernelFixtures.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked scenarios of the 6.10 model on 4 clusters of 64 slots: FREE starts as [1, 2, 3] and cluster 0
 * (the header's) is on no list, reachable only by the global order-0 scan.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own models; the CPUs it switches between with
 * {@code setCpu} are the model's, not threads.
 */
class LegacyAllocatorTest {

    @Test
    void setupPutsEveryWhollyFreeClusterOnFreeInOrder() {
        final LegacyAllocator a = new LegacyAllocator(0, small(), 1);
        assertArrayEquals(new int[] {1, 2, 3}, a.freeClusters());
        assertEquals("Cluster(0: NONE, 1/64)", a.describeCluster(0));
        assertEquals("Cluster(1: FREE, 0/64)", a.describeCluster(1));
        assertEquals(255, a.freeSlots());
        // Cluster 0 without its header: one free block of each order 0..5; clusters 1..3: one of order 6.
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 3}, a.fragmentation().toArray());
        a.checkConsistency();
    }

    @Test
    void freeListOrderInterleavesLikeSwaponForLargeDevices() {
        // 64 clusters of 512 slots, SWAP_CLUSTER_COLS = 32: columns 0, 1, ... each holding clusters j, j + 32.
        final LegacyAllocator a = new LegacyAllocator(0, Geometry.builder(64 * 512).build(), 1);
        final int[] free = a.freeClusters();
        assertArrayEquals(new int[] {32, 1, 33, 2, 34}, Arrays.copyOf(free, 5));
        assertEquals(63, free.length);
    }

    @Test
    void orderFourFillsAWhollyFreeClusterSequentiallyThenTakesTheNext() {
        final LegacyAllocator a = new LegacyAllocator(0, small(), 1);
        for (final long expected : new long[] {64, 80, 96, 112, 128}) {
            assertEquals(expected, alloc(a, 4));
        }
        assertEquals("Cluster(1: NONE, 64/64)", a.describeCluster(1));
        assertEquals("Cluster(2: NONE, 16/64)", a.describeCluster(2));
        assertArrayEquals(new int[] {3}, a.freeClusters());
        assertEquals(144, a.hint(0, 4));
        a.checkConsistency();
    }

    /**
     * Section 6.3: once no cluster is wholly free, order 4 fails although most free slots lie in aligned runs
     * of 16; order 0 still succeeds through the global scan. Also pins the global scan's trace: it starts just
     * after the scan base, which is the last slot + 1, so single-slot calls take every other free slot.
     */
    @Test
    void orderFourFailsWithoutAWhollyFreeClusterAlthoughManySlotsAreFree() {
        final LegacyAllocator a = new LegacyAllocator(0, small(), 1);
        for (int i = 0; i < 192; i++) {
            assertEquals(64 + i, alloc(a, 0), "per-CPU clusters 1, 2, 3 in turn");
        }
        assertEquals(1, alloc(a, 0));
        assertEquals(3, alloc(a, 0));
        assertEquals(5, alloc(a, 0));
        while (a.allocate(0) != SlotAllocator.NONE) {
            a.checkConsistency();
        }
        assertEquals(0, a.freeSlots());
        a.free(entry(16), 48);
        a.free(entry(64), 63);
        a.free(entry(128), 63);
        a.free(entry(192), 63);
        assertEquals(237, a.freeSlots());
        assertEquals(0, a.freeClusters().length);
        assertTrue(a.fragmentation().suitableBlocks(4) >= 11, a.fragmentation().toString());

        assertEquals(SlotAllocator.NONE, a.allocate(4), "6.10: no wholly free cluster, so order 4 falls back");
        assertEquals(64, alloc(a, 0), "the global scan from the last scan base, 63");
        a.free(entry(64), 1);
        a.free(entry(127), 1);
        assertArrayEquals(new int[] {1}, a.freeClusters());
        assertEquals(64, alloc(a, 4), "a wholly free cluster again serves order 4");
        a.checkConsistency();
    }

    @Test
    void aHintIntoAClusterQueuedOnFreeConflictsAndTheHeadIsTakenInstead() {
        final LegacyAllocator a = new LegacyAllocator(0, small(), 2);
        assertEquals(64, alloc(a, 0));
        a.setCpu(1);
        assertEquals(128, alloc(a, 0));
        a.setCpu(0);
        a.free(entry(64), 1);
        assertArrayEquals(new int[] {3, 1}, a.freeClusters());
        assertEquals(65, a.hint(0, 0), "the hint still points into the emptied cluster");
        assertEquals(192, alloc(a, 0), "cluster 1 is free but not the head: scan_swap_map_ssd_cluster_conflict");
        assertEquals(193, a.hint(0, 0));
        assertArrayEquals(new int[] {1}, a.freeClusters());
        a.checkConsistency();
    }

    @Test
    void perCpuHintsAreKeptPerCpuAndPerOrder() {
        final LegacyAllocator a = new LegacyAllocator(0, small(), 2);
        assertEquals(64, alloc(a, 4));
        a.setCpu(1);
        assertEquals(128, alloc(a, 4));
        a.setCpu(0);
        assertEquals(80, alloc(a, 4));
        a.setCpu(1);
        assertEquals(144, alloc(a, 4));
        assertEquals(96, a.hint(0, 4));
        assertEquals(160, a.hint(1, 4));
        assertEquals(0, a.hint(0, 0));
        a.setCpu(0);
        assertEquals(192, alloc(a, 0), "order 0 has its own per-CPU cluster: the next free one");
        assertEquals(193, a.hint(0, 0));
        assertEquals(0, a.hint(1, 0));
        a.checkConsistency();
    }

    /** Section 6.1 step 3: with no free cluster, order 0 steals from another CPU's order-4 cluster. */
    @Test
    void orderZeroStealsFromAnotherCpusOrderFourCluster() {
        final LegacyAllocator a = new LegacyAllocator(0, small(), 2);
        assertEquals(64, alloc(a, 4));
        a.setCpu(1);
        int got = 0;
        while (a.allocate(0) != SlotAllocator.NONE) {
            got++;
        }
        assertEquals(239, got);
        for (long s = 80; s < 128; s++) {
            assertTrue(!a.rangeFree(s, 1), "slot " + s + " of CPU 0's order-4 cluster was stolen");
        }
        a.setCpu(0);
        assertEquals(SlotAllocator.NONE, a.allocate(4));
        a.free(entry(96), 16);
        assertEquals(96, alloc(a, 4), "CPU 0's hint (80) scans forward to the freed run");
        assertEquals(112, a.hint(0, 4));
        a.checkConsistency();
    }

    @Test
    void aFullDeviceFailsAtOnceAndFreeingReopensTheBounds() {
        final LegacyAllocator a = new LegacyAllocator(0, small(), 1);
        while (a.allocate(0) != SlotAllocator.NONE) {
            // fill
        }
        assertEquals(SlotAllocator.NONE, a.allocate(0));
        a.free(entry(200), 1);
        assertEquals(200, alloc(a, 0));
        a.checkConsistency();
    }

    @Test
    void scanBaseCrossingAnAddressSpaceJumpsToTheLowestBitOnSmallDevices() {
        // 2^14 slots: one swap address space, so set_cluster_next's random jump always lands on lowestBit.
        final LegacyAllocator a = new LegacyAllocator(0, Geometry.builder(KernelFixtures.ZRAM_SLOTS).build(), 1);
        long last = 0;
        for (int i = 0; i < KernelFixtures.ZRAM_SLOTS - 512; i++) {
            last = alloc(a, 0);
        }
        assertEquals(KernelFixtures.ZRAM_SLOTS - 1, last, "clusters 1..31 in order");
        assertEquals(1, a.scanBase(0), "16384 crossed into the next space: lowestBit");
        assertEquals(2, alloc(a, 0), "the global scan starts after the scan base");
        a.checkConsistency();
    }
}
