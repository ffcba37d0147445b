package dev.swaplayer.verify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCountCall;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SlotState;
import dev.swaplayer.spec.SwapResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The allocator-beside-the-model harness must catch each kind of defect on the step where it happens: an
 * illegal placement, a rejected call accepted, a counter or view that disagrees, a completeness gap.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own device and model.
 */
class ModelledDeviceTest {
    private static final Geometry G = Geometry.builder(64).clusterSlots(16).maxOrder(2).build();
    /** G with one bad slot. */
    private static final Geometry BAD = Geometry.builder(64).clusterSlots(16).maxOrder(2).badSlots(9).build();

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theBuddyAllocatorAgreesStepByStep(final boolean withABadSlot) {
        final ModelledDevice d = new ModelledDevice(new BuddyAllocator(Target.TYPE, withABadSlot ? BAD : G), true);
        assertDoesNotThrow(() -> {
            d.allocate(0);
            d.allocate(2);
            d.allocateFolio(1);
            d.swapCount(SwapCountCall.DUP, 0, 0);
            d.swapCount(SwapCountCall.CACHE_DEL, 0, 0);
            d.free(1, 1, 2);
            for (final Misuse m : Misuse.values()) {
                for (int pick = 6; pick < 12; pick++) { // each swap-count call and query, where a misuse takes one
                    d.misuse(m, pick);
                }
            }
            d.compare();
        });
    }

    @Test
    void aRunThatOverlapsALiveOneIsAnIllegalPlacement() {
        final ModelledDevice d = new ModelledDevice(new Tweaked(e -> SwapEntry.of(Target.TYPE, 1)), false);
        d.allocate(0);
        final AssertionError e = assertThrows(AssertionError.class, () -> d.allocate(0));
        assertTrue(e.getMessage().contains("illegal placement") && e.getMessage().contains("slot 1, which is in use"),
                e.getMessage());
    }

    @Test
    void aRunOfTheWrongDeviceTypeIsCaught() {
        final ModelledDevice d = new ModelledDevice(new Tweaked(e -> SwapEntry.of(Target.TYPE - 1,
                SwapEntry.offset(e))), false);
        final AssertionError e = assertThrows(AssertionError.class, () -> d.allocate(0));
        assertTrue(e.getMessage().contains("expected a slot entry of device type 31"), e.getMessage());
    }

    @Test
    void anAcceptedDoubleFreeIsCaught() {
        final ModelledDevice d = new ModelledDevice(new Tweaked(e -> e) {
            @Override
            public void free(final long entry, final long nrSlots) {
                if (delegate().view().state(SwapEntry.offset(entry)) == SlotState.IN_USE) {
                    delegate().free(entry, nrSlots);
                }
            }
        }, false);
        d.allocate(0);
        final AssertionError e = assertThrows(AssertionError.class, () -> d.misuse(Misuse.DOUBLE_FREE, 0));
        assertTrue(e.getMessage().contains("was accepted"), e.getMessage());
    }

    @Test
    void aViewThatDisagreesIsCaught() {
        final ModelledDevice d = new ModelledDevice(new Tweaked(e -> e) {
            @Override
            public Fragmentation fragmentation() {
                return new Fragmentation(new long[G.maxOrder() + 1]);
            }
        }, false);
        final AssertionError e = assertThrows(AssertionError.class, d::compare);
        assertTrue(e.getMessage().startsWith("fragmentation()"), e.getMessage());
    }

    @Test
    void noneWhileALegalRunIsFreeFailsOnlyTheCompletenessCheck() {
        final Tweaked never = new Tweaked(e -> SlotAllocator.NONE);
        assertDoesNotThrow(() -> new ModelledDevice(never, false).allocate(1));
        final AssertionError e = assertThrows(AssertionError.class, () -> new ModelledDevice(never, true).allocate(1));
        assertTrue(e.getMessage().startsWith("incomplete: NONE for order 1 while a legal run of 2 slots from"
                + " slot 2 (swp(31:0x2)) was free"), e.getMessage());
    }

    @Test
    void aFreeThatLeavesTheSwapCountBehind_isCaught() {
        final ModelledDevice d = new ModelledDevice(new OwnCounts(false, 31), false);
        d.allocate(0);
        d.swapCount(SwapCountCall.DUP, 0, 0);
        final AssertionError e = assertThrows(AssertionError.class, () -> d.free(0, 0, 1));
        assertTrue(e.getMessage().startsWith("slot swp(31:0x1), which this free covered, still reads countOf = 1,"
                + " isCached = false"), e.getMessage());
    }

