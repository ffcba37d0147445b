package dev.swaplayer.verify;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Legality;
import dev.swaplayer.spec.SwapSpaceModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * Linearizability (INV-19) of any thread-safe allocator against the sequential specification: two threads
 * run three calls each on a small shared device, every call's interval is recorded, and the history must be
 * explained by some order of the six calls that keeps each thread's program order and every real-time
 * precedence, in which each call is legal and returns what the specification returns.
 *
 * <p>Thread safety: {@link #run} starts and joins its own two threads per history.
 *
 * <p>The calls meet on purpose: both threads' swap-count calls go to the same two slots, allocated before the
 * threads start, so that a lost update on one slot's count shows as a count no order explains; allocations
 * race for the same few clusters. An allocation's result is judged by {@link Legality}, not compared with
 * one placement, so any allocator can be checked.
 */
final class LinearizabilityCheck {
    private static final Geometry DEVICE = Geometry.builder(64).clusterSlots(16).maxOrder(2).build();
    private static final int CALLS = 3;
    /**
     * How long one history may take at most. Its six calls take microseconds; a thread still inside the allocator
     * after this is stuck (a lock left held by a call that threw, a lost wake-up), and is reported at once rather
     * than at the whole check's limit (at most half of it, so that the check reports it itself).
     */
    static final long HISTORY_SECONDS = 10;

    /** A history whose thread did not return. Thread safety: confined to the check's thread. */
    private static final class Stuck extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Thread thread;

        Stuck(final Thread thread) {
            super(thread.getName(), null, false, false);
            this.thread = thread;
        }
    }

    private final Target target;

    LinearizabilityCheck(final Target target) {
        this.target = target;
    }

    String name() {
        return "linearizability";
    }

    CheckResult run() throws InterruptedException {
        final long start = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(target.seed());
        for (int h = 0; h < target.depth().histories(); h++) {
            final History history;
            try {
                history = record(random.split());
            } catch (final Stuck e) {
                final StackTraceElement f = PolicyRegistry.userFrame(e.thread.getStackTrace(), target.provider());
                return CheckResult.fail(name(), StatefulCheck.seconds(start), null, "history " + (h + 1) + ": thread "
                        + e.thread.getName() + " did not return from the allocator within " + historySeconds() + " s ("
                        + e.thread.getState() + (f == null ? "" : ", in " + PolicyRegistry.where(f)) + "): a lock"
                        + " left held, or a wait nobody ends", target.rerun());
            }
            if (!history.linearizable()) {
                return CheckResult.fail(name(), StatefulCheck.seconds(start), history.listing(),
                        "history " + (h + 1) + " has no linearization: no order of its calls that keeps each "
                        + "thread's program order and the real-time order gives the specification's results",
                        target.rerun());
            }
        }
        return CheckResult.pass(name(), StatefulCheck.seconds(start), target.depth().histories()
                + " histories of 2 threads x " + CALLS + " calls on " + DEVICE + ", each linearizable");
    }

    private long historySeconds() {
        return Math.min(HISTORY_SECONDS, Math.max(1, target.depth().secondsPerCheck() / 2));
    }

    private History record(final SplittableRandom random) throws InterruptedException, Stuck {
        final SlotAllocator allocator = target.create(DEVICE);
        final SwapCounts counts = allocator instanceof SwapCounts c ? c : null;
        final long[] shared = {allocator.allocate(0), allocator.allocate(0)};
        if (counts != null) {
            counts.dup(shared[0]);
        }
        final History history = new History(shared, counts != null);
        final Call[][] plan = {plan(random, shared, counts != null), plan(random, shared, counts != null)};
        final CyclicBarrier barrier = new CyclicBarrier(2);
        final Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            final Call[] calls = plan[t];
            threads[t] = new Thread(() -> {
                try {
                    barrier.await();
                } catch (Exception e) {
                    return;
                }
                for (final Call c : calls) {
                    c.perform(allocator, counts, calls);
                }
            }, "verify-linearizability-" + t);
            threads[t].setDaemon(true); // a thread stuck in the allocator must not keep the JVM alive
            threads[t].start();
        }
        for (final Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(historySeconds()));
            if (t.isAlive()) {
                throw new Stuck(t);
            }
        }
        history.add(plan[0]);
        history.add(plan[1]);
        return history;
    }

    private static Call[] plan(final SplittableRandom random, final long[] shared, final boolean withCounts) {
        final Call[] calls = new Call[CALLS];
        for (int i = 0; i < CALLS; i++) {
            final Kind kind = Kind.values()[random.nextInt(withCounts ? Kind.values().length : 2)];
            calls[i] = new Call(kind, random.nextInt(DEVICE.maxOrder() + 1), shared[random.nextInt(2)], i);
        }
        return calls;
    }

    /** What a call does: the first two need only {@code SlotAllocator}, the rest {@code SwapCounts}. */
    enum Kind {
        /** {@code allocate(order)}. */
        ALLOCATE,
        /** {@code free} of the thread's own latest allocation that it has not freed yet. */
        FREE_OWN,
        /** {@code dup} of a shared slot. */
        DUP,
        /** {@code put} of a shared slot. */
        PUT,
        /** {@code cacheAdd} of a shared slot. */
        CACHE_ADD,
        /** {@code cacheDel} of a shared slot. */
        CACHE_DEL
    }

    /** One call of a thread's plan, and what happened when it ran. */
    static final class Call {
        final Kind kind;
        final int order;
        final long slot;
        final int index;
        long begin;
        long end;
        /** The result: a long for allocate, an enum or Boolean for counts; "rejected" for an exception. */
        Object result;
        long entry;

        Call(final Kind kind, final int order, final long slot, final int index) {
            this.kind = kind;
            this.order = order;
            this.slot = slot;
            this.index = index;
        }

        void perform(final SlotAllocator a, final SwapCounts c, final Call[] mine) {
            begin = System.nanoTime();
            try {
                result = invoke(a, c, mine);
            } catch (IllegalArgumentException | IllegalStateException e) {
                result = "rejected";
            } catch (RuntimeException e) {
                result = "threw " + e;
            }
            end = System.nanoTime();
        }

        private Object invoke(final SlotAllocator a, final SwapCounts c, final Call[] mine) {
            return switch (kind) {
                case ALLOCATE -> {
                    entry = a.allocate(order);
                    yield entry;
                }
                case FREE_OWN -> {
                    final Call own = lastAllocation(mine);
                    if (own == null) {
                        yield "nothing to free";
                    }
                    a.free(own.entry, 1L << DEVICE.effectiveOrder(own.order));
                    yield "freed";
                }
                case DUP -> c.dup(slot);
                case PUT -> c.put(slot);
                case CACHE_ADD -> c.cacheAdd(slot);
                case CACHE_DEL -> c.cacheDel(slot);
            };
        }

        Call lastAllocation(final Call[] mine) {
            for (int i = index - 1; i >= 0; i--) {
                if (mine[i].kind == Kind.ALLOCATE && mine[i].entry != SlotAllocator.NONE
                        && !mine[i].freedBy(mine, index)) {
                    return mine[i];
                }
            }
            return null;
        }

        boolean freedBy(final Call[] mine, final int before) {
            for (int i = index + 1; i < before; i++) {
                if (mine[i].kind == Kind.FREE_OWN && mine[i].lastAllocation(mine) == this) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A recorded history and its search for a linearization; package-private for the judge's own tests. */
    static final class History {
        private final long[] shared;
        private final boolean withCounts;
        private final List<Call[]> threads = new ArrayList<>();

        History(final long[] shared, final boolean withCounts) {
            this.shared = shared;
            this.withCounts = withCounts;
        }

        void add(final Call[] calls) {
            threads.add(calls);
        }

        boolean linearizable() {
            return search(new int[2], new ArrayList<>());
        }

        private boolean search(final int[] next, final List<Call> order) {
            if (next[0] == CALLS && next[1] == CALLS) {
                return explains(order);
            }
            for (int t = 0; t < 2; t++) {
                if (next[t] < CALLS && minimal(threads.get(t)[next[t]], next)) {
                    order.add(threads.get(t)[next[t]]);
                    next[t]++;
                    final boolean ok = search(next, order);
                    next[t]--;
                    order.remove(order.size() - 1);
                    if (ok) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Whether no call still to place ended before {@code c} began (real-time order). */
        private boolean minimal(final Call c, final int[] next) {
            for (int t = 0; t < 2; t++) {
                for (int i = next[t]; i < CALLS; i++) {
                    final Call o = threads.get(t)[i];
                    if (o != c && o.end < c.begin) {
                        return false;
                    }
                }
            }
            return true;
        }

        private boolean explains(final List<Call> order) {
            final SwapSpaceModel m = new SwapSpaceModel(DEVICE);
            m.allocateAt(SwapEntry.offset(shared[0]), 0);
            m.allocateAt(SwapEntry.offset(shared[1]), 0);
            if (withCounts) {
                m.dup(SwapEntry.offset(shared[0]));
            }
            for (final Call c : order) {
                if (!Expected.matches(m, c, shared, threadOf(c))) {
                    return false;
                }
            }
            return true;
        }

        private Call[] threadOf(final Call c) {
            return threads.get(0)[c.index] == c ? threads.get(0) : threads.get(1);
        }

        /**
         * The history as printed: first what ran before the threads started (the two shared slots, the first
         * with one reference when the allocator keeps counts), then every call in the order it began, each with
         * its thread and its interval in ns from the first call's start.
         */
        List<String> listing() {
            final List<String> out = new ArrayList<>();
            out.add("before the threads: allocate(order 0) = " + Expected.show(shared[0]) + ", allocate(order 0) = "
                    + Expected.show(shared[1]) + (withCounts ? ", dup(" + Expected.show(shared[0]) + ")" : ""));
            final long t0 = Math.min(threads.get(0)[0].begin, threads.get(1)[0].begin);
            final List<Call> all = new ArrayList<>();
            threads.forEach(t -> all.addAll(List.of(t)));
            all.sort(Comparator.comparingLong(c -> c.begin));
            for (final Call c : all) {
                out.add("thread " + (threads.get(0)[c.index] == c ? 0 : 1) + ": " + Expected.describe(c) + " = "
                        + Expected.show(c.result) + "  [" + (c.begin - t0) + ".." + (c.end - t0) + " ns]");
            }
            return out;
        }
    }
}
