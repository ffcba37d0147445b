package dev.swaplayer.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The lower-bound baseline for two threads: {@link FlatBitmap}'s algorithm, with each word claimed by
 * compare-and-set and released by an atomic AND.
 *
 * <p>Thread safety: thread-safe and lock-free. Memory ordering: every claim and release is a volatile
 * read-modify-write of its word, so a run released by one thread and claimed by another is seen whole. The
 * next-fit cursor is a plain int read and written racily: it is only a hint of where to start scanning, any
 * value in range is correct, and an int is never torn.
 */
public final class AtomicFlatBitmap {
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] words;
    private int cursor;

    /**
     * @param slots the device size in slots: a positive multiple of 64
     */
    public AtomicFlatBitmap(final long slots) {
        this.words = new long[FlatBitmap.checkSlots(slots)];
        WORDS.setVolatile(words, 0, 1L); // the header slot
    }

    /**
     * Returns the first slot of a free aligned run, now in use, or {@link FlatBitmap#NONE}.
     *
     * @param order 0..6
     */
    public long allocate(final int order) {
        FlatBitmap.checkOrder(order);
        final long lane = FlatBitmap.laneMask(order);
        final int n = words.length;
        int w = cursor;
        for (int seen = 0; seen < n; seen++) {
            long old = (long) WORDS.getVolatile(words, w);
            long lanes = FlatBitmap.freeLanes(old, order);
            while (lanes != 0) {
                final int bit = Long.numberOfTrailingZeros(lanes);
                final long witness = (long) WORDS.compareAndExchange(words, w, old, old | (lane << bit));
                if (witness == old) {
                    cursor = w;
                    return (long) w * Long.SIZE + bit;
                }
                old = witness;
                lanes = FlatBitmap.freeLanes(old, order);
            }
            w = w + 1 == n ? 0 : w + 1;
        }
        return FlatBitmap.NONE;
    }

    /**
     * Frees a run of {@code 2^order} slots.
     *
     * @param slot the first slot of a run {@link #allocate} returned for this order
     * @param order its order
     * @throws IllegalStateException when a slot of the run was not in use
     */
    public void free(final long slot, final int order) {
        FlatBitmap.checkOrder(order);
        final long mask = FlatBitmap.laneMask(order) << (slot & (Long.SIZE - 1));
        final int w = FlatBitmap.wordOf(slot, order, words.length);
        final long before = (long) WORDS.getAndBitwiseAnd(words, w, ~mask);
        if ((before & mask) != mask) {
            WORDS.getAndBitwiseOr(words, w, before & mask); // leave the state as it was
            throw new IllegalStateException("slot " + slot + ": not in use (expected: a run of order " + order
                    + " in use)");
        }
    }

    /** Returns slots in use (header excluded); O(slots / 64), exact only while no call is in flight. */
    public long usedSlots() {
        long used = -1;
        for (int w = 0; w < words.length; w++) {
            used += Long.bitCount((long) WORDS.getVolatile(words, w));
        }
        return used;
    }
}
