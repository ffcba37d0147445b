package dev.swaplayer.allocator;

import java.util.Arrays;

/**
 * One cluster's small-pageblock marks ({@link dev.swaplayer.spec.Placement}) and, for each order below the
 * pageblock order, the free blocks that lie in small pageblocks.
 *
 * <p>Thread safety: guarded by the owning allocator's device lock, like the cluster's free-block maps.
 *
 * <h2>Layout</h2>
 * <pre>
 *   small        one bit per pageblock of 2^p slots: set while the pageblock is small
 *   smallHeads   for each order j &lt; p, a bitmap laid out as {@link ClusterFreeBlocks}'s heads of order j: bit i set
 *                iff the free block (i &lt;&lt; j, j) exists and its pageblock is small
 *   smallFree[j] the set bits of smallHeads of order j
 *   freeIn[b]    free slots in pageblock b
 *   smallOpen    one bit per pageblock: set while it is small and has a free slot (one of buckets 1..2^p-1)
 *   buckets      the large pageblocks with some but not all slots free, by free count: bucket 2^p + k holds
 *                the large ones with k free slots
 * </pre>
 * A small pageblock's bucket k in 1..2^p-1 ({@link #bucketOf}) is kept only as its smallOpen bit: no search asks
 * for a small pageblock by its free count (order 0 takes the lowest small pageblock with a free slot), so an
 * allocation or free inside one, the common case, moves no bucket map.
 * Invariant, kept by {@link ClusterFreeBlocks#addHead} and {@link ClusterFreeBlocks#removeHead}: for j &lt; p,
 * {@code smallHead(j, x) == head(j, x) && small(x >> p)}; a small pageblock is never wholly free; every
 * pageblock is in the bucket its free count and mark name, and in no other.
 */
final class Pageblocks {
    /** The pageblock order p. */
    final int order;
    private final long[] small;
    private final long[] smallOpen;
    private final long[] smallHeads;
    private final int[] headBase;
    /** Free blocks of each order below p inside small pageblocks. */
    final int[] smallFree;
    /** Bit j set while {@code smallFree[j] > 0}, kept by {@link #addHead} and {@link #removeHead}. */
    int smallOrders;
    /** Free slots in each pageblock. */
    private final int[] freeIn;
    /**
     * For each large bucket 2^p + f ({@link #bucketOf}), a bitmap of its pageblocks in words {@code [f * bucketWords,
     * (f + 1) * bucketWords)}, one array for all buckets (a few cache lines, not an array per bucket); f = 0 is
     * unused.
     */
    private final long[] bucketMaps;
    /** Words of one bucket's bitmap. */
    private final int bucketWords;
    /** Pageblocks in each large bucket 2^p + f, at f. */
    private final int[] bucketCount;
    /** Bit k set while the large bucket k is not empty. */
    private long nonEmpty;
    /** Small pageblocks with a free slot: the set bits of {@link #smallOpen}. */
    int smallOpenCount;

    /**
     * @param order the pageblock order p
     * @param slots the cluster's slots
     * @param headBase the cluster's word offset of each order's head bitmap (orders below p share it)
     */
    Pageblocks(final int order, final int slots, final int[] headBase) {
        this.order = order;
        this.small = new long[Math.max(1, (slots >>> order) >>> 6)];
        this.smallOpen = new long[small.length];
        this.headBase = headBase;
        this.smallHeads = new long[headBase[order]];
        this.smallFree = new int[order];
        this.freeIn = new int[slots >>> order];
        this.bucketWords = Math.max(1, freeIn.length >>> 6);
        this.bucketMaps = new long[(1 << order) * bucketWords];
        this.bucketCount = new int[1 << order];
    }

    Pageblocks(final Pageblocks o) {
        this.order = o.order;
        this.small = o.small.clone();
        this.smallOpen = o.smallOpen.clone();
        this.headBase = o.headBase;
        this.smallHeads = o.smallHeads.clone();
        this.smallFree = o.smallFree.clone();
        this.smallOrders = o.smallOrders;
        this.freeIn = o.freeIn.clone();
        this.bucketWords = o.bucketWords;
        this.bucketMaps = o.bucketMaps.clone();
        this.bucketCount = o.bucketCount.clone();
        this.nonEmpty = o.nonEmpty;
        this.smallOpenCount = o.smallOpenCount;
    }

