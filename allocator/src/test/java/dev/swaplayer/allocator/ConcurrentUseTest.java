package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

/**
 * Many threads share one buddy allocator and mix every operation: contiguous and compound folios, partial
 * frees, swap counts and the swap-cache flag. Each thread claims the slots it is given in a shared owner
 * table with a compare-and-set, so a slot handed to two threads at once is caught the moment it happens;
 * at the end every thread returns what it holds and the device must be exactly as it started (INV-5, INV-6
 * and the allocator's own audit). JCStress and Lincheck in {@code concurrency-tests} check the races one by
 * one; this test checks that they compose. No timing is asserted.
 *
 * <p>The checks must be able to fail: two planted allocators ({@link Planted}) hand one folio to two callers,
 * or lose one free, and the same run must reject each of them whatever the interleaving.
 *
 * <p>Thread safety: each test starts its worker threads, shares the allocator and the owner table (atomic
 * arrays) among them, and joins them before it asserts.
 */
class ConcurrentUseTest {
    private static final int THREADS = 4;
    private static final int OPS = 40_000;
    private static final Geometry G = Geometry.builder(4096).clusterSlots(64).maxOrder(4).minOrder(0).build();

    /** One folio a thread holds: its handle, order, and which pages it has not freed yet (changed in place). */
    @SuppressWarnings("ArrayRecordComponent") // the flags are the thread's own mutable bookkeeping, never compared
    private record Held(long handle, int order, boolean[] live) { }

    @Test
    void threadsMixingEveryOperationLoseAndDuplicateNothing() throws Exception {
        new Run<>(new BuddyAllocator(0, G)).check();
    }

    /**
     * The 1000th folio allocation returns the last folio of that order handed out before it. Whatever the
     * interleaving, a check fails: the first holder still has the slots (the claim fails), or it freed them
     * and someone took them (that claim fails), or they are free and the second holder's free or swap-count
     * call is refused (a thread fails).
     */
    @Test
    void aFolioHandedOutTwice_isCaught() {
        final AssertionError e = assertThrows(AssertionError.class,
                () -> new Run<>(new Planted(Planted.Defect.HAND_OUT_TWICE)).check());
        assertTrue(e.getMessage().contains("handed to two threads") || e.getMessage().contains("a thread failed"),
                e.getMessage());
    }

    /** The 1000th free of folio pages does nothing: the slots stay in use after every thread returned its own. */
    @Test
    void aLostFree_isCaught() {
        final AssertionError e = assertThrows(AssertionError.class,
                () -> new Run<>(new Planted(Planted.Defect.LOSE_A_FREE)).check());
        assertTrue(e.getMessage().contains("slots lost"), e.getMessage());
    }

    /** One run: {@link #THREADS} threads on one allocator, then the checks. */
    private static final class Run<A extends FolioAllocator & SwapCounts & Auditable> {
        private final A a;
        private final AtomicIntegerArray owner = new AtomicIntegerArray((int) G.totalSlots());
        private final AtomicLong doubleClaims = new AtomicLong();

        Run(final A a) {
            this.a = a;
        }

        void check() throws Exception {
            final long seed = Long.getLong("swaplayer.seed", 20261126L);
            final CyclicBarrier start = new CyclicBarrier(THREADS);
            final List<Thread> threads = new ArrayList<>();
            final List<Throwable> errors = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int id = t + 1;
                final Thread th = new Thread(() -> {
                    try {
                        start.await();
                        run(id, new SplittableRandom(seed + id));
                    } catch (final Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                }, "swaplayer-test-" + id);
                threads.add(th);
                th.start();
            }
            for (final Thread th : threads) {
                th.join();
            }
            assertTrue(errors.isEmpty(), () -> "a thread failed (seed " + seed + "): " + errors);
            assertEquals(0, doubleClaims.get(), "slots handed to two threads at once");
            assertEquals(0, a.usedSlots(), "slots lost: still in use after every thread returned its own");
            assertEquals(G.totalSlots() - G.reservedSlots(), a.freeSlots());
            assertEquals(0, a.descriptorCount());
            a.checkConsistency();
            assertEquals(new BuddyAllocator(0, G).fragmentation(), a.fragmentation(), "free space not coalesced back");
        }