    @Test
    void aSwapCountKeptInEightBits_isCaughtPast255() {
        final ModelledDevice d = new ModelledDevice(new OwnCounts(true, 8), false);
        d.allocate(0);
        final AssertionError e = assertThrows(AssertionError.class, () -> d.dupMany(0, 0, 300));
        assertTrue(e.getMessage().startsWith("countOf(swp(31:0x1)) = 0 after 256 dups in a row (expected 256: a count"
                + " must neither wrap nor stop below its limit, 2^31 - 1)"), e.getMessage());
        final ModelledDevice sixteen = new ModelledDevice(new OwnCounts(true, 16), false);
        sixteen.allocate(0);
        assertDoesNotThrow(() -> sixteen.dupMany(0, 0, 300));
        assertThrows(AssertionError.class, () -> sixteen.dupMany(0, 0, 70_000));
    }

    @Test
    void aCountCallOnABadSlotOrAnotherDevicesEntry_mustBeRejected() {
        final ModelledDevice d = new ModelledDevice(new LooseEntries(), false);
        d.allocate(0);
        final AssertionError bad = assertThrows(AssertionError.class, () -> d.misuse(Misuse.COUNT_ON_BAD_SLOT, 6));
        assertTrue(bad.getMessage().startsWith("cacheAdd(slot 9) of a bad slot was accepted (expected:"
                + " IllegalArgumentException or IllegalStateException, and no change)"), bad.getMessage());
        final AssertionError type = assertThrows(AssertionError.class, () -> d.misuse(Misuse.COUNT_WRONG_TYPE, 0));
        assertTrue(type.getMessage().startsWith("dup(slot 1 of device type 0) was accepted"), type.getMessage());
        final AssertionError end = assertThrows(AssertionError.class, () -> d.misuse(Misuse.COUNT_PAST_END, 1));
        assertTrue(end.getMessage().startsWith("put(slot 64) past the device end was accepted"), end.getMessage());
    }

    @Test
    void aQueryThatLooksTheSlotUpByOffsetAlone_mustRejectAnotherDevicesEntryAndOnePastTheEnd() {
        final ModelledDevice d = new ModelledDevice(new LooseEntries(), false);
        d.allocate(0);
        final AssertionError type = assertThrows(AssertionError.class, () -> d.misuse(Misuse.COUNT_WRONG_TYPE, 4));
        assertTrue(type.getMessage().startsWith("countOf(slot 1 of device type 0) was accepted"), type.getMessage());
        final AssertionError end = assertThrows(AssertionError.class, () -> d.misuse(Misuse.COUNT_PAST_END, 5));
        assertTrue(end.getMessage().startsWith("isCached(slot 64) past the device end was accepted"),
                end.getMessage());
    }

    @Test
    void aCacheAddThatPinsAFreedSlot_isCaught_andTheBuddyAnswersNotInUse() {
        final ModelledDevice d = new ModelledDevice(new PinsFreeSlots(), false);
        d.allocate(1);
        assertTrue(d.free(0, 1, 1), "page 1 freed, page 0 still held");
        final AssertionError e = assertThrows(AssertionError.class, () -> d.swapCount(SwapCountCall.CACHE_ADD, 0, 1));
        assertTrue(e.getMessage().startsWith("cacheAdd(swp(31:0x3)) returned OK (expected NOT_IN_USE, which leaves the"
                + " slot free)"),
                e.getMessage());
        final ModelledDevice buddy = new ModelledDevice(new BuddyAllocator(Target.TYPE, G), false);
        buddy.allocate(1);
        buddy.free(0, 1, 1);
        assertDoesNotThrow(() -> {
            assertTrue(buddy.swapCount(SwapCountCall.CACHE_ADD, 0, 1), "a freed page of a held run is a target");
            buddy.compare();
        });
        assertFalse(buddy.swapCount(SwapCountCall.DUP, 0, 1), "only cacheAdd is made on a freed page");
    }

