package dev.swaplayer.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.MetadataBudget;
import dev.swaplayer.spec.Placement;
import dev.swaplayer.spec.SwapSpaceModel;
import org.junit.jupiter.api.Test;

/**
 * The metadata reserve of {@link MetadataBudget} on the allocator and the model side by side, worked by hand.
 *
 * <p>Thread safety: JUnit runs it on one thread; the test builds its own allocator and model.
 */
class MetadataReserveTest {
    /**
     * Cluster limit 0 on 48 slots in clusters of 16: cluster 0 (the header) fills, the reserve lends cluster 1, then
     * order 0 fails while cluster 2 is free; emptying cluster 1 brings the reserve home and cluster 2 may be lent.
     */
    @Test
    void theReserveIsLentOnceAndComesHomeWhenItsClusterEmpties() {
        final Geometry g = Geometry.builder(48).clusterSlots(16).maxOrder(4).build();
        final BuddyAllocator a = new BuddyAllocator(Harness.TYPE, g, Placement.GROUPED,
                MetadataBudget.builder().clusters(0).build());
        final SwapSpaceModel m = new SwapSpaceModel(g, Placement.GROUPED, MetadataBudget.builder().clusters(0).build());
        for (int i = 0; i < 31; i++) {
            final long want = m.allocate(0);
            assertEquals(want, SwapEntry.offset(a.allocate(0)), "allocation " + i);
            assertTrue(want > 0);
        }
        assertEquals(SwapEntry.NONE, a.allocate(0), "clusters 0 and 1 are full, the reserve is lent");
        assertEquals(SwapSpaceModel.NONE, m.allocate(0));
        assertEquals(2, a.clustersWithMetadata());
        assertTrue(a.metadataBudget().reserveLent() && m.metadataBudget().reserveLent());
        a.free(SwapEntry.of(Harness.TYPE, 16), 16);
        m.free(16, 16);
        assertFalse(a.metadataBudget().reserveLent() || m.metadataBudget().reserveLent(), "cluster 1 dropped: home");
        assertEquals(16, SwapEntry.offset(a.allocate(0)), "lent again, to the lowest wholly free cluster");
        assertEquals(16, m.allocate(0));
        assertEquals(m.metadataBudget().state(), a.metadataBudget().state());
        assertEquals(2, a.metadataBudget().reserveLends());
        a.checkConsistency();
    }
}
