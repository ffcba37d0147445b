package dev.swaplayer.kernel;

import static dev.swaplayer.kernel.KernelFixtures.alloc;
import static dev.swaplayer.kernel.KernelFixtures.entry;
import static dev.swaplayer.kernel.KernelFixtures.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swaplayer.allocator.SlotAllocator;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked scenarios of the 6.12 model on 4 clusters of 64 slots: at swapon FREE = [1, 2, 3] and the
 * header's cluster 0 is on NONFULL[0].
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own models; the CPUs it switches between with
 * {@code setCpu} are the model's, not threads.
 */
class ClusterAllocatorTest {

    @Test
    void setupPutsTheHeaderClusterOnNonfullZero() {
        final ClusterAllocator a = new ClusterAllocator(0, small(), 1);
        assertArrayEquals(new int[] {1, 2, 3}, a.clusters(ClusterFlag.FREE, 0));
        assertArrayEquals(new int[] {0}, a.clusters(ClusterFlag.NONFULL, 0));
        assertEquals("Cluster(0: NONFULL order=0, 1/64)", a.describeCluster(0));
        assertEquals("Cluster(1: FREE order=0, 0/64)", a.describeCluster(1));
        // Cluster 0 without its header: one free block of each order 0..5; clusters 1..3: one of order 6.
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 3}, a.fragmentation().toArray());
        a.checkConsistency();
    }

    @Test
    void firstUseSetsTheOrderAndTheHintFillsTheClusterInSteps() {
        final ClusterAllocator a = new ClusterAllocator(0, small(), 1);
        for (final long expected : new long[] {64, 80, 96, 112, 128}) {
            assertEquals(expected, alloc(a, 4));
        }
        assertEquals("Cluster(1: FULL order=4, 64/64)", a.describeCluster(1));
        assertEquals("Cluster(2: NONFULL order=4, 16/64)", a.describeCluster(2));
        assertArrayEquals(new int[] {2}, a.clusters(ClusterFlag.NONFULL, 4));
        assertEquals(144, a.hint(0, 4));
        a.checkConsistency();
    }

    @Test
    void theFreeListIsTriedBeforeNonfull() {
        final ClusterAllocator a = new ClusterAllocator(0, small(), 1);
        assertEquals(64, alloc(a, 4));
        assertEquals(128, alloc(a, 0), "not cluster 0 (NONFULL[0]) nor cluster 1 (order 4): the free head");
        assertEquals("Cluster(2: NONFULL order=0, 1/64)", a.describeCluster(2));
        a.checkConsistency();
    }

    @Test
    void aWholeClusterRequestGoesFromFreeStraightToFull() {
        final ClusterAllocator a = new ClusterAllocator(0, small(), 1);
        assertEquals(64, alloc(a, 6));
        assertEquals("Cluster(1: FULL order=6, 64/64)", a.describeCluster(1));
        a.free(entry(64), 1);
        assertEquals("Cluster(1: NONFULL order=6, 63/64)", a.describeCluster(1));
        assertEquals(128, alloc(a, 6), "order 6 (nr = clusterSlots) never scans NONFULL");
        a.checkConsistency();
    }

    /**
     * The central scenario: order-4 clusters, a failing scan that moves NONFULL to FRAG, order-0 stealing from
     * FRAG[4], order 4 served from NONFULL[4], and a cluster emptied back to FREE with its order reset.
     */
    @Test
    void nonfullFragStealingAndRelease() {
        final ClusterAllocator a = new ClusterAllocator(0, small(), 1);
        for (int i = 0; i < 12; i++) {
            alloc(a, 4);
        }
        assertArrayEquals(new int[] {1, 2, 3}, a.clusters(ClusterFlag.FULL, 0));
        assertEquals(0, a.hint(0, 4));
        for (int s = 1; s < 64; s++) {
            assertEquals(s, alloc(a, 0), "the header cluster, through NONFULL[0] then the hint");
        }
        assertEquals("Cluster(0: FULL order=0, 64/64)", a.describeCluster(0));
        assertEquals(0, a.freeSlots());

        a.free(entry(72), 8);
        a.free(entry(88), 8);
        assertEquals("Cluster(1: NONFULL order=4, 48/64)", a.describeCluster(1));
        assertEquals(SlotAllocator.NONE, a.allocate(4), "16 slots free in cluster 1, but no aligned run of 16");
        assertEquals("Cluster(1: FRAG order=4, 48/64)", a.describeCluster(1));
        assertArrayEquals(new int[] {1}, a.clusters(ClusterFlag.FRAG, 4));
        assertEquals(1, a.fragClusters(4));

        assertEquals(72, alloc(a, 0), "order 0 steals from FRAG[4]");
        assertEquals("Cluster(1: FRAG order=4, 49/64)", a.describeCluster(1));
        assertEquals(73, a.hint(0, 0));

        a.free(entry(80), 8);
        assertEquals("Cluster(1: NONFULL order=4, 41/64)", a.describeCluster(1));
        assertEquals(0, a.fragClusters(4));
        assertEquals(80, alloc(a, 4), "served from NONFULL[4]");
        assertEquals("Cluster(1: FRAG order=4, 57/64)", a.describeCluster(1));
        assertEquals(96, a.hint(0, 4));

        a.free(entry(64), 9);
        a.free(entry(80), 48);
        assertEquals("Cluster(1: FREE order=0, 0/64)", a.describeCluster(1));
        assertArrayEquals(new int[] {1}, a.clusters(ClusterFlag.FREE, 0));
        assertEquals(0, a.fragClusters(4));

        assertEquals(73, alloc(a, 0), "the stale order-0 hint takes the free cluster from its middle");
        assertEquals("Cluster(1: NONFULL order=0, 1/64)", a.describeCluster(1));
        a.checkConsistency();
    }

    @Test
    void perCpuHintsAreKeptPerCpu() {
        final ClusterAllocator a = new ClusterAllocator(0, small(), 2);
        assertEquals(64, alloc(a, 4));
        a.setCpu(1);
        assertEquals(128, alloc(a, 4), "CPU 1 has no order-4 hint yet: the free head");
        a.setCpu(0);
        assertEquals(80, alloc(a, 4));
        a.setCpu(1);
        assertEquals(144, alloc(a, 4));
        assertEquals(96, a.hint(0, 4));
        assertEquals(160, a.hint(1, 4));
        assertArrayEquals(new int[] {1, 2}, a.clusters(ClusterFlag.NONFULL, 4));
        a.checkConsistency();
    }

    @Test
    void fragRotationScansEveryFragClusterOnce() {
        final ClusterAllocator a = new ClusterAllocator(0, small(), 3);
        for (int cpu = 0; cpu < 3; cpu++) {
            a.setCpu(cpu);
            for (int i = 0; i < 4; i++) {
                alloc(a, 4);
            }
        }
        a.setCpu(0);
        for (int s = 1; s < 64; s++) {
            alloc(a, 0);
        }
        // Clusters 1 and 2 become FRAG[4] with no aligned run of 16 free.
        a.free(entry(72), 8);
        a.free(entry(136), 8);
        assertEquals(SlotAllocator.NONE, a.allocate(4));
        assertArrayEquals(new int[] {1, 2}, a.clusters(ClusterFlag.FRAG, 4));
        // Cluster 3 gets two free runs; CPU 0 takes the first through NONFULL[4], which leaves it FRAG.
        a.free(entry(224), 32);
        assertEquals(224, alloc(a, 4));
        assertArrayEquals(new int[] {1, 2, 3}, a.clusters(ClusterFlag.FRAG, 4));
        assertEquals("Cluster(3: FRAG order=4, 48/64)", a.describeCluster(3));
        // CPU 1 has no hint: NONFULL[4] is empty, so FRAG[4] rotates: 1 and 2 fail, 3 serves.
        a.setCpu(1);
        assertEquals(240, alloc(a, 4));
        assertArrayEquals(new int[] {1, 2}, a.clusters(ClusterFlag.FRAG, 4));
        assertEquals(2, a.fragClusters(4));
        assertEquals("Cluster(3: FULL order=4, 64/64)", a.describeCluster(3));
        a.checkConsistency();
    }
}
