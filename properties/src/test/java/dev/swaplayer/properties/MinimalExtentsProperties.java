package dev.swaplayer.properties;

import static dev.swaplayer.properties.MutationGate.MUTATION_REDUNDANT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.properties.engine.Coverage;
import dev.swaplayer.properties.engine.Gens;
import dev.swaplayer.properties.engine.Property;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.InvariantChecker;
import dev.swaplayer.spec.Postconditions;
import dev.swaplayer.spec.SlotState;
import dev.swaplayer.spec.Snapshot;
import dev.swaplayer.spec.SwapSpaceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * INV-7, INV-8 and INV-9 on every free set of a small device: a compound descriptor covers exactly 2^order
 * distinct slots, uses as few extents as the brute-force dynamic program says is possible, appears only when
 * no contiguous run was free, and always appears when enough slots are free (never a needless split).
 *
 * <p>Thread safety: each test runs its property on JUnit's one thread, on a fresh harness for each free set, and places
 * folios on copies of it.
 */
class MinimalExtentsProperties {

    /**
     * Builds the state whose free slots are {@code free} (bit s = slot s), as far as the allocator can hand
     * them out (with minOrder &gt; 0, a chunk holding the header is never allocated).
     */
    static Harness withFreeSet(final Geometry g, final long free) {
        final Harness h = Harness.of(g);
        while (h.impl.allocate(0) != SwapEntry.NONE) {
            h.model.allocate(0);
        }
        for (long s = 1; s < g.totalSlots(); s++) {
            if ((free >>> s & 1) != 0 && h.model.state(s) == SlotState.IN_USE) {
                h.impl.free(h.entry(s), 1);
                h.model.free(s, 1);
            }
        }
        return h;
    }

    static void checkFolio(final Harness h, final int order) {
        final Snapshot before = Snapshot.of(h.impl.view());
        final BuddyAllocator impl = h.impl.copy();
        final SwapSpaceModel model = h.model.copy();
        final long handle = impl.allocateFolio(order);
        final var placed = model.allocateFolio(order);
        final long need = 1L << order;
        if (handle == SwapEntry.NONE) {
            assertEquals(-1, Postconditions.minimalExtents(before, need), "INV-9: no placement of order " + order
                    + " although enough whole chunks were free\n" + before);
            assertEquals("none", Harness.specFolio(placed));
            return;
        }
        final long[] pages = new long[(int) need];
        for (int p = 0; p < need; p++) {
            pages[p] = SwapEntry.offset(impl.slotOf(handle, order, p));
        }
        assertEquals(Arrays.toString(placed.pageSlots()), Arrays.toString(pages),
                "INV-12: placement differs from the spec");
        if (SwapEntry.isCompound(handle)) {
            Coverage.label("compound with " + Math.min(3, impl.extents(handle, order)) + "+ extents");
            assertEquals(List.of(), Postconditions.checkCompound(before, order, pages), before.toString());
            assertEquals(Postconditions.minimalExtents(before, need), impl.extents(handle, order));
        } else {
            Coverage.label("contiguous");
        }
        InvariantChecker.assertHolds(Snapshot.of(impl.view()));
        impl.checkConsistency();
    }

    @Tag(MUTATION_REDUNDANT)
    @Test
    void everyFreeSetOfFourteenSlots() {
        final Geometry g = Geometry.builder(14).clusterSlots(8).maxOrder(3).build(); // the last cluster is partial
        final List<Long> sets = new ArrayList<>();
        for (long free = 0; free < 1 << 14; free += 2) { // slot 0 is the header: never free
            sets.add(free);
        }
        Property.exhaustive("INV-8/INV-9 on every free set of 14 slots", sets)
                .requireCoverage("compound with 2+ extents", "compound with 3+ extents", "contiguous")
                .check(free -> {
                    final Harness h = withFreeSet(g, free);
                    for (int order = 1; order <= 3; order++) {
                        checkFolio(h, order);
                    }
                });
    }

    @Test
    void randomFreeSetsOnLargerDevices() {
        final Geometry g = Geometry.builder(64).clusterSlots(16).maxOrder(4).build();
        Property.forAll("INV-8/INV-9 on random free sets of 64 slots", Gens.zip(Gens.longs(0, Long.MAX_VALUE),
                Gens.ints(1, 4), (free, order) -> new long[] {free << 1, order}))
                .tries(300)
                .requireCoverage("compound with 2+ extents", "contiguous")
                .check(v -> checkFolio(withFreeSet(g, v[0]), (int) v[1]));
    }

    @Test
    void unalignedAndChunkedDevices() {
        for (final Geometry g : List.of(Geometry.builder(32).clusterSlots(8).maxOrder(3).aligned(false).build(),
                Geometry.builder(32).clusterSlots(8).maxOrder(3).minOrder(1).build())) {
            Property.forAll("INV-8/INV-9 on " + g, Gens.zip(Gens.longs(0, 0xffffffffL), Gens.ints(1, 3),
                    (free, order) -> new long[] {free & ~1L, order}))
                    .tries(400)
                    .requireCoverage("compound with 2+ extents")
                    .check(v -> checkFolio(withFreeSet(g, v[0]), (int) v[1]));
        }
    }
}
