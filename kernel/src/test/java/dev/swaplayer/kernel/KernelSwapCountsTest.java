package dev.swaplayer.kernel;

import static dev.swaplayer.kernel.KernelFixtures.alloc;
import static dev.swaplayer.kernel.KernelFixtures.entry;
import static dev.swaplayer.kernel.KernelFixtures.fingerprint;
import static dev.swaplayer.kernel.KernelFixtures.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.kernel.KernelFixtures.Model;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.InvariantChecker;
import dev.swaplayer.spec.SwapResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The swap counts of the kernel models follow the outcome table of {@link SwapResult}: allocation leaves count
 * 0 with the cache flag, the last reference or the cache pin frees the slot, misuse throws and changes nothing.
 */
class KernelSwapCountsTest {

    @ParameterizedTest
    @EnumSource(Model.class)
    void allocationLeavesCountZeroAndTheCacheFlag(final Model model) {
        final KernelSwapMap a = model.create(small(), 1);
        final long s = alloc(a, 2);
        for (long x = s; x < s + 4; x++) {
            assertEquals(0, a.countOf(entry(x)));
            assertTrue(a.isCached(entry(x)));
        }
        assertEquals(0, a.countOf(entry(200)), "a free slot");
        assertFalse(a.isCached(entry(200)), "a free slot");
        a.checkConsistency();
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void theLastPutFreesAnUncachedSlot(final Model model) {
        final KernelSwapMap a = model.create(small(), 1);
        final long s = alloc(a, 0);
        assertEquals(SwapResult.OK, a.dup(entry(s)));
        assertEquals(SwapResult.OK, a.dup(entry(s)));
        assertFalse(a.cacheDel(entry(s)), "two references remain");
        assertFalse(a.isCached(entry(s)));
        assertEquals(SwapResult.OK, a.cacheAdd(entry(s)));
        assertEquals(SwapResult.ALREADY_CACHED, a.cacheAdd(entry(s)));
        assertFalse(a.cacheDel(entry(s)));
        final long used = a.usedSlots();
        assertFalse(a.put(entry(s)));
        assertEquals(1, a.countOf(entry(s)));
        assertTrue(a.put(entry(s)), "count 0 and not cached: freed");
        assertEquals(used - 1, a.usedSlots());
        assertEquals(SwapResult.NOT_IN_USE, a.cacheAdd(entry(s)));
        a.checkConsistency();
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void theCachePinFreesASlotAtCountZero(final Model model) {
        final KernelSwapMap a = model.create(small(), 1);
        final long s = alloc(a, 0);
        assertEquals(SwapResult.OK, a.dup(entry(s)));
        assertFalse(a.put(entry(s)), "the swap cache still holds it");
        assertEquals(0, a.countOf(entry(s)));
        assertTrue(a.cacheDel(entry(s)));
        assertEquals(SwapResult.NOT_IN_USE, a.cacheAdd(entry(s)));
        a.checkConsistency();
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void freeingResetsTheCountsOfTheNextOwner(final Model model) {
        final KernelSwapMap a = model.create(small(), 1);
        final long s = alloc(a, 6);
        alloc(a, 6);
        alloc(a, 6);
        for (long x = s; x < s + 64; x += 3) {
            a.dup(entry(x));
            a.cacheDel(entry(x));
        }
        a.free(entry(s), 64);
        a.checkConsistency();
        assertEquals(s, alloc(a, 6), "the emptied cluster is the only free one");
        for (long x = s; x < s + 64; x++) {
            assertEquals(0, a.countOf(entry(x)));
            assertTrue(a.isCached(entry(x)));
        }
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void dupStopsAtTheCountLimit(final Model model) {
        final KernelSwapMap a = model.create(small(), 1);
        final long s = alloc(a, 0);
        a.setSwapCountForTest(entry(s), (int) InvariantChecker.MAX_SWAP_COUNT - 1);
        assertEquals(SwapResult.OK, a.dup(entry(s)));
        assertEquals(SwapResult.COUNT_OVERFLOW, a.dup(entry(s)));
        assertEquals(InvariantChecker.MAX_SWAP_COUNT, a.countOf(entry(s)));
        assertTrue(a.isCached(entry(s)), "the count does not spill into the cache flag");
        assertFalse(a.put(entry(s)));
        a.checkConsistency();
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void misuseThrowsAndChangesNothing(final Model model) {
        final KernelSwapMap a = model.create(Geometry.builder(256).clusterSlots(64).badSlots(40).build(), 1);
        final long s = alloc(a, 0);
        final long free = 200;
        rejects(a, "swap count of slot " + s + ": 0 (expected: > 0 to put; the slot is held only by the swap"
                + " cache)", () -> a.put(entry(s)));
        rejects(a, "slot " + free + ": free (expected: in use)", () -> a.dup(entry(free)));
        rejects(a, "slot " + free + ": free (expected: in use)", () -> a.put(entry(free)));
        rejects(a, "slot 40: reserved (bad slot) (expected: in use)", () -> a.dup(entry(40)));
        rejects(a, "slot 40: reserved (bad slot) (expected: in use)", () -> a.cacheAdd(entry(40)));
        a.dup(entry(s));
        a.cacheDel(entry(s));
        rejects(a, "swap cache flag of slot " + s + ": clear (expected: set to delete it)",
                () -> a.cacheDel(entry(s)));
        assertThrows(IllegalArgumentException.class, () -> a.dup(entry(0)), "the header");
    }

    private static void rejects(final KernelSwapMap a, final String message, final Executable call) {
        final String before = fingerprint(a) + counts(a);
        final IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertEquals(message, e.getMessage());
        assertEquals(before, fingerprint(a) + counts(a), "a rejected call changed the allocator");
        a.checkConsistency();
    }

    private static String counts(final KernelSwapMap a) {
        final StringBuilder sb = new StringBuilder();
        for (long x = 1; x < a.totalSlots; x++) {
            sb.append(a.countOf(entry(x))).append(a.isCached(entry(x)) ? 'c' : '-');
        }
        return sb.toString();
    }

    @Test
    void theMembershipAuditCountsAClusterWhoseFlagNamesAnotherList() {
        final ClusterAllocator a = new ClusterAllocator(0, small(), 1);
        alloc(a, 6);
        assertEquals(0, a.listMembershipViolations());
        assertEquals(ClusterFlag.FULL, a.clusterFlag(1));
        a.flags[1] = ClusterFlag.FREE;
        assertEquals(1, a.listMembershipViolations(), "on FULL but flagged FREE");
        a.flags[1] = ClusterFlag.NONE;
        assertEquals(1, a.listMembershipViolations(), "flagged as on no list, but linked on FULL");
        a.flags[1] = ClusterFlag.FULL;
        assertEquals(0, a.listMembershipViolations());
    }
}
