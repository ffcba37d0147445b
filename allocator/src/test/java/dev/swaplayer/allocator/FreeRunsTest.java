package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link FreeRuns#cut}, which keeps a cluster's runs of free chunks current across a take, against the runs found
 * afresh: hand-worked cuts (the middle, either end, a whole run, refusals), then seeded random cuts on slot maps
 * of one to three words, each compared with the runs of a plain {@code boolean[]} of the free slots.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own runs.
 */
class FreeRunsTest {

    /**
     * Runs found chunk by chunk in a plain map of free slots, apart from {@link ClusterFreeBlocks}' bitmap pass:
     * {start, length} pairs in ascending order.
     */
    private static FreeRuns of(final boolean[] free, final int chunk) {
        int[] found = new int[0];
        int n = 0;
        for (int at = 0; at < free.length; ) {
            if (!free[at]) {
                at += chunk;
                continue;
            }
            int end = at;
            while (end < free.length && free[end]) {
                end += chunk;
            }
            found = Arrays.copyOf(found, n + 2);
            found[n++] = at;
            found[n++] = end - at;
            at = end;
        }
        return new FreeRuns(chunk, 0, found, n);
    }

    private static boolean[] freeSlots(final int size, final int... runs) {
        final boolean[] free = new boolean[size];
        for (int i = 0; i < runs.length; i += 2) {
            Arrays.fill(free, runs[i], runs[i] + runs[i + 1], true);
        }
        return free;
    }

    /** The runs as {start, length} pairs, without the room to spare. */
    static int[] runs(final FreeRuns r) {
        return Arrays.copyOf(r.runs(), r.runInts());
    }

    /** The {length, count} pairs, without the room to spare. */
    static int[] lengths(final FreeRuns r) {
        return Arrays.copyOf(r.lengths(), r.lengthInts());
    }

    @Test
    void aCutInTheMiddleLeavesTwoRuns() {
        final FreeRuns r = of(freeSlots(32, 0, 3, 8, 8, 20, 2), 1);
        assertArrayEquals(new int[] {8, 1, 3, 1, 2, 1}, lengths(r));
        assertTrue(r.cut(10, 2));
        assertArrayEquals(new int[] {0, 3, 8, 2, 12, 4, 20, 2}, runs(r));
        assertArrayEquals(new int[] {4, 1, 3, 1, 2, 2}, lengths(r), "8 gone, 4 new, a second 2");
        assertEquals(4, r.longest());
    }

    @Test
    void cutsAtEitherEndAndOfAWholeRun() {
        final FreeRuns r = of(freeSlots(32, 0, 3, 8, 8, 20, 2), 1);
        assertTrue(r.cut(8, 3));
        assertArrayEquals(new int[] {0, 3, 11, 5, 20, 2}, runs(r), "from its start");
        assertTrue(r.cut(14, 2));
        assertArrayEquals(new int[] {0, 3, 11, 3, 20, 2}, runs(r), "from its end");
        assertArrayEquals(new int[] {3, 2, 2, 1}, lengths(r));
        assertTrue(r.cut(0, 3));
        assertArrayEquals(new int[] {11, 3, 20, 2}, runs(r), "a whole run leaves");
        assertArrayEquals(new int[] {3, 1, 2, 1}, lengths(r));
        assertTrue(r.cut(11, 3));
        assertTrue(r.cut(20, 2));
        assertArrayEquals(new int[0], runs(r));
        assertArrayEquals(new int[0], lengths(r));
        assertEquals(0, r.longest());
    }

    /** Runs found again in place: the arrays keep what the longer finding left past the new ends, unread. */
    @Test
    void runsFoundAgainInPlaceCountTheirLengthsAfresh() {
        final FreeRuns r = of(freeSlots(64, 0, 2, 4, 2, 8, 4, 16, 8, 32, 16, 56, 8), 1);
        assertArrayEquals(new int[] {16, 1, 8, 2, 4, 1, 2, 2}, lengths(r));
        final int[] before = r.runs();
        assertSame(before, r.room(before.length), "room enough: the same array");
        final int[] room = r.room(4);
        assertSame(before, room, "room from the finding before, not a new array");
        room[0] = 8;
        room[1] = 2;
        room[2] = 32;
        room[3] = 2;
        r.found(7, 4);
        assertArrayEquals(new int[] {8, 2, 32, 2}, runs(r));
        assertArrayEquals(new int[] {2, 2}, lengths(r), "one length, counted from zero");
        assertEquals(7, r.version);
        assertEquals(2, r.longest());
        assertTrue(r.room(40).length >= 40, "grown when short");
    }

