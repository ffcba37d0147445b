package dev.swaplayer.kernel;

import dev.swaplayer.spec.SwapResult;
import java.util.Arrays;

/**
 * The swap count and swap-cache flag of every in-use slot of a kernel model: the part of the kernel's
 * {@code swap_map} byte that {@code __swap_duplicate} and {@code __swap_entry_free_locked} change, kept in one
 * {@code int} word per slot and allocated per cluster on the first change, so that a caller that never
 * duplicates or puts (the simulator) pays nothing.
 *
 * <p>Thread safety: not thread-safe; the words of cluster c are guarded by that cluster's lock in
 * {@link SwapInfo} ({@code ci->lock}), and so is the reference to the cluster's array.
 *
 * <h2>Word layout</h2>
 * <pre>
 *   bit  31         30 ............................. 0
 *       +----------+---------------------------------+
 *       | UNCACHED |  swap count, 0 .. 2^31-1        |
 *       +----------+---------------------------------+
 * </pre>
 * UNCACHED is the inverse of {@code SWAP_HAS_CACHE}, so that the zero word (an array never allocated, or a
 * word reset when its slot was freed) is the state allocation leaves: count 0 with the swap cache holding the
 * slot. The word of a free or reserved slot is always 0.
 */
final class SwapCountWords {
    /** Bits of the swap count. */
    static final int COUNT_BITS = Integer.SIZE - 1;
    /** The count mask: the largest swap count, {@code 2^31-1}. */
    static final int COUNT_MASK = (1 << COUNT_BITS) - 1;
    /** Set when the swap cache does not hold the slot. */
    static final int UNCACHED = 1 << COUNT_BITS;

    static {
        checkLayout();
    }

    // The expression is constant 0 by construction: the check guards the layout against a future edit.
    @SuppressWarnings("ErroneousBitwiseExpression")
    private static void checkLayout() {
        if (COUNT_MASK != SwapResult.MAX_SWAP_COUNT || (COUNT_MASK & UNCACHED) != 0) {
            throw new ExceptionInInitializerError("swap count word: count bits and the cache bit overlap");
        }
    }

    private final int[][] words;
    private final int clusterOrder;

    SwapCountWords(final int clusters, final int clusterOrder) {
        this.words = new int[clusters][];
        this.clusterOrder = clusterOrder;
    }

    private int index(final long slot) {
        return (int) (slot & (1L << clusterOrder) - 1);
    }

    private int word(final long slot) {
        final int[] w = words[(int) (slot >>> clusterOrder)];
        return w == null ? 0 : w[index(slot)];
    }

    private void setWord(final long slot, final int word) {
        final int c = (int) (slot >>> clusterOrder);
        if (words[c] == null) {
            if (word == 0) {
                return;
            }
            words[c] = new int[1 << clusterOrder];
        }
        words[c][index(slot)] = word;
    }

    /** Returns the slot's swap count (0 for a free slot). */
    int count(final long slot) {
        return word(slot) & COUNT_MASK;
    }

    /** Returns whether the swap cache holds the slot, as far as the word says (true for the zero word). */
    boolean cached(final long slot) {
        return (word(slot) & UNCACHED) == 0;
    }

    void setCount(final long slot, final int count) {
        assert count >= 0 : "swap count " + count;
        setWord(slot, (word(slot) & UNCACHED) | count);
    }

    void setCached(final long slot, final boolean cached) {
        setWord(slot, cached ? word(slot) & COUNT_MASK : word(slot) | UNCACHED);
    }

    /** Resets the words of {@code [slot, slot + nr)}, all in one cluster, to 0: the slots were freed. */
    void reset(final long slot, final int nr) {
        final int[] w = words[(int) (slot >>> clusterOrder)];
        if (w != null) {
            final int from = index(slot);
            Arrays.fill(w, from, from + nr, 0);
        }
    }

    /** Returns whether the word of the slot is 0 (what a free or reserved slot must have). */
    boolean isZero(final long slot) {
        return word(slot) == 0;
    }
}
