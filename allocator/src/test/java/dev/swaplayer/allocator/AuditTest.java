package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import org.junit.jupiter.api.Test;

/**
 * The allocator's own audit, {@code checkConsistency()}, is one of the independent means behind the
 * invariants, so it must catch corruption: each test breaks one internal structure behind the allocator's
 * back and expects the audit to name it.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own allocators; the locks it takes and leaves
 * held are taken and released on that same thread.
 */
class AuditTest {
    private final Geometry g = Geometry.builder(64).clusterSlots(16).maxOrder(4).build();
    private final BuddyAllocator a = new BuddyAllocator(0, g);
    private final long[] scratch = new long[5];

    private String auditFailure() {
        return assertThrows(AssertionError.class, a::checkConsistency).getMessage();
    }

    /** Clusters of 32 slots, pageblocks of 16: after allocate(0), pageblock 0 is small, 16/4 wholly free. */
    private static BuddyAllocator twoPageblocksPerCluster() {
        final BuddyAllocator b = new BuddyAllocator(0, Geometry.builder(64).clusterSlots(32).maxOrder(5).build());
        assertEquals(1, SwapEntry.offset(b.allocate(0)));
        b.checkConsistency();
        return b;
    }

    /**
     * 48 slots in clusters of 16, full but for two runs of {@code len} slots at 20 and 40, in clusters 1 and 2: a
     * folio of {@code 2 * len} pages can only be a compound of the two.
     */
    static BuddyAllocator fullButTwoRuns(final int len) {
        final BuddyAllocator b = new BuddyAllocator(0, Geometry.builder(48).clusterSlots(16).maxOrder(4).build());
        while (b.allocate(0) != SwapEntry.NONE) {
            // fill
        }
        b.free(SwapEntry.of(0, 20), len);
        b.free(SwapEntry.of(0, 40), len);
        return b;
    }

    private static String auditFailure(final BuddyAllocator b) {
        return assertThrows(AssertionError.class, b::checkConsistency).getMessage();
    }

    @Test
    void aSmallMarkOnAWhollyFreePageblock() {
        final BuddyAllocator b = twoPageblocksPerCluster();
        b.clusterForTest(0).pageblocks.setSmall(16);
        final String m = auditFailure(b);
        assertTrue(m.contains("pageblock at 16 has 16 free slots, small true"), m);
    }

    @Test
    void aSmallPageblocksHoleNotRecordedAsSmall() {
        final BuddyAllocator b = twoPageblocksPerCluster();
        b.clusterForTest(0).pageblocks.removeHead(1, 2); // 2/1 is a hole of the small pageblock 0..15
        final String m = auditFailure(b);
        assertTrue(m.contains("free block 2/1 recorded in a small pageblock false, expected true"), m);
    }

    @Test
    void aPageblockFreeCountThatDisagrees() {
        final BuddyAllocator b = twoPageblocksPerCluster();
        b.clusterForTest(0).pageblocks.countFree(0, 4, -1);
        final String m = auditFailure(b);
        assertTrue(m.contains("pageblock at 0 has 14 free slots, small true, counted 13"), m);
    }

    @Test
    void aBucketIndexThatDisagrees() {
        final BuddyAllocator b = twoPageblocksPerCluster();
        b.clusterForTest(0).indexedBuckets ^= 1L << 3;
        final String m = auditFailure(b);
        assertTrue(m.contains("buckets"), m);
    }

    @Test
    void anOrderMaskThatDisagrees() {
        a.allocate(0); // cluster 0 keeps 2/1, 4/2, 8/3: order 1 is in the mask
        a.clusterForTest(0).freeOrders ^= 1 << 1;
        final String m = auditFailure();
        assertTrue(m.contains("order 1 has 1 free blocks, freeByOrder 1, hasFree false, order mask false"), m);
    }

    @Test
    void aSmallOrderMaskThatDisagrees() {
        final BuddyAllocator b = twoPageblocksPerCluster(); // the small pageblock 0..15 keeps 2/1
        b.clusterForTest(0).pageblocks.smallOrders ^= 1 << 1;
        final String m = auditFailure(b);
        assertTrue(m.contains("order 1 has 1 free blocks in small pageblocks, smallFree 1")
                && m.contains("small mask false"), m);
    }

