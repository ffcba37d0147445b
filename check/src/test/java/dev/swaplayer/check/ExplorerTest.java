package dev.swaplayer.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.Fault;
import dev.swaplayer.spec.Geometry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parallel exploration reports what a one-threaded breadth-first run reports: the same states,
 * transitions, depth, per-level progress and, with a planted fault, the same violation and counterexample,
 * whatever the number of threads and the batch size.
 *
 * <p>Thread safety: each test runs on JUnit's one thread; an exploration it starts on several threads joins them
 * before it returns its report.
 */
class ExplorerTest {
    private static final Geometry G = Geometry.builder(16).clusterSlots(4).maxOrder(2).build();

    /** A run's report without its wall time, plus the progress of every level. */
    private record Report(long states, long transitions, int depth, int violations, List<String> counterexample,
            String violation, List<String> levels) {
    }

    private static Report explore(final Fault fault, final int depth, final int threads, final int batch) {
        final List<String> levels = new ArrayList<>();
        final Explorer.Result r = new Explorer(G, depth, 2, Explorer.MAX_DESCRIPTORS,
                g -> BuddyAllocator.withFault(0, g, fault), threads, batch)
                .run((level, states, transitions) -> levels.add(level + ":" + states + ":" + transitions));
        return new Report(r.states(), r.transitions(), r.depth(), r.violations(), r.counterexample(), r.violation(),
                levels);
    }

    @Test
    void aCorrectAllocatorGivesTheSameReportOnOneThreadAndOnSeveralInSmallBatches() {
        final Report one = explore(Fault.NONE, 4, 1, Explorer.BATCH);
        assertEquals(0, one.violations(), one.violation());
        assertEquals(4, one.levels().size());
        // batches of 7 and 1 states: successors found in one batch are duplicates of those merged before
        assertEquals(one, explore(Fault.NONE, 4, 2, 7));
        assertEquals(one, explore(Fault.NONE, 4, 3, 1));
    }

    @Test
    void aPlantedCoalescingFaultIsReportedWithTheSameShortestCounterexample() {
        final Report one = explore(Fault.SKIP_TOP_COALESCE, 4, 1, Explorer.BATCH);
        assertEquals(1, one.violations());
        assertEquals(List.of("allocate(order 1)", "allocate(order 1)", "free(slot 2, 4)"), one.counterexample());
        assertTrue(one.violation().startsWith("INV-12"), one.violation());
        assertEquals(one, explore(Fault.SKIP_TOP_COALESCE, 4, 2, 3));
        assertEquals(one, explore(Fault.SKIP_TOP_COALESCE, 4, 2, 1));
    }

    @Test
    void aPlantedAlignmentFaultIsReportedWithTheSameShortestCounterexample() {
        final Report one = explore(Fault.IGNORE_ALIGNMENT, 4, 1, Explorer.BATCH);
        assertEquals(1, one.violations());
        assertEquals(List.of("allocate(order 2)", "free(slot 5, 2)"), one.counterexample());
        assertEquals(one, explore(Fault.IGNORE_ALIGNMENT, 4, 2, 2));
    }

    @Test
    void fewerThanOneThreadIsRejected() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Explorer(G, 3, 2,
                Explorer.MAX_DESCRIPTORS, g -> new BuddyAllocator(0, g), 0));
        assertEquals("threads: 0 (expected: >= 1)", e.getMessage());
    }
}
