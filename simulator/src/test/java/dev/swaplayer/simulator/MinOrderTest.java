package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Jan Kara's minimum swap-out size in the simulator: padding is counted, freed with its page, and reported.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own policies and runs.
 */
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

    /** The phase table says how many of the slots in use hold no page, and stays within 100 columns. */
    @Test
    void thePhaseTable_givesThePaddingAmongTheSlotsInUse() {
        final Workload w = Workloads.thpSwapTest(ThpMode.NONE, 1, 2);
        final RunResult r = Experiment.run(TestPolicies.REGISTRY, w, "none", 1L, List.of("buddy"),
                new Simulator.Options(SwapIn.PAGE, 1, false, DataOptions.NONE, 2), null);
        final PhaseStats last = r.runs().get(0).phases().get(2);
        assertTrue(last.wastedSlots() > 0 && last.wastedSlots() < last.usedSlots(), last.toString());
        final StringWriter s = new StringWriter();
        TextReport.phaseTable(r, new PrintWriter(s));
        assertTrue(s.toString().contains(String.format(Locale.ROOT, "%nbuddy: slots in use holding no page (rounded up"
                + " to the minimum order): %,d of %,d%n  in use at the end, at most ", last.wastedSlots(),
                last.usedSlots())), s.toString());
        assertTrue(s.toString().lines().allMatch(l -> l.length() <= 100), s.toString());
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

    /**
     * Above the workload's largest folio order every folio is padded and a split folio's "pieces" outgrow the
     * folio: refused before anything runs, as the command line shows it (picocli passes the message on).
     */
    @Test
    void aMinimumOrderAboveTheWorkloadsLargestFolioOrderIsRefused() {
        final Workload w = Workloads.thpSwapTest(ThpMode.S, 1, 1);
        assertEquals(4, w.reportedOrders()[0], "64 KiB folios, and mem2's order 0");
        final Simulator.Options five = new Simulator.Options(SwapIn.PAGE, 1, false, DataOptions.NONE, 5);
        assertEquals("--min-order: 5 (expected: 0..4, at most the workload's largest folio order: 64 KiB)",
                assertThrows(IllegalArgumentException.class, () -> Simulator.policies(TestPolicies.REGISTRY, w,
                        List.of("buddy"), five)).getMessage());
        assertEquals(4, new Simulator.Options(SwapIn.PAGE, 1, false, DataOptions.NONE, 4).geometry(w).minOrder(),
                "the folio order itself is the proposal's largest sensible minimum");
        final Workload small = DataModeTest.workload("""
                swaplayer-workload 1
                swap 200
                region r 16 folio-order 0
                write r 0 16
                pageout r
                """);
        assertEquals("--min-order: 1 (expected: 0, at most the workload's largest folio order: 4 KiB)",
                assertThrows(IllegalArgumentException.class, () -> new Simulator.Options(SwapIn.PAGE, 1, false,
                        DataOptions.NONE, 1).geometry(small)).getMessage());
    }
}