    /**
     * Returns its bucket: 0 when it is full or wholly free, k for a small one with k free slots, 2^p + k for a large
     * one.
     *
     * @param free a pageblock's free slots
     * @param small whether it is marked small
     * @param order the pageblock order p
     */
    static int bucketOf(final int free, final boolean small, final int order) {
        if (free == 0 || free == 1 << order) {
            return 0;
        }
        return small ? free : (1 << order) + free;
    }

    /** Counts a free block of order j at idx coming (+1) or going (-1). */
    void countFree(final int j, final int idx, final int sign) {
        final int first = idx >>> order;
        final int n = j < order ? 1 : Math.min(1 << (j - order), freeIn.length - first);
        for (int b = first; b < first + n; b++) {
            final boolean small = isSmall(b << order);
            final int was = bucketOf(freeIn[b], small, order);
            freeIn[b] += sign << Math.min(j, order);
            rebucket(b, was, bucketOf(freeIn[b], small, order));
        }
    }

    /**
     * Counts a free block of order j &lt; p at idx coming (+1) or going (-1), inside one pageblock, and records it
     * as lying in a small pageblock ({@link #addHead}, {@link #removeHead}) when its pageblock is small: what
     * {@link #countFree} and those do for such a block, with the pageblock's mark read once.
     */
    void countInside(final int j, final int idx, final int sign) {
        final int b = idx >>> order;
        final boolean isSmall = (small[b >>> 6] & 1L << b) != 0;
        final int was = bucketOf(freeIn[b], isSmall, order);
        freeIn[b] += sign << j;
        rebucket(b, was, bucketOf(freeIn[b], isSmall, order));
        if (isSmall) {
            if (sign > 0) {
                addHead(j, idx);
            } else {
                removeHead(j, idx);
            }
        }
    }

    private void rebucket(final int b, final int was, final int now) {
        if (was == now) {
            return;
        }
        final boolean wasOpen = isSmallBucket(was);
        if (wasOpen != isSmallBucket(now)) {
            smallOpen[b >>> 6] ^= 1L << b;
            smallOpenCount += wasOpen ? -1 : 1;
        }
        final int full = 1 << order;
        if (was > full) {
            bucketMaps[(was - full) * bucketWords + (b >>> 6)] &= ~(1L << b);
            if (--bucketCount[was - full] == 0) {
                nonEmpty &= ~(1L << was);
            }
        }
        if (now > full) {
            bucketMaps[(now - full) * bucketWords + (b >>> 6)] |= 1L << b;
            bucketCount[now - full]++;
            nonEmpty |= 1L << now;
        }
    }

    /**
     * Returns the large buckets {@code 2^p + 1 .. 2^(p+1) - 1} as a mask of {@link #nonEmptyBuckets}' bits: the
     * ones the allocator's device index holds.
     *
     * @param order the pageblock order p
     */
    static long largeBuckets(final int order) {
        return (-1L >>> (Long.SIZE - (2 << order))) & -(2L << (1 << order));
    }

    private boolean isSmallBucket(final int bucket) {
        return bucket != 0 && bucket < 1 << order;
    }

    /** Returns whether some small pageblock has a free slot, from the kept count of them. */
    boolean hasSmallOpen() {
        return smallOpenCount > 0;
    }

    /** Returns whether the pageblock holding idx is marked as small with a free slot. */
    boolean isSmallOpen(final int idx) {
        final int b = idx >>> order;
        return (smallOpen[b >>> 6] & 1L << b) != 0;
    }

    /**
     * Returns the first slot of the lowest small pageblock with a free slot: one word scan.
     *
     * @return that slot, relative to the cluster; {@link #hasSmallOpen} must hold
     */
    int lowestSmallOpen() {
        int w = 0;
        while (smallOpen[w] == 0) {
            w++; // the caller checked hasSmallOpen
        }
        return (w << 6 | Long.numberOfTrailingZeros(smallOpen[w])) << order;
    }

    /** Returns the free slots of the pageblock holding idx. */
    int freeIn(final int idx) {
        return freeIn[idx >>> order];
    }

    /**
     * Returns whether the pageblock holding idx is in the given bucket and in no other (bucket 0: in none): for a large
     * bucket its map, for a small one the pageblock's smallOpen bit.
     */
    boolean inBucket(final int idx, final int bucket) {
        final int b = idx >>> order;
        final int full = 1 << order;
        for (int f = 1; f < full; f++) {
            if (((bucketMaps[f * bucketWords + (b >>> 6)] >>> b & 1) != 0) != (full + f == bucket)) {
                return false;
            }
        }
        return isSmallOpen(idx) == isSmallBucket(bucket);
    }

