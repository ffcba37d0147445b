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
import dev.swaplayer.spec.SwapResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the kernel models' swap counts add to the shared contract ({@code SwapCountsContract} in the testkit,
 * run for every built-in policy): the count limit, the exact messages of misuse, and the list audit.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own models; it takes the device lock itself
 * only to plant a corruption, on that thread.
 */
class KernelSwapCountsTest {

    @ParameterizedTest
    @EnumSource(Model.class)
    void dupStopsAtTheCountLimit(final Model model) {
        final KernelModel a = model.create(small(), 1);
        final long s = alloc(a, 0);
        a.counts.setSwapCountForTest(entry(s), (int) SwapResult.MAX_SWAP_COUNT - 1);
        assertEquals(SwapResult.OK, a.dup(entry(s)));
        assertEquals(SwapResult.COUNT_OVERFLOW, a.dup(entry(s)));
        assertEquals(SwapResult.MAX_SWAP_COUNT, a.countOf(entry(s)));
        assertTrue(a.isCached(entry(s)), "the count does not spill into the cache flag");
        assertFalse(a.put(entry(s)));
        a.checkConsistency();
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void misuseThrowsAndChangesNothing(final Model model) {
        final KernelModel a = model.create(Geometry.builder(256).clusterSlots(64).badSlots(40).build(), 1);
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

    private static void rejects(final KernelModel a, final String message, final Executable call) {
        final String before = fingerprint(a) + counts(a);
        final IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertEquals(message, e.getMessage());
        assertEquals(before, fingerprint(a) + counts(a), "a rejected call changed the allocator");
        a.checkConsistency();
    }

    private static String counts(final KernelModel a) {
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
        plantFlag(a, 1, ClusterFlag.FREE);
        assertEquals(1, a.listMembershipViolations(), "on FULL but flagged FREE");
        plantFlag(a, 1, ClusterFlag.NONE);
        assertEquals(1, a.listMembershipViolations(), "flagged as on no list, but linked on FULL");
        plantFlag(a, 1, ClusterFlag.FULL);
        assertEquals(0, a.listMembershipViolations());
    }

    /** Overwrites a cluster's list flag under the device lock that guards it, as a corruption for the audit. */
    private static void plantFlag(final ClusterAllocator a, final int c, final ClusterFlag flag) {
        a.deviceLock.lock();
        try {
            a.flags[c] = flag;
        } finally {
            a.deviceLock.unlock();
        }
    }
}
