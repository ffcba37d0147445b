package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.swaplayer.spec.Geometry;
import org.junit.jupiter.api.Test;

/**
 * {@link Fault#inertOn}: which geometries each planted bug cannot act on, by the gate in the code it lives in. The
 * other means, the exhaustive check catching every bug said to act and none said inert, is
 * {@code PlantedFaultReachTest} in the check module.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class FaultInertTest {
    private static final Geometry ORDERS = Geometry.builder(16).clusterSlots(4).maxOrder(2).build();
    private static final Geometry UNALIGNED = Geometry.builder(16).clusterSlots(4).maxOrder(2).aligned(false).build();
    private static final Geometry ORDER_ZERO = Geometry.builder(16).clusterSlots(4).maxOrder(0).build();
    private static final Geometry ONE_ORDER = Geometry.builder(16).clusterSlots(4).minOrder(1).maxOrder(1).build();

    @Test
    void coalescingAndCuttingNeedBlocksLargerThanASlot_aMinimumOrderDoesNotStopThem() {
        for (final Fault f : new Fault[] {Fault.SKIP_TOP_COALESCE, Fault.IGNORE_ALIGNMENT}) {
            assertNull(f.inertOn(ORDERS), f.name());
            assertNull(f.inertOn(UNALIGNED), f.name());
            assertNull(f.inertOn(ONE_ORDER), f + ": a single slot of a two-slot chunk can still be freed");
        }
        assertEquals("a maximum order of at least 1; with order 0 alone no free slot has a buddy to coalesce with",
                Fault.SKIP_TOP_COALESCE.inertOn(ORDER_ZERO));
        assertEquals("a maximum order of at least 1; with order 0 alone every free run is cut into single slots,"
                + " aligned or not", Fault.IGNORE_ALIGNMENT.inertOn(ORDER_ZERO));
    }

    @Test
    void aHeldBlockNeedsAlignedPlacement_atAnyOrder() {
        assertNull(Fault.RETAKE_UNCHECKED.inertOn(ORDERS));
        assertNull(Fault.RETAKE_UNCHECKED.inertOn(ORDER_ZERO));
        assertEquals("an aligned geometry; unaligned placement holds no freed block back, so none can be retaken",
                Fault.RETAKE_UNCHECKED.inertOn(UNALIGNED));
    }

    @Test
    void aRejectedFreeWithAnInUsePrefixNeedsRunsOfTwoSlots() {
        assertNull(Fault.PARTIAL_REJECTED_FREE.inertOn(ORDERS));
        assertNull(Fault.PARTIAL_REJECTED_FREE.inertOn(ONE_ORDER));
        assertEquals("a maximum order of at least 1; a free of one slot has no in-use prefix to free before it is"
                + " rejected", Fault.PARTIAL_REJECTED_FREE.inertOn(ORDER_ZERO));
    }

    @Test
    void theOtherBugs_andNoBug_actOnAnyGeometry() {
        for (final Fault f : new Fault[] {Fault.NONE, Fault.UNLOCKED_DUP, Fault.IGNORE_METADATA_BUDGET,
            Fault.NO_METADATA_RESERVE}) {
            for (final Geometry g : new Geometry[] {ORDERS, UNALIGNED, ORDER_ZERO, ONE_ORDER}) {
                assertNull(f.inertOn(g), f + " on " + g);
            }
        }
    }
}