    /** Returns bit k set for every non-empty large bucket k, kept as buckets change. */
    long nonEmptyBuckets() {
        return nonEmpty;
    }

    /**
     * Returns bit k set for every non-empty large bucket k, counted afresh, and bit 0 when a kept count disagrees
     * with its map (a large bucket's, or the count of small pageblocks with a free slot): for the audit.
     */
    long countNonEmptyBuckets() {
        final int full = 1 << order;
        long set = 0;
        for (int f = 1; f < full; f++) {
            int n = 0;
            for (int w = f * bucketWords; w < (f + 1) * bucketWords; w++) {
                n += Long.bitCount(bucketMaps[w]);
            }
            set |= n != bucketCount[f] ? 1L : n > 0 ? 1L << (full + f) : 0;
        }
        int open = 0;
        for (final long w : smallOpen) {
            open += Long.bitCount(w);
        }
        return set | (open != smallOpenCount ? 1L : 0);
    }

    /**
     * Returns the first slot of its lowest pageblock.
     *
     * @param bucket a non-empty large bucket
     */
    int lowestIn(final int bucket) {
        final int base = (bucket - (1 << order)) * bucketWords;
        int w = 0;
        while (bucketMaps[base + w] == 0) {
            w++; // the caller's index says the bucket is not empty
        }
        return (w << 6 | Long.numberOfTrailingZeros(bucketMaps[base + w])) << order;
    }

    /** Returns whether the pageblock holding slot idx of the cluster is small. */
    boolean isSmall(final int idx) {
        final int b = idx >>> order;
        return (small[b >>> 6] & 1L << b) != 0;
    }

    /** Marks the pageblock holding idx small; the caller then records its free blocks ({@link #addHead}). */
    void setSmall(final int idx) {
        final int b = idx >>> order;
        small[b >>> 6] |= 1L << b;
        rebucket(b, bucketOf(freeIn[b], false, order), bucketOf(freeIn[b], true, order));
    }

    /**
     * Clears the marks of the pageblocks a free block of order {@code j >= p} at idx covers: they are wholly
     * free, so in no bucket either way.
     */
    void clearCovered(final int idx, final int j) {
        final int first = idx >>> order;
        final int n = 1 << (j - order);
        if (n >= Long.SIZE) {
            Arrays.fill(small, first >>> 6, (first + n) >>> 6, 0L);
        } else {
            small[first >>> 6] &= ~(((1L << n) - 1) << (first & 63)); // n < 64 aligned bits stay in one word
        }
    }

    /** Records a free block of order j &lt; p at idx as lying in a small pageblock. */
    void addHead(final int j, final int idx) {
        final int bit = idx >>> j;
        smallHeads[headBase[j] + (bit >>> 6)] |= 1L << bit;
        if (smallFree[j]++ == 0) {
            smallOrders |= 1 << j;
        }
    }

    /** Forgets a free block of order j &lt; p at idx that lies in a small pageblock. */
    void removeHead(final int j, final int idx) {
        final int bit = idx >>> j;
        smallHeads[headBase[j] + (bit >>> 6)] &= ~(1L << bit);
        if (--smallFree[j] == 0) {
            smallOrders &= ~(1 << j);
        }
    }

    /** Returns whether (idx, j), j &lt; p, is recorded as a free block in a small pageblock. */
    boolean isHead(final int j, final int idx) {
        final int bit = idx >>> j;
        return (smallHeads[headBase[j] + (bit >>> 6)] & 1L << bit) != 0;
    }

    /**
     * Returns the lowest free block of order j inside a small pageblock.
     *
     * @param j an order below p with {@code smallFree[j] > 0}
     */
    int lowestSmall(final int j) {
        final int base = headBase[j];
        int w = 0;
        while (smallHeads[base + w] == 0) {
            w++; // the caller checked smallFree[j] > 0
        }
        return (w << 6 | Long.numberOfTrailingZeros(smallHeads[base + w])) << j;
    }

    /**
     * Returns the lowest free block of order j inside a large pageblock.
     *
     * @param j an order below p with a free block of order j in a large pageblock
     * @param heads the cluster's head bitmaps
     */
    int lowestLarge(final int j, final long[] heads) {
        final int base = headBase[j];
        int w = 0;
        while ((heads[base + w] & ~smallHeads[base + w]) == 0) {
            w++; // the caller checked that such a block exists
        }
        return (w << 6 | Long.numberOfTrailingZeros(heads[base + w] & ~smallHeads[base + w])) << j;
    }
}
