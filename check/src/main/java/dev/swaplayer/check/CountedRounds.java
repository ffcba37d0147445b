package dev.swaplayer.check;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCountCall;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;

/**
 * The judgment of {@link ContestedCalls}' swap-count rounds: whether the answers of two swap-count calls made on one
 * slot at once, and the slot's count and pin after them, are those of the two calls made one after the other in one
 * order or the other ({@link CountedSlot} works both out), and whether the slot's release afterwards frees it; and,
 * for the last {@code put} against a swap-in's pin and its release, whether some order of the three calls explains
 * them ({@link SwapInRace}). A slot that reads free while {@code usedSlots()} did not return to its value before the
 * rounds was leaked or freed twice, whatever the answers were.
 *
 * <p>Thread safety: used by the thread that leads the rounds only, after both threads' calls of a round returned.
 */
final class CountedRounds {
    private final StressTarget target;
    private final SwapCounts counts;
    /** {@code usedSlots()} before the first round: each round that came out right leaves it so. */
    private final long usedAtStart;

    CountedRounds(final StressTarget target, final long usedAtStart) {
        this.target = target;
        this.counts = target.counts();
        this.usedAtStart = usedAtStart;
    }

    /**
     * Null when the two swap-count calls' answers and the slot's state after them are those of the two calls made
     * one after the other, in either order, and the slot was then released as its state says; else round r's
     * failure.
     */
    String judgeCounts(final int r, final ContestedCalls.Kind kind, final long entry, final Object a,
            final Object b) {
        final CountedSlot end = CountedSlot.read(counts, entry);
        final boolean leaked = miscounted(end);
        final Outcome firstFirst = Outcome.of(kind.start, kind.first, a, kind.second, b, false);
        final Outcome secondFirst = Outcome.of(kind.start, kind.second, b, kind.first, a, true);
        if (!leaked && (firstFirst.matches(a, b, end) || secondFirst.matches(a, b, end))) {
            return released(r, entry, end);
        }
        final String lost = leaked ? ": the slot " + counterWrong()
                : end.count() < Math.min(firstFirst.end.count(), secondFirst.end.count())
                ? ": an update of the count was lost"
                : ContestedCalls.won(a) && ContestedCalls.won(b) ? ": both freed the slot" : "";
        final String after = leaked ? freeInWords() : end.toString();
        if (kind.first == kind.second) { // the two answers in a fixed order, so that a message does not vary by run
            final boolean swap = describe(a).compareTo(describe(b)) > 0;
            return "contested round " + r + ": " + kind.first.of(entry) + " by two threads at once, at " + kind.start
                    + ": " + describe(swap ? b : a) + " on one, " + describe(swap ? a : b) + " on the other, then "
                    + after + " (expected, as the two calls made one after the other: " + firstFirst.inWords(true)
                    + lost + ")";
        }
        final String expected = firstFirst.equals(secondFirst) ? " in either order: " + firstFirst.inWords(false)
                : ": " + firstFirst.inWords(false) + ", with the " + kind.first.method() + " first; or "
                + secondFirst.inWords(false) + ", with the " + kind.second.method() + " first";
        return "contested round " + r + ": " + kind.first.method() + " and " + kind.second.method() + " of "
                + SwapEntry.toString(entry) + " by two threads at once, at " + kind.start + ": " + describe(a)
                + " from the " + kind.first.method() + ", " + describe(b) + " from the " + kind.second.method()
                + ", then " + after + " (expected, as the two calls made one after the other" + expected + lost + ")";
    }

    /**
     * Null when the last put and the swap-in's calls came out as in one order of the three ({@link SwapInRace}) and
     * the slot was then released as its state says; else round r's failure.
     */
    String judgeSwapIn(final int r, final ContestedCalls.Kind kind, final long entry, final Object put,
            final Object in) {
        final CountedSlot end = CountedSlot.read(counts, entry);
        final boolean leaked = miscounted(end);
        final SwapInRace.SwapIn swapIn = (SwapInRace.SwapIn) in; // thread 1's call catches what each call throws
        final String expected = SwapInRace.unexplained(kind.start, put, swapIn, end);
        if (expected == null && !leaked) {
            return released(r, entry, end);
        }
        final String after = leaked ? freeInWords() : end.toString();
        return "contested round " + r + ": the last put of " + SwapEntry.toString(entry) + " on one thread, a swap-in's"
                + " cacheAdd and then cacheDel on the other, at " + kind.start + ": " + SwapInRace.shown(put)
                + " from the put, " + swapIn + ", then " + after + " (expected, as the three calls made one after"
                + " another: " + (expected == null ? "the same answers, then free: the slot " + counterWrong()
                : expected) + ")";
    }

    /**
     * A slot allocated on {@code device} and brought to the swap_map byte's edge ({@link SharedSlots#EDGE}), out of
     * the swap cache; NONE when there was no room or a {@code dup} was refused (the slot is then free again).
     */
    static long atTheEdge(final StressTarget device) {
        final long h = device.allocate(0);
        if (h == SlotAllocator.NONE) {
            return SlotAllocator.NONE;
        }
        final long e = device.slot(h, 0, 0);
        return new CountedSlot(SharedSlots.EDGE, false).reach(device.counts(), e) ? e : SlotAllocator.NONE;
    }

