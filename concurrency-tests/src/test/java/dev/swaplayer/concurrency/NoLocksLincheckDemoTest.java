package dev.swaplayer.concurrency;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.swaplayer.allocator.BuddyAllocator;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * The negative demo: the same operations and bounds as {@link BuddyAllocatorLinearizabilityTest}, on an
 * allocator built {@linkplain BuddyAllocator#withoutLocks without locks}. Lincheck must find a
 * non-linearizable interleaving (two allocations of one block, a lost free, or a corrupted index); the test
 * passes only when it does, which proves in every gate run that the checker can fail.
 *
 * <p>Thread safety: none on purpose; Lincheck races the operations on an unlocked allocator.
 */
@Param(name = "order", gen = IntGen.class, conf = "0:1")
@Param(name = "slot", gen = IntGen.class, conf = "1:7")
public class NoLocksLincheckDemoTest {
    private final BuddyAllocator allocator =
            BuddyAllocator.withoutLocks(0, BuddyAllocatorLinearizabilityTest.DEVICE);

    @Operation
    public long allocate(@Param(name = "order") final int order) {
        return allocator.allocate(order);
    }

    @Operation
    public String free(@Param(name = "slot") final int slot) {
        return Outcomes.of(() -> {
            allocator.free(slot, 1);
            return "freed";
        });
    }

    @Operation
    public long freeSlots() {
        return allocator.freeSlots();
    }

    @Test
    void lincheckFindsTheRace() {
        final LincheckAssertionError found = assertThrows(LincheckAssertionError.class,
                () -> BuddyAllocatorLinearizabilityTest.options()
                        .sequentialSpecification(BuddyAllocatorLinearizabilityTest.Spec.class)
                        .check(getClass()));
        // The report (scenario, results, interleaving) goes to the test log, for the reader of the demo.
        System.out.println(found.getMessage());
    }
}
