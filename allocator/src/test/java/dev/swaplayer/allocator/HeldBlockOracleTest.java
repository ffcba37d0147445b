package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Placement;
import dev.swaplayer.spec.SlotState;
import dev.swaplayer.spec.SwapSpaceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hold decision against an oracle built from the specification alone. Under grouped placement a freed
 * order-0 slot that is the only free slot of its small pageblock is held exactly when the specification's
 * next order-0 allocation would return it: holding more would place differently (refinement catches that),
 * holding less places the same but gives up the fast path, which only this test sees. Outside that case the
 * rule may decline to hold what would be taken back (see {@link BlockPlacement#wouldTake}), so it is not
 * asserted here.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own allocators and models.
 */
class HeldBlockOracleTest {

    @Test
    void aLoneFreeSlotOfASmallPageblockIsHeldExactlyWhenTheSpecificationTakesItNext() {
        int held = 0;
        int notHeld = 0;
        for (final long seed : new long[] {20261204L, 5L, 91L}) {
            final int[] seen = churn(Geometry.builder(256).clusterSlots(32).maxOrder(5).build(), seed);
            held += seen[0];
            notHeld += seen[1];
        }
        assertTrue(held > 50 && notHeld > 50, "both decisions were asserted: held " + held + ", not " + notHeld);
    }

    /**
     * Orders between 0 and the pageblock order under grouped placement: a freed block that stays a free block
     * of its order (its buddy is not free, so nothing merges) in a small pageblock is held exactly when the
     * specification's next allocation of that order returns it.
     */
    @Test
    void anUnmergedBlockOfASmallPageblockIsHeldExactlyWhenTheSpecificationTakesItNext() {
        final Geometry g = Geometry.builder(256).clusterSlots(32).maxOrder(5).build();
        int held = 0;
        int notHeld = 0;
        for (final long seed : new long[] {20261204L, 17L, 303L}) {
            final SplittableRandom rnd = new SplittableRandom(seed);
            final BuddyAllocator a = new BuddyAllocator(0, g, Placement.GROUPED);
            final SwapSpaceModel spec = new SwapSpaceModel(g);
            final List<long[]> live = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                final int order = rnd.nextInt(3);
                final long s = allocate(a, spec, order);
                if (s > 0) {
                    live.add(new long[] {s, order});
                }
            }
            for (int step = 0; step < 600 && !live.isEmpty(); step++) {
                final long[] victim = live.remove(rnd.nextInt(live.size()));
                final int e = (int) victim[1];
                a.free(SwapEntry.of(0, victim[0]), 1L << e);
                spec.free(victim[0], 1L << e);
                final boolean[] unmerged = new boolean[1];
                spec.forEachFreeBlock((start, order) -> unmerged[0] |= start == victim[0] && order == e);
                if (e > 0 && e < g.pageblockOrder() && unmerged[0] && spec.smallPageblock(victim[0])) {
                    final boolean taken = spec.copy().allocate(e) == victim[0];
                    assertEquals(taken ? victim[0] : -1, a.heldSlotForTest(),
                            "seed " + seed + ", step " + step + ": free of " + victim[0] + ", order " + e);
                    if (taken) {
                        held++;
                    } else {
                        notHeld++;
                    }
                }
                final int order = rnd.nextInt(4) == 0 ? rnd.nextInt(3) : e;
                final long s = allocate(a, spec, order);
                if (s > 0) {
                    live.add(new long[] {s, order});
                }
            }
            a.checkConsistency();
        }
        assertTrue(held > 30 && notHeld > 30, "both decisions were asserted: held " + held + ", not " + notHeld);
    }

    private static int[] churn(final Geometry g, final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final BuddyAllocator a = new BuddyAllocator(0, g, Placement.GROUPED);
        final SwapSpaceModel spec = new SwapSpaceModel(g);
        final List<Long> live = new ArrayList<>();
        for (int i = 0; i < g.totalSlots() * 3 / 4; i++) {
            final int order = rnd.nextInt(6) == 0 ? 2 : 0;
            final long s = allocate(a, spec, order);
            if (s > 0 && order == 0) {
                live.add(s);
            }
        }
        final int[] seen = new int[2];
        final int pageblock = 1 << g.pageblockOrder();
        for (int step = 0; step < 800 && !live.isEmpty(); step++) {
            final long victim = live.remove(rnd.nextInt(live.size()));
            a.free(SwapEntry.of(0, victim), 1);
            spec.free(victim, 1);
            final long start = victim & -pageblock;
            int freeInPageblock = 0;
            for (long s = start; s < start + pageblock; s++) {
                freeInPageblock += spec.state(s) == SlotState.FREE ? 1 : 0;
            }
            if (spec.smallPageblock(victim) && freeInPageblock == 1) {
                final boolean taken = spec.copy().allocate(0) == victim;
                assertEquals(taken ? victim : -1, a.heldSlotForTest(),
                        "seed " + seed + ", step " + step + ": free of " + victim);
                seen[taken ? 0 : 1]++;
            }
            if (rnd.nextInt(4) == 0 && !live.isEmpty()) {
                final long other = live.remove(rnd.nextInt(live.size()));
                a.free(SwapEntry.of(0, other), 1);
                spec.free(other, 1);
            }
            final long s = allocate(a, spec, 0);
            if (s > 0) {
                live.add(s);
            }
        }
        a.checkConsistency();
        return seen;
    }

    private static long allocate(final BuddyAllocator a, final SwapSpaceModel spec, final int order) {
        final long e = a.allocate(order);
        final long got = e == SwapEntry.NONE ? 0 : SwapEntry.offset(e);
        assertEquals(spec.allocate(order), got, "allocate(" + order + ")");
        return got;
    }
}