    /**
     * Null when each of the two {@code dup}s of a FIRST_CARRY round raised its own slot's count by one (by nothing
     * when it answered NO_MEMORY) and both slots were then freed by their puts; else round r's failure.
     */
    static String judgeFirstCarry(final int r, final StressTarget device, final long a, final long b,
            final Object ansA, final Object ansB) {
        final SwapCounts c = device.counts();
        final CountedSlot edge = new CountedSlot(SharedSlots.EDGE, false);
        final CountedSlot.Step stepA = edge.step(SwapCountCall.DUP, ansA);
        final CountedSlot.Step stepB = edge.step(SwapCountCall.DUP, ansB);
        final CountedSlot wantA = stepA.after();
        final CountedSlot wantB = stepB.after();
        final CountedSlot gotA = CountedSlot.read(c, a);
        final CountedSlot gotB = CountedSlot.read(c, b);
        final String got = "contested round " + r + ": dup(" + SwapEntry.toString(a) + ") and dup("
                + SwapEntry.toString(b) + "), two slots of one cluster at " + edge + " on a device just created"
                + " (the first carries past the swap_map byte in that cluster), by two threads at once: ";
        if (!CountedSlot.matches(ansA, stepA.answer()) || !CountedSlot.matches(ansB, stepB.answer())
                || !gotA.equals(wantA) || !gotB.equals(wantB)) {
            final boolean lost = gotA.count() < wantA.count() || gotB.count() < wantB.count();
            return got + ansA + " and " + ansB + ", then " + SwapEntry.toString(a) + " reads " + gotA + " and "
                    + SwapEntry.toString(b) + " " + gotB + " (expected: " + (wantA.equals(wantB) ? wantA + " each"
                    : wantA + " and " + wantB) + ": each dup raises its own slot's count" + (lost ? "; an update was"
                    + " lost" : "") + ")";
        }
        final String stuck = wantA.release(c, a);
        final String stuckB = stuck == null ? wantB.release(c, b) : stuck;
        return stuckB == null ? null : got + "releasing the two slots after the dups: " + stuckB;
    }

    /**
     * Whether a slot that reads free (count 0 and no pin reads as free) was miscounted: {@code usedSlots()} did not
     * return to its value before the rounds, so it stayed in use (a leak) or was counted free twice.
     */
    private boolean miscounted(final CountedSlot end) {
        return !end.inUse() && target.usedSlots() != usedAtStart;
    }

    /** Releases a round's slot from the state it came out in, as its owner would: null, or what went wrong. */
    private String released(final int r, final long entry, final CountedSlot end) {
        final String stuck = end.release(counts, entry);
        return stuck == null ? null : "contested round " + r + ": releasing " + SwapEntry.toString(entry)
                + " after the contested calls: " + stuck;
    }

    /**
     * A slot that reads free (count 0, unpinned) while {@code usedSlots()} did not return to its value before the
     * rounds, in words: still in use (a leak), or counted free twice (a double release).
     */
    private String freeInWords() {
        final long used = target.usedSlots();
        return (used > usedAtStart ? "count 0, out of the swap cache, yet in use" : "free, and counted free twice")
                + " (usedSlots() reads " + used + " where one free leaves " + usedAtStart + ")";
    }

    /** Why the counter is off, for {@link #freeInWords}: "leaked" or "was freed twice". */
    private String counterWrong() {
        return target.usedSlots() > usedAtStart ? "leaked" : "was freed twice";
    }

    /**
     * What two calls made one after the other answer, and the state they leave.
     *
     * @param first what the kind's first call (thread 0's) answers
     * @param second what its second call (thread 1's) answers
     * @param end the slot's state after both
     */
    private record Outcome(SwapCountCall firstCall, Object first, SwapCountCall secondCall, Object second,
            CountedSlot end) {
        /**
         * The model's outcome of call x (answered xs by the allocator) and then call y (answered ys), named by the
         * kind's thread order: {@code swapped} when x is thread 1's.
         */
        static Outcome of(final CountedSlot start, final SwapCountCall x, final Object xs, final SwapCountCall y,
                final Object ys, final boolean swapped) {
            final CountedSlot.Step sx = start.step(x, xs);
            final CountedSlot.Step sy = sx.after().step(y, ys);
            return swapped ? new Outcome(y, sy.answer(), x, sx.answer(), sy.after())
                    : new Outcome(x, sx.answer(), y, sy.answer(), sy.after());
        }

        boolean matches(final Object a, final Object b, final CountedSlot state) {
            return CountedSlot.matches(a, first) && CountedSlot.matches(b, second) && state.equals(end);
        }

        String inWords(final boolean sameCall) {
            final String answers = sameCall ? sorted(first, second)
                    : first + " from the " + firstCall.method() + ", " + second + " from the " + secondCall.method();
            return answers + ", then " + end;
        }

        private static String sorted(final Object x, final Object y) {
            final String a = String.valueOf(x);
            final String b = String.valueOf(y);
            return a.compareTo(b) <= 0 ? a + " on one, " + b + " on the other" : b + " on one, " + a + " on the other";
        }
    }

    /** A swap-count call's answer in words: what it returned, or how it was rejected or what it threw. */
    private static String describe(final Object o) {
        return o instanceof Throwable ? ContestedCalls.thrown(o) : String.valueOf(o);
    }
}
