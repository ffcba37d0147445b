package dev.swaplayer.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** assertVerifies passes a correct allocator and fails, with the counterexample, one that leaks a count. */
class VerifyAssertionsTest {
    @Test
    void theBuddyAllocatorVerifies() {
        assertTrue(VerifyAssertions.assertVerifies(PolicyRegistry.builtIn().provider("buddy")).pass());
    }

    @Test
    void anAllocatorWhoseFreeForgetsOneSlotFailsWithItsCounterexample() {
        final AllocatorProvider leaky = new AllocatorProvider() {
            @Override
            public String name() {
                return "leaky";
            }

            @Override
            public SlotAllocator create(final int type, final Geometry geometry) {
                return new ForwardingSlotAllocator<>(new BuddyAllocator(type, geometry)) {
                    @Override
                    public void free(final long entry, final long nrSlots) {
                        delegate().free(entry, nrSlots > 1 ? nrSlots - 1 : nrSlots);
                    }
                };
            }
        };
        final AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> VerifyAssertions.assertVerifies(leaky));
        assertTrue(e.getMessage().contains("properties: fail") && e.getMessage().contains("1. "), e.getMessage());
        assertTrue(e.getMessage().contains("VerifyAssertions.assertVerifies(new dev.swaplayer.testkit."
                + "VerifyAssertionsTest$1(), Depth.QUICK, 1L, false)"), () -> "a re-run written as the call: "
                + e.getMessage());
    }
}
