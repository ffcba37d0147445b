package dev.swaplayer.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A thread that never comes back from the allocator in one history is reported by the linearizability check itself,
 * within the history's limit, naming the thread and its state, instead of waiting out the whole check's limit.
 *
 * <p>Thread safety: JUnit runs it on one thread; the stuck threads are daemons, released at the end.
 */
class LinearizabilityStuckTest {
    /** The check's limit here: 2 s, so one history may take 1 s. */
    private static final Depth SHORT = new Depth("quick", 40, 300, 4, 200_000, 300, 6, 30, 20, 2);
    private static volatile boolean released;

    @Test
    void aDupThatNeverReturnsOnTheChecksThreads_isReportedWithinAHistorysLimit() throws Exception {
        released = false;
        final AllocatorProvider p = new AllocatorProvider() {
            @Override
            public String name() {
                return "stuck";
            }

            @Override
            public boolean threadSafe() {
                return true;
            }

            @Override
            public SlotAllocator create(final int type, final Geometry geometry) {
                return new Stuck(type, geometry);
            }
        };
        final CheckResult r;
        try {
            r = new LinearizabilityCheck(new Target(PolicyRegistry.builtIn().with(p), "stuck", p, SHORT, 1,
                    "re-run")).run();
        } finally {
            released = true;
        }
        assertTrue(r.failed(), r.toString());
        assertTrue(r.message().matches("history \\d+: thread verify-linearizability-[01] did not return from the"
                + " allocator within 1 s \\((WAITING|TIMED_WAITING)\\): a lock left held, or a wait nobody ends"),
                r.message());
        assertTrue(r.seconds() < 10, "one history's limit, not the check's: " + r.seconds() + " s");
        assertTrue(r.counterexample().get(0).startsWith("before the threads: "), r::toString);
        assertTrue(r.counterexample().stream().anyMatch(l -> l.matches("thread [01]: dup\\(.*\\)  did not return")),
                "the history up to the call that did not return: " + r.counterexample());
    }

    /** The buddy allocator whose dup parks until the test ends, as behind a lock nobody lets go of. */
    private static final class Stuck extends ForwardingSlotAllocator<BuddyAllocator> implements SwapCounts.Forwarding {
        Stuck(final int type, final Geometry g) {
            super(new BuddyAllocator(type, g));
        }

        @Override
        public SwapCounts swapCounts() {
            return delegate();
        }

        @Override
        public SwapResult dup(final long entry) {
            while (!released && Thread.currentThread().getName().startsWith("verify-linearizability-")) {
                LockSupport.parkNanos(1_000_000);
            }
            return delegate().dup(entry);
        }
    }
}
