package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ClusterSet}, the device indexes' set of clusters, against {@code java.util.BitSet} (which the indexes
 * were before): seeded random insertions and removals at sizes around each level boundary, with its lowest
 * member, membership, count and summary levels compared after every step.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own sets; the shared sizes are never written.
 */
class ClusterSetTest {
    /** Sizes of one level, two and four, and the edges of a word and of a summary word. */
    private static final int[] SIZES = {1, 63, 64, 65, 4095, 4096, 4097, 300_000};

    @Test
    void agreesWithBitSetOverRandomChanges() {
        for (final int size : SIZES) {
            final SplittableRandom random = new SplittableRandom(20_261_204L + size);
            final ClusterSet set = new ClusterSet(size);
            final BitSet model = new BitSet(size);
            assertEquals(-1, set.lowest(), "empty set of " + size);
            for (int step = 0; step < 20_000; step++) {
                // Mostly near the lowest member, so that the lowest one changes often; sometimes anywhere.
                final int low = Math.max(0, model.nextSetBit(0));
                final int c = random.nextInt(4) == 0 ? random.nextInt(size)
                        : Math.min(size - 1, low + random.nextInt(Math.min(size, 200)));
                final boolean member = random.nextInt(5) < 3;
                set.set(c, member);
                model.set(c, member);
                final String where = "size " + size + ", step " + step + ", cluster " + c + " -> " + member;
                assertEquals(model.nextSetBit(0), set.lowest(), where);
                assertEquals(model.get(c), set.get(c), where);
                assertNull(set.summaryMismatch(), where);
            }
            assertEquals(model.cardinality(), set.cardinality(), "size " + size);
            final int levels = size <= 64 ? 1 : size <= 4096 ? 2 : size <= 262_144 ? 3 : 4;
            assertEquals(levels, set.levelsForTest(), "size " + size);
            final ClusterSet copy = new ClusterSet(set);
            for (int c = model.nextSetBit(0); c >= 0; c = model.nextSetBit(c + 1)) {
                copy.clear(c);
                assertTrue(set.get(c), "a copy's change leaves the original alone: " + c);
            }
            assertEquals(-1, copy.lowest(), "size " + size + ": every member cleared from the copy");
            assertNull(copy.summaryMismatch());
        }
    }

    @Test
    void theLastClusterOfEachSize() {
        for (final int size : SIZES) {
            if (size == 1) {
                continue; // its first cluster is its last: the random test covers it
            }
            final ClusterSet set = new ClusterSet(size);
            set.set(size - 1);
            assertEquals(size - 1, set.lowest());
            set.set(0);
            assertEquals(0, set.lowest());
            set.clear(0);
            assertEquals(size - 1, set.lowest());
            set.clear(size - 1);
            assertEquals(-1, set.lowest());
            assertEquals(0, set.cardinality());
        }
    }

    @Test
    void theSummaryCheckCatchesAWrongSummaryBit() {
        final ClusterSet set = new ClusterSet(4096);
        set.set(700); // word 10 of level 0
        assertNull(set.summaryMismatch());
        set.wordsForTest()[set.levelBaseForTest(1)] |= 1L << 11; // word 11 is zero, but marked
        assertEquals("level 0 word 11 is 0 but its summary bit is true", set.summaryMismatch());
    }

    @Test
    void theSummaryCheckCatchesAWrongLowestMember() {
        final ClusterSet set = new ClusterSet(4096);
        set.set(700);
        set.set(3000);
        set.clear(700); // the kept lowest moves up through the levels
        assertEquals(3000, set.lowest());
        assertNull(set.summaryMismatch());
        set.setLowestForTest(700); // a member no longer in the set
        assertEquals("the lowest member is kept as 700 but level 0's is 3000", set.summaryMismatch());
    }
}
