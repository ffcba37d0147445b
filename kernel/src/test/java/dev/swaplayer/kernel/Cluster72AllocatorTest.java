package dev.swaplayer.kernel;

import static dev.swaplayer.kernel.KernelFixtures.alloc;
import static dev.swaplayer.kernel.KernelFixtures.entry;
import static dev.swaplayer.kernel.KernelFixtures.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swaplayer.allocator.SlotAllocator;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked scenarios of the 7.2 model on 4 clusters of 64 slots (at swapon FREE = [1, 2, 3] and the header's
 * cluster 0 on NONFULL[0], as in 6.12), each at a step where 7.2's {@code cluster_alloc_swap_entry} and
 * {@code swap_alloc_fast} part from 6.12's; the 6.12 model's answer to the same calls is asserted beside it.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own models; the CPUs it switches between with
 * {@code setCpu} are the model's, not threads.
 */
class Cluster72AllocatorTest {

    @Test
    void nonfullIsScannedBeforeFree_soTheHeaderClusterServesOrderZeroFirst() {
        final Cluster72Allocator a = new Cluster72Allocator(0, small(), 1);
        assertArrayEquals(new int[] {1, 2, 3}, a.clusters(ClusterFlag.FREE, 0));
        assertEquals(1, alloc(a, 0), "NONFULL[0] holds cluster 0: its first free slot after the header");
        assertEquals(2, alloc(a, 0), "then the CPU's cluster, through the fast path");
        assertEquals(64, alloc(new ClusterAllocator(0, small(), 1), 0), "6.12 takes the free head first");
        assertArrayEquals(new int[] {0}, a.clusters(ClusterFlag.FRAG, 0), "relocate_cluster: partly used to FRAG");
        a.checkConsistency();
    }

    @Test
    void aClusterClaimedFromFreeIsRelocatedToFrag_notNonfull() {
        final Cluster72Allocator a = new Cluster72Allocator(0, small(), 1);
        assertEquals(64, alloc(a, 4));
        assertEquals("Cluster(1: FRAG order=4, 16/64)", a.describeCluster(1));
        assertArrayEquals(new int[0], a.clusters(ClusterFlag.NONFULL, 4));
        assertEquals(80, a.hint(0, 4));
        for (final long expected : new long[] {80, 96, 112}) {
            assertEquals(expected, alloc(a, 4));
        }
        assertEquals("Cluster(1: FULL order=4, 64/64)", a.describeCluster(1));
        assertEquals(0, a.hint(0, 4), "a full cluster leaves no hint");
        assertEquals(0, a.fragClusters(4));
        a.checkConsistency();
    }

    @Test
    void aFreedClusterHasNoSwapTable_soTheStaleHintIsNotUsed() {
        final Cluster72Allocator a = new Cluster72Allocator(0, small(), 1);
        assertEquals(64, alloc(a, 4));
        a.free(entry(64), 16);
        assertArrayEquals(new int[] {2, 3, 1}, a.clusters(ClusterFlag.FREE, 0));
        assertEquals(80, a.hint(0, 4), "the hint still names cluster 1");
        assertEquals(128, alloc(a, 4), "cluster_is_usable fails on a FREE cluster: the free head instead");
        final ClusterAllocator old = new ClusterAllocator(0, small(), 1);
        alloc(old, 4);
        old.free(entry(64), 16);
        assertEquals(80, alloc(old, 4), "6.12 scans the freed cluster from its stale hint");
        a.checkConsistency();
    }

    @Test
    void onlyTheHeadOfFragIsScanned_andRotated() {
        final Cluster72Allocator a = new Cluster72Allocator(0, small(), 2);
        for (int i = 0; i < 12; i++) {
            alloc(a, 4);
        }
        assertArrayEquals(new int[] {1, 2, 3}, a.clusters(ClusterFlag.FULL, 0));
        a.free(entry(64), 1);
        a.free(entry(128), 32);
        assertArrayEquals(new int[] {1, 2}, a.clusters(ClusterFlag.NONFULL, 4));
        a.setCpu(1);
        assertEquals(128, alloc(a, 4), "NONFULL[4], all: cluster 1 lacks room for 16 and goes to FRAG; then 2");
        assertArrayEquals(new int[] {1, 2}, a.clusters(ClusterFlag.FRAG, 4));
        a.setCpu(0);
        assertEquals(SlotAllocator.NONE, a.allocate(4), "FRAG[4] gives only its head a try, and 1 lacks room");
        assertArrayEquals(new int[] {2, 1}, a.clusters(ClusterFlag.FRAG, 4), "the failed head went to the tail");
        assertEquals(144, alloc(a, 4), "the next try meets cluster 2");
        assertEquals("Cluster(2: FULL order=4, 64/64)", a.describeCluster(2));
        a.checkConsistency();
    }

    @Test
    void orderZeroStealsFromFragThenNonfullOfHigherOrders() {
        final Cluster72Allocator a = new Cluster72Allocator(0, small(), 1);
        for (int s = 1; s < 64; s++) {
            assertEquals(s, alloc(a, 0));
        }
        assertEquals(64, alloc(a, 4));
        assertEquals(128, alloc(a, 2));
        assertEquals(192, alloc(a, 3));
        a.setCpu(0);
        assertEquals("Cluster(0: FULL order=0, 64/64)", a.describeCluster(0));
        assertEquals(0, a.hint(0, 0), "cluster 0 filled: no order-0 hint");
        assertEquals(132, alloc(a, 0), "FREE is empty, FRAG[0] too: FRAG[2] (cluster 2) comes before FRAG[3]");
        assertEquals("Cluster(2: FRAG order=2, 5/64)", a.describeCluster(2));
        a.checkConsistency();
    }
}
