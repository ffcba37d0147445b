package dev.swaplayer.properties;

import static dev.swaplayer.properties.MutationGate.MUTATION_REDUNDANT;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * INV-12 refinement on the churn that decides whether a freed block is held back for the next allocation of its
 * order: a device filled to about three quarters with mixed orders, then frees of whole allocations, each
 * followed most of the time by an allocation of the same order, sometimes by one of another order or by a
 * second free. Which block the placement rule names next depends on the lowest open pageblock, the buddy, the
 * lower clusters' free blocks and wholly free clusters; every one of those conditions of the hold decision
 * decides, on some step here, between the freed block and another, and a wrong decision shows as a different
 * slot or a different state than the specification's, compared after every step.
 *
 * <p>Thread safety: each test runs on JUnit's one thread; each seed's churn builds its own harness.
 *
 * <p>Deterministic (fixed seeds): the random operation mix of {@link RefinementProperties} reaches these
 * multi-cluster corners only now and then. The mutation gate runs {@code HeldBlockTest}'s hand-worked cases of the
 * same conditions instead (a merge with a higher buddy, a free that empties its cluster).
 */
@Tag(MUTATION_REDUNDANT)
class HeldBlockChurnTest {

    private static final long[] SEEDS = {20261204L, 7L, 4242L};

    @Test
    void groupedPlacementTwoPageblocksPerCluster() {
        churn(Geometry.builder(256).clusterSlots(32).maxOrder(5).build(), Placement.GROUPED, 4);
    }

    @Test
    void groupedPlacementWholeClusterOrders() {
        churn(Geometry.builder(128).clusterSlots(16).maxOrder(4).build(), Placement.GROUPED, 4);
    }

    @Test
    void bestFitPlacement() {
        churn(Geometry.builder(256).clusterSlots(32).maxOrder(5).build(), Placement.BEST_FIT, 5);
        churn(Geometry.builder(128).clusterSlots(16).maxOrder(4).build(), Placement.BEST_FIT, 4);
    }

    /** Runs the churn for every seed, and requires that both outcomes of the hold decision were seen. */
    private static void churn(final Geometry g, final Placement placement, final int topOrder) {
        int sameSlot = 0;
        int otherSlot = 0;
        for (final long seed : SEEDS) {
            final int[] seen = churn(g, placement, topOrder, new SplittableRandom(seed));
            sameSlot += seen[0];
            otherSlot += seen[1];
        }
        assertTrue(sameSlot > 100, "the freed block was taken back only " + sameSlot + " times");
        assertTrue(otherSlot > 100, "another block was taken after a free only " + otherSlot + " times");
    }

    /**
     * One seed: fill, then 600 steps of free and allocate, checked after every call.
     *
     * @return how often an allocation right after a free of its order returned the freed slot, and how often not
     */
    private static int[] churn(final Geometry g, final Placement placement, final int topOrder,
            final SplittableRandom rnd) {
        final Harness h = Harness.of(g, placement);
        final List<long[]> live = new ArrayList<>();
        final long target = g.totalSlots() * 3 / 4;
        long used = 0;
        for (int tries = 0; used < target && tries < 4 * g.totalSlots(); tries++) {
            final int order = rnd.nextInt(4) == 0 ? rnd.nextInt(topOrder + 1) : 0;
            if (h.allocateRecorded(live, order) > 0) {
                used += 1L << order;
            }
        }
        final int[] seen = new int[2];
        for (int step = 0; step < 600 && !live.isEmpty(); step++) {
            final long[] victim = live.remove(rnd.nextInt(live.size()));
            h.freeRecorded(victim);
            if (rnd.nextInt(8) == 0 && !live.isEmpty()) {
                h.freeRecorded(live.remove(rnd.nextInt(live.size())));
            }
            final int order = rnd.nextInt(5) == 0 ? rnd.nextInt(topOrder + 1) : (int) victim[1];
            final long slot = h.allocateRecorded(live, order);
            if (order == victim[1]) {
                seen[slot == victim[0] ? 0 : 1]++;
            }
            if (rnd.nextInt(6) == 0) {
                h.allocateRecorded(live, rnd.nextInt(topOrder + 1));
            }
        }
        return seen;
    }
}
