package dev.swaplayer.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.SwapResult;
import dev.swaplayer.verify.LinearizabilityCheck.Call;
import dev.swaplayer.verify.LinearizabilityCheck.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The judge of {@link LinearizabilityCheck}, on histories written by hand: whether a racy allocator's lost update
 * happens in a run of real threads is chance, so the check's ability to reject one is shown here, where it is not.
 * Both histories start from the check's own setup: two shared slots, the first with swap count 2 (a slot as allocated
 * has count 0 and the swap cache's pin, as in the kernel).
 *
 * <p>Thread safety: each test runs on JUnit's one thread; its histories are written by hand, no thread races.
 */
class LinearizabilityHistoryTest {
    private static final long[] SHARED = {SwapEntry.of(Target.TYPE, 1), SwapEntry.of(Target.TYPE, 2)};

    private static Call call(final Kind kind, final int index, final long begin, final long end, final Object result) {
        final Call c = new Call(kind, 0, SHARED[0], index);
        c.begin = begin;
        c.end = end;
        c.result = result;
        return c;
    }

    /**
     * The first shared slot starts with count 1 and in the swap cache. Both threads dup it at once (count 3); one
     * drops the cache, then the two drop three references one after another in real time. The last two puts
     * report {@code second} and {@code third}.
     */
    private static History dupsThenPuts(final Object second, final Object third) {
        final History h = new History(SHARED, true);
        h.add(new Call[] {call(Kind.DUP, 0, 0, 10, SwapResult.OK), call(Kind.CACHE_DEL, 1, 20, 30, false),
            call(Kind.PUT, 2, 40, 50, false)});
        h.add(new Call[] {call(Kind.DUP, 0, 0, 10, SwapResult.OK), call(Kind.PUT, 1, 60, 70, second),
            call(Kind.PUT, 2, 80, 90, third)});
        return h;
    }

    @Test
    void aHistoryTheSpecificationExplainsIsLinearizable() {
        assertTrue(dupsThenPuts(false, true).linearizable(), "three references dropped in turn: the last frees");
    }

    @Test
    void theListingStartsWithTheSetupAndGivesTheCallsInTheOrderTheyBegan() {
        final List<String> l = dupsThenPuts(true, "rejected").listing();
        assertEquals("before the threads: allocate(order 0) = swp(31:0x1), allocate(order 0) = swp(31:0x2),"
                + " dup(swp(31:0x1))", l.get(0));
        assertEquals(List.of("thread 0: cacheDel", "thread 0: put", "thread 1: put", "thread 1: put"),
                l.subList(3, 7).stream().map(x -> x.substring(0, x.indexOf('('))).toList(), String.join("\n", l));
    }

    /** What the first history leaves: the first slot freed, the second as allocated. */
    private static History.End endOfDupsThenPuts(final long used, final long free) {
        return new History.End(used, free, List.of("swp(31:0x1) count 0", "swp(31:0x2) count 0 in the swap cache"));
    }

    @Test
    void theStateReadAtTheEndIsPartOfTheHistory() {
        final History h = dupsThenPuts(false, true);
        h.end(endOfDupsThenPuts(1, 62));
        assertNull(h.unexplained(), "one slot left of the two, 62 of the 63 usable slots free");
        assertEquals("after the threads: usedSlots() = 1, freeSlots() = 62, swp(31:0x1) count 0, swp(31:0x2) count 0"
                + " in the swap cache", h.listing().get(h.listing().size() - 1));
    }

    @Test
    void aCounterThatMissedAFreeHasNoLinearization() {
        final History h = dupsThenPuts(false, true);
        h.end(endOfDupsThenPuts(2, 61));
        assertEquals("every order of its calls that gives the specification's results leaves another state than the"
                + " one read after both threads returned: usedSlots() = 2, freeSlots() = 61, swp(31:0x1) count 0,"
                + " swp(31:0x2) count 0 in the swap cache (expected: usedSlots() = 1, freeSlots() = 62, swp(31:0x1)"
                + " count 0, swp(31:0x2) count 0 in the swap cache)", h.unexplained());
    }

    @Test
    void aLostUpdateOfTheSwapCountHasNoLinearization() {
        final History h = dupsThenPuts(true, "rejected");
        assertFalse(h.linearizable(), "the slot freed by the second of three puts, and the third rejected: one dup"
                + " was lost");
        assertEquals("no order of its calls that keeps each thread's program order and the real-time order gives the"
                + " specification's results (the furthest an order gets: 4 of its 6 calls, then thread 1's put(slot 1)"
                + " = true, where the specification answers false)", h.unexplained());
    }
}