    @Test
    void aSmallOpenIndexThatDisagrees() {
        final BuddyAllocator b = twoPageblocksPerCluster(); // the small pageblock 0..15 has free slots
        b.clusterForTest(0).indexedSmallOpen = false;
        final String m = auditFailure(b);
        assertTrue(m.contains("device index of small pageblocks with a free slot is true, published false"), m);
    }

    @Test
    void aCountOfOpenSmallPageblocksThatDisagrees() {
        final BuddyAllocator b = twoPageblocksPerCluster(); // one small pageblock with free slots
        b.clusterForTest(0).pageblocks.smallOpenCount = 2;
        final String m = auditFailure(b);
        assertTrue(m.contains("buckets"), m);
    }

    /** 512 clusters of 16 slots, one slot in use and the audit clean: each index has a word per 64 clusters. */
    private static BuddyAllocator oneSlotIn512Clusters() {
        final BuddyAllocator b = new BuddyAllocator(0, Geometry.builder(1 << 13).clusterSlots(16).maxOrder(4).build());
        b.allocate(0);
        b.checkConsistency();
        return b;
    }

    /** The allocator's index of wholly free clusters, read under its device lock. */
    private static ClusterSet wholeFreeOf(final BuddyAllocator b) {
        final FreeSpace space = b.spaceForTest();
        space.deviceLock.lock();
        try {
            return space.wholeFree;
        } finally {
            space.deviceLock.unlock();
        }
    }

    @Test
    void aDeviceIndexSummaryThatDisagrees() {
        // Each index has a word per 64 clusters and a summary word above them.
        final BuddyAllocator b = oneSlotIn512Clusters();
        final ClusterSet wholeFree = wholeFreeOf(b);
        assertEquals(2, wholeFree.levelsForTest());
        // Clusters 192..255 are wholly free, but the summary no longer says so.
        wholeFree.wordsForTest()[wholeFree.levelBaseForTest(1)] &= ~(1L << 3);
        final String m = auditFailure(b);
        assertTrue(m.contains("device index summary: level 0 word 3"), m);
    }

    @Test
    void aDeviceIndexWhoseKeptLowestMemberDisagrees() {
        final BuddyAllocator b = oneSlotIn512Clusters();
        final ClusterSet wholeFree = wholeFreeOf(b);
        // Cluster 0 holds the slot just allocated; the lowest wholly free cluster is the next one. A kept lowest
        // member one higher would send the next allocation of a whole cluster past it.
        assertEquals(1, wholeFree.lowest());
        wholeFree.setLowestForTest(2);
        final String m = auditFailure(b);
        assertTrue(m.contains("device index summary: the lowest member is kept as 2 but level 0's is 1"), m);
    }

    @Test
    void aRunCacheThatDisagreesWithTheMaps() {
        final BuddyAllocator b = HeldBlockTest.fullClusterZero(Fault.NONE);
        b.free(SwapEntry.of(0, 20), 3);
        final Cluster cl = b.clusterForTest(0);
        final int[] runs = cl.freeRuns(0, new long[cl.usableWords()]).runs(); // now current: the audit compares it
        b.checkConsistency();
        runs[1]++; // the cached array itself, which no caller may change
        final String m = auditFailure(b);
        assertTrue(m.contains("runs [20, 4] with lengths [3, 1] cached, but the maps hold [20, 3]"), m);
    }

    @Test
    void aHealthyAllocatorPasses() {
        a.allocate(2);
        a.allocate(4);
        a.checkConsistency();
    }

    @Test
    void aClusterLockLeftHeld() {
        a.allocate(0);
        final Cluster c = a.clusterForTest(0);
        c.lock.lock();
        try {
            assertTrue(auditFailure().contains("its lock is still held"));
        } finally {
            c.lock.unlock();
        }
        a.checkConsistency();
    }

    @Test
    void theDeviceLockLeftHeld() {
        a.deviceLockForTest().lock();
        try {
            assertTrue(auditFailure().contains("the device lock is still held"));
        } finally {
            a.deviceLockForTest().unlock();
        }
        a.checkConsistency();
    }

    @Test
    void aFreeBlockWithAFreeBuddy() {
        a.allocate(0); // slot 1; cluster 0 keeps 2/1, 4/2, 8/3
        final Cluster c = a.clusterForTest(0);
        c.removeHead(1, 2, scratch);
        c.addHead(0, 2, scratch);
        c.addHead(0, 3, scratch);
        final String m = auditFailure();
        assertTrue(m.contains("free block 2/0 has a free buddy"), m);
    }

