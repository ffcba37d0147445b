package dev.swaplayer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compound postconditions reject placements that are not minimal or not needed (INV-8, INV-9).
 *
 * <p>Thread safety: JUnit runs it on one thread; each test builds its own models and snapshots.
 */
class PostconditionsTest {

    private static SwapSpaceModel filledExcept(final Geometry g, final long... free) {
        final SwapSpaceModel m = new SwapSpaceModel(g);
        while (m.allocate(0) != SwapSpaceModel.NONE) {
            // fill
        }
        for (final long s : free) {
            m.free(s, 1);
        }
        return m;
    }

    private static List<Invariant> violated(final Snapshot s, final int order, final long... pages) {
        return Postconditions.checkCompound(s, order, pages).stream().map(InvariantChecker.Violation::invariant)
                .toList();
    }

    @Test
    void aCompoundPlacementWhileAnAlignedRunIsFreeBreaksContiguousFirst() {
        final Geometry g = Geometry.builder(32).clusterSlots(16).maxOrder(3).build();
        final Snapshot s = Snapshot.of(filledExcept(g, 8, 9, 10, 11, 3, 5));
        assertEquals(List.of(Invariant.INV_9), violated(s, 2, 3, 5, 8, 9).subList(0, 1));
        assertEquals(List.of(), violated(Snapshot.of(filledExcept(g, 9, 10, 11, 12, 3)), 2, 9, 10, 11, 12));
    }

    @Test
    void theContiguousFirstViolationNamesTheRunAndWhetherOnlyClustersWithMetadataCounted() {
        final Geometry g = Geometry.builder(32).clusterSlots(16).maxOrder(3).build();
        final Snapshot s = Snapshot.of(filledExcept(g, 8, 9, 10, 11, 3, 5));
        final long[] pages = {3, 5, 8, 9};
        assertEquals(new InvariantChecker.Violation(Invariant.INV_9, "compound placement of order 2 although a"
                + " contiguous run of 4 slots was free"), Postconditions.checkCompound(s, 2, pages).get(0));
        assertEquals(new InvariantChecker.Violation(Invariant.INV_9, "compound placement of order 2 although a"
                + " contiguous run of 4 slots was free in a cluster with metadata"),
                Postconditions.checkCompound(s, 2, pages, true).get(0));
    }

    @Test
    void anUnalignedRunCountsWhenTheGeometryIsUnaligned() {
        final Geometry g = Geometry.builder(32).clusterSlots(16).maxOrder(3).aligned(false).build();
        final Snapshot s = Snapshot.of(filledExcept(g, 9, 10, 11, 12, 3));
        assertEquals(List.of(Invariant.INV_9), violated(s, 2, 9, 10, 11, 12));
    }

    @Test
    void theLongestFreeRunStaysInOneClusterAndStartsOnTheAlignment() {
        final Geometry g = Geometry.builder(64).clusterSlots(16).maxOrder(4).aligned(false).build();
        // Free: 5..9 in cluster 0, then 14, 15 | 16, 17, 18 across the boundary of clusters 0 and 1.
        final Snapshot s = Snapshot.of(filledExcept(g, 5, 6, 7, 8, 9, 14, 15, 16, 17, 18));
        assertEquals(5, Postconditions.longestFreeRun(s, 0, false, false), "5..9");
        assertEquals(4, Postconditions.longestFreeRun(s, 1, false, false), "6..9, from an even slot");
        assertEquals(0, Postconditions.longestFreeRun(s, 2, false, false), "no 4 free from a multiple of 4");
        assertEquals(2, Postconditions.longestFreeRun(s, 0, true, false), "the largest aligned block: 6/1 or 8/1");
    }

    @Test
    void theLongestFreeRunInClustersWithMetadataOnly() {
        final Geometry g = Geometry.builder(64).clusterSlots(16).maxOrder(4).aligned(false).build();
        // An empty device: only cluster 0 (the header's) holds metadata, with 1..15 free.
        final Snapshot s = Snapshot.of(new SwapSpaceModel(g));
        assertEquals(16, Postconditions.longestFreeRun(s, 0, false, false));
        assertEquals(15, Postconditions.longestFreeRun(s, 0, false, true), "1..15 in cluster 0");
        assertEquals(12, Postconditions.longestFreeRun(s, 2, false, true), "4..15");
        assertEquals(16, Postconditions.longestFreeRun(s, 0, true, false), "a wholly free cluster");
        assertEquals(8, Postconditions.longestFreeRun(s, 0, true, true), "8/3 in cluster 0");
    }

    @Test
    void minimalExtentsInClustersWithMetadataOnly() {
        // Chunks of 2 slots; an empty device: cluster 0 (the header's) holds metadata, with chunks 1..7 free.
        final Geometry g = Geometry.builder(64).clusterSlots(16).maxOrder(4).minOrder(1).build();
        final Snapshot s = Snapshot.of(new SwapSpaceModel(g));
        assertEquals(1, Postconditions.minimalExtents(s, 16, false), "a wholly free cluster");
        assertEquals(-1, Postconditions.minimalExtents(s, 16, true), "cluster 0 has 14 free slots");
        assertEquals(1, Postconditions.minimalExtents(s, 14, true), "slots 2..15");
        assertEquals(3, Postconditions.minimalExtents(s, 40, false), "two wholly free clusters and part of a third");
        final SwapSpaceModel m = new SwapSpaceModel(g);
        m.allocateAt(8, 1); // cluster 0: chunks 1..3 and 5..7 free
        assertEquals(2, Postconditions.minimalExtents(Snapshot.of(m), 8, true), "2..7 and 10..11");
        assertEquals(1, Postconditions.minimalExtents(Snapshot.of(m), 6, true), "2..7 or 10..15");
    }

    @Test
    void moreExtentsThanNeededBreaksMinimality() {
        final Geometry g = Geometry.builder(32).clusterSlots(16).maxOrder(3).build();
        final Snapshot s = Snapshot.of(filledExcept(g, 3, 5, 6, 7, 9));
        assertEquals(2, Postconditions.minimalExtents(s, 4), "5..7 and one more");
        assertEquals(List.of(Invariant.INV_8), violated(s, 2, 3, 5, 6, 9));
        assertEquals(List.of(), violated(s, 2, 3, 5, 6, 7));
        assertEquals(-1, Postconditions.minimalExtents(s, 8), "only 5 free");
    }

    @Test
    void extentsAreCutAtClusterBoundaries() {
        final Geometry g = Geometry.builder(32).clusterSlots(16).build();
        assertEquals(1, Postconditions.extentsOf(g, new long[] {3, 4, 5}));
        assertEquals(2, Postconditions.extentsOf(g, new long[] {14, 15, 16, 17}), "15 and 16 are in two clusters");
        assertEquals(3, Postconditions.extentsOf(g, new long[] {1, 3, 4, 9}));
    }

    @Test
    void chunksAreTheUnitWithAMinOrder() {
        final Geometry g = Geometry.builder(32).clusterSlots(16).maxOrder(3).minOrder(1).build();
        final SwapSpaceModel m = new SwapSpaceModel(g);
        while (m.allocate(0) != SwapSpaceModel.NONE) {
            // fill in chunks of 2
        }
        m.free(4, 2);
        m.free(7, 1); // half a chunk: not usable
        m.free(10, 2);
        assertEquals(2, Postconditions.minimalExtents(Snapshot.of(m), 4));
        assertEquals(-1, Postconditions.minimalExtents(Snapshot.of(m), 6));
    }
}
