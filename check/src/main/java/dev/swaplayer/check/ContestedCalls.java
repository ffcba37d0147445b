package dev.swaplayer.check;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.SwapResult;
import java.util.SplittableRandom;

/**
 * Two threads make, at the same moment, a call that only one of them may win: both free the same folio, or both
 * drop the last reference of the same slot. Made one after the other, the second call is misuse and is rejected
 * with nothing changed (INV-13); made at once, one must win and the other be rejected (INV-17: a slot is freed
 * once). An allocator that checks the slots before it takes its lock lets both through, and frees the run twice.
 *
 * <p>Thread safety: {@link #run} starts and joins its own two threads. Thread 0 leads: it prepares a round's
 * task in plain fields and publishes it with a volatile write of {@code round}; thread 1 reads the task after
 * it has seen that write, and publishes its answer with a volatile write of {@code answered}; thread 0 reads
 * the answer after it has seen that, judges the round and only then prepares the next. So each plain field is
 * written and read in turn, never at once. Nothing else uses the allocator meanwhile, so a run freed twice
 * cannot have been handed out again between the two frees.
 *
 * <p>Both threads wait a random few spin-waits before their call, so that across the rounds either may come
 * first by a little: the rounds sweep the window in which a check made outside the lock is out of date.
 */
final class ContestedCalls {
    /** Rounds in one run: a few milliseconds. */
    static final int ROUNDS = 2_000;
    /** Folio orders of the contested frees. */
    private static final int[] ORDERS = {0, 2, 4};
    /** Written by thread 0 to stop thread 1. */
    private static final long STOP = -1;

    private final StressTarget target;
    private final SwapCounts counts;
    private final long seed;
    /** The round thread 1 may start; its write publishes the task below. */
    private volatile long round;
    /** The round thread 1 has answered; its write publishes {@link #answer}. */
    private volatile long answered;
    /** The task: put the slot {@link #entry} (when {@code put}), else free the folio {@link #handle}. */
    private boolean put;
    private long handle;
    private int order;
    private long entry;
    /** Thread 1's answer: TRUE or FALSE returned, or what it threw. */
    private Object answer;
    /** What thread 0 found wrong, or null; read after thread 0 was joined. */
    private String wrong;

    private ContestedCalls(final StressTarget target, final long seed) {
        this.target = target;
        this.counts = target.counts();
        this.seed = seed;
    }

    /**
     * Runs {@link #ROUNDS} contested rounds on a thread-safe allocator that nothing else is using.
     *
     * @param target the allocator
     * @param seed the seed of the orders and the pauses
     * @return null when every round had one winner and one rejection, else the first round that did not
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
                final Object mine = call();
                while (answered != r) {
                    Thread.onSpinWait();
                }
                wrong = judge(r, mine, answer);
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
            answer = call();
            answered = r;
        }
    }

    /** Sets up round r's task on an otherwise quiet allocator; false when it has no room for it (skipped). */
    private boolean prepare(final int r, final SplittableRandom rnd) {
        put = counts != null && r % 2 == 0;
        order = put ? 0 : ORDERS[rnd.nextInt(ORDERS.length)];
        handle = target.allocate(order);
        if (handle == SlotAllocator.NONE) {
            return false;
        }
        entry = target.slot(handle, order, 0);
        if (put) { // to count 1, out of the swap cache: its next put is its last
            if (counts.dup(entry) != SwapResult.OK) {
                counts.cacheDel(entry);
                return false;
            }
            counts.cacheDel(entry);
        }
        return true;
    }

    /** Makes this round's call: TRUE or FALSE for what it returned, else what it threw. */
    private Object call() {
        try {
            if (put) {
                return counts.put(entry);
            }
            target.free(handle, order, 0, 1 << order);
            return true;
        } catch (final RuntimeException | Error e) {
            return e;
        }
    }

    /** Null when one call won (returned true) and the other was rejected, else what went wrong. */
    private String judge(final int r, final Object a, final Object b) {
        if ((won(a) && rejected(b)) || (won(b) && rejected(a))) {
            return null;
        }
        final String what = put
                ? "put(" + SwapEntry.toString(entry) + ") at count 1, out of the swap cache"
                : "the free of a " + (1 << order) + "-page folio at " + SwapEntry.toString(entry);
        final String win = put ? "return true (the slot freed)" : "free it";
        return "contested round " + r + ": " + what + ", by two threads at once: " + describe(a) + " on one, "
                + describe(b) + " on the other (expected: one to " + win + ", the other rejected with"
                + " IllegalStateException or IllegalArgumentException, as the same call made second is"
                + (won(a) && won(b) ? ": both went through, the slot was freed twice)" : ")");
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
        return put ? "returned " + o : "returned";
    }
}
