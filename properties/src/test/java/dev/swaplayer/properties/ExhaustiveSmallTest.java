package dev.swaplayer.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.Fault;
import dev.swaplayer.check.Explorer;
import dev.swaplayer.spec.Geometry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exhaustive check on small bounds and unusual geometries (chunks, unaligned runs, bad slots, a partial
 * last cluster), and on allocators with a planted bug, which it must catch with a short counterexample.
 *
 * <p>Thread safety: each test runs on JUnit's one thread; the explorer expands states on threads of its own as well,
 * each with its own allocator copies, stops them before it returns, and reports progress on the test's thread.
 */
class ExhaustiveSmallTest {

    private static Explorer.Result explore(final Geometry g, final int depth, final Fault fault) {
        final List<Integer> levels = new ArrayList<>();
        final Explorer.Result r = new Explorer(g, depth, 2, Explorer.MAX_DESCRIPTORS,
                x -> BuddyAllocator.withFault(0, x, fault)).run((level, states, transitions) -> levels.add(level));
        if (r.violations() == 0) {
            assertEquals(depth, levels.size(), "progress reported once per level");
        }
        return r;
    }

    @Test
    void unusualGeometriesHoldEveryInvariant() {
        for (final Geometry g : List.of(
                Geometry.builder(16).clusterSlots(8).maxOrder(3).build(),
                Geometry.builder(16).clusterSlots(8).maxOrder(3).minOrder(1).build(),
                Geometry.builder(14).clusterSlots(4).maxOrder(2).aligned(false).badSlots(6).build())) {
            final Explorer.Result r = explore(g, 3, Fault.NONE);
            assertEquals(0, r.violations(), g + ": " + r.violation() + " after " + r.counterexample());
            assertTrue(r.states() > 20, g + ": only " + r.states() + " states");
            assertTrue(r.transitions() > r.states(), "every state has several transitions");
        }
    }

    @Test
    void anIgnoredMetadataRefusalIsCaught() {
        final Geometry g = Geometry.builder(16).clusterSlots(4).maxOrder(2).build();
        final Explorer.Result r = ExhaustiveRefusalsTest.explore(g, 4, Fault.IGNORE_METADATA_BUDGET);
        assertEquals(1, r.violations());
        assertEquals(List.of("allocate(order 2) with its metadata request refused"), r.counterexample());
        assertTrue(r.violation().startsWith("INV-12"), r.violation());
    }

    @Test
    void brokenCoalescingIsCaught() {
        final Explorer.Result r = explore(Geometry.builder(16).clusterSlots(4).maxOrder(2).build(), 5,
                Fault.SKIP_TOP_COALESCE);
        assertEquals(1, r.violations());
        assertEquals(List.of("allocate(order 1)", "allocate(order 1)", "free(slot 2, 4)"), r.counterexample());
        assertTrue(r.violation().startsWith("INV-12"), r.violation());
    }

    @Test
    void brokenAlignmentIsCaught() {
        final Explorer.Result r = explore(Geometry.builder(16).clusterSlots(4).maxOrder(2).build(), 5,
                Fault.IGNORE_ALIGNMENT);
        assertEquals(1, r.violations());
        assertEquals(List.of("allocate(order 2)", "free(slot 5, 2)"), r.counterexample());
    }

    @Test
    void aRejectedFreeThatFreesPartOfItsRunIsCaught() {
        final Explorer.Result r = explore(Geometry.builder(16).clusterSlots(4).maxOrder(2).build(), 5,
                Fault.PARTIAL_REJECTED_FREE);
        assertEquals(1, r.violations());
        assertTrue(r.violation().startsWith("INV-13"), r.violation());
        System.out.println("expected violation: " + r.violation() + " after " + r.counterexample());
    }

    @Test
    void anUncheckedRetakeIsCaught() {
        final Explorer.Result r = explore(Geometry.builder(16).clusterSlots(4).maxOrder(2).build(), 5,
                Fault.RETAKE_UNCHECKED);
        assertEquals(1, r.violations());
        // Held unchecked, the freed order-2 block keeps its cluster's metadata, which the specification drops.
        assertEquals(List.of("allocate(order 2)", "free(slot 4, 4)"), r.counterexample());
        assertTrue(r.violation().startsWith("INV-12"), r.violation());
    }
}
