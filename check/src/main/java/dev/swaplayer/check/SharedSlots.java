package dev.swaplayer.check;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.SwapResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A few slots that every stress thread works on at once, so that swap-count and swap-cache calls race on the same
 * slot, as forks, unmaps and swap-ins of one shared page do: a thread's own pages never see such a race.
 *
 * <p>Thread safety: thread-safe; the pin table and the tallies are atomic, the allocator is the one under test.
 *
 * <p>Each slot starts out of the swap cache at its base count ({@link #take}): every other slot at 1, the rest at
 * {@link #EDGE}, the most the kernel's {@code swap_map} byte holds by itself, so that the threads' references carry
 * into a continuation digit and borrow back out of it while other threads do the same on that slot and on its
 * neighbours in the cluster (in {@code mm/swapfile.c} the first carry in a cluster also allocates the cluster's
 * continuation page, outside the lock). A thread then either adds a reference and drops it again (a fork and an
 * unmap: the count stays at least its base, so no {@code put} may free the slot), or pins the slot in the swap cache
 * and lets go ({@link #pin}, {@link #unpin}): {@code cacheAdd} may answer OK to one thread at a time only, the others
 * reading ALREADY_CACHED, and the {@code cacheDel} may not free the slot. When every thread has stopped
 * ({@link #settle}) each slot must read its base count, uncached, and only its last {@code put} may free it. A lost
 * update of the count, a cache pin handed to two threads, or a slot freed while it still had a reference is counted
 * and named.
 */
final class SharedSlots {
    /** How many slots the threads share. */
    static final int SLOTS = 8;
    /** The owner-table id of a shared slot: no worker has it (workers are 1..1024). */
    static final int OWNER = 1 << 20;
    /** The base count of every odd-numbered slot: {@code SWAP_MAP_MAX}, the most the swap_map byte holds alone. */
    static final long EDGE = 62;

    private final SwapCounts counts;
    private final long[] slots;
    /** Per slot, its count while no thread holds a reference of its own: 1, or {@link #EDGE}. */
    private final long[] base;
    /** Per slot, the thread whose {@code cacheAdd} answered OK and that has not let go yet; 0 for none. */
    private final AtomicIntegerArray pinnedBy;
    private final AtomicLong wrong = new AtomicLong();
    /** The first wrong answer, with its slot, for the message; null until there is one. */
    private final AtomicReference<String> firstWrong = new AtomicReference<>();

    private SharedSlots(final SwapCounts counts, final long[] slots, final long[] base) {
        this.counts = counts;
        this.slots = slots;
        this.base = base;
        this.pinnedBy = new AtomicIntegerArray(slots.length);
    }

    /**
     * Allocates the shared slots on the calling thread, before the workers start, and brings each to its base count
     * (1, or {@link #EDGE} for every odd-numbered slot; 1 instead where a {@code dup} on the way is refused for want
     * of memory), out of the swap cache.
     *
     * @param target the allocator
     * @param owner the owner table, where each slot is claimed for {@link #OWNER}
     * @return the shared slots, or null when the allocator keeps no swap counts, has no {@link #SLOTS} free slots
     *     or refuses a {@code dup} for want of memory at count 1 (then a slot freed by it would have been shared)
     */
    static SharedSlots take(final StressTarget target, final AtomicIntegerArray owner) {
        final SwapCounts c = target.counts();
        if (c == null) {
            return null;
        }
        final long[] s = new long[SLOTS];
        final long[] base = new long[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            base[i] = i % 2 == 1 ? EDGE : 1;
            long e = takeOne(target, c, base[i]);
            if (e == SlotAllocator.NONE && base[i] != 1) {
                base[i] = 1;
                e = takeOne(target, c, 1);
            }
            if (e == SlotAllocator.NONE) {
                for (int j = 0; j < i; j++) { // no room to share (a small device, no memory): give back what was taken
                    owner.set((int) SwapEntry.offset(s[j]), 0);
                    new CountedSlot(base[j], false).release(c, s[j]);
                }
                return null;
            }
            s[i] = e;
            owner.set((int) SwapEntry.offset(e), OWNER);
        }
        return new SharedSlots(c, s, base);
    }

    /** A slot allocated and brought to {@code count}, out of the swap cache; NONE (and nothing kept) when refused. */
    private static long takeOne(final StressTarget target, final SwapCounts c, final long count) {
        final long h = target.allocate(0);
        if (h == SlotAllocator.NONE) {
            return SlotAllocator.NONE;
        }
        final long e = target.slot(h, 0, 0);
        return new CountedSlot(count, false).reach(c, e) ? e : SlotAllocator.NONE;
    }

    /** Picks a slot: the index given modulo {@link #SLOTS}. */
    private int index(final int i) {
        return Math.floorMod(i, slots.length);
    }

    /**
     * Each worker's first step, as the start barrier lets them all go at once: a fork and an unmap of the worker's
     * own slot at the edge (slots 1, 3, 5 and 7, wrapping), so that the first carries into the continuation digits,
     * of different slots of one cluster, meet (two threads that each find no continuation page for the cluster,
     * allocate one and install it without looking again lose one slot's digits).
     *
     * @param thread the calling worker's id (1..1024)
     */
    void firstCarry(final int thread) {
        forkAndUnmap(2 * (thread - 1) + 1);
    }

    /** A fork and an unmap of the shared page: {@code dup}, then {@code put}, which must not free it. */
    void forkAndUnmap(final int i) {
        final int k = index(i);
        final long e = slots[k];
        final SwapResult r = counts.dup(e);
        if (r == SwapResult.OK && counts.put(e)) {
            wrong(e, "a put freed it while the count was at least " + base[k]);
        } else if (r != SwapResult.OK && r != SwapResult.NO_MEMORY) {
            wrong(e, "dup answered " + r + " at a count of " + base[k] + " and a few");
        }
    }

    /**
     * A swap-in's pin: {@code cacheAdd}, and when it answers OK, this thread holds the pin until {@link #unpin}.
     *
     * @param i which slot
     * @param thread the calling worker's id (1..1024)
     * @return whether this thread now holds the pin
     */
    boolean pin(final int i, final int thread) {
        final int k = index(i);
        final long e = slots[k];
        final SwapResult r = counts.cacheAdd(e);
        if (r == SwapResult.OK) {
            if (!pinnedBy.compareAndSet(k, 0, thread)) {
                wrong(e, "cacheAdd answered OK to thread " + thread + " while thread " + pinnedBy.get(k)
                        + " held the swap cache's pin");
                return false;
            }
            return true;
        }
        if (r != SwapResult.ALREADY_CACHED) {
            wrong(e, "cacheAdd answered " + r + " on a slot in use");
        }
        return false;
    }

    /** Lets go of the pin {@link #pin} gave: the {@code cacheDel} must not free the slot (its count is its base). */
    void unpin(final int i) {
        final int k = index(i);
        final long e = slots[k];
        pinnedBy.set(k, 0);
        if (counts.cacheDel(e)) {
            wrong(e, "cacheDel freed it while the count was at least " + base[k]);
        }
    }

    /**
     * Checks each slot once every thread has stopped (its base count, uncached), then frees it with its
     * {@code put}s, of which only the last may free it.
     *
     * @return the wrong answers and states found, counted while the threads ran and now
     */
    List<String> settle() {
        final List<String> out = new ArrayList<>();
        for (int k = 0; k < slots.length; k++) {
            final long e = slots[k];
            final CountedSlot at = CountedSlot.read(counts, e);
            final CountedSlot want = new CountedSlot(base[k], false);
            if (!at.equals(want)) {
                out.add("shared slot " + SwapEntry.toString(e) + ": count " + at.count() + (at.cached() ? ", cached"
                        : "") + " after the threads' forks, unmaps and swap-cache pins (expected: count " + base[k]
                        + ", not cached: an update was lost)");
            } else {
                final String wrongRelease = want.release(counts, e);
                if (wrongRelease != null) {
                    out.add("shared slot " + SwapEntry.toString(e) + ", freed by its " + base[k] + " put"
                            + (base[k] == 1 ? "" : "s") + ": " + wrongRelease);
                }
            }
        }
        if (wrong.get() > 0) {
            out.add(0, wrong.get() + " wrong answer" + (wrong.get() == 1 ? "" : "s") + " on shared slots, the first"
                    + " on " + firstWrong.get());
        }
        return out;
    }

    private void wrong(final long e, final String what) {
        wrong.incrementAndGet();
        firstWrong.compareAndSet(null, SwapEntry.toString(e) + ": " + what);
    }
}
