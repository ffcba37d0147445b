package dev.swaplayer.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.Fault;
import dev.swaplayer.check.Explorer;
import dev.swaplayer.spec.Geometry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exhaustive check with refused metadata requests in the alphabet (INV-24), to depth 4 on four small
 * geometries: every allocation may also be tried with its first request for cluster metadata refused, and the
 * implementation must degrade exactly as the specification does. About three seconds, the slowest test of the
 * module: the mutation gate leaves it to the normal test phase (as it does the CI-bound exhaustive check), and
 * unit tests of what it alone reached (the refused-allocation postconditions) stand in for it there.
 *
 * <p>Thread safety: JUnit runs it on one thread; the explorer expands states on threads of its own as well, each with
 * its own allocator copies, and stops them before it returns.
 */
class ExhaustiveRefusalsTest {

    /** Explores with allocations whose first metadata request is refused in the alphabet. */
    static Explorer.Result explore(final Geometry g, final int depth, final Fault fault) {
        return new Explorer(g, depth, 2, Explorer.MAX_DESCRIPTORS, x -> BuddyAllocator.withFault(0, x, fault), true)
                .run((level, states, transitions) -> {
                });
    }

    @Test
    void refusedMetadataDegradesAsSpecified() {
        for (final Geometry g : List.of(
                Geometry.builder(16).clusterSlots(4).maxOrder(2).build(),
                Geometry.builder(16).clusterSlots(8).maxOrder(2).build(), // maxOrder blocks in clusters with metadata
                Geometry.builder(16).clusterSlots(8).maxOrder(3).minOrder(1).build(),
                Geometry.builder(14).clusterSlots(4).maxOrder(2).aligned(false).badSlots(6).build())) {
            final Explorer.Result r = explore(g, 4, Fault.NONE);
            assertEquals(0, r.violations(), g + ": " + r.violation() + " after " + r.counterexample());
            assertTrue(r.states() > 20, g + ": only " + r.states() + " states");
        }
    }
}
