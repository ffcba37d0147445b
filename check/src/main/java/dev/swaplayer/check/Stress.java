package dev.swaplayer.check;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The soak behind {@code ./swaplayer stress}: T threads share one allocator and run N mixed operations in
 * total (folio allocation at orders 0, 2 and 4, through the folio calls as well as the plain ones when the
 * allocator has both ({@link StressTarget#other}), partial and whole frees, swap-count calls on a thread's own pages,
 * and swap-count and swap-cache calls on a few slots all threads share, {@link SharedSlots}), then return
 * everything they hold, and the allocator is audited and its counters read.
 *
 * <p>Thread safety: {@link #run} is safe to call from any thread; it starts and joins its own workers. What the
 * calling thread sets before it starts them ({@code shared}, {@code stopped}) they read after {@link Thread#start};
 * what the drain at the workers' barrier finds ({@code whenStopped}) the calling thread reads after it joined them.
 *
 * <h2>Which allocators</h2>
 * Any policy of a {@link PolicyRegistry}, built-in or plug-in: with more than one thread only one whose
 * provider says {@code threadSafe()} (another is refused, not run: its races would be reported as bugs it does
 * not claim to be free of); with one thread, any. Swap-count steps run only on an allocator that keeps swap
 * counts ({@link SwapCounts}); the audit is the allocator's own when it has one
 * ({@link dev.swaplayer.allocator.Auditable}), else the owner table and the slots left in use are the audit.
 *
 * <h2>What counts</h2>
 * <ul>
 *   <li><b>duplicated</b>: a thread was handed a slot another thread still held. Every thread claims each
 *       slot it gets in a shared owner table with a compare-and-set, and clears the claim just before it
 *       frees the slot, so an overlap is caught the moment it happens.</li>
 *   <li><b>lost</b>: slots still in use after every thread returned what it held (a leak), plus swap counts
 *       that did not read back as written (a {@code dup} or {@code put} lost to a race).</li>
 *   <li><b>failure</b>: the allocator's audit failed at the end, an operation threw on a thread that was
 *       using it correctly, a shared slot's count, cache pin or answers went wrong ({@link SharedSlots}), or the
 *       counters disagree with an empty device once everything was returned ({@code usedSlots() != 0}, or
 *       {@code freeSlots()} is not every slot but the reserved ones: an update of a counter was lost, or
 *       {@code fragmentation()} is not the empty device's free blocks: a per-order free count updated out of the
 *       lock), or
 *       on a small device {@code allocate(0)} did not hand out every free slot once, either when the workers had
 *       stopped or once everything was returned ({@link Drain}).
 *       With more than one thread, after the workers: two threads made a call each on one slot at the same
 *       moment, and the outcome was not that of one call made after the other ({@link ContestedCalls}); or, for
 *       an allocator with the folio calls, threads that shared compound folios found a slot held twice, a page's slot
 *       or a folio's extents misread, a call that threw, or a counter or descriptor off at the end
 *       ({@link CompoundChurn}).</li>
 * </ul>
 * Workers are seeded from one seed, but the interleaving is the scheduler's, so a run is not replayable;
 * the JCStress and Lincheck tests are the tools for replaying a race.
 */
public final class Stress {
    /**
     * The outcome of one run.
     *
     * @param policy the policy's label
     * @param threads worker threads
     * @param ops operations run in total
     * @param lost slots leaked plus swap counts lost
     * @param duplicated slots handed to two threads at once
     * @param seconds wall time of the concurrent phase
     * @param failure null, or what the audit or a worker reported
     */
    public record Result(String policy, int threads, long ops, long lost, long duplicated, double seconds,
            String failure) {
        /** Returns whether nothing was lost, duplicated or reported broken. */
        public boolean passed() {
            return lost == 0 && duplicated == 0 && failure == null;
        }
    }

    /** Folio orders drawn: order 0 half the time, else 16 KiB or 64 KiB mTHP folios. */
    private static final int[] ORDERS = {0, 0, 2, 4};
    /** The compound churn's calls are the run's operations over this ({@link CompoundChurn}), ... */
    static final int CHURN_SHARE = 4;
    /**
     * ... and at most this many: on a large device whose free slots are scattered a compound placement searches far
     * (about 30 µs a call at 2^18 slots), and more calls add time, not other interleavings.
     */
    static final long CHURN_CALLS = 50_000;
    /** Operations a worker completes between two updates of the shared progress count. */
    static final int PROGRESS_STEP = 4096;
    /** How often the calling thread reports progress while the workers run. */
    static final long PROGRESS_POLL_MS = 250;

    private final StressTarget target;
    private final AtomicIntegerArray owner;
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong lostCounts = new AtomicLong();
    /** Operations the workers completed, counted in steps of {@link #PROGRESS_STEP} (kept off the hot path). */
    private final AtomicLong opsDone = new AtomicLong();
    /** The slots every thread works on at once; null for an allocator without swap counts. */
    private SharedSlots shared;
    /** Creates another device like {@link #target}'s, for the contested rounds on a device's first use. */
    private final Supplier<StressTarget> fresh;
    /** Where the workers wait for each other once their operations are done, before they return what they hold. */
    private CyclicBarrier stopped;
    /** What the drain made while the workers waited there found wrong, or null; read after they were joined. */
    private String whenStopped;
    /** Pages a worker holds at most before it only frees: half the device, shared out. */
    private final long budget;

    private Stress(final PolicyRegistry registry, final String policy, final Geometry geometry, final int threads) {
        this.target = StressTarget.of(registry, policy, geometry, threads);
        this.fresh = () -> StressTarget.of(registry, policy, geometry, threads);
        this.owner = new AtomicIntegerArray(Math.toIntExact(geometry.totalSlots()));
        this.budget = geometry.totalSlots() / 2 / threads;
    }

    /**
     * Runs one stress run.
     *
     * @param registry where the policy is registered
     * @param policy the policy to drive, by name; with more than one thread its provider must say
     *     {@code threadSafe()}
     * @param geometry the device; at most 2^31-1 slots
     * @param threads worker threads, 1..1024
     * @param ops operations in total, at least 1
     * @param seed the workers' seed
     * @return what was counted
     * @throws IllegalArgumentException for a bad thread or operation count, an unknown policy, more than one
     *     thread on a policy that is not thread-safe, or a provider that fails to build its allocator
     * @throws InterruptedException when interrupted while waiting for the workers
     */
    public static Result run(final PolicyRegistry registry, final String policy, final Geometry geometry,
            final int threads, final long ops, final long seed) throws InterruptedException {
        return run(registry, policy, geometry, threads, ops, seed, n -> { });
    }

    /**
     * Runs one stress run and reports progress.
     *
     * @param registry where the policy is registered
     * @param policy the policy to drive, by name
     * @param geometry the device; at most 2^31-1 slots
     * @param threads worker threads, 1..1024
     * @param ops operations in total, at least 1
     * @param seed the workers' seed
     * @param progress hears, on the calling thread, how many more operations the workers completed (in steps
     *     of at most {@value #PROGRESS_STEP} per worker, polled every {@value #PROGRESS_POLL_MS} ms); the
     *     amounts add up to {@code ops} when no worker failed
     * @return what was counted
     * @throws IllegalArgumentException as {@link #run(PolicyRegistry, String, Geometry, int, long, long)}
     * @throws InterruptedException when interrupted while waiting for the workers
     */
    public static Result run(final PolicyRegistry registry, final String policy, final Geometry geometry,
            final int threads, final long ops, final long seed, final LongConsumer progress)
            throws InterruptedException {
        Checks.checkInRange("threads", threads, 1, 1024);
        Checks.checkInRange("ops", ops, 1, Long.MAX_VALUE);
        Checks.checkInRange("slots", geometry.totalSlots(), 1, Integer.MAX_VALUE);
        if (threads > 1 && !registry.provider(policy).threadSafe()) {
            throw notThreadSafe(policy, threads);
        }
        return new Stress(registry, policy, geometry, threads).run(policy, threads, ops, seed, progress);
    }

    /**
     * The refusal of more than one thread on a policy that is not thread-safe, for every caller that builds one for
     * several threads (the stress run, the benchmarks).
     *
     * @param policy the policy's name
     * @param threads the threads asked for
     * @return the exception to throw
     */
    public static IllegalArgumentException notThreadSafe(final String policy, final int threads) {
        return Checks.badArgument("threads", threads, "1 for " + policy + ", which is not thread-safe");
    }

    /**
     * Returns the policies {@code all} stresses with that many threads, in report order: those of {@code --policy
     * all} ({@link PolicyRegistry#all()}) whose provider is thread-safe, and with one thread all of them.
     *
     * @param registry the policies
     * @param threads worker threads
     */
    public static List<String> all(final PolicyRegistry registry, final int threads) {
        return registry.all().stream().filter(n -> threads == 1 || registry.provider(n).threadSafe()).toList();
    }

    private Result run(final String label, final int threads, final long ops, final long seed,
            final LongConsumer progress) throws InterruptedException {
        shared = SharedSlots.take(target, owner);
        // A spinning start, not a barrier's: a barrier wakes its parked threads tens of microseconds apart, and the
        // first steps (each worker's first carry, SharedSlots#firstCarry) must meet inside the allocator.
        final AtomicInteger arrived = new AtomicInteger();
        stopped = new CyclicBarrier(threads, () -> { // on the last worker to stop, while the others wait
            if (Drain.applies(target.geometry())) {
                whenStopped = Drain.run(target, owner, "once the workers had stopped, with what they held in use");
            }
        });
        final List<Thread> workers = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int id = t + 1;
            final long share = ops / threads + (t < ops % threads ? 1 : 0);
            final Thread w = new Thread(() -> {
                try {
                    arrived.incrementAndGet();
                    for (int spins = 0; arrived.get() < threads; spins++) {
                        SpinWait.pause(spins);
                    }
                    new Worker(id, new SplittableRandom(seed * 31 + id)).run(share);
                } catch (final Throwable e) { // a worker's failure is the result, not a crash
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            }, "swaplayer-stress-" + id);
            workers.add(w);
        }
        final long t0 = System.nanoTime();
        workers.forEach(Thread::start);
        long reported = 0;
        for (final Thread w : workers) {
            while (w.isAlive()) {
                w.join(PROGRESS_POLL_MS);
                final long now = opsDone.get();
                progress.accept(now - reported);
                reported = now;
            }
        }
        progress.accept(opsDone.get() - reported);
        final double seconds = (System.nanoTime() - t0) / 1e9;
        return judge(label, threads, ops, seed, seconds, errors.isEmpty() ? whenStopped : failed(errors.get(0)));
    }

    /** A worker's failure in words, with the plug-in's frame where a plug-in threw it. */
    static String failed(final Throwable e) {
        final StackTraceElement f = PolicyRegistry.pluginFrame(e);
        return "worker failed: " + e + (f == null ? "" : " at " + PolicyRegistry.where(f));
    }

    /**
     * The checks once the workers have ended, in turn until one fails: the allocator's audit, the contested rounds,
     * the shared slots, the counters of the empty device and its drain.
     */
    private Result judge(final String label, final int threads, final long ops, final long seed,
            final double seconds, final String workersFailure) throws InterruptedException {
        String failure = workersFailure;
        if (failure == null) {
            try {
                target.audit();
            } catch (final AssertionError e) {
                failure = "audit: " + e.getMessage();
            }
        }
        if (failure == null && threads > 1) {
            failure = ContestedCalls.run(target, fresh, seed);
            if (failure == null) {
                failure = CompoundChurn.run(fresh, CompoundChurn.threadsFor(threads), Math.min(CHURN_CALLS,
                        ops / CHURN_SHARE), seed);
            }
        }
        long stillShared = shared == null ? 0 : SharedSlots.SLOTS;
        if (failure == null && shared != null) {
            final List<String> wrong = shared.settle();
            stillShared = 0;
            failure = wrong.isEmpty() ? null : String.join("; ", wrong);
        }
        final long used = target.usedSlots() - stillShared;
        if (failure == null) {
            failure = countersOfAnEmptyDevice(used);
        }
        if (failure == null && Drain.applies(target.geometry())) {
            failure = Drain.run(target, null, "after every thread returned what it held");
        }
        final long lost = Math.max(0, used) + lostCounts.get();
        return new Result(label, threads, ops, lost, duplicated.get(), seconds, failure);
    }

    /**
     * Once every slot was returned: null when the counters and {@code fragmentation()} read an empty device, else
     * what they read.
     */
    private String countersOfAnEmptyDevice(final long used) {
        final Geometry g = target.geometry();
        final long free = target.freeSlots();
        final long all = g.totalSlots() - g.reservedSlots();
        if (used == 0 && free == all) {
            final Fragmentation got = target.fragmentation();
            final Fragmentation empty = Fragmentation.of(g, s -> !g.isReserved(s));
            return empty.equals(got) ? null : "after every thread returned what it held: fragmentation() = " + got
                    + " (expected " + empty + ", the empty device's free blocks: an update of a free-block count was"
                    + " lost or applied twice)";
        }
        return "after every thread returned what it held: usedSlots() = " + used + ", freeSlots() = " + free
                + " (expected: 0 and " + all + ", every slot but the reserved ones: " + (used + free == all && used > 0
                ? used + " slots stayed in use, a free that was lost or kept back)"
                : "an update of a counter was lost)");
    }

    /** One thread's share: its folios, and the mix of operations on them. */
    private final class Worker {
        private final int id;
        private final SplittableRandom rnd;
        private final List<long[]> held = new ArrayList<>(); // {handle, order, live-page mask, view}
        /** The policy's own calls, then, for an allocator that has both sets, its other calls. */
        private final StressTarget[] views;
        private long heldPages;

        Worker(final int id, final SplittableRandom rnd) {
            this.id = id;
            this.rnd = rnd;
            final StressTarget other = target.other();
            this.views = other == null ? new StressTarget[] {target} : new StressTarget[] {target, other};
        }

        /** Makes its operations, waits until every worker has (a failed one too), then returns what it holds. */
        void run(final long ops) throws InterruptedException, BrokenBarrierException {
            try {
                if (shared != null && ops > 0) {
                    shared.firstCarry(id);
                }
                for (long i = 0; i < ops; i++) {
                    step();
                    SpinWait.think(rnd.nextInt(SpinWait.THINK));
                    if ((i + 1) % PROGRESS_STEP == 0) {
                        opsDone.addAndGet(PROGRESS_STEP);
                    }
                }
                opsDone.addAndGet(ops % PROGRESS_STEP);
            } finally {
                stopped.await();
            }
            while (!held.isEmpty()) {
                final long[] f = held.get(held.size() - 1);
                freeRange(f, Long.numberOfTrailingZeros(f[2]), 1);
            }
        }

        private void step() {
            final int op = rnd.nextInt(20);
            if (held.isEmpty() || (op < 9 && heldPages < budget)) {
                allocate(ORDERS[rnd.nextInt(ORDERS.length)]);
            } else if (op < 16) {
                final long[] f = held.get(rnd.nextInt(held.size()));
                final int first = livePage(f);
                int count = 1;
                while (first + count < 1 << f[1] && (f[2] >>> (first + count) & 1) != 0 && rnd.nextInt(4) != 0) {
                    count++;
                }
                freeRange(f, first, count);
            } else if (shared != null && rnd.nextBoolean()) {
                touchShared(rnd.nextInt(SharedSlots.SLOTS));
            } else if (target.counts() != null) {
                final long[] f = held.get(rnd.nextInt(held.size()));
                touchCounts(view(f).slot(f[0], (int) f[1], livePage(f)));
            }
        }

        /** A fork and an unmap, or a swap-in's pin, of a page every thread shares. */
        private void touchShared(final int i) {
            if (rnd.nextBoolean()) {
                shared.forkAndUnmap(i);
            } else if (shared.pin(i, id)) {
                shared.unpin(i);
            }
        }

        /** Places a folio through the policy's own calls three times in four, else through its other calls. */
        private void allocate(final int order) {
            final int view = views.length > 1 && rnd.nextInt(4) == 0 ? 1 : 0;
            final long h = views[view].allocate(order);
            if (h == SlotAllocator.NONE) {
                return;
            }
            final long[] f = {h, order, (1L << (1 << order)) - 1, view}; // orders up to 5 fit the mask
            for (int p = 0; p < 1 << order; p++) {
                if (!owner.compareAndSet(slotIndex(f, p), 0, id)) {
                    duplicated.incrementAndGet();
                }
            }
            held.add(f);
            heldPages += 1 << order;
        }

        /** Clears the claims first, so that a thread given these slots next can claim them. */
        private void freeRange(final long[] f, final int first, final int count) {
            for (int p = first; p < first + count; p++) {
                owner.compareAndSet(slotIndex(f, p), id, 0);
            }
            view(f).free(f[0], (int) f[1], first, count);
            f[2] &= ~(((1L << count) - 1) << first);
            heldPages -= count;
            if (f[2] == 0) {
                held.remove(f);
            }
        }

        /**
         * A fork and an unmap on one page: dup then put, with the count read back each time. The page was
         * allocated with the swap cache's pin, so the put must not free it.
         */
        private void touchCounts(final long slot) {
            final SwapCounts c = target.counts();
            final long before = c.countOf(slot);
            if (c.dup(slot) != SwapResult.OK || c.countOf(slot) != before + 1) {
                lostCounts.incrementAndGet();
            }
            if (c.put(slot) || c.countOf(slot) != before || !c.isCached(slot)) {
                lostCounts.incrementAndGet();
            }
        }

        private int livePage(final long[] f) {
            int p = rnd.nextInt(1 << f[1]);
            while ((f[2] >>> p & 1) == 0) {
                p = (p + 1) & ((1 << f[1]) - 1);
            }
            return p;
        }

        private int slotIndex(final long[] f, final int page) {
            return (int) SwapEntry.offset(view(f).slot(f[0], (int) f[1], page));
        }

        /** The calls that placed the folio, which find and free its pages. */
        private StressTarget view(final long[] f) {
            return views[(int) f[3]];
        }
    }

    /**
     * Returns how many threads the compound churn of a run with this many workers runs, for an allocator with the
     * folio calls: twice the processors, within bounds ({@link CompoundChurn#threadsFor}).
     *
     * @param threads the run's worker threads
     */
    public static int churnThreads(final int threads) {
        return CompoundChurn.threadsFor(threads);
    }

    /** Returns the geometry the command uses by default: a 1 GiB device of 4 KiB slots, 512-slot clusters. */
    public static Geometry defaultGeometry() {
        return Geometry.builder(1L << 18).build();
    }
}
