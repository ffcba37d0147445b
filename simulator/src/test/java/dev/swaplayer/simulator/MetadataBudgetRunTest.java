package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code simulate --metadata-budget}: the policies that create metadata on demand get a budget, the kernel models
 * (which preallocate) none; under a budget of 0 clusters the memory model stays consistent, large folios fall back
 * and order-0 pages go into the clusters that have metadata and the reserve's.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own policies; the shared geometry is immutable.
 */
class MetadataBudgetRunTest {
    private static final Geometry G = Geometry.builder(256).clusterSlots(64).maxOrder(4).build();

    @Test
    void onlyPoliciesWithMetadataOnDemandGetABudget() {
        assertNull(PolicySlots.create(TestPolicies.REGISTRY, "cluster", G, 1, 0).metadataStats());
        assertNull(PolicySlots.create(TestPolicies.REGISTRY, "buddy", G, 1, Simulator.Options.NO_BUDGET)
                .metadataStats());
        for (final String name : List.of("buddy", "compound", "bestfit")) {
            assertEquals(0, PolicySlots.create(TestPolicies.REGISTRY, name, G, 1, 0).metadataStats().clusterLimit(),
                    name);
        }
    }

    @Test
    void aBudgetOfNoClusterLeavesCluster0AndTheReserve() {
        final PolicySlots p = PolicySlots.create(TestPolicies.REGISTRY, "buddy", G, 1, 0);
        final long[] out = new long[16];
        for (int i = 0; i < 3; i++) {
            assertEquals(FolioOutcome.SWPOUT, p.place(4, out), "cluster 0 has three free order-4 blocks");
        }
        assertEquals(FolioOutcome.SWPOUT_FALLBACK, p.place(4, out),
                "no order-4 run in cluster 0, a new cluster refused: split; the last page borrows the reserve");
        for (int i = 0; i < 16; i++) {
            assertTrue(out[i] != SlotAllocator.NONE, "page " + i);
        }
        int stored = 4 * 16;
        while (p.place(0, out) == FolioOutcome.SWPOUT) {
            stored++;
        }
        assertEquals(2 * 64 - 1, stored, "cluster 0 less its header, then the reserve's cluster, then nothing");
        final MetadataStats m = p.metadataStats();
        assertEquals(1, m.reserveLends());
        assertTrue(m.refusedClusters() >= 2, m.toString());
        assertEquals(256 - 1 - stored, p.allocator().freeSlots(), "slots stay free in clusters without metadata");
    }

    @Test
    void aRunUnderABudgetKeepsTheMemoryModelConsistentAndReportsIt() {
        final Workload w = Workloads.thpSwapTest(ThpMode.parse("as"), 1, 2);
        final Simulator.Options o = new Simulator.Options(SwapIn.FOLIO, 1, true, DataOptions.NONE, 0, 2);
        final RunResult r = Experiment.run(TestPolicies.REGISTRY, w, "as", 1L, List.of("compound", "cluster"), o,
                null);
        assertTrue(r.runs().get(0).metadata() != null, "compound creates metadata on demand");
        assertNull(r.runs().get(1).metadata(), "the cluster model preallocates");
        assertTrue(JsonReport.toJsonLine(r).contains("\"metadata_budget\":{\"clusters\":2"), JsonReport.toJsonLine(r));
    }

    @Test
    void aNegativeBudgetIsRefused() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Simulator.Options(SwapIn.FOLIO, 1, false, DataOptions.NONE, 0, -2));
        assertTrue(e.getMessage().startsWith("--metadata-budget: -2 (expected: "), e.getMessage());
    }
}
