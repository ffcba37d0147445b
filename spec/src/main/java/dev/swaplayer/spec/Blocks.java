package dev.swaplayer.spec;

import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * Buddy arithmetic and the canonical decomposition of a set of free slots, written for clarity rather than
 * speed: the specification and the invariant checks use it as the definition of "fully coalesced".
 *
 * <p>Thread safety: stateless.
 *
 * <h2>Buddies</h2>
 * For a block starting at B of order O (B a multiple of 2^O), its buddy starts at {@code B ^ (1 << O)} and
 * its parent at {@code B & ~(1 << O)}: at order 1 the buddy of 8 is 10 and their parent is 8 (order 2).
 * This holds because every block is aligned to its own size and no block is larger than a cluster.
 *
 * <h2>Packed blocks</h2>
 * A block is packed into one {@code long} as {@code start << ORDER_BITS | order}; packed blocks sort by
 * address.
 */
public final class Blocks {
    /** Bits of a packed block holding the order. */
    public static final int ORDER_BITS = 8;
    private static final long ORDER_MASK = (1L << ORDER_BITS) - 1;

    private Blocks() {
    }

    /**
     * Returns the first slot of its buddy.
     *
     * @param start the block's first slot
     * @param order its order
     */
    public static long buddyOf(final long start, final int order) {
        return start ^ (1L << order);
    }

    /**
     * Returns the first slot of the order+1 block containing it.
     *
     * @param start the block's first slot
     * @param order its order
     */
    public static long parentOf(final long start, final int order) {
        return start & ~(1L << order);
    }

    /**
     * Returns the packed block.
     *
     * @param start first slot
     * @param order order
     */
    public static long pack(final long start, final int order) {
        return start << ORDER_BITS | order;
    }

    /**
     * Returns its first slot.
     *
     * @param packed a packed block
     */
    public static long start(final long packed) {
        return packed >>> ORDER_BITS;
    }

    /**
     * Returns its order.
     *
     * @param packed a packed block
     */
    public static int order(final long packed) {
        return (int) (packed & ORDER_MASK);
    }

    /**
     * The fully coalesced free blocks of a free set: every maximal naturally aligned block of order at most
     * {@code maxOrder} that lies inside one cluster, below the device end, and whose slots are all free.
     *
     * @param g the geometry
     * @param isFree which slots are free (asked only for slots below the device end)
     * @return packed blocks in ascending address order
     */
    public static long[] canonical(final Geometry g, final LongPredicate isFree) {
        final int n = (int) Math.min(g.totalSlots(), Integer.MAX_VALUE - 8);
        final int[] freePrefix = new int[n + 1];
        for (int s = 0; s < n; s++) {
            freePrefix[s + 1] = freePrefix[s] + (isFree.test(s) ? 1 : 0);
        }
        final LongList out = new LongList();
        final long top = 1L << g.maxOrder();
        final long end = (long) g.clusterCount() << g.clusterOrder();
        for (long start = 0; start < end; start += top) {
            emit(start, g.maxOrder(), n, freePrefix, out);
        }
        return out.toArray();
    }

    private static void emit(final long start, final int order, final int n, final int[] prefix, final LongList out) {
        final long size = 1L << order;
        if (start >= n) {
            return;
        }
        if (start + size <= n && prefix[(int) (start + size)] - prefix[(int) start] == size) {
            out.add(pack(start, order));
        } else if (order > 0) {
            emit(start, order - 1, n, prefix, out);
            emit(start + size / 2, order - 1, n, prefix, out);
        }
    }

    /** A growable list of longs, enough for the spec without a collections dependency. */
    static final class LongList {
        private long[] items = new long[16];
        private int size;

        void add(final long v) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = v;
        }

        int size() {
            return size;
        }

        long get(final int i) {
            return items[i];
        }

        long[] toArray() {
            return Arrays.copyOf(items, size);
        }
    }
}
