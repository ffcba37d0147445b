package dev.swaplayer.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.verify.Depth;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * assertVerifies passes a correct allocator and fails, with the counterexample, one that leaks a count.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and waits for the verifier it starts, which runs each check on
 * a daemon thread of its own; the leaky provider is stateless and builds a new allocator on each call.
 */
class VerifyAssertionsTest {
    /** Frees one slot fewer than asked: the planted defect. */
    private static final AllocatorProvider LEAKY = new AllocatorProvider() {
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

    /** The same defect from a named nested class: its re-run builds it by its name. */
    static final class Leaky implements AllocatorProvider {
        @Override
        public String name() {
            return "leaky-named";
        }

        @Override
        public SlotAllocator create(final int type, final Geometry geometry) {
            return LEAKY.create(type, geometry);
        }
    }

    @Test
    void theBuddyAllocatorVerifies() {
        assertTrue(VerifyAssertions.assertVerifies(PolicyRegistry.builtIn().provider("buddy")).pass());
    }

    @Test
    void anAllocatorWhoseFreeForgetsOneSlotFailsWithItsCounterexample() {
        final AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> VerifyAssertions.assertVerifies(LEAKY));
        assertTrue(e.getMessage().contains("properties: fail") && e.getMessage().contains("1. "), e.getMessage());
        assertTrue(e.getMessage().contains("VerifyAssertions.assertVerifies(provider, Depth.QUICK, 1L, false) with the"
                + " provider you passed (dev.swaplayer.testkit.VerifyAssertionsTest$1, a class without a name)"),
                () -> "a re-run written as the call: " + e.getMessage());
    }

    @Test
    void aRunLimitedToSomeChecks_skipsTheOthers_andItsReRunNamesTheFailedOne() {
        final AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> VerifyAssertions.assertVerifies(new Leaky(), Depth.QUICK, 2L, false, "exhaustive", "swap-path"));
        final String m = e.getMessage();
        assertTrue(m.contains("properties: skipped - not selected: the run was limited to exhaustive, swap-path"), m);
        assertTrue(m.contains("exhaustive: fail"), m);
        assertTrue(m.contains("re-run: VerifyAssertions.assertVerifies(new VerifyAssertionsTest.Leaky(), Depth.QUICK,"
                + " 2L, false, \"exhaustive\")"), () -> "the failed check alone, as a call that compiles: " + m);
        assertThrows(IllegalArgumentException.class,
                () -> VerifyAssertions.assertVerifies(LEAKY, Depth.QUICK, 2L, false, "exhaustiv"));
    }
}
