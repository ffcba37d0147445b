package dev.swaplayer.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingFolioAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The linearizability check on real threads. The buddy allocator passes; these fail:
 * <ul>
 *   <li>counters that miss every free made on the check's second thread, on the state read after a history;</li>
 *   <li>a {@code cacheAdd} that throws a NullPointerException on that thread, reported as throwing, not as a race
 *       (a plug-in's frame is added to it as to every exception verify reports; this test's allocator is in
 *       verify's own package, which has none);</li>
 *   <li>a {@code slotOf} that misreads a folio's pages on that thread, on its folio call.</li>
 * </ul>
 * The defects are tied to a thread, not to a timing, so they are wrong however the scheduler runs the calls: the
 * check must catch them at every run.
 *
 * <p>Thread safety: JUnit runs it on one thread; the check starts its own.
 */
class LinearizabilityPlantedTest {

    @Test
    void theBuddyAllocatorsHistoriesAreLinearizable() throws InterruptedException {
        final CheckResult r = new LinearizabilityCheck(target(Defect.NONE)).run();
        assertEquals(CheckResult.Result.PASS, r.result(), r::toString);
        assertTrue(r.message().matches(".*; [\\d,]+ folios placed \\([1-9][\\d,]* compound\\) in the histories with"
                + " folio calls.*"), "folio calls made, some stored compound on the scattered devices: " + r.message());
    }

    @Test
    void countersThatMissAThreadsFrees_failOnTheStateReadAfterTheHistory() throws InterruptedException {
        final CheckResult r = new LinearizabilityCheck(target(Defect.MISSED_FREES)).run();
        assertTrue(r.failed() && r.message().contains("has no linearization: every order of its calls that gives the"
                + " specification's results leaves another state than the one read after both threads returned:"
                + " usedSlots() = "), r::toString);
        assertTrue(r.counterexample().get(r.counterexample().size() - 1).startsWith("after the threads: "),
                r::toString);
    }

    @Test
    void aCallThatThrowsWhatNoCallMayThrow_isReportedAsThrowing_notAsARace() throws InterruptedException {
        final CheckResult r = new LinearizabilityCheck(target(Defect.CACHE_ADD_THROWS)).run();
        assertTrue(r.failed() && r.message().matches("history \\d+: thread 1's call \\d, cacheAdd\\(slot [12]\\),"
                + " threw java.lang.NullPointerException: planted"
                + " \\(an allocator call may throw only IllegalArgumentException or IllegalStateException, to reject"
                + " it\\)"), r::toString);
        assertTrue(r.counterexample().stream().anyMatch(l -> l.contains("= threw java.lang.NullPointerException")),
                r::toString);
    }

    @Test
    void aFolioWhosePagesThreadOneMisreads_failsOnTheFolioCall() throws InterruptedException {
        final CheckResult r = new LinearizabilityCheck(target(Defect.SLOT_OF_SHIFTED)).run();
        assertTrue(r.failed() && r.message().matches("history \\d+ has no linearization: .*then thread 1's"
                + " allocateFolio\\(order [12]\\) = c?swp\\(31:.*, which the specification does not allow there: .*"),
                r::toString);
        assertTrue(r.counterexample().stream().anyMatch(l -> l.matches("thread 1: allocateFolio\\(order [12]\\) = .*"
                + " at slots .*, \\d extents  \\[.*")), r::toString);
    }

    /** The defects; NONE is the buddy allocator as it is. */
    private enum Defect { NONE, MISSED_FREES, CACHE_ADD_THROWS, SLOT_OF_SHIFTED }

    private static Target target(final Defect defect) {
        final AllocatorProvider p = new AllocatorProvider() {
            @Override
            public String name() {
                return "buddy-" + defect.name().toLowerCase(Locale.ROOT).replace('_', '-');
            }

            @Override
            public boolean threadSafe() {
                return true;
            }

            @Override
            public SlotAllocator create(final int type, final Geometry g) {
                return switch (defect) {
                    case NONE -> new BuddyAllocator(type, g);
                    case MISSED_FREES -> new MissedFrees(type, g);
                    case CACHE_ADD_THROWS -> new CacheAddThrows(type, g);
                    case SLOT_OF_SHIFTED -> new SlotOfShifted(type, g);
                };
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

    /** The buddy allocator whose {@code cacheAdd} throws a NullPointerException on thread verify-linearizability-1. */
    private static final class CacheAddThrows extends ForwardingSlotAllocator<BuddyAllocator>
            implements SwapCounts.Forwarding {
        CacheAddThrows(final int type, final Geometry g) {
            super(new BuddyAllocator(type, g));
        }

        @Override
        public SwapCounts swapCounts() {
            return delegate();
        }

        @Override
        public SwapResult cacheAdd(final long entry) {
            if (Thread.currentThread().getName().equals("verify-linearizability-1")) {
                throw new NullPointerException("planted");
            }
            return delegate().cacheAdd(entry);
        }
    }

    /**
     * The buddy allocator whose {@code slotOf} on thread verify-linearizability-1 gives each page of a folio from
     * the second on the slot of the page before it.
     */
    private static final class SlotOfShifted extends ForwardingFolioAllocator<BuddyAllocator> {
        SlotOfShifted(final int type, final Geometry g) {
            super(new BuddyAllocator(type, g));
        }

        @Override
        public long slotOf(final long handle, final int order, final int page) {
            final boolean shifted = page > 0 && Thread.currentThread().getName().equals("verify-linearizability-1");
            return delegate().slotOf(handle, order, shifted ? page - 1 : page);
        }
    }
}
