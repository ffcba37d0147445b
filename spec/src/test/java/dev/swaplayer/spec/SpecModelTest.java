package dev.swaplayer.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The specification on its own, on small hand-worked cases, so that a mistake in the spec cannot hide behind
 * an implementation that makes the same mistake.
 *
 * <p>Thread safety: each test runs on JUnit's one thread on its own instance, with its own models and views.
 */
class SpecModelTest {
    private final Geometry g = Geometry.builder(32).clusterSlots(16).maxOrder(4).build();

    @Test
    void placementIsBestFitLowestAddress() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        assertEquals(2, m.placement(1), "2/1 is the smallest block holding order 1");
        assertEquals(16, m.placement(4), "the first whole cluster");
        assertEquals(1, m.allocate(0));
        assertEquals(2, m.allocate(0));
        assertEquals(3, m.allocate(0));
        assertEquals(4, m.allocate(0), "splits 4/2");
        assertEquals(SwapSpaceModel.NONE, new SwapSpaceModel(Geometry.builder(3).clusterSlots(4).maxOrder(2).build())
                .placement(2), "slot 0 always breaks cluster 0's top block");
    }

    @Test
    void aFolioAboveThePageblockOrderTakesABlockOfItsOwnOrder() {
        final Geometry g64 = Geometry.builder(64).clusterSlots(32).maxOrder(5).build(); // pageblocks of 16
        for (final Placement rule : Placement.values()) {
            final SwapSpaceModel m = new SwapSpaceModel(g64, rule);
            assertEquals(32, m.placement(5), rule + ": cluster 1 whole, not the lower 16/4 that is too small");
            assertEquals(16, m.placement(4), rule + ": 16/4, the smallest block that holds order 4");
        }
    }

    /** The same script as BuddyAllocatorTest's, worked on the model alone, for both placement rules. */
    @Test
    void groupedPlacementPacksSmallAllocationsAwayFromLargeFolios() {
        final Geometry g64 = Geometry.builder(64).clusterSlots(32).maxOrder(5).build();
        final SwapSpaceModel m = new SwapSpaceModel(g64);
        final SwapSpaceModel best = new SwapSpaceModel(g64, Placement.BEST_FIT);
        for (final SwapSpaceModel x : List.of(m, best)) {
            assertEquals(16, x.allocate(4));
            assertEquals(32, x.allocate(4));
            for (int i = 1; i < 16; i++) {
                assertEquals(i, x.allocate(0));
            }
            x.free(20, 1);
            x.free(40, 2);
        }
        assertEquals(20, best.placement(0), "best fit: the lowest of the smallest blocks");
        assertEquals(40, m.placement(0), "grouped: pageblock 32..47 has the most free slots of the large ones");
        assertEquals(40, m.allocate(0));
        assertTrue(m.smallPageblock(47));
        assertEquals(41, m.allocate(0));
        m.free(16, 4);
        m.free(21, 11);
        assertEquals("[16/4, 48/4]", Snapshot.blocksToString(m.freeBlocks()));
        assertTrue(!m.smallPageblock(16) && m.smallPageblock(0), "the mark went with the whole pageblock; the "
                + "header's pageblock is small for life");
        m.free(36, 4);
        assertEquals(36, m.placement(1));
        assertEquals(36, m.placement(2), "the smallest hole of order 2..3 in a small pageblock, before the "
                + "clean 16/4");
    }

    @Test
    void groupedPlacementTakesTheLowestSmallPageblockNotTheFullest() {
        final Geometry g64 = Geometry.builder(64).clusterSlots(32).maxOrder(5).build();
        final SwapSpaceModel m = new SwapSpaceModel(g64);
        for (int i = 1; i < 32; i++) {
            assertEquals(i, m.allocate(0), "pageblocks 0..15 and 16..31 fill up and become small");
        }
        m.free(2, 3);
        m.free(20, 1);
        assertEquals(4, m.allocate(0), "0..15 (3 free) is lower than 16..31 (1 free): its smallest block, 4/0");
        assertEquals(2, m.allocate(0), "then its 2/1, split");
        assertEquals(3, m.allocate(0));
        assertEquals(20, m.allocate(0), "0..15 is full: the next small pageblock");
        assertEquals(32, m.placement(0), "no small or large pageblock has room: the clean 32/5, split");
    }

    @Test
    void groupedPlacementTakesTheLargestHoleOfALargePageblock() {
        final Geometry g64 = Geometry.builder(64).clusterSlots(32).maxOrder(5).build();
        final SwapSpaceModel m = new SwapSpaceModel(g64);
        final SwapSpaceModel best = new SwapSpaceModel(g64, Placement.BEST_FIT);
        for (final SwapSpaceModel x : List.of(m, best)) {
            assertEquals(16, x.allocate(4));
            for (int i = 1; i < 16; i++) {
                assertEquals(i, x.allocate(0));
            }
            x.free(18, 2);
            x.free(24, 8);
        }
        assertEquals(18, best.placement(1), "best fit: the smallest block, 18/1");
        assertEquals(24, m.placement(1), "grouped: no small pageblock has room; the largest hole of a large "
                + "pageblock, 24/3, before the clean 32/5");
        assertEquals(18, m.placement(0), "order 0: the large pageblock with the most free slots (16..31, the only "
                + "one), and in it its smallest block, 18/1");
    }

    @Test
    void freeBlocksAreTheCanonicalDecomposition() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        m.allocate(0);
        m.allocate(2);
        assertEquals("[2/1, 8/3, 16/4]", Snapshot.blocksToString(m.freeBlocks()));
        assertArrayEquals(new long[] {0, 1, 0, 1, 1}, m.fragmentation().toArray());
        assertEquals(26, m.freeSlots());
        assertEquals(5, m.usedSlots());
    }

    @Test
    void countsAndCacheFollowTheOutcomeTable() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        final long s = m.allocate(0);
        assertTrue(m.cached(s));
        assertEquals(0, m.swapCount(s));
        assertEquals(SwapResult.ALREADY_CACHED, m.cacheAdd(s));
        assertEquals(SwapResult.OK, m.dup(s));
        assertEquals(false, m.cacheDel(s));
        assertEquals(SwapResult.OK, m.cacheAdd(s));
        assertEquals(false, m.cacheDel(s));
        assertEquals(true, m.put(s));
        assertEquals(SlotState.FREE, m.state(s));
        assertEquals(SwapResult.NOT_IN_USE, m.cacheAdd(s));
    }

    @Test
    void compoundPlacementTakesTheLongestRunsAndBestFitsTheRest() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        while (m.allocate(0) != SwapSpaceModel.NONE) {
            // fill
        }
        m.free(3, 3);
        m.free(9, 2);
        m.free(20, 5);
        // runs: 20+5, 3+3, 9+2. Order 3 = 8 pages: 5 from 20, then 3 more from the shortest run that holds 3: 3+3
        final FolioPlacement p = m.allocateFolio(3);
        assertEquals(FolioPlacement.Kind.COMPOUND, p.kind());
        assertArrayEquals(new long[] {3, 4, 5, 20, 21, 22, 23, 24}, p.pageSlots());
        assertEquals(1, p.descriptorId());
        m.freeDescriptorPages(1, 0, 3);
        assertArrayEquals(new long[] {0, 0, 0, 20, 21, 22, 23, 24}, m.descriptor(1));
        assertEquals("page 0 of descriptor 1: already freed (expected: still swapped out)",
                assertThrows(IllegalStateException.class, () -> m.freeDescriptorPages(1, 0, 1)).getMessage());
        m.free(20, 5);
        assertEquals("descriptor: 1 (expected: a live compound descriptor)",
                assertThrows(IllegalArgumentException.class, () -> m.descriptor(1)).getMessage());
        assertEquals(FolioPlacement.NONE, m.allocateFolio(4), "only 8 slots free");
    }

    @Test
    void copiesAreIndependent() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        m.allocate(2);
        final SwapSpaceModel c = m.copy();
        c.allocate(4);
        c.free(4, 4);
        final SwapSpaceModel fresh = new SwapSpaceModel(g);
        fresh.allocate(2);
        assertNull(Snapshot.of(fresh).firstDifference(Snapshot.of(m)));
        assertTrue(Snapshot.of(fresh).firstDifference(Snapshot.of(c)) != null);
    }

    @Test
    void invariantCheckerFindsPlantedCorruption() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        m.allocate(1);
        assertEquals(List.of(), InvariantChecker.check(Snapshot.of(m)));
        final SwapSpaceView lying = new ForwardingView(m) {
            @Override
            public long freeSlots() {
                return m.freeSlots() + 1;
            }
        };
        assertEquals(Invariant.INV_2, InvariantChecker.check(Snapshot.of(lying)).get(0).invariant());
        final SwapSpaceModel empty = new SwapSpaceModel(g);
        assertFindsFreeListCorruption(empty);
        final SwapSpaceView noMetadata = new ForwardingView(m) {
            @Override
            public boolean hasClusterMetadata(final int cluster) {
                return false;
            }
        };
        assertEquals(Invariant.INV_10, InvariantChecker.check(Snapshot.of(noMetadata)).get(0).invariant());
        final SwapSpaceView uncountedUse = new ForwardingView(m) {
            @Override
            public boolean cached(final long slot) {
                return false;
            }
        };
        assertEquals(Invariant.INV_6, InvariantChecker.check(Snapshot.of(uncountedUse)).get(0).invariant());
        final SwapSpaceView headerFree = new ForwardingView(empty) {
            @Override
            public SlotState state(final long slot) {
                return slot == 0 ? SlotState.FREE : empty.state(slot);
            }
        };
        assertEquals(Invariant.INV_5, InvariantChecker.check(Snapshot.of(headerFree)).get(0).invariant());
    }

    @Test
    void invariantCheckerFindsBrokenBlocksAndDescriptors() {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        m.allocate(2); // slots 4..7
        final SwapSpaceModel empty = new SwapSpaceModel(g);
        assertFindsBrokenFreeBlocks(m, empty);
        assertFindsBrokenDescriptors(m);
        final SwapSpaceView countOnFree = new ForwardingView(empty) {
            @Override
            public long swapCount(final long slot) {
                return slot == 3 ? 1 : 0;
            }
        };
        assertEquals(Invariant.INV_6, InvariantChecker.check(Snapshot.of(countOnFree)).get(0).invariant());
        final SwapSpaceView metadataOnFree = new ForwardingView(empty) {
            @Override
            public boolean hasClusterMetadata(final int cluster) {
                return true;
            }
        };
        assertEquals("INV-10 metadata-on-demand: cluster 1 is wholly free but still has metadata",
                InvariantChecker.check(Snapshot.of(metadataOnFree)).get(0).toString());
        final SwapSpaceView usedReserved = new ForwardingView(m) {
            @Override
            public SlotState state(final long slot) {
                return slot == 6 ? SlotState.RESERVED : m.state(slot);
            }
        };
        assertEquals("INV-5 reserved: slot 6 is RESERVED but is neither header nor bad",
                InvariantChecker.check(Snapshot.of(usedReserved)).get(0).toString());
    }

    /** Uncoalesced, misaligned free blocks and a buddyinfo that disagrees with them, on an empty device. */
    private static void assertFindsFreeListCorruption(final SwapSpaceModel empty) {
        final SwapSpaceView uncoalesced = new ForwardingView(empty) {
            @Override
            public void forEachFreeBlock(final BlockVisitor v) {
                v.visit(1, 0);
                v.visit(2, 1);
                v.visit(4, 2);
                v.visit(8, 3);
                v.visit(16, 3);
                v.visit(24, 3);
            }

            @Override
            public Fragmentation fragmentation() {
                return new Fragmentation(new long[] {1, 1, 1, 3, 0});
            }
        };
        final var v = InvariantChecker.check(Snapshot.of(uncoalesced));
        assertEquals(Invariant.INV_4, v.get(0).invariant(), v.toString());
        assertEquals("INV-4 coalesced", Invariant.INV_4.toString());
        assertEquals("INV-4", Invariant.INV_4.id());
        final SwapSpaceView misaligned = new ForwardingView(empty) {
            @Override
            public void forEachFreeBlock(final BlockVisitor v) {
                empty.forEachFreeBlock((s, o) -> v.visit(s == 16 ? 17 : s, o));
            }
        };
        assertEquals(Invariant.INV_3, InvariantChecker.check(Snapshot.of(misaligned)).get(0).invariant());
        final SwapSpaceView wrongBuddyinfo = new ForwardingView(empty) {
            @Override
            public Fragmentation fragmentation() {
                return new Fragmentation(new long[] {1, 1, 1, 1, 0});
            }
        };
        assertEquals(Invariant.INV_11, InvariantChecker.check(Snapshot.of(wrongBuddyinfo)).get(0).invariant());
    }

    /** Overlapping, missing, over-used and cluster-crossing free blocks. */
    private static void assertFindsBrokenFreeBlocks(final SwapSpaceModel m, final SwapSpaceModel empty) {
        final SwapSpaceView overlapping = new ForwardingView(empty) {
            @Override
            public void forEachFreeBlock(final BlockVisitor v) {
                empty.forEachFreeBlock(v);
                v.visit(9, 0);
            }
        };
        assertEquals(Invariant.INV_1, InvariantChecker.check(Snapshot.of(overlapping)).get(0).invariant());
        final SwapSpaceView missing = new ForwardingView(empty) {
            @Override
            public void forEachFreeBlock(final BlockVisitor v) {
                empty.forEachFreeBlock((s, o) -> {
                    if (s != 1) {
                        v.visit(s, o);
                    }
                });
            }
        };
        assertEquals("INV-1 one-owner: free slot 1 is in no free block",
                InvariantChecker.check(Snapshot.of(missing)).get(0).toString());
        final SwapSpaceView overUsed = new ForwardingView(m) {
            @Override
            public void forEachFreeBlock(final BlockVisitor v) {
                m.forEachFreeBlock((s, o) -> v.visit(s, s == 8 ? 2 : o));
                v.visit(4, 2);
            }
        };
        assertEquals(Invariant.INV_1, InvariantChecker.check(Snapshot.of(overUsed)).get(0).invariant());
        final SwapSpaceView acrossClusters = new ForwardingView(empty) {
            @Override
            public void forEachFreeBlock(final BlockVisitor v) {
                v.visit(16, 5);
            }
        };
        assertEquals(Invariant.INV_3, InvariantChecker.check(Snapshot.of(acrossClusters)).get(0).invariant());
    }

    /** Descriptors too short, empty, out of order, on a free slot, or sharing a slot (m holds slots 4..7). */
    private static void assertFindsBrokenDescriptors(final SwapSpaceModel m) {
        final SwapSpaceView shortDescriptor = new ForwardingView(m) {
            @Override
            public void forEachDescriptor(final DescriptorVisitor v) {
                v.visit(1, 2, new long[] {4, 5, 6});
            }
        };
        assertEquals(Invariant.INV_7, InvariantChecker.check(Snapshot.of(shortDescriptor)).get(0).invariant());
        final SwapSpaceView emptyDescriptor = new ForwardingView(m) {
            @Override
            public void forEachDescriptor(final DescriptorVisitor v) {
                v.visit(1, 1, new long[] {0, 0});
            }
        };
        assertEquals(Invariant.INV_7, InvariantChecker.check(Snapshot.of(emptyDescriptor)).get(0).invariant());
        final SwapSpaceView unordered = new ForwardingView(m) {
            @Override
            public void forEachDescriptor(final DescriptorVisitor v) {
                v.visit(1, 1, new long[] {5, 4});
            }
        };
        assertEquals(Invariant.INV_7, InvariantChecker.check(Snapshot.of(unordered)).get(0).invariant());
        final SwapSpaceView onFreeSlot = new ForwardingView(m) {
            @Override
            public void forEachDescriptor(final DescriptorVisitor v) {
                v.visit(1, 1, new long[] {7, 8});
            }
        };
        assertEquals(Invariant.INV_7, InvariantChecker.check(Snapshot.of(onFreeSlot)).get(0).invariant());
        final SwapSpaceView shared = new ForwardingView(m) {
            @Override
            public void forEachDescriptor(final DescriptorVisitor v) {
                v.visit(1, 1, new long[] {4, 5});
                v.visit(2, 1, new long[] {5, 6});
            }
        };
        assertEquals("INV-1 one-owner: slot 5 belongs to two descriptors",
                InvariantChecker.check(Snapshot.of(shared)).get(0).toString());
    }
}
