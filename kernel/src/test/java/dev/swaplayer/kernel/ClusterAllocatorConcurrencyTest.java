package dev.swaplayer.kernel;

import static dev.swaplayer.kernel.KernelFixtures.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * Several threads hammer one {@link ClusterAllocator} with allocate, free, dup, put, cacheAdd, cacheDel and
 * cache-only marks, each thread working only on the slots it allocated, while an auditor thread runs
 * {@code checkConsistency()} and {@code listMembershipViolations()} throughout (one audit per
 * {@link #STEPS_PER_AUDIT} steps of each worker). Functional assertions only (no timing): every slot handed out
 * is claimed in a shared owner table with a compare-and-set, so a slot handed to two owners at once fails the
 * claim; each thread's own model of its slots' swap counts must agree with the allocator; at the end every slot
 * is free again, the slot totals balance, and the audits pass. Runs with a fixed seed and a fresh one (printed;
 * {@code -Dswaplayer.seed=N} replays the per-thread operation streams, though not the interleaving). Two
 * planted defects in the run's own calls ({@link Planted}: a run handed out twice, a lost free) must fail it.
 *
 * <p>Thread safety: each test starts its workers and the auditor, which share the allocator and the owner table
 * (atomic arrays), and joins them before it asserts.
 *
 * <p>Ownership protocol: a thread claims a run's slots (owner 0 to itself) after allocate returns it, and
 * gives them back (itself to 0) before the call that frees them, so no other thread can be handed them
 * in between. A run marked cache-only is given to the shared pool first (owner POOL), then marked; the
 * allocator may reclaim it in any thread's allocation, and the reclaim listener, which runs before that
 * allocation can hand the slots out, returns them from POOL to 0.
 */
class ClusterAllocatorConcurrencyTest {
    private static final int THREADS = 4;
    private static final int OPS_PER_THREAD = 20_000;
    /**
     * dup/put rounds per thread on one shared slot: enough that a dup without its cluster lock loses a count
     * in practice (checked by removing the lock: the test then fails).
     */
    private static final int SAME_SLOT_ROUNDS = 200_000;
    private static final int POOL = THREADS + 1;
    private static final long FIXED_SEED = 20241120;
    /**
     * The auditor audits once per this many steps of each worker. Audits take the device lock;
     * back to back, on two cores, they starved the four workers: one run took 121 s and 47 million audits where
     * the run before it took 177 thousand.
     */
    private static final int STEPS_PER_AUDIT = 8;
    /** 8 clusters of 64 slots: small, so that the threads meet in the same clusters and fill the device. */
    private static final Geometry DEVICE = Geometry.builder(512).clusterSlots(64).build();

    private static long freshSeed() {
        final String given = System.getProperty("swaplayer.seed", "");
        return given.isBlank() ? System.nanoTime() : Long.parseLong(given.trim());
    }

    @Test
    void threadsNeverShareASlotAndEveryInvariantHoldsThroughout() throws Exception {
        for (final long seed : new long[] {FIXED_SEED, freshSeed()}) {
            System.out.println("ClusterAllocatorConcurrencyTest seed " + seed);
            new Run(seed, Planted.NONE).run();
        }
    }

    /**
     * The 1000th allocation hands out again the last run of its order handed out before it. Whatever the
     * interleaving a check fails: its first owner still holds it (the claim fails), or freed it and someone took
     * it (that claim fails), or it is free and the second owner's calls on it are refused or answered otherwise
     * than its model expects.
     */
    @Test
    void aRunHandedOutTwice_isCaught() {
        final AssertionError e = assertThrows(AssertionError.class,
                () -> new Run(FIXED_SEED, Planted.HAND_OUT_TWICE).run());
        assertTrue(e.getMessage().contains("first 20 failures"), e.getMessage());
    }

    /** The 1000th free of a run does nothing: its slots stay in use after every thread freed what it allocated. */
    @Test
    void aLostFree_isCaught() {
        final AssertionError e = assertThrows(AssertionError.class,
                () -> new Run(FIXED_SEED, Planted.LOSE_A_FREE).run());
        assertTrue(e.getMessage().contains("every thread freed what it allocated"), e.getMessage());
    }

    /** A defect planted in the run's calls to the allocator, struck once at the 1000th call of its kind. */
    private enum Planted { NONE, HAND_OUT_TWICE, LOSE_A_FREE }

    @Test
    void concurrentDupAndPutOnOneSlotLoseNoCount() throws Exception {
        final ClusterAllocator a = new ClusterAllocator(0, DEVICE, THREADS);
        final long e = a.allocate(0);
        assertEquals(SwapResult.OK, a.dup(e));
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        inThreads(failures, t -> {
            for (int i = 0; i < SAME_SLOT_ROUNDS; i++) {
                if (a.dup(e) != SwapResult.OK || a.put(e)) {
                    failures.add("a balanced dup/put freed the slot or overflowed");
                }
            }
        });
        assertEquals(List.of(), List.copyOf(failures));
        assertEquals(1, a.countOf(e), "every dup was matched by a put, none lost");
        assertTrue(a.isCached(e));
        a.checkConsistency();
    }

    @Test
    void racingLastPutsFreeTheSlotExactlyOnce() throws Exception {
        final ClusterAllocator a = new ClusterAllocator(0, DEVICE, THREADS);
        final long e = a.allocate(0);
        final int perThread = 1000;
        a.counts.setSwapCountForTest(e, THREADS * perThread);
        assertFalse(a.cacheDel(e), "references remain");
        final long used = a.usedSlots();
        final AtomicLong freed = new AtomicLong();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        inThreads(failures, t -> {
            for (int i = 0; i < perThread; i++) {
                if (a.put(e)) {
                    freed.incrementAndGet();
                }
            }
        });
        assertEquals(List.of(), List.copyOf(failures));
        assertEquals(1, freed.get(), "exactly one put saw the count reach 0");
        assertEquals(used - 1, a.usedSlots());
        assertEquals(SwapResult.NOT_IN_USE, a.cacheAdd(e));
        a.checkConsistency();
        assertEquals(0, a.listMembershipViolations());
    }

    /** Runs body(t) in THREADS threads released together; records what they throw. */
    private static void inThreads(final ConcurrentLinkedQueue<String> failures,
            final IntConsumer body) throws Exception {
        final CyclicBarrier start = new CyclicBarrier(THREADS);
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            final int id = t;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    body.accept(id);
                } catch (final Throwable x) {
                    failures.add("thread " + id + ": " + x);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (final Thread t : threads) {
            t.join();
        }
    }

    /** One run: THREADS workers and an auditor on a fresh allocator. */
    private static final class Run {
        private final long seed;
        private final ClusterAllocator a = new ClusterAllocator(0, DEVICE, THREADS);
        private final AtomicIntegerArray owner = new AtomicIntegerArray((int) DEVICE.totalSlots());
        private final Map<Long, Integer> pool = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final AtomicLong allocated = new AtomicLong();
        private final AtomicLong freedByOwners = new AtomicLong();
        private final AtomicLong reclaimedSeen = new AtomicLong();
        private final AtomicLong failedAllocations = new AtomicLong();
        private final AtomicLong freeingPuts = new AtomicLong();
        private final Set<Integer> cpus = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean done = new AtomicBoolean();
        private final AtomicLong audits = new AtomicLong();
        /** One permit per {@link #STEPS_PER_AUDIT} steps of a worker: the auditor takes one before each audit. */
        private final Semaphore auditDue = new Semaphore(0);
        /**
         * Opened by the auditor's first finished audit (or its failure). Each worker waits for it halfway
         * through its operations, so at least one audit sees the allocator mid-run however the threads are
         * scheduled: on a crowded or single CPU the auditor may otherwise first run after every worker is done.
         */
        private final CountDownLatch firstAudit = new CountDownLatch(1);
        private final Planted planted;
        private final AtomicInteger plantedCalls = new AtomicInteger();
        private final AtomicBoolean struck = new AtomicBoolean();
        /** The last run handed out per order, for {@link Planted#HAND_OUT_TWICE}. */
        private final AtomicLongArray lastByOrder = new AtomicLongArray(DEVICE.maxOrder() + 1);

        Run(final long seed, final Planted planted) {
            this.seed = seed;
            this.planted = planted;
            a.setReclaimListener(this::reclaimed);
            for (int k = 0; k < lastByOrder.length(); k++) {
                lastByOrder.set(k, SwapEntry.NONE);
            }
        }

        /** The workers' allocation: the allocator's, or with {@link Planted#HAND_OUT_TWICE} struck once. */
        private long allocate(final int order) {
            if (planted == Planted.HAND_OUT_TWICE && plantedCalls.incrementAndGet() >= 1000) {
                final long again = lastByOrder.get(order);
                if (again != SwapEntry.NONE && struck.compareAndSet(false, true)) {
                    return again;
                }
            }
            final long e = a.allocate(order);
            if (e != SwapEntry.NONE) {
                lastByOrder.set(order, e);
            }
            return e;
        }

        /** The workers' free: the allocator's, or with {@link Planted#LOSE_A_FREE} one of them left out. */
        private void free(final long e, final long nr) {
            if (planted == Planted.LOSE_A_FREE && plantedCalls.incrementAndGet() >= 1000
                    && struck.compareAndSet(false, true)) {
                return;
            }
            a.free(e, nr);
        }

        /** Runs with the device lock held, before the reclaiming allocation can hand the slots out. */
        private void reclaimed(final long e, final int nr) {
            final long start = SwapEntry.offset(e);
            final Integer given = pool.remove(start);
            if (given == null || given != nr) {
                failures.add("reclaimed run " + start + "+" + nr + " was not given to the pool as such: " + given);
            }
            for (long x = start; x < start + nr; x++) {
                if (!owner.compareAndSet((int) x, POOL, 0)) {
                    failures.add("reclaimed slot " + x + " was owned by " + owner.get((int) x) + ", not the pool");
                }
            }
            reclaimedSeen.addAndGet(nr);
        }

        void run() throws Exception {
            final CyclicBarrier start = new CyclicBarrier(THREADS + 1);
            final List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final Worker w = new Worker(t + 1, new Random(seed * 31 + t), start);
                workers.add(new Thread(w::runCatching, "worker-" + t));
            }
            final Thread auditor = new Thread(() -> audit(start), "auditor");
            workers.forEach(Thread::start);
            auditor.start();
            for (final Thread w : workers) {
                w.join();
            }
            done.set(true);
            auditor.join();
            drainPool();
            verifyEnd();
        }

        private void audit(final CyclicBarrier start) {
            try {
                start.await();
                while (!done.get()) {
                    if (!auditDue.tryAcquire(1, TimeUnit.MILLISECONDS)) {
                        continue; // no permit yet: the workers have not moved on since the last audit
                    }
                    a.checkConsistency();
                    final int wrong = a.listMembershipViolations();
                    if (wrong != 0) {
                        failures.add(wrong + " clusters off their list during the run");
                    }
                    audits.incrementAndGet();
                    firstAudit.countDown();
                }
            } catch (final Throwable e) {
                failures.add("auditor: " + e);
            } finally {
                firstAudit.countDown();
            }
        }

        /**
         * The pool's leftovers: runs marked cache-only that no allocation reclaimed. A refused free is a failure
         * of the run like any other (a run given to the pool by one holder and freed by another, when the
         * planted {@link Planted#HAND_OUT_TWICE} handed it to both), not an exception out of it.
         */
        private void drainPool() {
            for (final Map.Entry<Long, Integer> run : pool.entrySet()) {
                for (long x = run.getKey(); x < run.getKey() + run.getValue(); x++) {
                    owner.set((int) x, 0);
                }
                try {
                    a.free(entry(run.getKey()), run.getValue());
                } catch (final IllegalArgumentException | IllegalStateException e) {
                    failures.add("draining the pool: " + e);
                }
                freedByOwners.addAndGet(run.getValue());
            }
            pool.clear();
        }

        private void verifyEnd() {
            System.out.println("  allocated " + allocated + ", reclaimed " + reclaimedSeen + ", failed allocations "
                    + failedAllocations + ", freeing puts " + freeingPuts + ", audits " + audits);
            assertEquals(List.of(), failures.stream().limit(20).toList(), "seed " + seed + ", first 20 failures");
            a.checkConsistency();
            assertEquals(0, a.listMembershipViolations());
            assertEquals(0, a.usedSlots(), "every thread freed what it allocated");
            assertEquals(DEVICE.totalSlots() - DEVICE.reservedSlots(), a.freeSlots());
            for (int s = 0; s < owner.length(); s++) {
                assertEquals(0, owner.get(s), "slot " + s + " still owned");
            }
            assertEquals(allocated.get(), freedByOwners.get() + reclaimedSeen.get(), "slots allocated = freed");
            assertEquals(reclaimedSeen.get(), a.reclaimedSlots());
            assertEquals(new TreeSet<>(Set.of(0, 1, 2, 3)), new TreeSet<>(cpus), "each thread its own CPU");
            assertTrue(audits.get() > 0, "the auditor ran while the workers were halfway");
            // The rare states this test exists for were reached (coverage, not timing).
            assertTrue(failedAllocations.get() > 0, "the device was full at times");
            assertTrue(reclaimedSeen.get() > 0, "cache-only runs were reclaimed under contention");
            assertTrue(freeingPuts.get() > 0, "puts and cache deletions freed slots through the device lock");
        }

        /** One thread's work; its model is the runs it owns with their slots' counts and cache flags. */
        private final class Worker {
            private final int me;
            private final Random r;
            private final CyclicBarrier start;
            private final List<long[]> runs = new ArrayList<>();
            private final int[] count = new int[owner.length()];
            private final boolean[] cached = new boolean[owner.length()];

            Worker(final int me, final Random r, final CyclicBarrier start) {
                this.me = me;
                this.r = r;
                this.start = start;
            }

            void runCatching() {
                try {
                    start.await();
                    cpus.add(a.cpu());
                    for (int i = 0; i < OPS_PER_THREAD; i++) {
                        if (i == OPS_PER_THREAD / 2) {
                            firstAudit.await();
                        }
                        step();
                        if ((i + 1) % STEPS_PER_AUDIT == 0) {
                            auditDue.release();
                        }
                    }
                    while (!runs.isEmpty()) {
                        freeRun(runs.size() - 1, false);
                    }
                } catch (final Throwable e) {
                    failures.add("worker " + me + ": " + e);
                }
            }

            private void step() {
                final int op = r.nextInt(100);
                if (op < 30 || runs.isEmpty()) {
                    allocate(r.nextInt(20) == 0 ? 6 : r.nextInt(4));
                } else if (op < 50) {
                    freeRun(r.nextInt(runs.size()), r.nextBoolean());
                } else if (op < 62) {
                    dup(pickSlot());
                } else if (op < 74) {
                    put(pickSlot());
                } else if (op < 80) {
                    cacheDel(pickSlot());
                } else if (op < 86) {
                    cacheAdd(pickSlot());
                } else if (op < 92) {
                    checkSlot(pickSlot());
                } else if (op < 96) {
                    giveToPool(r.nextInt(runs.size()));
                } else if (me == 1) {
                    a.setCpu(r.nextInt(THREADS));
                }
            }

            private void allocate(final int order) {
                final long e = Run.this.allocate(order);
                if (e == SwapEntry.NONE) {
                    failedAllocations.incrementAndGet();
                    return;
                }
                final long s = SwapEntry.offset(e);
                final int nr = 1 << order;
                for (long x = s; x < s + nr; x++) {
                    if (!owner.compareAndSet((int) x, 0, me)) {
                        failures.add("slot " + x + " handed to " + me + " while owned by " + owner.get((int) x));
                    }
                    count[(int) x] = 0;
                    cached[(int) x] = true;
                }
                allocated.addAndGet(nr);
                runs.add(new long[] {s, nr});
            }

            /** Frees a run, or only its upper half (what remains is still an aligned run). */
            private void freeRun(final int i, final boolean half) {
                final long[] run = runs.get(i);
                final long keep = half && run[1] > 1 ? run[1] / 2 : 0;
                final long from = run[0] + keep;
                final long nr = run[1] - keep;
                release(from, nr);
                Run.this.free(entry(from), nr);
                freedByOwners.addAndGet(nr);
                if (keep == 0) {
                    runs.remove(i);
                } else {
                    run[1] = keep;
                }
            }

            private void release(final long from, final long nr) {
                for (long x = from; x < from + nr; x++) {
                    if (!owner.compareAndSet((int) x, me, 0)) {
                        failures.add("slot " + x + " of " + me + " was taken by " + owner.get((int) x));
                    }
                }
            }

            /** @return {run index, slot} of a random owned slot */
            private long[] pickSlot() {
                final int i = r.nextInt(runs.size());
                final long[] run = runs.get(i);
                return new long[] {i, run[0] + r.nextInt((int) run[1])};
            }

            private void dup(final long[] at) {
                final int s = (int) at[1];
                expect(SwapResult.OK, a.dup(entry(s)), s);
                count[s]++;
            }

            /** A put that frees its slot is made only on a single-slot run, which then leaves the list. */
            private void put(final long[] at) {
                final int s = (int) at[1];
                if (count[s] == 0) {
                    return;
                }
                final boolean frees = count[s] == 1 && !cached[s];
                if (frees && runs.get((int) at[0])[1] != 1) {
                    return;
                }
                if (frees) {
                    release(s, 1);
                }
                expect(frees, a.put(entry(s)), s);
                count[s]--;
                if (frees) {
                    afterSlotFreed((int) at[0]);
                }
            }

            private void cacheDel(final long[] at) {
                final int s = (int) at[1];
                if (!cached[s]) {
                    return;
                }
                final boolean frees = count[s] == 0;
                if (frees && runs.get((int) at[0])[1] != 1) {
                    return;
                }
                if (frees) {
                    release(s, 1);
                }
                expect(frees, a.cacheDel(entry(s)), s);
                cached[s] = false;
                if (frees) {
                    afterSlotFreed((int) at[0]);
                }
            }

            private void afterSlotFreed(final int runIndex) {
                runs.remove(runIndex);
                freedByOwners.incrementAndGet();
                freeingPuts.incrementAndGet();
            }

            private void cacheAdd(final long[] at) {
                final int s = (int) at[1];
                expect(cached[s] ? SwapResult.ALREADY_CACHED : SwapResult.OK, a.cacheAdd(entry(s)), s);
                cached[s] = true;
            }

            private void checkSlot(final long[] at) {
                final int s = (int) at[1];
                expect((long) count[s], a.countOf(entry(s)), s);
                expect(cached[s], a.isCached(entry(s)), s);
                expect(false, a.isCacheOnly(entry(s)), s);
            }

            /** Marks a whole run cache-only after handing it to the pool; from now on only reclaim frees it. */
            private void giveToPool(final int i) {
                final long[] run = runs.remove(i);
                for (long x = run[0]; x < run[0] + run[1]; x++) {
                    if (!owner.compareAndSet((int) x, me, POOL)) {
                        failures.add("slot " + x + " of " + me + " was taken by " + owner.get((int) x));
                    }
                }
                pool.put(run[0], (int) run[1]);
                a.setCacheOnly(entry(run[0]), (int) run[1], true);
            }

            private void expect(final Object expected, final Object actual, final long slot) {
                if (!expected.equals(actual)) {
                    failures.add("worker " + me + " slot " + slot + ": expected " + expected + ", got " + actual);
                }
            }
        }
    }
}
