package dev.swaplayer.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * INV-12 refinement where a cluster's bitmaps span many 64-bit words and the free space is scattered over all of
 * them: a device filled with mixed orders, then single slots freed at random (so that large folios lose pages and
 * free blocks below the pageblock order appear inside large pageblocks), interleaved with allocations of every
 * order, checked after every call. Each search of the allocator (the lowest free block of an order, in a small or a
 * large pageblock, the lowest pageblock of a bucket, the smallest block for best fit) then has to find its answer in
 * a word other than the first, where a word-index mistake shows as a different slot than the specification's.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own harness.
 *
 * <p>Deterministic (a fixed seed): {@link ManyPageblocksProperties}' random mix keeps the device mostly low and
 * full, and seldom frees inside a large folio.
 */
class ScatteredFreeChurnTest {

    @Test
    void groupedPlacementWithPageblocksOfFourSlots() {
        // p = 2: 128 pageblocks per cluster, two words of marks; the heads of order 0 span 8 words.
        churn(Geometry.builder(512).clusterSlots(512).maxOrder(2).build(), Placement.GROUPED, 2);
    }

    @Test
    void groupedPlacementWithPageblocksOfSixteenSlots() {
        // p = 4, maxOrder 9: the order-4 folios fill whole pageblocks, and orders up to 9 coalesce across them.
        churn(Geometry.builder(512).clusterSlots(512).maxOrder(9).build(), Placement.GROUPED, 4);
    }

    @Test
    void bestFitPlacement() {
        churn(Geometry.builder(512).clusterSlots(512).maxOrder(2).build(), Placement.BEST_FIT, 2);
    }

    @Test
    void orderZeroFromLargePageblocksInTheUpperWord() {
        // p = 2, one cluster of 128 pageblocks, all large and full: order-0 allocations must come from the large
        // pageblocks' buckets, whose lowest members lie in the second word of the bucket maps (pageblocks 64..127).
        final Geometry g = Geometry.builder(512).clusterSlots(512).maxOrder(2).build();
        final Harness h = Harness.of(g, Placement.GROUPED);
        final List<Long> used = new ArrayList<>();
        while (allocate(h, 2, used) != 0) {
            // every pageblock but the header's
        }
        while (allocate(h, 0, used) != 0) {
            // the header's pageblock
        }
        h.checkAll();
        final long[][] rounds = {{4 * 70 + 1, 4 * 90, 4 * 90 + 3}, {4 * 127 + 2, 4 * 100 + 1, 4 * 100 + 2, 4 * 80},
            {4 * 65, 4 * 65 + 1, 4 * 65 + 2, 4 * 120 + 3}};
        for (final long[] frees : rounds) {
            for (final long slot : frees) {
                h.freeBoth(new long[] {slot, 0});
            }
            for (int k = 0; k < frees.length; k++) {
                assertTrue(allocate(h, 0, used) >= 4 * 65, "an order-0 slot from the upper pageblocks");
            }
            h.checkAll();
        }
    }

    private static void churn(final Geometry g, final Placement placement, final int topOrder) {
        final SplittableRandom rnd = new SplittableRandom(20261204L);
        final Harness h = Harness.of(g, placement);
        final List<Long> used = new ArrayList<>();
        // Fill: mixed orders until one is refused, then order 0 until the device is full.
        boolean mixed = true;
        while (true) {
            final int o = mixed && rnd.nextInt(3) == 0 ? rnd.nextInt(topOrder + 1) : 0;
            final long got = allocate(h, o, used);
            if (got == 0 && o == 0) {
                break;
            }
            mixed &= got != 0;
        }
        h.checkAll();
        long highFrees = 0;
        for (int step = 1; step <= 300; step++) {
            for (int k = 0; k < 2 && !used.isEmpty(); k++) {
                final long slot = used.remove(rnd.nextInt(used.size()));
                highFrees += slot % g.clusterSlots() >= 64 ? 1 : 0;
                h.freeBoth(new long[] {slot, 0});
            }
            allocate(h, rnd.nextInt(4) == 0 ? rnd.nextInt(topOrder + 1) : 0, used);
            if (step % 10 == 0) {
                h.checkAll();
            }
        }
        assertTrue(highFrees > 200, "only " + highFrees + " frees beyond a cluster's first 64 slots");
    }

    /**
     * Allocates order o on both sides and compares the slots (every call: a search that looks in the wrong word
     * returns another slot at once); the whole state is compared every few steps by the caller.
     *
     * @return the slot, or 0 when both refused
     */
    private static long allocate(final Harness h, final int o, final List<Long> used) {
        final long got = Harness.offset(h.impl.allocate(o));
        assertEquals(h.model.allocate(o), got, () -> "INV-12 refinement: allocate(" + o + ")\n" + h);
        for (long s = got; got != 0 && s < got + (1L << o); s++) {
            used.add(s);
        }
        return got;
    }
}