    @Test
    void aCountThatOvershoots_isNotBlamedOnWrapping() {
        final ModelledDevice d = new ModelledDevice(new TwoDupsAt200(), false);
        d.allocate(0);
        final AssertionError e = assertThrows(AssertionError.class, () -> d.dupMany(0, 0, 300));
        assertTrue(e.getMessage().startsWith("countOf(swp(31:0x1)) = 253 after 252 dups in a row (expected 252; it"
                + " reads more than the dups added, as when a continuation's digit is left over from before)"),
                e.getMessage());
    }

    @Test
    void aPutThatDropsTwoReferencesAtTheInlineLimit_isCaughtOnTheWayDown() {
        final ModelledDevice d = new ModelledDevice(new TwoPutsAt127(), false);
        d.allocate(0);
        assertDoesNotThrow(() -> d.dupMany(0, 0, 300));
        final AssertionError e = assertThrows(AssertionError.class, () -> d.putMany(0, 0, 300));
        assertTrue(e.getMessage().startsWith("countOf(swp(31:0x1)) = 125 after put number 174 in a row from count 300"
                + " (expected 126)"), e.getMessage());
        final ModelledDevice buddy = new ModelledDevice(new BuddyAllocator(Target.TYPE, G), false);
        buddy.allocate(0);
        assertDoesNotThrow(() -> {
            buddy.dupMany(0, 0, 300);
            buddy.putMany(0, 0, 300);
            buddy.compare();
        });
    }

    @Test
    void aStepIsWrittenWithTheAllocationAndPageItPicks() {
        final ModelledDevice d = new ModelledDevice(new BuddyAllocator(Target.TYPE, G), false);
        d.allocate(0);
        d.allocate(2);
        d.allocate(1);
        assertEquals("free(held #1, page 1, up to 2)", new Step.Free(7, 9, 2).resolved(d).toString(),
                "7 mod 3 allocations is the order-2 run; page 9 of its 4 pages is page 1");
        assertEquals("dup(held #2, page 0)", new Step.Count(SwapCountCall.DUP, -1, 4).resolved(d).toString());
        assertEquals("dup x300 then put x300(held #0, page 0)", new Step.UpAndDown(3, 0, 300).resolved(d).toString());
    }

    @Test
    void theBuddyAllocatorCountsPast16BitsAndFreesClean() {
        final ModelledDevice d = new ModelledDevice(new BuddyAllocator(Target.TYPE, G), false);
        assertDoesNotThrow(() -> {
            d.allocate(0);
            d.dupMany(0, 0, 70_000);
            d.compare();
            d.free(0, 0, 1);
            d.compare();
        });
    }

    /**
     * The buddy allocator with swap counts of its own beside it, as a plug-in might keep them: in {@code bits}
     * bits, and with {@code clearOnFree} false left behind by a free.
     */
    private static final class OwnCounts extends ForwardingSlotAllocator<BuddyAllocator>
            implements SwapCounts.Forwarding {
        private final Map<Long, Long> counts = new HashMap<>();
        private final boolean clearOnFree;
        private final long mask;

        OwnCounts(final boolean clearOnFree, final int bits) {
            super(new BuddyAllocator(Target.TYPE, G));
            this.clearOnFree = clearOnFree;
            this.mask = (1L << bits) - 1;
        }

        @Override
        public void free(final long entry, final long nrSlots) {
            delegate().free(entry, nrSlots);
            for (long i = 0; i < nrSlots && clearOnFree; i++) {
                counts.remove(SwapEntry.plus(entry, i));
            }
        }

        @Override
        public SwapResult dup(final long entry) {
            final SwapResult r = delegate().dup(entry);
            counts.merge(entry, 1L, (a, b) -> (a + b) & mask);
            return r;
        }

        @Override
        public boolean put(final long entry) {
            counts.merge(entry, -1L, (a, b) -> (a + b) & mask);
            return delegate().put(entry);
        }

        @Override
        public SwapCounts swapCounts() {
            return delegate();
        }

        @Override
        public long countOf(final long entry) {
            return counts.getOrDefault(entry, 0L);
        }
    }

    /** The buddy allocator's swap counts, except that a dup at count 200 adds two references. */
    private static final class TwoDupsAt200 extends BuddyCounts {
        @Override
        public SwapResult dup(final long entry) {
            if (delegate().countOf(entry) == 200) {
                delegate().dup(entry); // the planted defect: one reference too many added
            }
            return delegate().dup(entry);
        }
    }

