package dev.swaplayer.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The linearizability check on real threads: the buddy allocator passes, and one whose counters miss every free made
 * on the check's second thread fails on the state read after a history. The defect is tied to a thread, not to a
 * timing, so it is wrong however the scheduler runs the calls: the check must catch it at every run.
 *
 * <p>Thread safety: JUnit runs it on one thread; the check starts its own.
 */
class LinearizabilityPlantedTest {

    @Test
    void theBuddyAllocatorsHistoriesAreLinearizable() throws InterruptedException {
        final CheckResult r = new LinearizabilityCheck(target(false)).run();
        assertEquals(CheckResult.Result.PASS, r.result(), r::toString);
    }

    @Test
    void countersThatMissAThreadsFrees_failOnTheStateReadAfterTheHistory() throws InterruptedException {
        final CheckResult r = new LinearizabilityCheck(target(true)).run();
        assertTrue(r.failed() && r.message().contains("has no linearization: every order of its calls that gives the"
                + " specification's results leaves another state than the one read after both threads returned:"
                + " usedSlots() = "), r::toString);
        assertTrue(r.counterexample().get(r.counterexample().size() - 1).startsWith("after the threads: "),
                r::toString);
    }

    private static Target target(final boolean missFrees) {
        final AllocatorProvider p = new AllocatorProvider() {
            @Override
            public String name() {
                return missFrees ? "buddy-missed-frees" : "buddy-as-is";
            }

            @Override
            public boolean threadSafe() {
                return true;
            }

            @Override
            public SlotAllocator create(final int type, final Geometry g) {
                return missFrees ? new MissedFrees(type, g) : new BuddyAllocator(type, g);
            }
        };
        return new Target(PolicyRegistry.builtIn().with(p), p.name(), p, Depth.QUICK, 1, "re-run");
    }

    /** The buddy allocator whose counters leave out the slots that thread verify-linearizability-1 frees. */
    private static final class MissedFrees extends ForwardingSlotAllocator<BuddyAllocator>
            implements SwapCounts.Forwarding {
        private final AtomicLong missed = new AtomicLong();

        MissedFrees(final int type, final Geometry g) {
            super(new BuddyAllocator(type, g));
        }

        @Override
        public SwapCounts swapCounts() {
            return delegate();
        }

        @Override
        public void free(final long entry, final long nrSlots) {
            delegate().free(entry, nrSlots);
            if (Thread.currentThread().getName().equals("verify-linearizability-1")) {
                missed.addAndGet(nrSlots);
            }
        }

        @Override
        public long usedSlots() {
            return delegate().usedSlots() + missed.get();
        }

        @Override
        public long freeSlots() {
            return delegate().freeSlots() - missed.get();
        }
    }
}
