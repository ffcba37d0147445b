package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jan Kara's minimum swap-out size in the simulator: padding is counted, freed with its page, and reported. */
class MinOrderTest {
    private final Geometry g = Geometry.builder(128).clusterSlots(64).maxOrder(6).minOrder(2).build();

    @Test
    void aSmallFolioTakesAChunk_itsPaddingGoesWithItsLastPage() {
        for (final String name : List.of("legacy", "cluster", "buddy", "compound")) {
            final PolicySlots p = TestPolicies.create(name, g, 1);
            final long[] out = new long[16];
            assertEquals(FolioOutcome.SWPOUT, p.place(0, out), name);
            final long page = out[0];
            assertEquals(4, p.allocator().usedSlots(), name + ": an order-0 page takes 2^2 slots");
            assertEquals(3, p.wastedSlots(), name);
            assertEquals(FolioOutcome.SWPOUT, p.place(1, out), name);
            assertEquals(8, p.allocator().usedSlots(), name);
            assertEquals(5, p.wastedSlots(), name + ": 3 + 2");
            final long pair = out[0];
            p.free(pair, 1, 1, 1);
            assertEquals(7, p.allocator().usedSlots(), name + ": one page of the pair went, its padding stays");
            assertEquals(5, p.wastedSlots(), name);
            p.free(pair, 1, 0, 1);
            assertEquals(4, p.allocator().usedSlots(), name + ": the last page took the padding with it");
            assertEquals(3, p.wastedSlots(), name);
            p.free(page, 0, 0, 1);
            assertEquals(0, p.allocator().usedSlots(), name);
            assertEquals(0, p.wastedSlots(), name);
        }
    }

    @Test
    void aSplitFolioGoesOutInPiecesOfTheMinimumOrder_withoutPadding() {
        final PolicySlots p = TestPolicies.create("buddy", g, 1);
        final long[] out = new long[16];
        final long[] chunks = new long[31];
        for (int i = 0; i < chunks.length; i++) { // 31 chunks of 4: every chunk but the one holding the header
            assertEquals(FolioOutcome.SWPOUT, p.place(2, out));
            chunks[i] = out[0];
        }
        for (final long c : chunks) {
            if (SwapEntry.offset(c) % 8 == 4) {
                p.free(c, 2, 0, 4); // the upper chunk of every aligned 8 is free again: no free run of 8
            }
        }
        assertEquals(FolioOutcome.SWPOUT_FALLBACK, p.place(3, out));
        for (int i = 0; i < 8; i++) {
            assertTrue(out[i] != SlotAllocator.NONE, "page " + i);
            assertEquals(SwapEntry.offset(out[i & ~3]) + (i & 3), SwapEntry.offset(out[i]),
                    "pages of one piece are consecutive slots");
        }
        assertEquals(0, SwapEntry.offset(out[0]) % 4, "a piece is a chunk");
        assertEquals(0, p.wastedSlots(), "a piece of 2^minOrder pages has no padding");
    }

    /** The memory model's audit counts padding as in use: it would throw on a leak or a double free. */
    @Test
    void aWholeRunBalancesPagesAndPaddingAgainstTheAllocator() {
        final Workload w = Workloads.thpSwapTest(ThpMode.S, 1, 2);
        for (final String name : List.of("cluster", "buddy", "compound")) {
            final PolicyRun run = Experiment.run(TestPolicies.REGISTRY, w, "s", 1L, List.of(name),
                    new Simulator.Options(SwapIn.PAGE, 1, true, DataOptions.NONE, 2), null).runs().get(0);
            final PhaseStats last = run.phases().get(run.phases().size() - 1);
            assertTrue(last.wastedSlots() > 0, name + ": mem2's order-0 pages are padded");
            assertTrue(last.wastedSlots() <= last.usedSlots(), name);
        }
    }

    @Test
    void aMinimumOrderAboveTheDevicesLargestIsRefused() {
        final Workload w = Workloads.thpSwapTest(ThpMode.NONE, 1, 1);
        assertEquals("--min-order: 10 (expected: 0..9)", assertThrows(IllegalArgumentException.class,
                () -> new Simulator.Options(SwapIn.PAGE, 1, false, DataOptions.NONE, 10)).getMessage());
        final Workload small = Workloads.thpSwapTest(ThpMode.S, 1, 1);
        assertEquals(9, small.geometry().maxOrder());
        assertEquals("--min-order: 10 (expected: 0..9)", assertThrows(IllegalArgumentException.class,
                () -> new Simulator.Options(SwapIn.PAGE, 1, false, DataOptions.NONE, 10)).getMessage());
        assertEquals(2, new Simulator.Options(SwapIn.PAGE, 1, false, DataOptions.NONE, 2).geometry(w).minOrder());
    }
}
