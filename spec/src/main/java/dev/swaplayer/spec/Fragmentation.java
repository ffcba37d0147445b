package dev.swaplayer.spec;

import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * A fragmentation view of one device: free blocks per order, as {@code /proc/buddyinfo} prints them, and
 * the kernel's unusable free space index (Mel Gorman's {@code extfrag/unusable_index}, {@code mm/vmstat.c}).
 *
 * <p>Thread safety: immutable.
 *
 * <p>For a requested order k, with {@code free} free slots and {@code suitable(k) = sum over j >= k of
 * blocks(j) << (j - k)} (how many order-k runs the free blocks could serve):
 * <pre>
 *   unusable(k) = (free - (suitable(k) << k)) / free,     and 1 when free == 0
 * </pre>
 * 0 means every free slot is usable at order k; 1 means none is. The kernel prints it in thousandths,
 * truncated: {@link #unusableIndexMillis(int)}.
 */
public final class Fragmentation {
    private final long[] blocks;

    /**
     * @param blocksPerOrder free blocks of each order, index = order (copied)
     */
    public Fragmentation(final long[] blocksPerOrder) {
        this.blocks = blocksPerOrder.clone();
    }

    /**
     * The view of a free set, for allocators that keep no buddy lists of their own: the free slots are
     * decomposed into their fully coalesced blocks ({@link Blocks#canonical}) and counted per order.
     *
     * @param g the geometry
     * @param isFree which slots are free
     * @return the view
     */
    public static Fragmentation of(final Geometry g, final LongPredicate isFree) {
        final long[] counts = new long[g.maxOrder() + 1];
        for (final long b : Blocks.canonical(g, isFree)) {
            counts[Blocks.order(b)]++;
        }
        return new Fragmentation(counts);
    }

    /** Returns the largest order the view covers. */
    public int maxOrder() {
        return blocks.length - 1;
    }

    /**
     * Returns the number of free blocks of exactly that order.
     *
     * @param order an order in 0..maxOrder
     */
    public long freeBlocks(final int order) {
        return blocks[Checks.checkInRange("order", order, 0, maxOrder())];
    }

    /** Returns free slots in all blocks. */
    public long freeSlots() {
        long sum = 0;
        for (int j = 0; j < blocks.length; j++) {
            sum += blocks[j] << j;
        }
        return sum;
    }

    /**
     * Returns how many disjoint aligned order-k runs the free blocks contain.
     *
     * @param order the requested order
     */
    public long suitableBlocks(final int order) {
        Checks.checkInRange("order", order, 0, maxOrder());
        long suitable = 0;
        for (int j = order; j < blocks.length; j++) {
            suitable += blocks[j] << (j - order);
        }
        return suitable;
    }

    /**
     * Returns the unusable free space index in [0, 1].
     *
     * @param order the requested order
     */
    public double unusableIndex(final int order) {
        final long free = freeSlots();
        if (free == 0) {
            return 1.0;
        }
        return (double) (free - (suitableBlocks(order) << order)) / free;
    }

    /**
     * Returns the unusable free space index in thousandths, truncated, as the kernel reports it.
     *
     * @param order the requested order
     */
    public int unusableIndexMillis(final int order) {
        final long free = freeSlots();
        if (free == 0) {
            return 1000;
        }
        return (int) ((free - (suitableBlocks(order) << order)) * 1000 / free);
    }

    /** Returns the free-block counts, index = order (a copy). */
    public long[] toArray() {
        return blocks.clone();
    }

    /** Returns one line in the shape of /proc/buddyinfo: {@code Node 0, zone     Swap  n0 n1 ...}. */
    public String buddyinfo() {
        final StringBuilder sb = new StringBuilder("Node 0, zone     Swap");
        for (final long n : blocks) {
            sb.append(String.format(" %6d", n));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Fragmentation f && Arrays.equals(f.blocks, blocks);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blocks);
    }

    @Override
    public String toString() {
        return "buddyinfo" + Arrays.toString(blocks);
    }
}
