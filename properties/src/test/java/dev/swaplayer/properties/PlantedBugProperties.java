package dev.swaplayer.properties;

import static dev.swaplayer.properties.MutationGate.MUTATION_REDUNDANT;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.Fault;
import dev.swaplayer.properties.engine.PropertyFailure;
import dev.swaplayer.properties.engine.Stateful;
import dev.swaplayer.spec.Geometry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A checker that cannot fail proves nothing: the refinement property, run against allocators with a planted
 * coalescing, alignment or placement bug, or a rejected call that changes the state, must fail and shrink to a
 * short counterexample.
 *
 * <p>Thread safety: each test runs its property on JUnit's one thread, on a fresh harness for each try.
 */
@Tag(MUTATION_REDUNDANT)
class PlantedBugProperties {
    private static final Geometry G = Geometry.builder(64).clusterSlots(16).maxOrder(4).build();

    private static PropertyFailure failureWith(final Fault fault) {
        final Stateful<Harness> p = Stateful.of("planted " + fault, () -> new Harness(G,
                BuddyAllocator.withFault(Harness.TYPE, G, fault)), Actions.all(G))
                .steps(120).tries(200).seed(20261126L)
                .invariant("INV-12 refinement, state invariants, internal audit", Harness::checkAll);
        final PropertyFailure f = assertThrows(PropertyFailure.class, p::check);
        System.out.println("expected failure, as a user would see it:\n" + f.getMessage());
        return f;
    }

    @Test
    void brokenCoalescingIsCaughtAndShrinks() {
        final PropertyFailure f = failureWith(Fault.SKIP_TOP_COALESCE);
        assertTrue(f.shrunkSize() <= 4, "shrunk to " + f.shrunkSize() + " steps:\n" + f.getMessage());
        assertTrue(f.shrunkSize() < f.originalSize() || f.originalSize() <= 4, f.getMessage());
    }

    @Test
    void brokenAlignmentIsCaughtAndShrinks() {
        final PropertyFailure f = failureWith(Fault.IGNORE_ALIGNMENT);
        assertTrue(f.shrunkSize() <= 4, "shrunk to " + f.shrunkSize() + " steps:\n" + f.getMessage());
    }

    @Test
    void aRejectedFreeThatFreesPartOfItsRunIsCaughtByTheRejectionCheck() {
        final PropertyFailure f = failureWith(Fault.PARTIAL_REJECTED_FREE);
        assertTrue(f.getMessage().contains("INV-13"), "the results agree, only the state changed:\n" + f.getMessage());
        assertTrue(f.shrunkSize() <= 4, "shrunk to " + f.shrunkSize() + " steps:\n" + f.getMessage());
    }

    @Test
    void anUncheckedRetakeIsCaughtAndShrinks() {
        final PropertyFailure f = failureWith(Fault.RETAKE_UNCHECKED);
        assertTrue(f.shrunkSize() <= 6, "shrunk to " + f.shrunkSize() + " steps:\n" + f.getMessage());
        assertTrue(f.getMessage().contains("INV-12"), f.getMessage());
    }
}
