package dev.swaplayer.bench;

/**
 * The lower-bound baseline of the allocator benchmarks: one flat bitmap of slots, scanned word by word with
 * {@link Long#numberOfTrailingZeros}, and no other bookkeeping (no per-order lists, no cluster state, no swap
 * counts).
 *
 * <p>Thread safety: not thread-safe; {@link AtomicFlatBitmap} is the two-thread variant.
 *
 * <h2>Layout</h2>
 * Bit {@code s % 64} of word {@code s / 64} is set while slot {@code s} is in use. Slot 0 is the header page
 * and is set for life, so that {@link #NONE} (0) can mean "nothing fits", as for every other policy.
 *
 * <h2>Algorithm: allocate(k)</h2>
 * A run of {@code 2^k} slots, {@code k <= 6}, naturally aligned. From the word of the last allocation (one
 * int of state, a next-fit cursor; without it every call would rescan the full front of the device), walk the
 * words with wrap-around; in each word find the aligned lanes of {@code 2^k} bits that are all clear
 * ({@link #freeLanes}), take the lowest one.
 */
public final class FlatBitmap {
    /** Returned when nothing fits: slot 0, which is never free. */
    public static final long NONE = 0;
    /** The largest order: one whole word. */
    public static final int MAX_ORDER = 6;
    /** Per order k, the bits at multiples of {@code 2^k}: the first bit of each lane. */
    private static final long[] LANE_STARTS = {
        -1L, 0x5555_5555_5555_5555L, 0x1111_1111_1111_1111L, 0x0101_0101_0101_0101L,
        0x0001_0001_0001_0001L, 0x0000_0001_0000_0001L, 1L,
    };

    private final long[] words;
    private int cursor;

    /**
     * @param slots the device size in slots: a positive multiple of 64
     */
    public FlatBitmap(final long slots) {
        this.words = new long[checkSlots(slots)];
        words[0] = 1L; // the header slot
    }

    static int checkSlots(final long slots) {
        if (slots < Long.SIZE || slots % Long.SIZE != 0 || slots / Long.SIZE > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("slots: " + slots + " (expected: a positive multiple of 64)");
        }
        return (int) (slots / Long.SIZE);
    }

    static int checkOrder(final int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("order: " + order + " (expected: 0.." + MAX_ORDER + ")");
        }
        return order;
    }

    /**
     * The aligned lanes of {@code 2^order} bits of {@code word} whose bits are all clear.
     *
     * <p>Folding: after {@code y |= y >>> 2^i} for i = 0..order-1, bit p of y is the OR of bits p..p+2^order-1
     * of word (unsigned shifts bring in zeros, and an aligned lane ends inside the word).
     *
     * @param word a bitmap word
     * @param order the lane order, 0..6
     * @return a mask with the first bit of each clear lane set
     */
    static long freeLanes(final long word, final int order) {
        long y = word;
        for (int i = 0; i < order; i++) {
            y |= y >>> (1 << i);
        }
        return ~y & LANE_STARTS[order];
    }

    /** Returns the mask of a lane of {@code 2^order} bits starting at bit 0. */
    static long laneMask(final int order) {
        return order == MAX_ORDER ? -1L : (1L << (1 << order)) - 1;
    }

    /**
     * Returns the first slot of a free aligned run of {@code 2^order} slots, now in use, or {@link #NONE}.
     *
     * @param order 0..6
     */
    public long allocate(final int order) {
        checkOrder(order);
        final int n = words.length;
        int w = cursor;
        for (int seen = 0; seen < n; seen++) {
            final long lanes = freeLanes(words[w], order);
            if (lanes != 0) {
                final int bit = Long.numberOfTrailingZeros(lanes);
                words[w] |= laneMask(order) << bit;
                cursor = w;
                return (long) w * Long.SIZE + bit;
            }
            w = w + 1 == n ? 0 : w + 1;
        }
        return NONE;
    }

    /**
     * Frees a run of {@code 2^order} slots.
     *
     * @param slot the first slot of a run {@link #allocate} returned for this order
     * @param order its order
     * @throws IllegalStateException when a slot of the run is not in use
     */
    public void free(final long slot, final int order) {
        checkOrder(order);
        final long mask = laneMask(order) << (slot & (Long.SIZE - 1));
        final int w = wordOf(slot, order, words.length);
        if ((words[w] & mask) != mask) {
            throw new IllegalStateException("slot " + slot + ": not in use (expected: a run of order " + order
                    + " in use)");
        }
        words[w] &= ~mask;
    }

    static int wordOf(final long slot, final int order, final int words) {
        if (slot <= 0 || slot >= (long) words * Long.SIZE || (slot & ((1L << order) - 1)) != 0) {
            throw new IllegalArgumentException("slot: " + slot + " (expected: 1.." + ((long) words * Long.SIZE - 1)
                    + ", aligned to 2^" + order + ")");
        }
        return (int) (slot >>> 6);
    }

    /** Returns slots in use (header excluded); O(slots / 64). */
    public long usedSlots() {
        long used = -1;
        for (final long w : words) {
            used += Long.bitCount(w);
        }
        return used;
    }

    /**
     * Returns whether it is in use (the header always is).
     *
     * @param slot a slot
     */
    public boolean inUse(final long slot) {
        return (words[(int) (slot >>> 6)] & (1L << slot)) != 0;
    }
}
