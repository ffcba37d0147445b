package dev.swaplayer.properties;

import static dev.swaplayer.properties.MutationGate.MUTATION_REDUNDANT;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.properties.engine.Stateful;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Placement;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * INV-12 refinement and INV-13 rejection purity over random operation sequences, with every state invariant
 * (INV-1 to INV-7, INV-10, INV-11) and the implementation's internal audit checked after every step, on
 * geometries chosen to reach each corner: a full device, coalescing up to the cluster order, compound
 * placement, descriptor retirement, chunks (minOrder), unaligned runs, bad slots and a partial last cluster.
 *
 * <p>Thread safety: each test runs its properties on JUnit's one thread, on a fresh harness for each try;
 * {@link #refinement} builds a new property on every call.
 */
class RefinementProperties {

    static Stateful<Harness> refinement(final String name, final Geometry g) {
        return refinement(name, g, Placement.GROUPED);
    }

    static Stateful<Harness> refinement(final String name, final Geometry g, final Placement placement) {
        return Stateful.of(name, () -> Harness.of(g, placement), Actions.all(g))
                .steps(120)
                .invariant("INV-12 refinement, state invariants, internal audit", Harness::checkAll);
    }

    @Test
    void smallDeviceWithWholeClusterOrders() {
        refinement("refinement: 64 slots, cluster 16, orders 0..4",
                Geometry.builder(64).clusterSlots(16).maxOrder(4).build())
                .requireCoverage("device full at order 0", "device full at order >0", "compound allocation",
                        "cluster coalesced back to wholly free", "rejected call", "compound pages freed",
                        "descriptor retired")
                .check();
    }

    @Test
    void maxOrderBelowClusterOrder() {
        refinement("refinement: 64 slots, cluster 16, orders 0..2",
                Geometry.builder(64).clusterSlots(16).maxOrder(2).build())
                .requireCoverage("compound allocation", "cluster coalesced back to wholly free",
                        "device full at order 0")
                .check();
    }

    /**
     * Order 0 only: the pageblock order is 0, so no order lies below it. Regression: the orders kept below the
     * pageblock order were computed as {@code 2^p - 2}, all bits set for p = 0, and the first allocation on
     * such a device (e.g. {@code swap 64 cluster 1} in a replay script) read past a cluster's empty per-order
     * arrays.
     */
    @Test
    void orderZeroOnlyDevices() {
        refinement("refinement: 32 slots, cluster 8, order 0 only",
                Geometry.builder(32).clusterSlots(8).maxOrder(0).build())
                .requireCoverage("device full at order 0", "cluster coalesced back to wholly free")
                .check();
        refinement("refinement: 16 slots, clusters of one slot", Geometry.builder(16).clusterSlots(1).build())
                .requireCoverage("device full at order 0")
                .check();
    }

    @Tag(MUTATION_REDUNDANT)
    @Test
    void chunkedAllocation() {
        refinement("refinement: minOrder 1",
                Geometry.builder(64).clusterSlots(16).maxOrder(4).minOrder(1).build())
                .requireCoverage("compound allocation", "cluster coalesced back to wholly free", "rejected call")
                .check();
    }

    @Test
    void unalignedWithBadSlotsAndPartialTail() {
        refinement("refinement: unaligned, bad slots 5 and 33, 61 slots",
                Geometry.builder(61).clusterSlots(16).maxOrder(4).aligned(false).badSlots(5, 33).build())
                .requireCoverage("compound allocation", "device full at order >0", "rejected call")
                .check();
    }

    @Tag(MUTATION_REDUNDANT)
    @Test
    void pageblocksSmallerThanAClusterWithBadSlots() {
        refinement("refinement: 128 slots, cluster 32, orders 0..5 (pageblocks of 16), bad slot 70",
                Geometry.builder(128).clusterSlots(32).maxOrder(5).badSlots(70).build())
                .requireCoverage("compound allocation", "cluster coalesced back to wholly free", "rejected call")
                .check();
    }

    @Tag(MUTATION_REDUNDANT)
    @Test
    void bestFitPlacement() {
        refinement("refinement: Placement.BEST_FIT, 64 slots, cluster 16, orders 0..4",
                Geometry.builder(64).clusterSlots(16).maxOrder(4).build(), Placement.BEST_FIT)
                .requireCoverage("device full at order 0", "compound allocation",
                        "cluster coalesced back to wholly free")
                .check();
        refinement("refinement: Placement.BEST_FIT, unaligned, 128 slots, cluster 32, orders 0..5",
                Geometry.builder(128).clusterSlots(32).maxOrder(5).aligned(false).build(), Placement.BEST_FIT)
                .requireCoverage("compound allocation", "rejected call")
                .check();
    }

    @Test
    void allocatorNamesItsDevice() {
        final BuddyAllocator a = new BuddyAllocator(Harness.TYPE, Geometry.builder(64).clusterSlots(16).build());
        Assertions.assertEquals(Harness.TYPE, a.type());
    }
}