    /** The buddy allocator's swap counts, except that cacheAdd of a free slot answers OK (no NOT_IN_USE test). */
    private static final class PinsFreeSlots extends BuddyCounts {
        @Override
        public SwapResult cacheAdd(final long entry) {
            final SwapResult r = delegate().cacheAdd(entry);
            return r == SwapResult.NOT_IN_USE ? SwapResult.OK : r; // the planted defect
        }
    }

    /**
     * The buddy allocator's swap counts, except that an entry's device type and range go unchecked: the slot is
     * looked up by offset alone, in range, and a slot the allocator does not hand out answers as a free one
     * (cacheAdd NOT_IN_USE, the rest false, OK or 0, nothing changed).
     */
    private static final class LooseEntries extends BuddyCounts {
        LooseEntries() {
            super(BAD);
        }

        /** The entry of this device for the same offset, or -1 where the buddy would reject the slot. */
        private long own(final long entry) {
            final long s = SwapEntry.offset(entry);
            return s >= BAD.totalSlots() || s == BAD.badSlots()[0] ? -1 : SwapEntry.of(Target.TYPE, s);
        }

        @Override
        public SwapResult dup(final long entry) {
            return own(entry) < 0 ? SwapResult.OK : delegate().dup(own(entry));
        }

        @Override
        public boolean put(final long entry) {
            return own(entry) >= 0 && delegate().put(own(entry));
        }

        @Override
        public SwapResult cacheAdd(final long entry) {
            return own(entry) < 0 ? SwapResult.NOT_IN_USE : delegate().cacheAdd(own(entry));
        }

        @Override
        public boolean cacheDel(final long entry) {
            return own(entry) >= 0 && delegate().cacheDel(own(entry));
        }

        @Override
        public long countOf(final long entry) {
            return own(entry) < 0 ? 0 : delegate().countOf(own(entry));
        }

        @Override
        public boolean isCached(final long entry) {
            return own(entry) >= 0 && delegate().isCached(own(entry));
        }
    }

    /** A swap-in's cacheAdd of a slot in a cluster never used: NOT_IN_USE from the buddy, a pin from the plant. */
    @Test
    void aCacheAddOfAFreeSlotInAClusterNeverUsed_mustAnswerNotInUse() {
        final ModelledDevice honest = new ModelledDevice(new BuddyAllocator(Target.TYPE, G), true);
        assertDoesNotThrow(() -> {
            assertTrue(honest.cacheAddFree(40));
            honest.compare();
        });
        final ModelledDevice pins = new ModelledDevice(new PinsFreeSlots(), false);
        assertEquals("cacheAdd(swp(31:0x29)) of a free slot", new Step.CacheAddFree(40).written(pins),
                "a counterexample names the slot the step picks");
        final AssertionError e = assertThrows(AssertionError.class, () -> pins.cacheAddFree(40));
        assertTrue(e.getMessage().startsWith("cacheAdd(swp(31:0x29)) of a free slot returned OK (expected NOT_IN_USE"),
                e.getMessage());
    }

    /**
     * A range free over several allocations and a cluster boundary (slots 1 to 20, clusters of 16): the buddy
     * allocator frees it all; one that takes the run to lie in the cluster of its first slot frees only up to that
     * cluster's end, and the first slot of the next cluster still reads in the swap cache.
     */
    @Test
    void aFreeRunOverAClusterBoundary_isFreedWhole_andOneCutAtTheFirstClusterIsCaught() {
        final ModelledDevice honest = new ModelledDevice(new BuddyAllocator(Target.TYPE, G), true);
        final ModelledDevice cut = new ModelledDevice(new BuddyCounts() {
            @Override
            public void free(final long entry, final long nrSlots) { // planted: the run kept to its first cluster
                final long s = SwapEntry.offset(entry);
                delegate().free(entry, Math.min(nrSlots, (s / 16 + 1) * 16 - s));
            }
        }, false);
        for (final ModelledDevice d : List.of(honest, cut)) {
            for (int i = 0; i < 20; i++) {
                assertTrue(d.allocate(0));
            }
        }
        assertDoesNotThrow(() -> {
            assertTrue(honest.freeRun(0, 300));
            honest.compare();
        });
        assertEquals(0, honest.heldCount(), "every allocation freed by the one call");
        final AssertionError e = assertThrows(AssertionError.class, () -> {
            cut.freeRun(0, 300);
            cut.compare();
        });
        assertTrue(e.getMessage().startsWith("slot swp(31:0x10), which this free covered, still reads countOf = 0,"
                + " isCached = true"), e.getMessage());
    }

