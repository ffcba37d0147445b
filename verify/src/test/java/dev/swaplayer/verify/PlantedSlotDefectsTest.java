package dev.swaplayer.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Defects a user's first-fit allocator may have that only a device's edges show: a run past the device end, a run
 * across a cluster boundary, a partial last cluster never used, a device type kept in too few bits, and frees that
 * accept a partly free run or change state before they reject it. Each is planted in one first-fit allocator and
 * must fail the check named, with the words that point at it; the allocator without a defect passes the same
 * checks.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class PlantedSlotDefectsTest {

    /** The defects; NONE is the allocator as it should be. */
    enum Defect {
        NONE, PAST_END, ACROSS_CLUSTERS, LAST_CLUSTER_UNUSED, TYPE_IN_FOUR_BITS, ENDS_ONLY, DIRTY_REJECT,
        POWER_OF_TWO_COUNT,
        /** The type test of a free written as a mask, {@code (t & type) != type}: it lets every type through on 0. */
        TYPE_AS_MASK,
        /** The index of a usable slot (slot - 1, past the header) kept in 16 bits: slot 65,537 comes back as 1. */
        SLOT_IN_16_BITS,
        /** A summary of free clusters one 64-bit word long: clusters from 64 on are never searched. */
        SUMMARY_OF_64_CLUSTERS,
        /** Every allocation returns NONE: an allocator that places nothing, whose safety there is nothing to test. */
        ALWAYS_NONE,
        /**
         * With swap counts: a slot freed by its last {@code put} is cleared from the in-use bitmap but not from the
         * allocation's search index, so it is never handed out again (free, and lost for good).
         */
        PUT_NOT_SEARCHED_AGAIN
    }

    @Test
    void theFirstFitAllocatorWithoutADefectPassesEveryCheckHere() {
        final Target t = target(Defect.NONE);
        assertEquals(CheckResult.Result.PASS, new ExhaustiveCheck(t).run().result());
        assertEquals(CheckResult.Result.PASS, new StatefulCheck(t, false).run().result());
        assertEquals(CheckResult.Result.PASS, new StatefulCheck(t, true).run().result());
    }

    @Test
    void theFirstFitAllocatorWithSwapCountsAndNoDefectPassesEveryCheckHere() {
        final Target t = target(Defect.NONE, true);
        assertEquals(CheckResult.Result.PASS, new ExhaustiveCheck(t).run().result());
        final CheckResult properties = new StatefulCheck(t, false).run();
        assertEquals(CheckResult.Result.PASS, properties.result(), properties::toString);
        assertTrue(properties.message().contains("checked: SlotAllocator, SwapCounts;"), properties.message());
        assertEquals(CheckResult.Result.PASS, new StatefulCheck(t, true).run().result());
    }

    @Test
    void aSlotFreedByItsLastPutAndNeverHandedOutAgain_isIncompleteInTheScaleRunsRefill() {
        final Target t = target(Defect.PUT_NOT_SEARCHED_AGAIN, true);
        final CheckResult r = new StatefulCheck(t, true).run();
        assertTrue(r.failed() && r.incomplete(), r::toString);
        assertTrue(r.message().startsWith("on the scale device " + ScaleRun.DEVICE + ", device type 0: "
                + Completeness.INCOMPLETE), r.message());
        assertEquals(List.of("fill the empty device with allocate(order 0) until NONE", "free every other allocation"
                + " of the fill, the first included, in turn by free, by cacheDel, and by dup, cacheDel and the last"
                + " put", "fill the free slots again with allocate(order 0) until NONE"), r.counterexample());
    }

    @Test
    void aRunPastTheDeviceEnd_isCaughtOnTheDeviceWithAPartialLastCluster() {
        final CheckResult r = new ExhaustiveCheck(target(Defect.PAST_END)).run();
        assertTrue(r.failed() && r.message().contains("is not inside the device"), r::toString);
        assertTrue(r.message().startsWith("on Geometry(slots=14, cluster=4"), r.message());
    }

    @Test
    void aSafetyFailureMetByCompleteness_isSaidToBeOne_andFailsTheVerdictWithoutRequireComplete() {
        final CheckResult r = new StatefulCheck(target(Defect.TYPE_IN_FOUR_BITS), true).run();
        assertTrue(r.failed() && r.message().contains(": a safety failure, which fails the verdict whether or not"
                + " completeness is required (no NONE was wrong before it): allocate(order 0) returned swp(15:0x1)"),
                r::toString);
        assertFalse(r.incomplete(), r::toString);
        assertTrue(r.failsVerdict(false), "the completeness check's sequences may meet a safety failure that the"
                + " properties check's did not: it must not pass because completeness is optional");
    }

    @Test
    void anAllocatorThatPlacesNothing_failsProperties_asNothingToCheck_andCompletenessAsIncomplete() {
        final CheckResult r = new StatefulCheck(target(Defect.ALWAYS_NONE), false).run();
        assertTrue(r.failed() && r.message().startsWith("nothing to check: allocate(order 0) returned NONE on each of"
                + " the 8 empty devices, so no sequence placed anything"), r::toString);
        assertTrue(r.failsVerdict(false), "a pass with nothing placed proves nothing");
        final CheckResult c = new StatefulCheck(target(Defect.ALWAYS_NONE), true).run();
        assertTrue(c.failed() && c.incomplete(), c::toString);
    }

    @Test
    void anIncompletenessFailsTheVerdictOnlyWhenCompletenessIsRequired() {
        final CheckResult r = new StatefulCheck(target(Defect.LAST_CLUSTER_UNUSED), true).run();
        assertTrue(r.failed() && r.incomplete(), r::toString);
        assertFalse(r.failsVerdict(false));
        assertTrue(r.failsVerdict(true));
    }

    @Test
    void aRunAcrossAClusterBoundary_isCaughtOnTheUnalignedDevice() {
        final CheckResult r = new ExhaustiveCheck(target(Defect.ACROSS_CLUSTERS)).run();
        assertTrue(r.failed() && r.message().contains("crosses a cluster boundary"), r::toString);
    }

    @Test
    void aCounterWrongOnlyForAFreeOfThreeSlots_isCaughtByTheExhaustiveCheck() {
        final CheckResult r = new ExhaustiveCheck(target(Defect.POWER_OF_TWO_COUNT)).run();
        assertTrue(r.failed() && r.message().contains("freeSlots() = "), r::toString);
        assertTrue(r.counterexample().contains("free(held #0, page 1, up to 3)"), r::toString);
    }

    @Test
    void aPartialLastClusterNeverUsed_failsCompleteness() {
        final Target t = target(Defect.LAST_CLUSTER_UNUSED);
        assertEquals(CheckResult.Result.PASS, new StatefulCheck(t, false).run().result(), "a safe allocator");
        final CheckResult r = new StatefulCheck(t, true).run();
        assertTrue(r.failed() && r.message().matches(".*while a legal run of \\d+ slots? from slot 960 .*"),
                r::toString);
    }

    @Test
    void aDeviceTypeKeptInFourBits_isCaughtAtTheFirstAllocation() {
        final CheckResult r = new ExhaustiveCheck(target(Defect.TYPE_IN_FOUR_BITS)).run();
        assertTrue(r.failed() && r.message().contains("returned swp(15:0x1) (expected a slot entry of device type 31)"),
                r::toString);
        assertEquals(1, r.counterexample().size(), r::toString);
    }

    @Test
    void aFreeThatChecksOnlyTheRunsEnds_acceptsAPartialDoubleFree() {
        final CheckResult r = new StatefulCheck(target(Defect.ENDS_ONLY), false).run();
        assertTrue(r.failed() && r.message().contains("is free was accepted"), r::toString);
        final String last = r.counterexample().get(r.counterexample().size() - 1);
        assertTrue(last.matches("reject free\\(slot \\d+, \\d+\\) of a run whose slot \\d+ is free"), r::toString);
    }

    @Test
    void aFreeThatFreesSlotsBeforeItRejects_isCaughtByTheStateItLeft() {
        final CheckResult r = new StatefulCheck(target(Defect.DIRTY_REJECT), false).run();
        assertTrue(r.failed() && r.message().contains("was rejected, but changed what a rejected call must leave"
                + " alone (INV-13): freeSlots() = "), r::toString);
        assertTrue(r.counterexample().get(r.counterexample().size() - 1).startsWith("reject "), r::toString);
    }

    @Test
    void aTypeTestWrittenAsAMask_isCaughtOnTheDevicesOfType0() {
        final CheckResult r = new StatefulCheck(target(Defect.TYPE_AS_MASK), false).run();
        assertTrue(r.failed() && r.message().startsWith("on Geometry(slots=1000, cluster=64, orders=0..6), device"
                + " type 0: "), r::toString);
        assertTrue(r.message().contains("of device type 1, 1) was accepted"), r::toString);
    }

    @Test
    void aSlotNumberKeptIn16Bits_isCaughtByTheScaleRunAlone() {
        final CheckResult r = new StatefulCheck(target(Defect.SLOT_IN_16_BITS), false).run();
        assertTrue(r.failed() && r.message().startsWith("on the scale device " + ScaleRun.DEVICE + ", device type 0:"
                + " allocate(order 0) number 65,537 returned swp(0:0x1), an illegal placement: "), r::toString);
        assertEquals(List.of("fill the empty device with allocate(order 0) until NONE"),
                r.counterexample());
        assertFalse(r.incomplete());
    }

    @Test
    void aSummaryOf64Clusters_isIncompleteOnTheLargerDevices_andSafe() {
        final Target t = target(Defect.SUMMARY_OF_64_CLUSTERS);
        final CheckResult safety = new StatefulCheck(t, false).run();
        assertEquals(CheckResult.Result.PASS, safety.result(), safety::toString);
        assertTrue(safety.message().contains("; a run of "), safety.message());
        final CheckResult complete = new StatefulCheck(t, true).run();
        assertTrue(complete.failed() && complete.incomplete(), complete::toString);
        assertTrue(complete.message().contains(Completeness.INCOMPLETE + " NONE for order "), complete.message());
    }

    private static Target target(final Defect defect) {
        return target(defect, false);
    }

    private static Target target(final Defect defect, final boolean counts) {
        final AllocatorProvider p = new AllocatorProvider() {
            @Override
            public String name() {
                return (counts ? "counted-" : "firstfit-") + defect.name().toLowerCase(java.util.Locale.ROOT);
            }

            @Override
            public SlotAllocator create(final int type, final Geometry g) {
                return counts ? new CountedFirstFit(type, g, defect) : new FirstFit(type, g, defect);
            }
        };
        return new Target(PolicyRegistry.builtIn().with(p), p.name(), p, Depth.QUICK, 1, "re-run");
    }

    /** The README's first-fit allocator, with one defect planted. */
    private static class FirstFit implements SlotAllocator {
        final int type;
        final Geometry g;
        final Defect defect;
        final BitSet used = new BitSet();
        /** Slots the search skips though they are free: {@link Defect#PUT_NOT_SEARCHED_AGAIN}'s. */
        final BitSet unsearched = new BitSet();
        long inUse;

        FirstFit(final int type, final Geometry g, final Defect defect) {
            this.type = type;
            this.g = g;
            this.defect = defect;
            for (long s = 0; s < g.totalSlots(); s++) {
                used.set((int) s, g.isReserved(s));
            }
        }

        @Override
        public int type() {
            return type;
        }

        @Override
        public Geometry geometry() {
            return g;
        }

        @Override
        public long allocate(final int order) {
            g.checkOrder(order);
            if (defect == Defect.ALWAYS_NONE) {
                return NONE;
            }
            final int n = 1 << g.effectiveOrder(order);
            final int step = g.aligned() ? n : 1 << g.minOrder();
            final long end = defect == Defect.LAST_CLUSTER_UNUSED ? g.totalSlots() / g.clusterSlots() * g.clusterSlots()
                    : defect == Defect.SUMMARY_OF_64_CLUSTERS ? Math.min(g.totalSlots(), 64L * g.clusterSlots())
                    : g.totalSlots();
            final int lowestFree = used.nextClearBit(step); // no run starts below it: skip the full prefix at once
            for (int s = Math.max(step, lowestFree / step * step);
                    (defect == Defect.PAST_END ? s : s + n) <= end - (defect == Defect.PAST_END ? 1 : 0); s += step) {
                final long last = defect == Defect.ACROSS_CLUSTERS ? s + n - 2 : s + n - 1;
                final int next = used.nextSetBit(s);
                final int skipped = unsearched.nextSetBit(s);
                if (g.clusterOf(s) == g.clusterOf(last) && (next < 0 || next >= s + n)
                        && (skipped < 0 || skipped >= s + n)) {
                    used.set(s, s + n);
                    inUse += n;
                    return SwapEntry.of(defect == Defect.TYPE_IN_FOUR_BITS ? type & 0xF : type,
                            defect == Defect.SLOT_IN_16_BITS ? (s - 1 & 0xFFFF) + 1 : s);
                }
            }
            return NONE;
        }

        @Override
        public void free(final long entry, final long n) {
            final long s = SwapEntry.offset(entry);
            final boolean wrongType = defect == Defect.TYPE_AS_MASK ? (SwapEntry.type(entry) & type) != type
                    : SwapEntry.type(entry) != type;
            if (SwapEntry.isCompound(entry) || wrongType || s < 1 || n < 1
                    || s + n > g.totalSlots()) {
                throw new IllegalArgumentException("entry: " + SwapEntry.toString(entry) + " (expected: a run)");
            }
            for (long x = s; x < s + n; x++) {
                final boolean checked = defect != Defect.ENDS_ONLY || x == s || x == s + n - 1;
                if (checked && (!used.get((int) x) || g.isReserved(x))) {
                    throw new IllegalStateException("slot " + x + ": free (expected: in use)");
                }
                if (defect == Defect.DIRTY_REJECT) {
                    used.clear((int) x);
                    inUse--;
                }
            }
            if (defect == Defect.POWER_OF_TWO_COUNT) {
                inUse -= Long.highestOneBit(2 * n - 1); // a free of 3 slots counted as 4
                used.clear((int) s, (int) (s + n));
            } else if (defect != Defect.DIRTY_REJECT) {
                inUse -= used.get((int) s, (int) (s + n)).cardinality();
                used.clear((int) s, (int) (s + n));
            }
        }

        @Override
        public long freeSlots() {
            return g.totalSlots() - g.reservedSlots() - inUse;
        }

        @Override
        public long usedSlots() {
            return inUse;
        }

        @Override
        public Fragmentation fragmentation() {
            return Fragmentation.of(g, s -> !used.get((int) s));
        }
    }

    /**
     * The first-fit allocator with swap counts as {@link SwapCounts} specifies them: an allocation starts at count 0
     * pinned by the swap cache, and a slot goes back when its count is 0 and the cache lets go.
     */
    private static final class CountedFirstFit extends FirstFit implements SwapCounts {
        private final long[] count;
        private final BitSet cached = new BitSet();

        CountedFirstFit(final int type, final Geometry g, final Defect defect) {
            super(type, g, defect);
            count = new long[Math.toIntExact(g.totalSlots())];
        }

        @Override
        public long allocate(final int order) {
            final long entry = super.allocate(order);
            if (entry != NONE) {
                final int s = (int) SwapEntry.offset(entry);
                cached.set(s, s + (1 << g.effectiveOrder(order)));
            }
            return entry;
        }

        @Override
        public void free(final long entry, final long n) {
            super.free(entry, n);
            final int s = (int) SwapEntry.offset(entry);
            cached.clear(s, (int) (s + n));
            Arrays.fill(count, s, (int) (s + n), 0);
        }

        @Override
        public SwapResult dup(final long entry) {
            final int s = inUse(entry);
            if (count[s] == SwapResult.MAX_SWAP_COUNT) {
                return SwapResult.COUNT_OVERFLOW;
            }
            count[s]++;
            return SwapResult.OK;
        }

        @Override
        public boolean put(final long entry) {
            final int s = inUse(entry);
            if (count[s] == 0) {
                throw new IllegalStateException("slot " + s + ": count 0 (expected: a count above 0)");
            }
            count[s]--;
            return releaseIfUnreferenced(s, defect == Defect.PUT_NOT_SEARCHED_AGAIN);
        }

        @Override
        public SwapResult cacheAdd(final long entry) {
            final int s = slot(entry);
            if (g.isReserved(s)) {
                throw new IllegalStateException("slot " + s + ": reserved (expected: a slot that can be in use)");
            }
            if (!used.get(s)) {
                return SwapResult.NOT_IN_USE;
            }
            if (cached.get(s)) {
                return SwapResult.ALREADY_CACHED;
            }
            cached.set(s);
            return SwapResult.OK;
        }

        @Override
        public boolean cacheDel(final long entry) {
            final int s = inUse(entry);
            if (!cached.get(s)) {
                throw new IllegalStateException("slot " + s + ": not cached (expected: cached)");
            }
            cached.clear(s);
            return releaseIfUnreferenced(s, false);
        }

        @Override
        public long countOf(final long entry) {
            return count[slot(entry)];
        }

        @Override
        public boolean isCached(final long entry) {
            return cached.get(slot(entry));
        }

        private boolean releaseIfUnreferenced(final int s, final boolean lostToTheSearch) {
            if (count[s] != 0 || cached.get(s)) {
                return false;
            }
            used.clear(s);
            inUse--;
            unsearched.set(s, lostToTheSearch);
            return true;
        }

        private int slot(final long entry) {
            final long s = SwapEntry.offset(entry);
            if (SwapEntry.isCompound(entry) || SwapEntry.type(entry) != type || s >= g.totalSlots()) {
                throw new IllegalArgumentException("entry: " + SwapEntry.toString(entry) + " (expected: a slot of"
                        + " this device)");
            }
            return (int) s;
        }

        private int inUse(final long entry) {
            final int s = slot(entry);
            if (!used.get(s) || g.isReserved(s)) {
                throw new IllegalStateException("slot " + s + ": free (expected: in use)");
            }
            return s;
        }
    }
}
