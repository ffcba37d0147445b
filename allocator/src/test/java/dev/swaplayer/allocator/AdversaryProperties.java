package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.properties.engine.Gens;
import dev.swaplayer.properties.engine.Property;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.InvariantChecker;
import dev.swaplayer.spec.Snapshot;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed's hostile free pattern: fill the device, then free all but one slot in every aligned block of the
 * folio size. Occupancy is only 1/2^k, yet no contiguous order-k run is left (unusable index 1). The split
 * policy falls back for every folio; compound descriptors store every folio whole while enough slots are free.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own allocators.
 */
class AdversaryProperties {

    static BuddyAllocator adversary(final Geometry g, final int order, final int keep) {
        final BuddyAllocator a = new BuddyAllocator(1, g);
        while (a.allocate(0) != SwapEntry.NONE) {
            // fill
        }
        final long block = 1L << order;
        for (long first = 0; first < g.totalSlots(); first += block) {
            for (long s = Math.max(1, first); s < first + block; s++) {
                if (s - first != keep % block && s != 0) {
                    a.free(SwapEntry.of(1, s), 1);
                }
            }
        }
        return a;
    }

    @Tag("mutation-redundant") // left out of the mutation gate: see MutationGate in the properties tests
    @Test
    void everyFolioIsStoredWholeUnderCompoundButSplitUnderTheKernelPolicy() {
        Property.forAll("adversary: compound never splits while free >= 2^order", Gens.zip(Gens.ints(1, 5),
                Gens.ints(0, 31), (o, k) -> new int[] {o, k}))
                .tries(60)
                .check(v -> {
                    final int order = v[0];
                    final Geometry g = Geometry.builder(4096).clusterSlots(512).build();
                    final BuddyAllocator compound = adversary(g, order, v[1]);
                    final BuddyAllocator split = compound.copy();
                    assertEquals(1000, compound.fragmentation().unusableIndexMillis(order),
                            "every free slot unusable at order " + order);
                    final long[] out = new long[1 << order];
                    int stored = 0;
                    while (compound.freeSlots() >= 1L << order) {
                        assertEquals(FolioOutcome.SWPOUT_COMPOUND, FolioPolicy.COMPOUND.place(compound, order, out));
                        assertTrue(compound.extents(out[0], order) <= 1 << order, "extents <= 2^order");
                        stored++;
                    }
                    assertTrue(stored > 0);
                    assertEquals(FolioOutcome.SWPOUT_FALLBACK, FolioPolicy.SPLIT.place(split, order, out));
                    for (int p = 0; p < 1 << order; p++) {
                        assertTrue(out[p] != SwapEntry.NONE, "order-0 fallback found a slot for page " + p);
                    }
                    InvariantChecker.assertHolds(Snapshot.of(compound.view()));
                    compound.checkConsistency();
                });
    }

    @Test
    void twoMegabyteFoliosOnAPinnedDevice() {
        final Geometry g = Geometry.builder(4096).clusterSlots(512).build();
        final BuddyAllocator a = adversary(g, 9, 7);
        assertEquals(4096 - 1 - 8, a.freeSlots(), "one slot pinned per 2 MiB cluster, plus the header");
        assertEquals(SwapEntry.NONE, a.allocate(9));
        final long handle = a.allocateFolio(9);
        assertTrue(SwapEntry.isCompound(handle));
        assertEquals(2, a.extents(handle, 9), "two runs of 504 and 511 slots are enough for 512 pages");
    }
}
