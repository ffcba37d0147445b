package dev.swaplayer.properties;

import static dev.swaplayer.properties.MutationGate.MUTATION_REDUNDANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Placement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * INV-12 refinement of folio placement on a fragmented device: after a fill with mixed orders and random frees,
 * folios are placed (contiguous where a free block of their order exists, compound from the longest runs of
 * free chunks otherwise) between frees and small allocations that change some clusters' runs and leave
 * others' alone. The compound placement reads each cluster's runs from a cache kept until the cluster's
 * free-block maps change and skips clusters whose longest run is too short; a stale run, a missed cluster or a
 * wrong skip shows as other pages than the specification's, compared after every folio placement. Every call's
 * result is compared; the whole state once after the fill and once per round, after the folio (a snapshot of the
 * device on every free would be most of the test's time; the whole-state checks on every call are
 * {@link RefinementProperties}' job).
 *
 * <p>Thread safety: JUnit runs it on one thread; each seed's churn builds its own harness.
 *
 * <p>Deterministic (fixed seeds), like {@link HeldBlockChurnTest}, and for the same reason.
 */
@Tag(MUTATION_REDUNDANT)
class CompoundChurnTest {

    private static final long[] SEEDS = {20261204L, 11L};

    @Test
    void compoundFoliosOnAFragmentedDevice() {
        int compound = 0;
        for (final long seed : SEEDS) {
            compound += churn(Geometry.builder(256).clusterSlots(32).maxOrder(5).build(), Placement.GROUPED, seed);
            compound += churn(Geometry.builder(256).clusterSlots(16).maxOrder(4).build(), Placement.BEST_FIT, seed);
        }
        assertTrue(compound > 40, "only " + compound + " folios were placed as compound");
    }

    /** One seed: fill, fragment, then 150 rounds of folio placement, frees and small allocations. */
    private static int churn(final Geometry g, final Placement placement, final long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final Harness h = Harness.of(g, placement);
        final List<long[]> live = new ArrayList<>();
        for (int i = 0; i < g.totalSlots(); i++) {
            h.allocateCompared(live, rnd.nextInt(3) == 0 ? 1 : 0);
        }
        for (int i = 0; i < live.size() / 2; i++) {
            h.freeBoth(live.remove(rnd.nextInt(live.size())));
        }
        h.checkAll();
        int compound = 0;
        for (int round = 0; round < 150; round++) {
            final int order = 2 + rnd.nextInt(g.maxOrder() - 1);
            final String got = h.both("allocateFolio(order " + order + ")", () -> h.implFolio(order),
                    () -> Harness.specFolio(h.model.allocateFolio(order)));
            h.checkAll();
            if (got.startsWith("COMPOUND")) {
                compound++;
            }
            if (!"none".equals(got)) {
                final long[] pages = Arrays.stream(got.substring(got.indexOf('[') + 1, got.length() - 1)
                        .split(", ")).mapToLong(Long::parseLong).toArray();
                assertEquals(1 << order, pages.length, got);
                for (final long p : pages) {
                    live.add(new long[] {p, 0});
                }
            }
            for (int f = rnd.nextInt(1 << order) + 1; f > 0 && !live.isEmpty(); f--) {
                h.freeBoth(live.remove(rnd.nextInt(live.size())));
            }
            if (rnd.nextInt(3) == 0) {
                h.allocateCompared(live, rnd.nextInt(2));
            }
        }
        h.checkAll();
        return compound;
    }
}
