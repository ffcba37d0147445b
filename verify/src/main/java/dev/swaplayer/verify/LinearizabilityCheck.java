package dev.swaplayer.verify;

import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCountCall;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.check.SpinWait;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Linearizability (INV-19) of any thread-safe allocator against the sequential specification: two threads run
 * eight calls each on a small shared device, in {@link Lockstep} (each thread's call i starts together with the
 * other's), every call's interval is recorded, and the {@link History} must be explained by some order of the
 * sixteen calls that keeps each thread's program order and every real-time precedence, in which each call is legal
 * and returns what the specification returns, and which leaves the counters and swap counts that the allocator
 * reads once both threads have returned.
 *
 * <p>Thread safety: {@link #run} starts and joins its own two threads per history.
 *
 * <p>The calls meet on purpose: both threads' swap-count calls go to the same two slots, allocated before the
 * threads start, so that a lost update on one slot's count shows as a count no order explains; allocations
 * race for the same few clusters, and a lost update of a counter shows in the state read at the end. An
 * allocation's result is judged by {@link dev.swaplayer.spec.Legality}, not compared with one placement, so any
 * allocator can be checked. Each thread waits a random few spin-waits after meeting the other, so that across the
 * histories either call of a pair may come first by a little.
 *
 * <p>For a {@link FolioAllocator}, half the histories also place folios and free them whole, half of those on a
 * device scattered one slot at a time so that the folios go compound; a folio's pages, read by {@code slotOf} within
 * its allocating call, are judged as a compound placement in the order found. In those histories the shared slots
 * hold more references than the plan has {@code put}s, so that no call on them frees a slot a folio may take at
 * once: the calls on the shared slots would then free a page of a folio whose pages the history cannot know.
 */
final class LinearizabilityCheck {
    /** The device of every history: four clusters, so that the threads' allocations meet. */
    static final Geometry DEVICE = Geometry.builder(64).clusterSlots(16).maxOrder(2).build();
    /** Calls per thread and history. */
    static final int CALLS = 8;
    /**
     * How long one history may take at most. Its calls take microseconds; a thread still inside the allocator
     * after this is stuck (a lock left held by a call that threw, a lost wake-up), and is reported at once rather
     * than at the whole check's limit (at most half of it, so that the check reports it itself).
     */
    static final long HISTORY_SECONDS = 10;

    /** A history whose thread did not return. Thread safety: confined to the check's thread. */
    private static final class Stuck extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Thread thread;
        /** The history up to the call that did not return. */
        private final transient History history;

        Stuck(final Thread thread, final History history) {
            super(thread.getName(), null, false, false);
            this.thread = thread;
            this.history = history;
        }
    }

    private final Target target;
    /** Folios placed in the histories so far, and how many of them compound: for the pass's details. */
    private long folioCalls;
    private long compoundCalls;

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
                return CheckResult.fail(name(), StatefulCheck.seconds(start), e.history.listing(), "history " + (h + 1)
                        + ": thread " + e.thread.getName() + " did not return from the allocator within "
                        + historySeconds() + " s (" + e.thread.getState() + (f == null ? "" : ", in "
                        + PolicyRegistry.where(f)) + "): a lock left held, or a wait nobody ends", target.rerun());
            }
            final String threw = threw(history);
            if (threw != null) {
                return CheckResult.fail(name(), StatefulCheck.seconds(start), history.listing(), "history " + (h + 1)
                        + ": " + threw, target.rerun());
            }
            for (int t = 0; t < 2; t++) {
                for (final Call c : history.calls(t)) {
                    if (c.pages != null) {
                        folioCalls++;
                        compoundCalls += SwapEntry.isCompound(c.entry) ? 1 : 0;
                    }
                }
            }
            final String why = history.unexplained();
            if (why != null) {
                return CheckResult.fail(name(), StatefulCheck.seconds(start), history.listing(),
                        "history " + (h + 1) + " has no linearization: " + why, target.rerun());
            }
        }
        return CheckResult.pass(name(), StatefulCheck.seconds(start), String.format(Locale.ROOT,
                "%,d histories of 2 threads x %d calls in lockstep on %s, each linearizable with the state read"
                + " after it%s", target.depth().histories(), CALLS, DEVICE, folioCalls == 0 ? ""
                : String.format(Locale.ROOT, "; %,d folios placed (%,d compound) in the histories with folio calls"
                + " (half of them), where the shared slots are held", folioCalls, compoundCalls)));
    }

    /**
     * A call that threw what no call may throw: the specification rejects a call with {@link
     * IllegalArgumentException} or {@link IllegalStateException} and nothing else, so anything else thrown is the
     * allocator's fault whatever order the calls ran in, and is reported as itself, with its frame, rather than as
     * a history no order explains.
     *
     * @return the first such call in words, or null when none threw
     */
    private String threw(final History history) {
        for (int t = 0; t < 2; t++) {
            for (final Call c : history.calls(t)) {
                if (c.thrown != null) {
                    return "thread " + t + "'s call " + (c.index + 1) + ", " + Expected.describe(c, history.calls(t))
                            + ", threw " + StatefulCheck.located(c.thrown, target.provider()) + " (an allocator call"
                            + " may throw only IllegalArgumentException or IllegalStateException, to reject it)";
                }
            }
        }
        return null;
    }

    private long historySeconds() {
        return Math.min(HISTORY_SECONDS, Math.max(1, target.depth().secondsPerCheck() / 2));
    }

    private History record(final SplittableRandom random) throws InterruptedException, Stuck {
        final SlotAllocator allocator = target.create(DEVICE);
        final SwapCounts counts = allocator instanceof SwapCounts c ? c : null;
        final FolioAllocator folios = allocator instanceof FolioAllocator f ? f : null;
        final long[] shared = {allocator.allocate(0), allocator.allocate(0)};
        if (counts != null) {
            counts.dup(shared[0]);
        }
        final boolean withFolios = folios != null && random.nextBoolean();
        final Kind[] kinds = Kind.available(counts != null, withFolios);
        final Call[][] plan = {plan(random, shared, kinds), plan(random, shared, kinds)};
        final int held = withFolios && counts != null ? puts(plan) + 1 : 0;
        for (int r = 0; r < held; r++) {
            counts.dup(shared[0]);
            counts.dup(shared[1]);
        }
        final long[] scattered = withFolios && random.nextBoolean() ? scatter(allocator) : new long[0];
        final History history = new History(new History.Setup(shared, counts != null, held, scattered));
        final Lockstep step = new Lockstep();
        final Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            final Call[] calls = plan[t];
            threads[t] = new Thread(() -> run(calls, allocator, step), "verify-linearizability-" + t);
            threads[t].setDaemon(true); // a thread stuck in the allocator must not keep the JVM alive
            threads[t].start();
        }
        history.add(plan[0]);
        history.add(plan[1]);
        for (final Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(historySeconds()));
            if (t.isAlive()) {
                step.abandon();
                throw new Stuck(stuck(threads, plan), history);
            }
        }
        history.end(History.End.of(allocator, shared));
        return history;
    }

    /**
     * The {@code put}s of a plan's two threads: in a history with folio calls each shared slot starts with one
     * reference more than that, so that neither is freed during it. A slot freed by the other thread's last
     * {@code put} or {@code cacheDel} may be taken by a folio at once, and that call's {@code slotOf} of the page
     * would then read a page freed under it: the calls on the shared slots would free a page of a folio they do
     * not know, which a history cannot judge.
     */
    private static int puts(final Call[][] plan) {
        return (int) Arrays.stream(plan).flatMap(Arrays::stream).filter(c -> c.kind == Kind.PUT).count();
    }

    /**
     * Leaves the free slots of a folio allocator's device scattered one by one, so that the threads' folios of
     * order 1 and 2 must be stored compound: allocates order 0 until NONE, then frees every other slot so taken.
     *
     * @return the slots so taken that stay in use
     */
    private static long[] scatter(final SlotAllocator allocator) {
        final List<Long> taken = new ArrayList<>();
        for (long e = allocator.allocate(0); e != SlotAllocator.NONE && taken.size() < DEVICE.totalSlots();
                e = allocator.allocate(0)) {
            taken.add(e);
        }
        final long[] kept = new long[taken.size() / 2];
        for (int i = 0; i < taken.size(); i++) {
            if (i % 2 == 0) {
                allocator.free(taken.get(i), 1);
            } else {
                kept[i / 2] = taken.get(i);
            }
        }
        return kept;
    }

    /** One thread's share of a history: its calls, each after meeting the other thread and a random pause. */
    private static void run(final Call[] calls, final SlotAllocator allocator, final Lockstep step) {
        for (final Call c : calls) {
            if (!step.meet(c.index)) {
                return;
            }
            SpinWait.think(c.think);
            c.perform(allocator, calls);
        }
    }

    /** The thread still inside the allocator; the other, if alive, only waits for it in {@link Lockstep}. */
    private static Thread stuck(final Thread[] threads, final Call[][] plan) {
        for (int t = 0; t < threads.length; t++) {
            for (final Call c : plan[t]) {
                if (c.running) {
                    return threads[t];
                }
            }
        }
        return threads[0].isAlive() ? threads[0] : threads[1];
    }

    private static Call[] plan(final SplittableRandom random, final long[] shared, final Kind[] kinds) {
        final Call[] calls = new Call[CALLS];
        for (int i = 0; i < CALLS; i++) {
            final Kind kind = kinds[random.nextInt(kinds.length)];
            calls[i] = new Call(kind, random.nextInt(DEVICE.maxOrder() + 1), shared[random.nextInt(2)], i);
            calls[i].think = random.nextInt(SpinWait.THINK);
        }
        return calls;
    }

    /**
     * What a call does: the first two need only {@code SlotAllocator}, the next four {@code SwapCounts}, the last
     * {@code FolioAllocator}.
     */
    enum Kind {
        /** {@code allocate(order)}. */
        ALLOCATE(null),
        /**
         * The thread's own latest allocation that it has not freed yet freed whole: {@code free} of a run,
         * {@code freeFolioPages} of a folio.
         */
        FREE_OWN(null),
        /** {@code dup} of a shared slot. */
        DUP(SwapCountCall.DUP),
        /** {@code put} of a shared slot. */
        PUT(SwapCountCall.PUT),
        /** {@code cacheAdd} of a shared slot. */
        CACHE_ADD(SwapCountCall.CACHE_ADD),
        /** {@code cacheDel} of a shared slot. */
        CACHE_DEL(SwapCountCall.CACHE_DEL),
        /**
         * {@code allocateFolio(order)}, and, within the same call, {@code slotOf} of each page and {@code extents}:
         * nobody else may free the folio meanwhile, so what they read belongs to the allocation.
         */
        ALLOCATE_FOLIO(null);

        /** The swap-count call made, or null for the calls of {@code SlotAllocator} and {@code FolioAllocator}. */
        final SwapCountCall count;

        Kind(final SwapCountCall count) {
            this.count = count;
        }

        /** The calls an allocator is driven through: those of each interface it implements. */
        static Kind[] available(final boolean counts, final boolean folios) {
            return Arrays.stream(values()).filter(k -> k == ALLOCATE || k == FREE_OWN
                    || (k == ALLOCATE_FOLIO ? folios : counts)).toArray(Kind[]::new);
        }

        /** Whether the call allocates: a later {@link #FREE_OWN} of its thread frees what it placed. */
        boolean allocates() {
            return this == ALLOCATE || this == ALLOCATE_FOLIO;
        }
    }

    /** One call of a thread's plan, and what happened when it ran. */
    static final class Call {
        final Kind kind;
        final int order;
        final long slot;
        final int index;
        /** Spin-waits between meeting the other thread and the call. */
        int think;
        /** Whether the call is under way: written by its thread, read by the check's thread on a timeout. */
        volatile boolean running;
        long begin;
        long end;
        /** The result: a long for allocate, an enum or Boolean for counts; "rejected" for an exception. */
        Object result;
        /** What the call threw other than a rejection, or null. */
        Throwable thrown;
        /** Of a folio allocation that placed one: the slot entry of each page, as {@code slotOf} read it. */
        long[] pages;
        /** Of a folio allocation that placed one: what {@code extents} read. */
        int extents;
        long entry;

        Call(final Kind kind, final int order, final long slot, final int index) {
            this.kind = kind;
            this.order = order;
            this.slot = slot;
            this.index = index;
        }

        void perform(final SlotAllocator a, final Call[] mine) {
            running = true;
            begin = System.nanoTime();
            try {
                result = invoke(a, mine);
            } catch (IllegalArgumentException | IllegalStateException e) {
                result = "rejected";
            } catch (RuntimeException | Error e) { // recorded, so that the other thread is not left waiting
                result = "threw " + e;
                thrown = e;
            }
            end = System.nanoTime();
            running = false;
        }

        private Object invoke(final SlotAllocator a, final Call[] mine) {
            return switch (kind) {
                case ALLOCATE -> {
                    entry = a.allocate(order);
                    yield entry;
                }
                case ALLOCATE_FOLIO -> {
                    final FolioAllocator f = (FolioAllocator) a;
                    entry = f.allocateFolio(order);
                    if (entry != SlotAllocator.NONE) {
                        final long[] read = new long[1 << order];
                        for (int p = 0; p < read.length; p++) {
                            read[p] = f.slotOf(entry, order, p);
                        }
                        extents = f.extents(entry, order);
                        pages = read;
                    }
                    yield entry;
                }
                case FREE_OWN -> {
                    final Call own = lastAllocation(mine);
                    if (own == null) {
                        yield "nothing to free";
                    }
                    if (own.kind == Kind.ALLOCATE_FOLIO) {
                        ((FolioAllocator) a).freeFolioPages(own.entry, own.order, 0, 1 << own.order);
                    } else {
                        a.free(own.entry, 1L << DEVICE.effectiveOrder(own.order));
                    }
                    yield "freed";
                }
                case DUP, PUT, CACHE_ADD, CACHE_DEL -> kind.count.on((SwapCounts) a, slot);
            };
        }

        Call lastAllocation(final Call[] mine) {
            for (int i = index - 1; i >= 0; i--) {
                if (mine[i].kind.allocates() && mine[i].entry != SlotAllocator.NONE
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
}