    /** A finding again with more distinct lengths than the first had runs: the pairs' array grows with it. */
    @Test
    void runsFoundAgainWithMoreLengthsThanBeforeGrowThePairs() {
        final FreeRuns r = of(freeSlots(64, 0, 4), 1);
        final int[] room = r.room(12);
        final int[] found = {0, 1, 2, 2, 5, 3, 9, 4, 14, 5, 20, 6};
        System.arraycopy(found, 0, room, 0, found.length);
        r.found(1, found.length);
        assertArrayEquals(new int[] {6, 1, 5, 1, 4, 1, 3, 1, 2, 1, 1, 1}, lengths(r));
    }

    @Test
    void whatNoSingleRunHoldsOrIsNotWholeChunksIsRefusedAndChangesNothing() {
        final FreeRuns r = of(freeSlots(32, 4, 4, 16, 8), 2);
        final int[] before = runs(r);
        assertFalse(r.cut(0, 2), "below every run");
        assertFalse(r.cut(8, 2), "between two runs");
        assertFalse(r.cut(6, 4), "past a run's end");
        assertFalse(r.cut(17, 2), "not on a chunk boundary");
        assertFalse(r.cut(16, 3), "not whole chunks");
        assertArrayEquals(before, runs(r));
        assertArrayEquals(new int[] {8, 1, 4, 1}, lengths(r));
    }

    @Test
    void aMismatchOfTheRunsOrOfTheirLengthsIsNamed() {
        final boolean[] free = freeSlots(32, 0, 3, 8, 8);
        final FreeRuns r = of(free, 1);
        assertEquals(null, r.mismatch(of(free, 1)));
        r.lengths()[1]++; // the count of runs of 8: the runs themselves agree
        final String m = r.mismatch(of(free, 1));
        assertTrue(m != null && m.contains("with lengths [8, 2, 3, 1] cached"), m);
        final FreeRuns s = of(free, 1);
        s.runs()[3] = 7;
        assertTrue(s.mismatch(of(free, 1)).contains("runs [0, 3, 8, 7]"));
    }

    @Test
    void randomCutsAgreeWithTheRunsFoundAfresh() {
        for (final int size : new int[] {16, 64, 192}) {
            for (final int chunk : new int[] {1, 2, 4}) {
                final SplittableRandom random = new SplittableRandom(20_261_204L * size + chunk);
                for (int trial = 0; trial < 200; trial++) {
                    final boolean[] free = new boolean[size];
                    for (int c = 0; c < size; c += chunk) {
                        Arrays.fill(free, c, c + chunk, random.nextInt(3) > 0);
                    }
                    final FreeRuns r = of(free, chunk);
                    while (r.runInts() > 0) {
                        // a random run, then a random stretch of whole chunks inside it
                        final int i = 2 * random.nextInt(r.runInts() / 2);
                        final int start = r.runs()[i];
                        final int chunks = r.runs()[i + 1] / chunk;
                        final int first = random.nextInt(chunks);
                        final int len = chunk * (1 + random.nextInt(chunks - first));
                        final int idx = start + first * chunk;
                        final String where = "size " + size + ", chunk " + chunk + ", trial " + trial + ", cut "
                                + idx + "+" + len + " of " + Arrays.toString(runs(r));
                        assertTrue(r.cut(idx, len), where);
                        Arrays.fill(free, idx, idx + len, false);
                        final FreeRuns fresh = of(free, chunk);
                        assertArrayEquals(runs(fresh), runs(r), where);
                        assertArrayEquals(lengths(fresh), lengths(r), where);
                        assertEquals(null, r.mismatch(fresh), where);
                    }
                }
            }
        }
    }
}
