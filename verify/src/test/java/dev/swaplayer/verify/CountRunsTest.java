package dev.swaplayer.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import org.junit.jupiter.api.Test;

/**
 * The count taken to its limit ({@link CountRuns#toTheLimit}) on a one-slot allocator whose count starts a few
 * below 2^31 - 1, so that the run is a handful of calls: a limit test written {@code count > MAX} is caught, the
 * honest one passes. The count taken across its high digits' edges ({@link CountRuns#acrossDeepEdges}): the buddy
 * allocator's holds, a borrow from the third digit that goes wrong is caught.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own allocator.
 */
class CountRunsTest {
    private static final long LIMIT = Integer.MAX_VALUE;

    @Test
    void aDupAtTheLimitAnsweredOk_isCaught() {
        assertEquals("dup(swp(31:0x1)) at count 2147483647, the limit, returned OK and left count 2147483648"
                + " (expected COUNT_OVERFLOW and count 2147483647, unchanged)", toTheLimit(new NearTheLimit(true)));
    }

    @Test
    void theLimitHeld_passes() {
        assertNull(toTheLimit(new NearTheLimit(false)));
    }

    @Test
    void theBuddyAllocatorsCountsHoldAcrossTheHighDigitsEdges() {
        final BuddyAllocator a = new BuddyAllocator(Target.TYPE, SMALL);
        assertNull(CountRuns.acrossDeepEdges(a, a.allocate(0)));
    }

    @Test
    void aBorrowFromTheThirdDigitThatSetsTheLowerOnesToTheirTop_isCaught() {
        final DeepBorrow a = new DeepBorrow();
        assertEquals("countOf(swp(31:0x1)) = 3096575 after a put from count 1032192 (expected 1032191)",
                CountRuns.acrossDeepEdges(a, a.allocate(0)));
    }

    private static final Geometry SMALL = Geometry.builder(16).clusterSlots(4).maxOrder(2).build();

    /**
     * The buddy allocator's counts, read as a count kept in digits would read one whose borrow from its third digit
     * (at 63 x 128^2) sets each digit below to its top: 2 x 63 x 128^2 too many from there on.
     */
    private static final class DeepBorrow extends ForwardingSlotAllocator<BuddyAllocator>
            implements SwapCounts.Forwarding {
        private static final long THIRD_DIGIT = 63L << 14;
        private long extra;

        DeepBorrow() {
            super(new BuddyAllocator(Target.TYPE, SMALL));
        }

        @Override
        public SwapCounts swapCounts() {
            return delegate();
        }

        @Override
        public boolean put(final long entry) {
            extra += delegate().countOf(entry) == THIRD_DIGIT ? 2 * THIRD_DIGIT : 0;
            return delegate().put(entry);
        }

        @Override
        public long countOf(final long entry) {
            return delegate().countOf(entry) + extra;
        }
    }

    private static String toTheLimit(final NearTheLimit a) {
        return CountRuns.toTheLimit(a, a.allocate(0));
    }

    /** One slot, count 2^31 - 6 once allocated; {@code offByOne}: the limit test is {@code count > LIMIT}. */
    private static final class NearTheLimit implements SlotAllocator, SwapCounts {
        private final Geometry g = Geometry.builder(16).clusterSlots(4).maxOrder(2).build();
        private final boolean offByOne;
        private long count = LIMIT - 5;

        NearTheLimit(final boolean offByOne) {
            this.offByOne = offByOne;
        }

        @Override
        public int type() {
            return Target.TYPE;
        }

        @Override
        public Geometry geometry() {
            return g;
        }

        @Override
        public long allocate(final int order) {
            return SwapEntry.of(Target.TYPE, 1);
        }

        @Override
        public void free(final long entry, final long nrSlots) {
            throw new IllegalStateException("not used");
        }

        @Override
        public long freeSlots() {
            return g.totalSlots() - 2;
        }

        @Override
        public long usedSlots() {
            return 1;
        }

        @Override
        public Fragmentation fragmentation() {
            return Fragmentation.of(g, s -> s > 1);
        }

        @Override
        public SwapResult dup(final long entry) {
            if (offByOne ? count > LIMIT : count >= LIMIT) { // the planted defect: > where >= belongs
                return SwapResult.COUNT_OVERFLOW;
            }
            count++;
            return SwapResult.OK;
        }

        @Override
        public boolean put(final long entry) {
            count--;
            return false;
        }

        @Override
        public SwapResult cacheAdd(final long entry) {
            return SwapResult.ALREADY_CACHED;
        }

        @Override
        public boolean cacheDel(final long entry) {
            return false;
        }

        @Override
        public long countOf(final long entry) {
            return count;
        }

        @Override
        public boolean isCached(final long entry) {
            return true;
        }
    }
}
