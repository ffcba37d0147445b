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
 * <p>Each slot starts at count 1 and out of the swap cache ({@link #take}). A thread then either adds a reference
 * and drops it again (a fork and an unmap: the count stays at least 1, so no {@code put} may free the slot), or
 * pins the slot in the swap cache and lets go ({@link #pin}, {@link #unpin}): {@code cacheAdd} may answer OK to
 * one thread at a time only, the others reading ALREADY_CACHED, and the {@code cacheDel} may not free the slot.
 * When every thread has stopped ({@link #settle}) each slot must read count 1, uncached, and its last
 * {@code put} must free it. A lost update of the count, a cache pin handed to two threads, or a slot freed while
 * it still had a reference is counted and named.
 */
final class SharedSlots {
    /** How many slots the threads share. */
    static final int SLOTS = 8;
    /** The owner-table id of a shared slot: no worker has it (workers are 1..1024). */
    static final int OWNER = 1 << 20;

    private final SwapCounts counts;
    private final long[] slots;
    /** Per slot, the thread whose {@code cacheAdd} answered OK and that has not let go yet; 0 for none. */
    private final AtomicIntegerArray pinnedBy;
    private final AtomicLong wrong = new AtomicLong();
    /** The first wrong answer, with its slot, for the message; null until there is one. */
    private final AtomicReference<String> firstWrong = new AtomicReference<>();

    private SharedSlots(final SwapCounts counts, final long[] slots) {
        this.counts = counts;
        this.slots = slots;
        this.pinnedBy = new AtomicIntegerArray(slots.length);
    }

    /**
     * Allocates the shared slots on the calling thread, before the workers start, and brings each to count 1,
     * out of the swap cache.
     *
     * @param target the allocator
     * @param owner the owner table, where each slot is claimed for {@link #OWNER}
     * @return the shared slots, or null when the allocator keeps no swap counts, has no {@link #SLOTS} free slots
     *     or refuses a {@code dup} for want of memory (then a slot freed by it would have been shared)
     */
    static SharedSlots take(final StressTarget target, final AtomicIntegerArray owner) {
        final SwapCounts c = target.counts();
        if (c == null) {
            return null;
        }
        final long[] s = new long[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            final long h = target.allocate(0);
            if (h == SlotAllocator.NONE || !CountedSlot.ONCE.reach(c, target.slot(h, 0, 0))) {
                for (int j = 0; j < i; j++) { // no room to share (a small device, no memory): give back what was taken
                    owner.set((int) SwapEntry.offset(s[j]), 0);
                    c.put(s[j]);
                }
                return null;
            }
            s[i] = target.slot(h, 0, 0);
            owner.set((int) SwapEntry.offset(s[i]), OWNER);
        }
        return new SharedSlots(c, s);
    }

    /** Picks a slot: the index given modulo {@link #SLOTS}. */
    private int index(final int i) {
        return Math.floorMod(i, slots.length);
    }

    /** A fork and an unmap of the shared page: {@code dup}, then {@code put}, which must not free it. */
    void forkAndUnmap(final int i) {
        final long e = slots[index(i)];
        final SwapResult r = counts.dup(e);
        if (r == SwapResult.OK && counts.put(e)) {
            wrong(e, "a put freed it while the count was at least 1");
        } else if (r != SwapResult.OK && r != SwapResult.NO_MEMORY) {
            wrong(e, "dup answered " + r + " at a count of a few");
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

    /** Lets go of the pin {@link #pin} gave: the {@code cacheDel} must not free the slot (its count is 1). */
    void unpin(final int i) {
        final int k = index(i);
        final long e = slots[k];
        pinnedBy.set(k, 0);
        if (counts.cacheDel(e)) {
            wrong(e, "cacheDel freed it while the count was at least 1");
        }
    }

    /**
     * Checks each slot once every thread has stopped (count 1, uncached), then frees it with its last {@code put}.
     *
     * @return the wrong answers and states found, counted while the threads ran and now
     */
    List<String> settle() {
        final List<String> out = new ArrayList<>();
        for (final long e : slots) {
            final long count = counts.countOf(e);
            final boolean cached = counts.isCached(e);
            if (count != 1 || cached) {
                out.add("shared slot " + SwapEntry.toString(e) + ": count " + count + (cached ? ", cached" : "")
                        + " after the threads' forks, unmaps and swap-cache pins (expected: count 1, not cached:"
                        + " an update was lost)");
            } else if (!counts.put(e)) {
                out.add("shared slot " + SwapEntry.toString(e) + ": its last put did not free it");
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