    @Test
    void aCacheDelThatReadsTheCountModulo64_freesAReferencedSlot_andTheRoundTripAtTheEdgeSeesIt() {
        final ModelledDevice d = new ModelledDevice(new CacheDelModulo64(), false);
        d.allocate(0);
        final AssertionError e = assertThrows(AssertionError.class, () -> d.dupMany(0, 0, 300));
        assertTrue(e.getMessage().startsWith("cacheDel(swp(31:0x1)) at count 64, after dup number 64 in a row,"
                + " returned true (expected false, which leaves the slot count 64, out of the swap cache)"),
                e.getMessage());
    }

    @Test
    void aBorrowLostOnTheWayDownFrom70000_isSeen_asTheManyDupsWalkBackDown() {
        final ModelledDevice d = new ModelledDevice(new BorrowLostAt65536(), false);
        d.allocate(0);
        final Step walk = new Step.ManyDups(0, 0, 70_000);
        final AssertionError e = assertThrows(AssertionError.class, () -> walk.run(d));
        assertTrue(e.getMessage().startsWith("countOf(swp(31:0x1)) = 65599 after put number 4465 in a row from count"
                + " 70000 (expected 65535)"), e.getMessage());
        final ModelledDevice buddy = new ModelledDevice(new BuddyAllocator(Target.TYPE, G), false);
        buddy.allocate(0);
        assertDoesNotThrow(() -> {
            walk.run(buddy);
            buddy.compare();
        });
    }

    /** The buddy allocator's swap counts, except that cacheDel reads the count modulo 64 (its lowest digit). */
    private static final class CacheDelModulo64 extends BuddyCounts {
        @Override
        public boolean cacheDel(final long entry) {
            final long count = delegate().countOf(entry);
            if (count > 0 && count % 64 == 0) {
                for (long i = 0; i < count; i++) { // the planted defect: the digit reads 0, so the slot goes
                    delegate().put(entry);
                }
            }
            return delegate().cacheDel(entry);
        }
    }

    /** The buddy allocator's swap counts, except that the put from 65,536 loses a borrow of 64. */
    private static final class BorrowLostAt65536 extends BuddyCounts {
        @Override
        public boolean put(final long entry) {
            final boolean atBorrow = delegate().countOf(entry) == 1 << 16;
            final boolean freed = delegate().put(entry);
            for (int i = 0; atBorrow && i < 64; i++) {
                delegate().dup(entry); // the planted defect: the lower digit is refilled, the upper one not drawn on
            }
            return freed;
        }
    }

    /**
     * The buddy allocator's swap counts, except that a put from count 127 (the first count back under the inline
     * limit, where the kernel's continuation pages are undone) drops two references.
     */
    private static final class TwoPutsAt127 extends BuddyCounts {
        @Override
        public boolean put(final long entry) {
            if (delegate().countOf(entry) == 127) {
                delegate().put(entry); // the planted defect: one reference too many dropped
            }
            return delegate().put(entry);
        }
    }

    /** The buddy allocator, seen as a plain SlotAllocator, with its allocation results rewritten. */
    private static class Tweaked extends ForwardingSlotAllocator<BuddyAllocator> {
        private final LongUnaryOperator rewrite;

        Tweaked(final LongUnaryOperator rewrite) {
            super(new BuddyAllocator(Target.TYPE, G));
            this.rewrite = rewrite;
        }

        @Override
        public long allocate(final int order) {
            final long e = delegate().allocate(order);
            return e == NONE ? NONE : rewrite.applyAsLong(e);
        }
    }

    /** The buddy allocator, its swap counts forwarded: the base of a plant that overrides the call it breaks. */
    private abstract static class BuddyCounts extends ForwardingSlotAllocator<BuddyAllocator>
            implements SwapCounts.Forwarding {
        BuddyCounts() {
            this(G);
        }

        BuddyCounts(final Geometry geometry) {
            super(new BuddyAllocator(Target.TYPE, geometry));
        }

        @Override
        public SwapCounts swapCounts() {
            return delegate();
        }
    }
}
