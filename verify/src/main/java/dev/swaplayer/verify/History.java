package dev.swaplayer.verify;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.SwapSpaceModel;
import dev.swaplayer.verify.LinearizabilityCheck.Call;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A recorded two-thread history of {@link LinearizabilityCheck} and its judge: the history is linearizable when some
 * order of its calls keeps each thread's program order and every real-time precedence, makes each call legal with
 * the result it returned, and leaves the state the allocator reads once both threads have returned (its counters
 * and the shared slots' counts and pins: reads made after every call, so part of the history).
 *
 * <p>The search places one call at a time on a copy of the model and abandons an order at the first result the
 * specification does not give there. A call may be placed only when no call still unplaced ended before it
 * began; in a history run in {@link Lockstep} that leaves at most two candidates at each point.
 *
 * <p>Thread safety: confined to one thread (filled once the history's threads were joined).
 */
final class History {
    /** End states kept for the failure message; more would not help a reader. */
    private static final int ENDS_SHOWN = 4;

    private final long[] shared;
    private final Setup setup;
    private final boolean withCounts;
    private final List<Call[]> threads = new ArrayList<>();
    /** What the allocator read after both threads returned; null when not read (a history written by hand). */
    private End end;
    /** The most calls an order placed before none of the next could be, in the last search; -1 before one. */
    private int furthest = -1;
    /** A call that could not be placed after {@link #furthest} calls, and why. */
    private String blocked;

    /**
     * Starts a history from the check's set-up.
     *
     * @param shared the two shared slots, allocated before the threads started
     * @param withCounts whether the allocator keeps swap counts (then the first shared slot was dup'ed once)
     */
    History(final long[] shared, final boolean withCounts) {
        this(new Setup(shared, withCounts, 0, new long[0]));
    }

    /** Starts a history from what ran before the threads started. */
    History(final Setup setup) {
        this.setup = setup;
        this.shared = setup.shared.clone();
        this.withCounts = setup.withCounts;
    }

    /**
     * What ran before the threads started, in this order: two order-0 allocations (the shared slots), a
     * {@code dup} of the first when the allocator keeps counts, {@code held} {@code dup}s of each, and, when
     * {@code scattered} is not empty, order-0 allocations until NONE and every other one of those freed.
     *
     * <p>Thread safety: immutable.
     */
    static final class Setup {
        private final long[] shared;
        private final boolean withCounts;
        private final int held;
        private final long[] scattered;

        /**
         * @param shared the two shared slots
         * @param withCounts whether the allocator keeps swap counts
         * @param held the references added to each shared slot so that the history cannot free it
         * @param scattered the allocations of the scattering still in use, or none
         */
        Setup(final long[] shared, final boolean withCounts, final int held, final long[] scattered) {
            this.shared = shared.clone();
            this.withCounts = withCounts;
            this.held = held;
            this.scattered = scattered.clone();
        }

        @Override
        public String toString() {
            return "before the threads: allocate(order 0) = " + Expected.show(shared[0]) + ", allocate(order 0) = "
                    + Expected.show(shared[1]) + (withCounts ? ", dup(" + Expected.show(shared[0]) + ")" : "")
                    + (held == 0 ? "" : ", " + held + " dups of each (neither is freed during the history)")
                    + (scattered.length == 0 ? "" : ", allocate(order 0) until NONE and every other one of those"
                    + " freed, leaving in use " + Transcript.pagesInWords(Arrays.stream(scattered)
                    .map(SwapEntry::offset).toArray()));
        }
    }

    /** Adds a thread's calls, in program order. */
    void add(final Call[] calls) {
        threads.add(calls);
    }

    /** Records what the allocator reads once both threads have returned. */
    void end(final End read) {
        this.end = read;
    }

    /** Whether some linearization explains the history. */
    boolean linearizable() {
        return unexplained() == null;
    }

    /**
     * Judges the history.
     *
     * @return null when some linearization explains it, else why none does
     */
    String unexplained() {
        final Set<End> ends = new LinkedHashSet<>();
        furthest = -1;
        blocked = null;
        if (search(new int[threads.size()], start(), ends)) {
            return null;
        }
        if (ends.isEmpty()) {
            return "no order of its calls that keeps each thread's program order and the real-time order gives the"
                    + " specification's results (the furthest an order gets: " + furthest + " of its "
                    + threads.stream().mapToInt(t -> t.length).sum() + " calls, then " + blocked + ")";
        }
        return "every order of its calls that gives the specification's results leaves another state than the one"
                + " read after both threads returned: " + end + " (expected: " + ends.stream().map(End::toString)
                .collect(Collectors.joining("; or ")) + ")";
    }

    private SwapSpaceModel start() {
        final SwapSpaceModel m = new SwapSpaceModel(LinearizabilityCheck.DEVICE);
        m.allocateAt(SwapEntry.offset(shared[0]), 0);
        m.allocateAt(SwapEntry.offset(shared[1]), 0);
        if (withCounts) {
            m.dup(SwapEntry.offset(shared[0]));
        }
        for (int r = 0; r < setup.held; r++) {
            m.dup(SwapEntry.offset(shared[0]));
            m.dup(SwapEntry.offset(shared[1]));
        }
        for (final long e : setup.scattered) {
            m.allocateAt(SwapEntry.offset(e), 0);
        }
        return m;
    }

    /**
     * Places the calls not yet placed ({@code next[t]} is thread t's first), on the model {@code m} that the calls
     * placed so far left; collects the end states of the orders whose results matched but whose end did not.
     */
    private boolean search(final int[] next, final SwapSpaceModel m, final Set<End> ends) {
        boolean done = true;
        for (int t = 0; t < threads.size(); t++) {
            final Call[] mine = threads.get(t);
            if (next[t] == mine.length) {
                continue;
            }
            done = false;
            final Call c = mine[next[t]];
            if (minimal(c, next)) {
                final SwapSpaceModel branch = m.copy();
                if (!Expected.matches(branch, c, shared, mine)) {
                    note(next, t, c, m);
                } else if (placed(t, next, branch, ends)) {
                    return true;
                }
            }
        }
        return done && ended(End.of(m, shared, withCounts), ends);
    }

    /** Notes a call that no order could place after the calls placed so far, if no order had got as far. */
    private void note(final int[] next, final int t, final Call c, final SwapSpaceModel m) {
        final int placed = Arrays.stream(next).sum();
        if (placed > furthest) {
            furthest = placed;
            blocked = "thread " + t + "'s " + Expected.describe(c, threads.get(t)) + " = " + Expected.show(c.result)
                    + ", " + Expected.refused(m.copy(), c, threads.get(t));
        }
    }

    private boolean placed(final int t, final int[] next, final SwapSpaceModel m, final Set<End> ends) {
        next[t]++;
        final boolean found = search(next, m, ends);
        next[t]--;
        return found;
    }

    private boolean ended(final End reached, final Set<End> ends) {
        if (end == null || end.equals(reached)) {
            return true;
        }
        if (ends.size() < ENDS_SHOWN) {
            ends.add(reached);
        }
        return false;
    }

    /** Whether no call still to place ended before {@code c} began (real-time order). */
    private boolean minimal(final Call c, final int[] next) {
        for (int t = 0; t < threads.size(); t++) {
            final Call[] mine = threads.get(t);
            for (int i = next[t]; i < mine.length; i++) {
                if (mine[i] != c && mine[i].end < c.begin) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The history as printed: first what ran before the threads started (the two shared slots, the first with one
     * reference when the allocator keeps counts), then every call in the order it began, each with its thread and
     * its interval in ns from the first call's start, then what the allocator read after both threads returned.
     * Of a history whose thread did not return, the calls begun: the one still running reads "did not return".
     */
    List<String> listing() {
        final List<String> out = new ArrayList<>();
        out.add(setup.toString());
        final List<Call> all = new ArrayList<>();
        threads.forEach(t -> all.addAll(List.of(t)));
        all.removeIf(c -> c.result == null && !c.running); // not begun: its thread was stuck before it
        final long t0 = all.stream().mapToLong(c -> c.begin).filter(b -> b != 0).min().orElse(0);
        all.sort(Comparator.comparingLong(c -> c.begin));
        for (final Call c : all) {
            final int t = threadOf(c);
            final String pages = c.pages == null ? "" : " at slots " + Transcript.pagesInWords(
                    Arrays.stream(c.pages).map(SwapEntry::offset).toArray()) + ", " + c.extents + " extents";
            out.add("thread " + t + ": " + Expected.describe(c, threads.get(t)) + (c.running ? "  did not return"
                    : " = " + Expected.show(c.result) + pages + "  [" + (c.begin - t0) + ".." + (c.end - t0)
                    + " ns]"));
        }
        if (end != null) {
            out.add("after the threads: " + end);
        }
        return out;
    }

    /** Returns thread {@code t}'s calls, in program order. */
    Call[] calls(final int t) {
        return threads.get(t);
    }

    private int threadOf(final Call c) {
        for (int t = 0; t < threads.size(); t++) {
            if (c.index < threads.get(t).length && threads.get(t)[c.index] == c) {
                return t;
            }
        }
        throw new IllegalArgumentException("call: " + c.kind + " (expected: one of the history's)");
    }

    /**
     * What can be read of a device once nothing runs on it: its two counters and, when it keeps swap counts, each
     * shared slot's count and swap-cache pin (a slot freed by the history reads count 0, unpinned).
     *
     * @param used {@code usedSlots()}
     * @param free {@code freeSlots()}
     * @param slots each shared slot's count and pin in words; empty without swap counts
     */
    record End(long used, long free, List<String> slots) {
        /** Reads the allocator: on the check's thread, after the history's threads were joined. */
        static End of(final SlotAllocator a, final long[] shared) {
            final List<String> slots = new ArrayList<>();
            if (a instanceof SwapCounts c) {
                for (final long e : shared) {
                    slots.add(slot(e, c.countOf(e), c.isCached(e)));
                }
            }
            return new End(a.usedSlots(), a.freeSlots(), slots);
        }

        /** What the model reads at the end of a linearization. */
        static End of(final SwapSpaceModel m, final long[] shared, final boolean withCounts) {
            final List<String> slots = new ArrayList<>();
            for (int i = 0; withCounts && i < shared.length; i++) {
                final long s = SwapEntry.offset(shared[i]);
                slots.add(slot(shared[i], m.swapCount(s), m.cached(s)));
            }
            return new End(m.usedSlots(), m.freeSlots(), slots);
        }

        private static String slot(final long entry, final long count, final boolean cached) {
            return SwapEntry.toString(entry) + " count " + count + (cached ? " in the swap cache" : "");
        }

        @Override
        public String toString() {
            return "usedSlots() = " + used + ", freeSlots() = " + free
                    + slots.stream().map(x -> ", " + x).collect(Collectors.joining());
        }
    }
}