    @Test
    void deviceCountersThatDisagreeWithTheMaps() {
        final Cluster c = a.clusterForTest(0);
        c.freeByOrder[1]++;
        assertTrue(auditFailure().contains("freeByOrder"));
    }

    @Test
    void aSlotInTwoBlocks() {
        final Cluster c = a.clusterForTest(0);
        c.addHead(0, 4, scratch); // slot 4 is also inside 4/2
        final String m = auditFailure();
        assertTrue(m.contains("slot 4 in 2 free blocks") || m.contains("order 0"), m);
    }

    @Test
    void anInUseSlotWithoutCountOrCache() {
        final long e = a.allocate(0);
        a.clusterForTest(0).setCached((int) SwapEntry.offset(e), false);
        assertTrue(auditFailure().contains("slot 1 in 0 free blocks, reserved false, count 0, cached false"));
    }

    @Test
    void freeCountThatDisagrees() {
        a.clusterForTest(0).freeCount--;
        assertTrue(auditFailure().contains("maps hold 15 free and 1 reserved slots"));
    }

    @Test
    void aWhollyFreeClusterThatKeptItsMetadata() {
        final long e = a.allocate(4);
        final Cluster c = a.clusterForTest(1);
        a.free(e, 16);
        assertEquals(null, a.clusterForTest(1));
        assertTrue(c.isWhollyFree());
    }

    @Test
    void aRetiredDescriptorLeavesNoTraceInItsClusters() {
        final BuddyAllocator b = fullButTwoRuns(4);
        final long h = b.allocateFolio(3);
        assertEquals(2, b.extents(h, 3));
        for (int idx = 4; idx < 8; idx++) {
            assertTrue(b.clusterForTest(1).ownerOf(idx) != null, "slot " + (16 + idx) + " has its owner");
            assertTrue(b.clusterForTest(2).ownerOf(idx + 4) != null, "slot " + (36 + idx) + " has its owner");
        }
        b.freeFolioPages(h, 3, 0, 8);
        for (int idx = 0; idx < 16; idx++) {
            assertEquals(null, b.clusterForTest(1).ownerOf(idx));
            assertEquals(null, b.clusterForTest(2).ownerOf(idx));
        }
        assertEquals(0, b.descriptorCount());
        b.checkConsistency();
    }

    @Test
    void aCompoundPageWithoutItsOwner() {
        final BuddyAllocator b = fullButTwoRuns(4);
        b.allocateFolio(3);
        b.clusterForTest(1).takeOwner(5);
        final String m = assertThrows(AssertionError.class, b::checkConsistency).getMessage();
        assertTrue(m.contains("page owners"), m);
    }

    @Test
    void aFreeSlotWithAnOwner() {
        final BuddyAllocator b = fullButTwoRuns(4);
        b.allocateFolio(3);
        b.free(SwapEntry.of(0, 10), 1);
        b.clusterForTest(0).setOwner(10, b.clusterForTest(1).ownerOf(4));
        final String m = assertThrows(AssertionError.class, b::checkConsistency).getMessage();
        assertTrue(m.contains("9 slots have an owner, descriptors hold 8"), m);
    }

    @Test
    void aCompoundPageOwnedByAnotherDescriptor() {
        final BuddyAllocator b = fullButTwoRuns(2);
        b.allocateFolio(2); // slots 20, 21, 40, 41
        b.free(SwapEntry.of(0, 24), 2);
        b.free(SwapEntry.of(0, 44), 2);
        b.allocateFolio(2); // slots 24, 25, 44, 45
        b.checkConsistency(); // two live compound folios, each page owned by its own: the audit passes
        final Cluster one = b.clusterForTest(1);
        final CompoundDescriptor first = one.takeOwner(4);
        final CompoundDescriptor second = one.takeOwner(8);
        one.setOwner(4, second);
        one.setOwner(8, first);
        final String m = assertThrows(AssertionError.class, b::checkConsistency).getMessage();
        assertTrue(m.contains("page owners: page 0 of") && m.contains("is owned by Compound(#2"), m);
    }

    @Test
    void totalsThatDoNotAddUp() {
        a.clusterForTest(0).markReserved(9); // a reserved slot the geometry does not know
        final String m = auditFailure();
        assertTrue(m.contains("reserved true") || m.contains("reserved"), m);
    }
}
