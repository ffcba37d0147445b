package dev.swaplayer.check;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.SwapResult;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Two threads make the same call on the same slot at the same moment, where what the two calls do together is fixed:
 * both free one folio, or both drop the last reference or the swap cache's pin that keeps one slot in use (one wins,
 * the other is rejected, as the call made second alone is: INV-13, INV-17 "a slot is freed once"); both add a
 * reference (the count rises by two: no lost update); both pin it in the swap cache (one answers OK, the other
 * ALREADY_CACHED); each frees one half of one folio (every page freed once). An allocator that checks a slot before
 * it takes its lock, or updates a count or a folio's pages outside it, gets one of these wrong when the calls
 * overlap.
 *
 * <p>Thread safety: {@link #run} starts and joins its own two threads. Thread 0 leads: it prepares a round's
 * task in plain fields and publishes it with a volatile write of {@code round}; thread 1 reads the task after
 * it has seen that write, and publishes its answer with a volatile write of {@code answered}; thread 0 reads
 * the answer after it has seen that, judges the round, tidies up and only then prepares the next. So each plain
 * field is written and read in turn, never at once. Nothing else uses the allocator meanwhile, so a run freed twice
 * cannot have been handed out again between the two frees.
 *
 * <p>Both threads wait a random few spin-waits before their call, so that across the rounds either may come
 * first by a little: the rounds sweep the window in which a check made outside the lock is out of date.
 */
final class ContestedCalls {
    /** Rounds in one run: a few milliseconds. */
    static final int ROUNDS = 2_000;
    /** Folio orders of the contested frees; a folio freed in two halves has at least two pages. */
    private static final int[] ORDERS = {0, 2, 4};
    private static final int[] SPLIT_ORDERS = {1, 2, 4};
    /** The kinds that need no swap counts. */
    private static final Kind[] WITHOUT_COUNTS = {Kind.FREE, Kind.SPLIT_FREE};
    /** The kinds whose slot is first brought to count 1, out of the swap cache; the others start as allocated. */
    private static final Set<Kind> AT_COUNT_ONE = EnumSet.of(Kind.LAST_PUT, Kind.DUP, Kind.CACHE_ADD);
    /** Written by thread 0 to stop thread 1. */
    private static final long STOP = -1;

    /**
     * The call both threads make. All but the frees need swap counts; LAST_CACHE_DEL starts from a slot as
     * allocated (count 0, in the swap cache), the other swap-count kinds from count 1, out of the cache.
     */
    enum Kind {
        /** Free a fresh folio: one frees it, the other is rejected. */
        FREE,
        /** {@code put} at count 1: one returns true (the slot freed), the other is rejected. */
        LAST_PUT,
        /** {@code cacheDel} at count 0, as allocated: one returns true (the slot freed), the other is rejected. */
        LAST_CACHE_DEL,
        /** {@code dup}: both answer OK (or NO_MEMORY), and the count rises by one per OK. */
        DUP,
        /** {@code cacheAdd}: one answers OK, the other ALREADY_CACHED. */
        CACHE_ADD,
        /**
         * Free a fresh folio in two halves, one per thread (pages freed in pieces, as two processes unmapping
         * parts of it do): both return, and every page is freed once ({@code usedSlots()} falls by the folio).
         */
        SPLIT_FREE
    }

    private final StressTarget target;
    private final SwapCounts counts;
    private final long seed;
    /** The round thread 1 may start; its write publishes the task below. */
    private volatile long round;
    /** The round thread 1 has answered; its write publishes {@link #answer}. */
    private volatile long answered;
    /** The task: the call, and the folio (handle, order) whose first page's slot is {@link #entry}. */
    private Kind kind;
    private long handle;
    private int order;
    private long entry;
    /** {@code usedSlots()} once the folio was allocated, for SPLIT_FREE. */
    private long usedBefore;
    /** Thread 1's answer: what its call returned, or what it threw. */
    private Object answer;
    /** What thread 0 found wrong, or null; read after thread 0 was joined. */
    private String wrong;

    private ContestedCalls(final StressTarget target, final long seed) {
        this.target = target;
        this.counts = target.counts();
        this.seed = seed;
    }

    /**
     * Runs {@link #ROUNDS} contested rounds on a thread-safe allocator that nothing else is using: with swap counts
     * the six kinds in turn, else the two kinds of free. The device is left as it was found when every round came
     * out right.
     *
     * @param target the allocator
     * @param seed the seed of the orders and the pauses
     * @return null when every round came out as the same calls made one after the other would, else the first round
     *     that did not
     * @throws InterruptedException when interrupted while waiting for the two threads
     */
    static String run(final StressTarget target, final long seed) throws InterruptedException {
        final ContestedCalls c = new ContestedCalls(target, seed);
        final Thread leader = new Thread(c::lead, "swaplayer-contested-0");
        final Thread follower = new Thread(c::follow, "swaplayer-contested-1");
        leader.setDaemon(true); // a thread stuck in the allocator must not keep the JVM alive
        follower.setDaemon(true);
        follower.start();
        leader.start();
        leader.join();
        follower.join();
        return c.wrong;
    }

    private void lead() {
        final SplittableRandom rnd = new SplittableRandom(seed);
        try {
            for (int r = 1; r <= ROUNDS && wrong == null; r++) {
                if (!prepare(r, rnd)) {
                    continue;
                }
                round = r;
                Stress.think(rnd.nextInt(Stress.THINK));
                final Object mine = call(true);
                while (answered != r) {
                    Thread.onSpinWait();
                }
                final String why = judge(mine, answer);
                wrong = why != null ? "contested round " + r + ": " + what() + ", by two threads at once: "
                        + describe(mine) + " on one, " + describe(answer) + " on the other (expected: " + why + ")"
                        : tidy(r);
            }
        } catch (final RuntimeException | Error e) { // the allocator failed outside the contested call
            wrong = "contested calls: " + e;
        } finally {
            round = STOP;
        }
    }

    private void follow() {
        final SplittableRandom rnd = new SplittableRandom(seed).split();
        long seen = 0;
        while (true) {
            long r;
            while ((r = round) == seen) {
                Thread.onSpinWait();
            }
            if (r == STOP) {
                return;
            }
            seen = r;
            Stress.think(rnd.nextInt(Stress.THINK));
            answer = call(false);
            answered = r;
        }
    }

    /** Sets up round r's task on an otherwise quiet allocator; false when it has no room for it (skipped). */
    private boolean prepare(final int r, final SplittableRandom rnd) {
        final Kind[] kinds = counts == null ? WITHOUT_COUNTS : Kind.values();
        kind = kinds[r % kinds.length];
        order = switch (kind) {
            case FREE -> ORDERS[rnd.nextInt(ORDERS.length)];
            case SPLIT_FREE -> SPLIT_ORDERS[rnd.nextInt(SPLIT_ORDERS.length)];
            default -> 0;
        };
        handle = target.allocate(order);
        if (handle == SlotAllocator.NONE) {
            return false;
        }
        entry = target.slot(handle, order, 0);
        usedBefore = target.usedSlots();
        if (AT_COUNT_ONE.contains(kind)) { // to count 1, out of the swap cache: its next put is its last
            if (counts.dup(entry) != SwapResult.OK) {
                counts.cacheDel(entry);
                return false;
            }
            counts.cacheDel(entry);
        }
        return true;
    }

    /**
     * Makes this round's call: what it returned, or what it threw.
     *
     * @param leader whether thread 0 calls (it frees the first half of a SPLIT_FREE folio, thread 1 the second)
     */
    private Object call(final boolean leader) {
        try {
            return switch (kind) {
                case FREE -> {
                    target.free(handle, order, 0, 1 << order);
                    yield true;
                }
                case SPLIT_FREE -> {
                    final int half = 1 << (order - 1);
                    target.free(handle, order, leader ? 0 : half, half);
                    yield true;
                }
                case LAST_PUT -> counts.put(entry);
                case LAST_CACHE_DEL -> counts.cacheDel(entry);
                case DUP -> counts.dup(entry);
                case CACHE_ADD -> counts.cacheAdd(entry);
            };
        } catch (final RuntimeException | Error e) {
            return e;
        }
    }

    /** Null when the two answers are those of the two calls made one after the other, else what was expected. */
    private String judge(final Object a, final Object b) {
        return switch (kind) {
            case FREE, LAST_PUT, LAST_CACHE_DEL -> (won(a) && rejected(b)) || (won(b) && rejected(a)) ? null
                    : "one to " + (kind == Kind.FREE ? "free it" : "return true (the slot freed)") + ", the other"
                    + " rejected with IllegalStateException or IllegalArgumentException, as the same call made second"
                    + " is" + (won(a) && won(b) ? ": both went through, the slot was freed twice" : "");
            case DUP -> judgeDups(a, b);
            case SPLIT_FREE -> judgeSplitFree(a, b);
            case CACHE_ADD -> (a == SwapResult.OK && b == SwapResult.ALREADY_CACHED)
                    || (b == SwapResult.OK && a == SwapResult.ALREADY_CACHED) ? null
                    : "OK on one, ALREADY_CACHED on the other: the swap cache's pin goes to one caller";
        };
    }

    private String judgeDups(final Object a, final Object b) {
        final boolean okOrNoMemory = (a == SwapResult.OK || a == SwapResult.NO_MEMORY)
                && (b == SwapResult.OK || b == SwapResult.NO_MEMORY);
        final long count = counts.countOf(entry);
        final long want = 1L + (a == SwapResult.OK ? 1 : 0) + (b == SwapResult.OK ? 1 : 0);
        if (!okOrNoMemory) {
            return "OK or NO_MEMORY on each";
        }
        return count == want ? null : "count " + want + " after, one more per OK; it reads " + count
                + (count < want ? ": an increment was lost" : "");
    }

    private String judgeSplitFree(final Object a, final Object b) {
        final long used = target.usedSlots();
        final long want = usedBefore - (1L << order);
        if (!won(a) || !won(b) || used != want) {
            return "both to return and every page to be freed once: usedSlots() " + want + " after, it reads " + used;
        }
        return null;
    }

    /** After a round that came out right: back to a free slot, so that each round starts on the same device. */
    private String tidy(final int r) {
        if (kind == Kind.CACHE_ADD && counts.cacheDel(entry)) {
            return "contested round " + r + ": cacheDel(" + SwapEntry.toString(entry) + ") after the contested"
                    + " cacheAdd freed a slot at count 1 (expected: false, the count holds it)";
        }
        if (kind == Kind.DUP || kind == Kind.CACHE_ADD) {
            for (long c = counts.countOf(entry); c > 1; c--) {
                counts.put(entry);
            }
            if (!counts.put(entry)) {
                return "contested round " + r + ": the last put(" + SwapEntry.toString(entry) + ") after the"
                        + " contested calls did not free it (expected: true at count 1, out of the swap cache)";
            }
        }
        return null;
    }

    private String what() {
        final String e = SwapEntry.toString(entry);
        return switch (kind) {
            case FREE -> "the free of a " + (1 << order) + "-page folio at " + e;
            case SPLIT_FREE -> "the free of " + pages(0, 1 << (order - 1)) + " and "
                    + pages(1 << (order - 1), 1 << order) + " of a " + (1 << order) + "-page folio at " + e
                    + ", one half by each";
            case LAST_PUT -> "put(" + e + ") at count 1, out of the swap cache";
            case LAST_CACHE_DEL -> "cacheDel(" + e + ") at count 0, in the swap cache";
            case DUP -> "dup(" + e + ") at count 1";
            case CACHE_ADD -> "cacheAdd(" + e + ") at count 1, out of the swap cache";
        };
    }

    /** Pages {@code [from, to)} in words. */
    private static String pages(final int from, final int to) {
        return to - from == 1 ? "page " + from : "pages " + from + ".." + (to - 1);
    }

    private static boolean won(final Object o) {
        return Boolean.TRUE.equals(o);
    }

    private static boolean rejected(final Object o) {
        return o instanceof IllegalStateException || o instanceof IllegalArgumentException;
    }

    private String describe(final Object o) {
        if (o instanceof Throwable t) {
            return (rejected(o) ? "rejected: " : "threw ") + t;
        }
        return kind == Kind.FREE || kind == Kind.SPLIT_FREE ? "returned" : "returned " + o;
    }
}