        private void run(final int id, final SplittableRandom rnd) {
            final List<Held> held = new ArrayList<>();
            for (int i = 0; i < OPS; i++) {
                final int op = rnd.nextInt(10);
                if (op < 4 || held.isEmpty()) {
                    final int order = rnd.nextInt(5);
                    final long h = a.allocateFolio(order);
                    if (h != SlotAllocator.NONE) {
                        final Held f = new Held(h, order, full(order));
                        claim(id, f);
                        held.add(f);
                    }
                } else {
                    final Held f = held.get(rnd.nextInt(held.size()));
                    final int page = livePage(f, rnd);
                    final long slot = a.slotOf(f.handle(), f.order(), page);
                    if (op < 7) {
                        final int first = page;
                        int count = 1;
                        while (first + count < f.live().length && f.live()[first + count] && rnd.nextBoolean()) {
                            count++;
                        }
                        release(f, first, count);
                        if (allFreed(f)) {
                            held.remove(f);
                        }
                    } else if (op < 9) {
                        assertEquals(SwapResult.OK, a.dup(slot));
                        assertEquals(1, a.countOf(slot));
                        assertEquals(false, a.put(slot), "a put that leaves the cache pin freed the slot");
                    } else {
                        assertEquals(SwapResult.ALREADY_CACHED, a.cacheAdd(slot));
                        assertTrue(a.isCached(slot));
                    }
                }
            }
            for (final Held f : held) {
                for (int p = 0; p < f.live().length; p++) {
                    if (f.live()[p]) {
                        release(f, p, 1);
                    }
                }
            }
        }

        private void claim(final int id, final Held f) {
            for (int p = 0; p < f.live().length; p++) {
                final long slot = SwapEntry.offset(a.slotOf(f.handle(), f.order(), p));
                if (!owner.compareAndSet((int) slot, 0, id)) {
                    doubleClaims.incrementAndGet();
                }
            }
        }

        /** Gives pages back: the owner entry is cleared first, so a thread that gets the slot next can claim it. */
        private void release(final Held f, final int first, final int count) {
            for (int p = first; p < first + count; p++) {
                owner.set((int) SwapEntry.offset(a.slotOf(f.handle(), f.order(), p)), 0);
            }
            a.freeFolioPages(f.handle(), f.order(), first, count);
            for (int p = first; p < first + count; p++) {
                f.live()[p] = false;
            }
        }

        private static boolean[] full(final int order) {
            final boolean[] live = new boolean[1 << order];
            Arrays.fill(live, true);
            return live;
        }

        private static int livePage(final Held f, final SplittableRandom rnd) {
            int p = rnd.nextInt(f.live().length);
            while (!f.live()[p]) {
                p = (p + 1) % f.live().length;
            }
            return p;
        }

        private static boolean allFreed(final Held f) {
            for (final boolean b : f.live()) {
                if (b) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A buddy allocator with one planted defect, struck once at the 1000th call of its kind (any thread): the
     * owner table and the end-of-run accounting must catch each.
     */
    private static final class Planted extends ForwardingFolioAllocator<BuddyAllocator>
            implements SwapCounts.Forwarding, Auditable {
        /** The defect. */
        enum Defect { HAND_OUT_TWICE, LOSE_A_FREE }

        private static final int STRIKE_AT = 1000;
        private final Defect defect;
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicBoolean struck = new AtomicBoolean();
        /** The last folio handed out per order. */
        private final AtomicLongArray last = new AtomicLongArray(G.maxOrder() + 1);

        Planted(final Defect defect) {
            super(new BuddyAllocator(0, G));
            this.defect = defect;
            for (int k = 0; k < last.length(); k++) {
                last.set(k, NONE);
            }
        }

        private boolean strikes() {
            return calls.incrementAndGet() >= STRIKE_AT && !struck.get();
        }

        @Override
        public long allocateFolio(final int order) {
            if (defect == Defect.HAND_OUT_TWICE && strikes()) {
                final long again = last.get(order);
                if (again != NONE && struck.compareAndSet(false, true)) {
                    return again;
                }
            }
            final long h = delegate().allocateFolio(order);
            if (h != NONE) {
                last.set(order, h);
            }
            return h;
        }

        @Override
        public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
            if (defect == Defect.LOSE_A_FREE && strikes() && struck.compareAndSet(false, true)) {
                return;
            }
            delegate().freeFolioPages(handle, order, firstPage, count);
        }

        @Override
        public SwapCounts swapCounts() {
            return delegate();
        }

        @Override
        public void checkConsistency() {
            delegate().checkConsistency();
        }
    }
}
