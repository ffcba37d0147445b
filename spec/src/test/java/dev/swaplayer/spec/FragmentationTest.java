package dev.swaplayer.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.swaplayer.properties.engine.Gens;
import dev.swaplayer.properties.engine.Property;
import org.junit.jupiter.api.Test;

/**
 * INV-11: buddyinfo and the kernel's unusable free space index, worked by hand and by property.
 *
 * <p>Thread safety: JUnit runs it on one thread; each test builds its own values, which are immutable.
 */
class FragmentationTest {

    @Test
    void handWorkedIndex() {
        // 6 order-0 blocks, 1 order-1, 1 order-2: 6 + 2 + 4 = 12 free slots
        final Fragmentation f = new Fragmentation(new long[] {6, 1, 1});
        assertEquals(12, f.freeSlots());
        assertEquals(12, f.suitableBlocks(0));
        assertEquals(3, f.suitableBlocks(1), "1 + 2 order-1 runs");
        assertEquals(1, f.suitableBlocks(2));
        assertEquals(0.0, f.unusableIndex(0));
        assertEquals(0.5, f.unusableIndex(1), "(12 - 3*2) / 12");
        assertEquals(8.0 / 12, f.unusableIndex(2), 1e-12);
        assertEquals(666, f.unusableIndexMillis(2), "truncated like div_u64");
        assertEquals(500, f.unusableIndexMillis(1));
        assertEquals(0, f.unusableIndexMillis(0));
    }

    @Test
    void noFreeMemoryIsAllUnusable() {
        final Fragmentation f = new Fragmentation(new long[] {0, 0, 0});
        assertEquals(1.0, f.unusableIndex(0));
        assertEquals(1000, f.unusableIndexMillis(2));
    }

    @Test
    void indexStaysInRangeAndGrowsWithOrder() {
        Property.forAll("unusable index is in [0,1] and monotone in the order",
                Gens.lists(Gens.ints(0, 50), 10, 10)).check(counts -> {
                    final long[] blocks = counts.stream().mapToLong(Integer::longValue).toArray();
                    final Fragmentation f = new Fragmentation(blocks);
                    double previous = -1;
                    for (int k = 0; k < blocks.length; k++) {
                        final double u = f.unusableIndex(k);
                        assertEquals(true, u >= 0 && u <= 1, "in range at order " + k);
                        assertEquals(true, u >= previous, "monotone at order " + k);
                        assertEquals((int) Math.floor(u * 1000 + 1e-9), f.unusableIndexMillis(k), "millis at " + k);
                        previous = u;
                    }
                });
    }

    @Test
    void buddyinfoLine() {
        final Fragmentation f = new Fragmentation(new long[] {3, 0, 12});
        assertEquals("Node 0, zone     Swap      3      0     12", f.buddyinfo());
        assertEquals("buddyinfo[3, 0, 12]", f.toString());
        assertArrayEquals(new long[] {3, 0, 12}, f.toArray());
        assertEquals(12, f.freeBlocks(2));
        assertEquals(2, f.maxOrder());
        assertEquals("order: 3 (expected: 0..2)",
                assertThrows(IllegalArgumentException.class, () -> f.freeBlocks(3)).getMessage());
        assertEquals(new Fragmentation(new long[] {3, 0, 12}), f);
        assertEquals(new Fragmentation(new long[] {3, 0, 12}).hashCode(), f.hashCode());
    }
}
