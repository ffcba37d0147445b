package dev.swaplayer.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.check.Explorer;
import dev.swaplayer.spec.Geometry;
import org.junit.jupiter.api.Test;

/**
 * The CI gate's bounded exhaustive check: every operation sequence up to depth 7 on 16 slots, clusters of 4,
 * orders 0..2 (the defaults of {@code ./swaplayer check}); at least 10^5 distinct states, no violation.
 * Too long to run once per mutant, so PIT leaves it out and runs {@link ExhaustiveSmallTest} instead.
 *
 * <p>Thread safety: JUnit runs it on one thread; the explorer expands states on threads of its own as well, each with
 * its own allocator copies, and stops them before it returns.
 */
class ExhaustiveCheckTest {

    @Test
    void ciBoundsReachAHundredThousandStatesWithoutViolation() {
        final Geometry g = Geometry.builder(Explorer.DEFAULT_SLOTS).clusterSlots(Explorer.DEFAULT_CLUSTER)
                .maxOrder(Explorer.DEFAULT_MAX_ORDER).build();
        final Explorer.Result r = new Explorer(g, Explorer.DEFAULT_DEPTH, Explorer.DEFAULT_MAX_COUNT,
                Explorer.MAX_DESCRIPTORS, x -> new BuddyAllocator(0, x)).run((level, states, transitions) -> {
                });
        assertEquals(0, r.violations(), r.violation() + " after " + r.counterexample());
        assertEquals(Explorer.DEFAULT_DEPTH, r.depth());
        assertTrue(r.states() >= 100_000, "explored only " + r.states() + " distinct states");
        System.out.printf("exhaustive check: %d states, %d transitions, depth %d, %.1f s%n", r.states(),
                r.transitions(), r.depth(), r.seconds());
    }
}
