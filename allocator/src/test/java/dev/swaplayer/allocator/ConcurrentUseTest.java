package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Many threads share one buddy allocator and mix every operation: contiguous and compound folios, partial
 * frees, swap counts and the swap-cache flag. Each thread claims the slots it is given in a shared owner
 * table with a compare-and-set, so a slot handed to two threads at once is caught the moment it happens;
 * at the end every thread returns what it holds and the device must be exactly as it started (INV-5, INV-6
 * and the allocator's own audit). JCStress and Lincheck in {@code concurrency-tests} check the races one by
 * one; this test checks that they compose. No timing is asserted.
 */
class ConcurrentUseTest {
    private static final int THREADS = 4;
    private static final int OPS = 40_000;

    private final Geometry g = Geometry.builder(4096).clusterSlots(64).maxOrder(4).minOrder(0).build();
    private final BuddyAllocator a = new BuddyAllocator(0, g);
    private final AtomicIntegerArray owner = new AtomicIntegerArray((int) g.totalSlots());
    private final AtomicLong doubleClaims = new AtomicLong();

    /** One folio a thread holds: its handle, order, and which pages it has not freed yet (changed in place). */
    @SuppressWarnings("ArrayRecordComponent") // the flags are the thread's own mutable bookkeeping, never compared
    private record Held(long handle, int order, boolean[] live) { }

    @Test
    void threadsMixingEveryOperationLoseAndDuplicateNothing() throws Exception {
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
        assertEquals(g.totalSlots() - g.reservedSlots(), a.freeSlots());
        assertEquals(0, a.descriptorCount());
        a.checkConsistency();
        assertEquals(new BuddyAllocator(0, g).fragmentation(), a.fragmentation(), "free space not coalesced back");
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
