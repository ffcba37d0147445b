package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Placement;
import dev.swaplayer.spec.SlotState;
import dev.swaplayer.spec.Snapshot;
import dev.swaplayer.spec.SwapSpaceView;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked scenarios of the buddy allocator: placement, coalescing, metadata on demand, options.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own allocators; the shared geometry is
 * immutable.
 */
class BuddyAllocatorTest {
    private static final Geometry KERNEL = Geometry.builder(4096).build();

    private static long slot(final long entry) {
        return entry == SwapEntry.NONE ? 0 : SwapEntry.offset(entry);
    }

    @Test
    void emptyDeviceCostsOneClusterOfMetadata() {
        final BuddyAllocator a = new BuddyAllocator(0, KERNEL);
        assertEquals(1, a.clustersWithMetadata(), "cluster 0 holds the header");
        assertEquals(4095, a.freeSlots());
        assertEquals(0, a.usedSlots());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 7}, a.fragmentation().toArray(),
                "cluster 0 is 1/0 2/1 4/2 ... 256/8; clusters 1..7 are whole order-9 blocks");
        assertEquals(3, new BuddyAllocator(0, Geometry.builder(4000).badSlots(2600).build()).clustersWithMetadata(),
                "header, the bad slot's cluster, and the partial last cluster");
    }

    @Test
    void thePlantedSkipTopCoalesceLeavesTheTwoHalvesOfAFreedClusterApart() {
        for (final Fault fault : new Fault[] {Fault.NONE, Fault.SKIP_TOP_COALESCE}) {
            final BuddyAllocator a = BuddyAllocator.withFault(0, KERNEL, fault);
            assertEquals(256, slot(a.allocate(8)), fault + ": cluster 0's upper half, the best fit");
            assertEquals(512, slot(a.allocate(8)), fault + ": the lower half of cluster 1");
            assertEquals(768, slot(a.allocate(8)), fault + ": the upper half");
            a.free(SwapEntry.of(0, 512), 256);
            if (fault == Fault.NONE) {
                a.free(SwapEntry.of(0, 768), 256);
                assertEquals(7, a.fragmentation().toArray()[9], "the halves merge: clusters 1..7 are whole again");
                a.checkConsistency();
            } else {
                final AssertionError e = assertThrows(AssertionError.class, () -> a.free(SwapEntry.of(0, 768), 256));
                assertTrue(e.getMessage().contains("Cluster(1") && e.getMessage().contains("not coalesced"),
                        "the planted bug leaves cluster 1 two blocks of order 8, and the free's own check says so: "
                                + e.getMessage());
            }
        }
    }

    @Test
    void smallestBlockFirstLowestAddressAmongEquals() {
        final BuddyAllocator a = new BuddyAllocator(0, KERNEL);
        assertEquals(4, slot(a.allocate(2)), "4/2 is the only order-2 block");
        assertEquals(1, slot(a.allocate(0)));
        assertEquals(2, slot(a.allocate(0)), "splits 2/1, leaving 3/0");
        assertEquals(3, slot(a.allocate(0)));
        assertEquals(8, slot(a.allocate(0)), "splits 8/3");
        assertEquals(512, slot(a.allocate(9)), "cluster 0 has no order-9 block: the first whole cluster");
        assertEquals(2, a.clustersWithMetadata());
    }

    @Test
    void bestFitBeatsALowerAddress() {
        final BuddyAllocator a = new BuddyAllocator(0, KERNEL, Placement.BEST_FIT);
        for (int i = 1; i < 512; i++) {
            assertEquals(i, slot(a.allocate(0)));
        }
        a.free(SwapEntry.of(0, 2), 2);
        a.free(SwapEntry.of(0, 500), 1);
        assertEquals(500, slot(a.allocate(0)), "the order-0 block at 500, not a split of 2/1");
        assertEquals(2, slot(a.allocate(0)));
        assertEquals(3, slot(a.allocate(0)));
        assertEquals(512, slot(a.allocate(0)), "cluster 0 is full: cluster 1 gets metadata");
    }

    /**
     * Placement.GROUPED on 64 slots, clusters of 32, pageblocks of 16: two 64 KiB folios A (16..31) and B
     * (32..47), the header's pageblock filled with small allocations, then page swap-in leaves a hole in A
     * and two in B.
     */
    @Test
    void groupedPlacementKeepsALargeFoliosPageblockSingleOwner() {
        final Geometry g = Geometry.builder(64).clusterSlots(32).maxOrder(5).build();
        final BuddyAllocator a = new BuddyAllocator(0, g);
        final BuddyAllocator best = new BuddyAllocator(0, g, Placement.BEST_FIT);
        for (final BuddyAllocator x : new BuddyAllocator[] {a, best}) {
            assertEquals(16, slot(x.allocate(4)), "A: the smallest block of order 4");
            assertEquals(32, slot(x.allocate(4)), "B: splits 32/5");
            for (int i = 1; i < 16; i++) {
                assertEquals(i, slot(x.allocate(0)), "the header's pageblock is small and fills up first");
            }
            x.free(SwapEntry.of(0, 20), 1);
            x.free(SwapEntry.of(0, 40), 2);
        }
        assertTrue(a.view().smallPageblock(0));
        assertFalse(a.view().smallPageblock(16));
        assertEquals(20, slot(best.allocate(0)), "best fit: A's lone hole, pinning A's pageblock");
        assertEquals(40, slot(a.allocate(0)), "grouped: the large pageblock with the most free slots, B's");
        assertTrue(a.view().smallPageblock(40), "B's pageblock now holds a small allocation");
        assertEquals(41, slot(a.allocate(0)), "the lowest small pageblock with a free slot (the header's is full)");
        a.free(SwapEntry.of(0, 16), 4);
        a.free(SwapEntry.of(0, 21), 11);
        assertEquals("[16/4, 48/4]", Snapshot.blocksToString(Snapshot.of(a.view()).freeBlocks()),
                "A's pageblock came free whole");
        assertFalse(a.view().smallPageblock(16), "a wholly free pageblock loses its mark");
        a.free(SwapEntry.of(0, 36), 4);
        assertEquals(36, slot(a.allocate(1)), "order 1: the smallest hole of a small pageblock, 36/2");
        assertEquals(38, slot(a.allocate(1)), "and what is left of it");
        assertEquals(16, slot(a.allocate(0)), "no small or large pageblock has room: the lowest clean one");
        assertTrue(a.view().smallPageblock(16));
        a.checkConsistency();
        best.checkConsistency();
    }

    /** Placement.GROUPED, order 0: the lowest small pageblock with room wins over a fuller one above it. */
    @Test
    void groupedPlacementTakesTheLowestSmallPageblockNotTheFullest() {
        final Geometry g = Geometry.builder(64).clusterSlots(32).maxOrder(5).build();
        final BuddyAllocator a = new BuddyAllocator(0, g);
        for (int i = 1; i < 32; i++) {
            assertEquals(i, slot(a.allocate(0)), "pageblocks 0..15 and 16..31 fill up and become small");
        }
        a.free(SwapEntry.of(0, 2), 3);
        a.free(SwapEntry.of(0, 20), 1);
        assertEquals(4, slot(a.allocate(0)), "0..15 (3 free) is lower than 16..31 (1 free): its smallest block");
        assertEquals(2, slot(a.allocate(0)), "then its 2/1, split");
        assertEquals(3, slot(a.allocate(0)));
        assertEquals(20, slot(a.allocate(0)), "0..15 is full: the next small pageblock");
        assertEquals(32, slot(a.allocate(0)), "no small or large pageblock has room: the clean 32/5, split");
        a.checkConsistency();
    }

    @Test
    void freeingEverythingCoalescesToTheClusterOrderAndDropsMetadata() {
        final BuddyAllocator a = new BuddyAllocator(0, KERNEL);
        final long[] held = new long[20];
        for (int i = 0; i < held.length; i++) {
            held[i] = a.allocate(i % 10);
        }
        assertEquals(4, a.clustersWithMetadata(), "orders 0..8 fill cluster 0 exactly, then cluster 2; "
                + "clusters 1 and 3 hold the order-9 runs");
        for (int i = held.length - 1; i >= 0; i--) {
            a.free(held[i], 1L << (i % 10));
        }
        assertEquals(1, a.clustersWithMetadata());
        assertArrayEquals(new BuddyAllocator(0, KERNEL).fragmentation().toArray(), a.fragmentation().toArray());
        a.checkConsistency();
    }

    @Test
    void aFreeMaySpanClusters() {
        final Geometry g = Geometry.builder(64).clusterSlots(16).maxOrder(4).build();
        final BuddyAllocator a = new BuddyAllocator(0, g);
        final long x = a.allocate(4);
        final long y = a.allocate(4);
        assertEquals(16, slot(x));
        assertEquals(32, slot(y));
        a.free(SwapEntry.of(0, 24), 16);
        assertEquals(SlotState.IN_USE, a.view().state(23));
        assertEquals(SlotState.FREE, a.view().state(24));
        assertEquals(SlotState.FREE, a.view().state(39));
        assertEquals(SlotState.IN_USE, a.view().state(40));
        a.checkConsistency();
    }

    @Test
    void minOrderHandsOutWholeChunks() {
        final Geometry g = Geometry.builder(64).clusterSlots(16).maxOrder(4).minOrder(2).build();
        final BuddyAllocator a = new BuddyAllocator(0, g);
        assertEquals(4, slot(a.allocate(0)), "slots 1..3 share a chunk with the header and are never handed out");
        assertEquals(4, a.usedSlots());
        a.free(SwapEntry.of(0, 5), 1);
        assertEquals(8, slot(a.allocate(0)), "a lone freed slot is smaller than a chunk");
        a.free(SwapEntry.of(0, 4), 1);
        a.free(SwapEntry.of(0, 6), 2);
        assertEquals(4, slot(a.allocate(1)), "the chunk coalesced again");
    }

    @Test
    void unalignedFallsBackToAnyRunInsideACluster() {
        final Geometry aligned = Geometry.builder(16).clusterSlots(8).maxOrder(2).build();
        final Geometry unaligned = Geometry.builder(16).clusterSlots(8).maxOrder(2).aligned(false).build();
        for (final Geometry g : new Geometry[] {aligned, unaligned}) {
            final BuddyAllocator a = new BuddyAllocator(0, g);
            while (a.allocate(0) != SwapEntry.NONE) {
                // fill
            }
            a.free(SwapEntry.of(0, 3), 4);
            assertEquals(g.aligned() ? 0 : 3, slot(a.allocate(2)), g.toString());
            a.checkConsistency();
        }
    }

    @Test
    void compoundDescriptorLifecycle() {
        final Geometry g = Geometry.builder(48).clusterSlots(16).maxOrder(4).build();
        final BuddyAllocator a = new BuddyAllocator(0, g);
        while (a.allocate(0) != SwapEntry.NONE) {
            // fill
        }
        a.free(SwapEntry.of(0, 2), 3);
        a.free(SwapEntry.of(0, 20), 5);
        assertEquals(SwapEntry.NONE, a.allocate(3));
        final long h = a.allocateFolio(3);
        assertTrue(SwapEntry.isCompound(h));
        assertEquals(1, BuddyAllocator.descriptorId(h));
        assertEquals(2, a.extents(h, 3));
        final long[] slots = new long[8];
        for (int p = 0; p < 8; p++) {
            slots[p] = slot(a.slotOf(h, 3, p));
        }
        assertArrayEquals(new long[] {2, 3, 4, 20, 21, 22, 23, 24}, slots, "longest run first, pages in address order");
        a.freeFolioPages(h, 3, 1, 3);
        assertEquals("page 2 of descriptor 1: already freed (expected: still swapped out)",
                assertThrows(IllegalStateException.class, () -> a.slotOf(h, 3, 2)).getMessage());
        assertEquals("order: 2 (expected: 3, the order descriptor 1 holds)",
                assertThrows(IllegalArgumentException.class, () -> a.freeFolioPages(h, 2, 0, 1)).getMessage());
        assertEquals("count: 8 (expected: 1..7)",
                assertThrows(IllegalArgumentException.class, () -> a.freeFolioPages(h, 3, 1, 8)).getMessage());
        assertEquals(1, a.descriptorCount());
        a.free(SwapEntry.of(0, 2), 1);
        assertEquals(1, a.descriptorCount(), "pages 4..7 are still out");
        a.freeFolioPages(h, 3, 4, 4);
        assertEquals(0, a.descriptorCount(), "the last page retires the descriptor");
        assertEquals("descriptor: 1 (expected: a live compound descriptor)",
                assertThrows(IllegalArgumentException.class, () -> a.extents(h, 3)).getMessage());
        a.checkConsistency();
    }

    @Test
    void putOfTheLastCompoundPageRetiresTheDescriptor() {
        final Geometry g = Geometry.builder(32).clusterSlots(16).maxOrder(4).build();
        final BuddyAllocator a = new BuddyAllocator(0, g);
        while (a.allocate(0) != SwapEntry.NONE) {
            // fill
        }
        a.free(SwapEntry.of(0, 3), 1);
        a.free(SwapEntry.of(0, 17), 1);
        final long h = a.allocateFolio(1);
        assertTrue(SwapEntry.isCompound(h));
        for (int p = 0; p < 2; p++) {
            final long e = a.slotOf(h, 1, p);
            a.dup(e);
            assertFalse(a.cacheDel(e));
            assertTrue(a.put(e));
        }
        assertEquals(0, a.descriptorCount());
    }

    @Test
    void aDescriptorRetiresAfterOneOfItsClustersEmptied() {
        final Geometry g = Geometry.builder(48).clusterSlots(16).maxOrder(4).build();
        final BuddyAllocator a = new BuddyAllocator(0, g);
        while (a.allocate(0) != SwapEntry.NONE) {
            // fill
        }
        a.free(SwapEntry.of(0, 20), 4);
        a.free(SwapEntry.of(0, 40), 4);
        final long h = a.allocateFolio(3);
        assertEquals(2, a.extents(h, 3), "20..23 and 40..43");
        a.freeFolioPages(h, 3, 0, 4);
        a.free(SwapEntry.of(0, 16), 4);
        a.free(SwapEntry.of(0, 24), 8);
        assertEquals(2, a.clustersWithMetadata(), "cluster 1 emptied and dropped its metadata");
        assertEquals(1, a.descriptorCount());
        a.freeFolioPages(h, 3, 4, 4);
        assertEquals(0, a.descriptorCount());
        assertEquals(SwapEntry.of(0, 16), a.allocate(4), "cluster 1 comes back clean");
        a.checkConsistency();
    }

    @Test
    void twoDescriptorsShareACluster() {
        final Geometry g = Geometry.builder(32).clusterSlots(16).maxOrder(4).build();
        final BuddyAllocator a = new BuddyAllocator(0, g);
        while (a.allocate(0) != SwapEntry.NONE) {
            // fill
        }
        for (final long s : new long[] {3, 5, 9, 11}) {
            a.free(SwapEntry.of(0, s), 1);
        }
        final long x = a.allocateFolio(1);
        final long y = a.allocateFolio(1);
        assertEquals(2, a.descriptorCount());
        assertEquals(SwapEntry.of(0, 9), a.slotOf(y, 1, 0), "both descriptors live in cluster 0");
        final long y0 = a.slotOf(y, 1, 0);
        a.dup(y0);
        a.cacheDel(y0);
        assertTrue(a.put(y0), "a put frees a page of the second descriptor");
        assertEquals("page 0 of descriptor 2: already freed (expected: still swapped out)",
                assertThrows(IllegalStateException.class, () -> a.slotOf(y, 1, 0)).getMessage());
        a.free(a.slotOf(x, 1, 0), 1);
        a.free(a.slotOf(x, 1, 1), 1);
        assertEquals(1, a.descriptorCount());
        a.checkConsistency();
    }

    @Test
    void contiguousFolioHandlesAreJustEntries() {
        final BuddyAllocator a = new BuddyAllocator(4, KERNEL);
        final long h = a.allocateFolio(4);
        assertFalse(SwapEntry.isCompound(h));
        assertEquals(SwapEntry.of(4, 16), h);
        assertEquals(1, a.extents(h, 4));
        assertEquals(SwapEntry.of(4, 21), a.slotOf(h, 4, 5));
        a.freeFolioPages(h, 4, 0, 8);
        assertEquals(SlotState.FREE, a.view().state(16));
        assertEquals(SlotState.IN_USE, a.view().state(24));
        assertEquals("page: 16 (expected: 0..15)",
                assertThrows(IllegalArgumentException.class, () -> a.slotOf(h, 4, 16)).getMessage());
    }

    @Test
    void policiesNameTheKernelCounters() {
        final Geometry g = Geometry.builder(32).clusterSlots(16).maxOrder(4).build();
        final BuddyAllocator a = new BuddyAllocator(0, g);
        final long[] out = new long[16];
        assertEquals(FolioOutcome.SWPOUT, FolioPolicy.SPLIT.place(a, 4, out));
        assertEquals(16, slot(out[0]));
        assertEquals(FolioOutcome.SWPOUT_FALLBACK, FolioPolicy.SPLIT.place(a, 4, out), "15 slots left in cluster 0");
        assertEquals(1, slot(out[0]));
        assertEquals(SwapEntry.NONE, out[15], "one page found no slot");
        final long[] split = out.clone();
        assertEquals(FolioOutcome.FAILED, FolioPolicy.SPLIT.place(a, 0, out));
        assertEquals(FolioOutcome.FAILED, FolioPolicy.COMPOUND.place(a, 2, out));
        a.free(split[3], 1);
        a.free(split[9], 1);
        assertEquals(FolioOutcome.SWPOUT_COMPOUND, FolioPolicy.COMPOUND.place(a, 1, out));
        assertEquals("out.length: 2 (expected: >= 4 for order 2)", assertThrows(IllegalArgumentException.class,
                () -> FolioPolicy.SPLIT.place(a, 2, new long[2])).getMessage());
    }

    @Test
    void folioPageRangesAreCheckedOnBothKindsOfHandle() {
        final Geometry g = Geometry.builder(64).clusterSlots(16).maxOrder(4).build();
        final BuddyAllocator a = new BuddyAllocator(0, g);
        final long h = a.allocateFolio(2);
        final long next = a.allocate(2);
        assertEquals(4, slot(h));
        assertEquals(8, slot(next));
        assertEquals("count: 3 (expected: 1..2)",
                assertThrows(IllegalArgumentException.class, () -> a.freeFolioPages(h, 2, 2, 3)).getMessage());
        assertEquals(SlotState.IN_USE, a.view().state(8), "the neighbour was not touched");
        a.freeFolioPages(h, 2, 1, 2);
        assertEquals(SlotState.IN_USE, a.view().state(4));
        assertEquals(SlotState.FREE, a.view().state(5));
        assertEquals(SlotState.FREE, a.view().state(6));
        assertEquals(SlotState.IN_USE, a.view().state(7));
        while (a.allocate(0) != SwapEntry.NONE) {
            // fill
        }
        a.free(SwapEntry.of(0, 20), 1);
        a.free(SwapEntry.of(0, 40), 1);
        final long c = a.allocateFolio(1);
        assertTrue(SwapEntry.isCompound(c));
        assertEquals("page: 2 (expected: 0..1)",
                assertThrows(IllegalArgumentException.class, () -> a.slotOf(c, 1, 2)).getMessage());
        assertEquals("entry type: 5 (expected: 0, this device)", assertThrows(IllegalArgumentException.class,
                () -> a.extents(SwapEntry.compound(5, 1), 1)).getMessage());
    }

    @Test
    void compoundWorksAtTheChunkOrder() {
        final Geometry g = Geometry.builder(32).clusterSlots(16).maxOrder(4).minOrder(1).build();
        final BuddyAllocator a = new BuddyAllocator(0, g);
        while (a.allocate(1) != SwapEntry.NONE) {
            // fill in chunks of 2
        }
        a.free(SwapEntry.of(0, 4), 2);
        a.free(SwapEntry.of(0, 20), 2);
        final long h = a.allocateFolio(2);
        assertTrue(SwapEntry.isCompound(h), "two chunks of two slots hold an order-2 folio");
        assertEquals(2, a.extents(h, 2));
        assertEquals(SwapEntry.NONE, a.allocateFolio(0), "below the chunk order there is no compound placement");
    }

    @Test
    void theViewReservesEverythingOutsideTheClusters() {
        final BuddyAllocator a = new BuddyAllocator(0, Geometry.builder(61).clusterSlots(16).build());
        assertEquals(SlotState.RESERVED, a.view().state(-1));
        assertEquals(SlotState.RESERVED, a.view().state(0));
        assertEquals(SlotState.FREE, a.view().state(60));
        assertEquals(SlotState.RESERVED, a.view().state(63), "the tail of the last cluster");
        assertEquals(SlotState.RESERVED, a.view().state(64), "past the last cluster");
        assertEquals(a.geometry(), Geometry.builder(61).clusterSlots(16).build());
    }

    @Test
    void copiesAreIndependent() {
        final BuddyAllocator a = new BuddyAllocator(0, KERNEL);
        a.allocate(3);
        final BuddyAllocator b = a.copy();
        final Snapshot before = Snapshot.of(a.view());
        b.allocate(9);
        b.free(SwapEntry.of(0, 8), 8);
        assertEquals(null, before.firstDifference(Snapshot.of(a.view())));
        assertEquals("BuddyAllocator(type 0, Geometry(slots=4096, cluster=512, orders=0..9): 8 used, 4087 free,"
                + " 1 clusters with metadata, 0 descriptors)", a.toString());
    }

    @Test
    void freeRejectsWhatIsNotInUse() {
        final Geometry g = Geometry.builder(64).clusterSlots(16).maxOrder(4).build();
        final BuddyAllocator a = new BuddyAllocator(0, g);
        final long e = a.allocate(1);
        final Snapshot before = Snapshot.of(a.view());
        assertEquals(2, slot(e));
        assertEquals("slot 4: free (expected: in use)",
                assertThrows(IllegalStateException.class, () -> a.free(e, 3)).getMessage());
        assertEquals("nrSlots: 0 (expected: 1..62)",
                assertThrows(IllegalArgumentException.class, () -> a.free(e, 0)).getMessage());
        assertEquals("nrSlots: 63 (expected: 1..62)",
                assertThrows(IllegalArgumentException.class, () -> a.free(e, 63)).getMessage());
        assertEquals("entry: cswp(0:#1) (expected: a slot entry, not a compound handle)",
                assertThrows(IllegalArgumentException.class, () -> a.free(SwapEntry.compound(0, 1), 1)).getMessage());
        assertEquals("order: 10 (expected: 0..4)",
                assertThrows(IllegalArgumentException.class, () -> a.allocate(10)).getMessage());
        assertEquals("order: -1 (expected: 0..4)",
                assertThrows(IllegalArgumentException.class, () -> a.allocateFolio(-1)).getMessage());
        assertEquals("type: 32 (expected: 0..31)",
                assertThrows(IllegalArgumentException.class, () -> new BuddyAllocator(32, g)).getMessage());
        assertEquals(null, before.firstDifference(Snapshot.of(a.view())));
        a.free(e, 2);
        assertEquals("slot 2: free (expected: in use)",
                assertThrows(IllegalStateException.class, () -> a.free(e, 2)).getMessage(), "double free");
    }

    @Test
    void observeReadsWhatTheLockedViewReadsAndLeavesNoLockHeld() {
        final Geometry g = Geometry.builder(64).clusterSlots(16).maxOrder(3).build();
        final BuddyAllocator a = new BuddyAllocator(0, g);
        final long run = a.allocate(2);
        a.dup(a.allocate(0));
        a.cacheDel(SwapEntry.of(0, slot(run) + 1));
        a.free(SwapEntry.of(0, slot(run) + 2), 1);
        for (int i = 0; i < 12; i++) {
            a.allocate(0);
        }
        final long folio = a.allocateFolio(3);
        assertTrue(folio != SwapEntry.NONE, "the folio was placed");
        final Snapshot locked = Snapshot.of(a.view());
        final Snapshot observed = a.observe(Snapshot::of);
        assertNull(locked.firstDifference(observed));
        assertTrue(observed.usedCounter() > 0);
        a.checkConsistency(); // throws if observe left the device lock held
    }

    @Test
    void slotsPastTheDeviceReadAsReservedAndNeverSmall() {
        // 61 slots in clusters of 16: slots 61..63 of the tail cluster exist but are reserved; 64 on is no slot.
        final BuddyAllocator x = new BuddyAllocator(0, Geometry.builder(61).clusterSlots(16).maxOrder(2).build());
        final long used = slot(x.allocate(0)); // its pageblock of 4 slots is small
        final long[] outside = {-1, 64, 65, 1L << 40};
        final Function<SwapSpaceView, String> read = v -> {
            assertEquals(SlotState.RESERVED, v.state(63));
            assertEquals(SlotState.IN_USE, v.state(used));
            assertTrue(v.smallPageblock(used));
            for (final long slot : outside) {
                assertEquals(SlotState.RESERVED, v.state(slot), "slot " + slot);
                assertFalse(v.smallPageblock(slot), "slot " + slot);
            }
            return "read";
        };
        assertEquals("read", read.apply(x.view()), "the view that locks per call");
        assertEquals("read", x.observe(read), "the view read under the device lock");
        x.checkConsistency();
    }

    @Test
    void anUnalignedRunMarksEveryPageblockItTouchesSmall() {
        // Unaligned geometry, pageblocks of 16: the header's pageblock full of order 0, folios in the other three.
        final BuddyAllocator x = new BuddyAllocator(0, Geometry.builder(64).clusterSlots(32).maxOrder(5)
                .aligned(false).build());
        for (int i = 1; i < 16; i++) {
            assertEquals(i, slot(x.allocate(0)));
        }
        assertEquals(16, slot(x.allocate(4)));
        assertEquals(32, slot(x.allocate(4)));
        assertEquals(48, slot(x.allocate(4)));
        x.free(SwapEntry.of(0, 15), 1);
        x.free(SwapEntry.of(0, 16), 1);
        x.free(SwapEntry.of(0, 40), 1);
        x.free(SwapEntry.of(0, 41), 1);
        assertFalse(x.view().smallPageblock(16));
        assertFalse(x.view().smallPageblock(32));
        assertEquals(40, slot(x.allocate(1)), "an aligned block first: 40/1");
        assertTrue(x.view().smallPageblock(40), "order 1 marks its large pageblock small");
        // No aligned pair is left (15/0 and 16/0 are not buddies): the only run of 2 straddles pageblocks 0 and 16.
        assertEquals(15, slot(x.allocate(1)));
        assertTrue(x.view().smallPageblock(16), "the pageblock the run ends in is small too");
        x.checkConsistency();
    }
}
