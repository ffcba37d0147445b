package dev.swaplayer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.SwapResult;
import dev.swaplayer.spec.SwapSpaceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract of {@link SwapCounts} (the outcome table of {@link SwapResult}) as JUnit 5 tests, on top of
 * {@link SlotAllocatorContract}, whose tests it runs too: subclass it with an allocator that implements both.
 * Allocation leaves a slot at count 0 with the swap-cache flag set; the last reference or the cache pin frees it;
 * misuse throws {@link IllegalStateException} and changes nothing. An allocator that keeps no counts of its own can
 * be given the project's ({@code SwapCountTable.withSwapCounts(allocator)}), but then this contract tests that
 * table, not your code.
 *
 * <p>Thread safety: JUnit runs each test on a fresh instance; nothing is shared.
 */
public abstract class SwapCountsContract extends SlotAllocatorContract {

    private SlotAllocator allocator() {
        final SlotAllocator a = create(TYPE, geometry());
        assertInstanceOf(SwapCounts.class, a, "the allocator must implement SwapCounts");
        return a;
    }

    private static SwapCounts counts(final SlotAllocator a) {
        return (SwapCounts) a;
    }

    private static long e(final long slot) {
        return SwapEntry.of(TYPE, slot);
    }

    @Test
    void allocationLeavesCountZeroAndTheCacheFlag() {
        final SlotAllocator a = allocator();
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        final int k = orderUpTo(2);
        final long s = allocate(a, m, k);
        for (long x = s; x < s + runOf(k); x++) {
            assertEquals(0, counts(a).countOf(e(x)));
            assertTrue(counts(a).isCached(e(x)));
        }
        final long free = freeSlot(m);
        if (free > 0) {
            assertEquals(0, counts(a).countOf(e(free)), "a free slot");
            assertFalse(counts(a).isCached(e(free)), "a free slot");
        }
    }

    @Test
    void theLastPutFreesAnUncachedSlot() {
        final SlotAllocator a = allocator();
        final SwapCounts c = counts(a);
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        final long s = allocate(a, m, 0);
        assertEquals(SwapResult.OK, c.dup(e(s)));
        assertEquals(SwapResult.OK, c.dup(e(s)));
        assertFalse(c.cacheDel(e(s)), "two references remain");
        assertFalse(c.isCached(e(s)));
        assertEquals(SwapResult.OK, c.cacheAdd(e(s)));
        assertEquals(SwapResult.ALREADY_CACHED, c.cacheAdd(e(s)));
        assertFalse(c.cacheDel(e(s)));
        final long used = a.usedSlots();
        assertFalse(c.put(e(s)));
        assertEquals(1, c.countOf(e(s)));
        assertTrue(c.put(e(s)), "count 0 and not cached: freed");
        assertEquals(used - 1, a.usedSlots());
        assertEquals(SwapResult.NOT_IN_USE, c.cacheAdd(e(s)));
    }

    @Test
    void theCachePinFreesASlotAtCountZero() {
        final SlotAllocator a = allocator();
        final SwapCounts c = counts(a);
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        final long s = allocate(a, m, 0);
        assertEquals(SwapResult.OK, c.dup(e(s)));
        assertFalse(c.put(e(s)), "the swap cache still holds it");
        assertEquals(0, c.countOf(e(s)));
        assertTrue(c.cacheDel(e(s)));
        assertEquals(SwapResult.NOT_IN_USE, c.cacheAdd(e(s)));
    }

    @Test
    void freeingResetsTheCountsOfTheNextOwner() {
        final SlotAllocator a = allocator();
        final SwapCounts c = counts(a);
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        final int k = orderUpTo(4);
        final long n = runOf(k);
        final long s = allocate(a, m, k);
        for (long x = s; x < s + n; x += 3) {
            c.dup(e(x));
            c.cacheDel(e(x));
        }
        a.free(e(s), n);
        m.free(s, n);
        while (true) {
            final long t = allocate(a, m, 0);
            if (t == 0) {
                break;
            }
            assertEquals(0, c.countOf(e(t)), "a reused slot starts at count 0");
            assertTrue(c.isCached(e(t)), "a reused slot starts cached");
        }
    }

    @Test
    void misuseThrowsAndChangesNothing() {
        final SlotAllocator a = allocator();
        final SwapCounts c = counts(a);
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        final long s = allocate(a, m, 0);
        final long free = freeSlot(m);
        misuse(a, m, s, "put at count 0", () -> c.put(e(s)));
        if (free > 0) {
            misuse(a, m, s, "dup of a free slot", () -> c.dup(e(free)));
            misuse(a, m, s, "put of a free slot", () -> c.put(e(free)));
            misuse(a, m, s, "cacheDel of a free slot", () -> c.cacheDel(e(free)));
        }
        c.dup(e(s));
        c.cacheDel(e(s));
        misuse(a, m, s, "cacheDel of an uncached slot", () -> c.cacheDel(e(s)));
        final long bad = badSlot();
        if (bad > 0) {
            misuse(a, m, s, "dup of a bad slot", () -> c.dup(e(bad)));
        }
        misuse(a, m, s, "dup past the device end", () -> c.dup(e(geometry().totalSlots())));
    }

    /** Returns the lowest free slot, or -1 when the device is full. */
    private static long freeSlot(final SwapSpaceModel m) {
        return m.freeRuns().isEmpty() ? -1 : m.freeRuns().get(0)[0];
    }

    private static void misuse(final SlotAllocator a, final SwapSpaceModel m, final long s, final String what,
            final Executable call) {
        final SwapCounts c = (SwapCounts) a;
        final long count = c.countOf(e(s));
        final boolean cached = c.isCached(e(s));
        final Throwable thrown = SlotAllocatorContract.thrownBy(call);
        if (thrown == null) {
            fail(what + " was accepted (expected: IllegalStateException or IllegalArgumentException)");
        }
        if (!(thrown instanceof IllegalStateException || thrown instanceof IllegalArgumentException)) {
            fail(what + " threw " + thrown + " (expected: IllegalStateException or IllegalArgumentException)", thrown);
        }
        agree(a, m);
        assertEquals(count, c.countOf(e(s)), what + " changed a count");
        assertEquals(cached, c.isCached(e(s)), what + " changed a cache flag");
    }
}
