package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Snapshot;
import org.junit.jupiter.api.Test;

/**
 * Compound placement on its own: a function of free space that changes nothing. Each example frees runs of a
 * full device and asks {@link CompoundPlacement#pieces} for a folio's extents directly, under the device lock
 * as its callers hold it.
 *
 * <p>Thread safety: each test runs on JUnit's one thread with its own allocator, and takes the device lock itself on
 * that thread.
 */
class CompoundPlacementTest {
    /** Three clusters of 16 slots, slot 0 reserved. */
    private final BuddyAllocator a = new BuddyAllocator(0, Geometry.builder(48).clusterSlots(16).maxOrder(4).build());

    private void fillThenFree(final long... runs) {
        while (a.allocate(0) != SwapEntry.NONE) {
            // fill
        }
        for (int i = 0; i < runs.length; i += 2) {
            a.free(SwapEntry.of(0, runs[i]), runs[i + 1]);
        }
    }

    /**
     * Compound placement as {@code allocateFolio} reaches it: after the contiguous attempt failed (no cluster is
     * wholly free here), which gave back any block held for the next allocation ({@link HeldBlock}).
     */
    private long[] piecesUnderTheLock(final long need) {
        assertEquals(SwapEntry.NONE, a.allocate(4), "no cluster is wholly free: the contiguous attempt fails");
        final CompoundPlacement compound = new CompoundPlacement(a.spaceForTest());
        compound.space.deviceLock.lock();
        try {
            return compound.pieces(need);
        } finally {
            compound.space.deviceLock.unlock();
        }
    }

    @Test
    void twoEqualRunsMakeTwoExtentsInAddressOrder() {
        fillThenFree(40, 4, 20, 4);
        assertArrayEquals(new long[] {20, 4, 40, 4}, piecesUnderTheLock(8));
    }

    @Test
    void theLongestRunsWholeThenTheRemainderFromTheShortestRunThatHoldsIt() {
        fillThenFree(17, 3, 24, 6, 33, 2, 40, 4);
        // Longest first: 6 at 24 leaves 2, which the run of 2 at 33 holds (not the 3 at 17, nor the 4 at 40).
        assertArrayEquals(new long[] {24, 6, 33, 2}, piecesUnderTheLock(8));
        // 6 + 4 leave 3: the run of 3 at 17 holds it exactly.
        assertArrayEquals(new long[] {17, 3, 24, 6, 40, 4}, piecesUnderTheLock(13));
    }

    @Test
    void theLowestRunsOfTheLongestLengthThenTheRemainderFromAShorterRunElsewhere() {
        fillThenFree(17, 4, 24, 4, 33, 2, 40, 4);
        // Three runs of 4 hold 10 with two of them, the lowest (both in cluster 1); the 2 left go to the run of 2
        // in cluster 2, not to the third run of 4.
        assertArrayEquals(new long[] {17, 4, 24, 4, 33, 2}, piecesUnderTheLock(10));
    }

    @Test
    void tooFewFreeSlotsIsNull() {
        fillThenFree(20, 4, 40, 3);
        assertNull(piecesUnderTheLock(8));
    }

    @Test
    void itChangesNothingAndGivesTheSameAnswerTwice() {
        fillThenFree(17, 3, 24, 6, 33, 2, 40, 4);
        final Snapshot before = Snapshot.of(a.view());
        final long[] first = piecesUnderTheLock(8);
        assertArrayEquals(first, piecesUnderTheLock(8));
        assertEquals(before, Snapshot.of(a.view()));
        a.checkConsistency();
        assertEquals(2, a.extents(a.allocateFolio(3), 3), "the allocator places the folio as the pieces say");
    }

    @Test
    @SuppressWarnings("GuardedBy") // the call without the lock is the point: the run-time assertion must catch it
    void withoutTheDeviceLockItsAssertionFires() {
        fillThenFree(20, 4, 40, 4);
        final CompoundPlacement compound = new CompoundPlacement(a.spaceForTest());
        final AssertionError e = assertThrows(AssertionError.class, () -> compound.pieces(8));
        assertTrue(e.getMessage().contains("without the device lock"), e.getMessage());
    }
}
