package dev.swaplayer.allocator;

import dev.swaplayer.allocator.core.Handshake;
import dev.swaplayer.spec.Blocks;
import java.util.Arrays;

/**
 * The free-block map of one cluster of the buddy allocator: which naturally aligned blocks inside it are free,
 * with their counts, the pageblock marks kept in step with them, and the runs of free chunks they form.
 * {@link Cluster} adds the slot states; it is this map's only subclass, so that a call on a cluster costs no
 * more than when the two were one class.
 *
 * <p>Thread safety: guarded by the owning allocator's device lock ({@link FreeSpace}, {@link Handshake}).
 *
 * <h2>Free blocks</h2>
 * One bitmap per order j in 0..maxOrder, {@code clusterSlots >> j} bits each, packed one after another in
 * {@link #heads}: bit i of order j's map is set when the block of order j starting at slot {@code i << j}
 * (relative to the cluster) is free. {@link #freeByOrder} counts the set bits of each map. A block's buddy
 * and parent are {@link Blocks#buddyOf} and {@link Blocks#parentOf}.
 *
 * <h2>Pageblocks</h2>
 * {@link #pageblocks} holds the small-pageblock marks of {@link dev.swaplayer.spec.Placement}, each
 * pageblock's free count and bucket, and which free blocks below the pageblock order lie in small
 * pageblocks. {@link #addHead} and {@link #removeHead} keep it in step with the free-block maps.
 */
abstract class ClusterFreeBlocks {
    /** The cluster's number on the device. */
    final int index;
    private final int maxOrder;
    /** Coalescing stops at this order: maxOrder, or maxOrder - 1 with the planted {@link Fault#SKIP_TOP_COALESCE}. */
    private int mergeLimit;
    /** Freed runs are cut by length only: the planted {@link Fault#IGNORE_ALIGNMENT}; false in a real allocator. */
    private boolean ignoreAlignment;
    /** The cluster's slots, 2^clusterOrder. */
    final int slots;
    private final long[] heads;
    private final int[] headBase;
    final int[] freeByOrder;
    /** Bit j set while {@code freeByOrder[j] > 0}, kept by {@link #addHead} and {@link #removeHead}. */
    int freeOrders;
    /** The orders this cluster is published under in the allocator's hasFree index: bit j for order j. */
    int indexedOrders;
    /**
     * The orders below the pageblock order it is published under in the allocator's hasSmallFree index (bit
     * j) and hasLargeFree index (bit 16 + j).
     */
    int indexedPageblockOrders;
    /** The large pageblock buckets it is published under in the allocator's hasBucket index: bit k for bucket k. */
    long indexedBuckets;
    /** Whether it is published in the allocator's hasSmallOpen index. */
    boolean indexedSmallOpen;
    /** The small-pageblock marks and the free blocks inside small pageblocks. */
    final Pageblocks pageblocks;
    /** Free slots in this cluster, in any block. */
    int freeCount;
    /** Changed at every change of the free-block maps ({@link #flipHead}): {@link #runs} hold while it stays. */
    private int mapVersion;
    /** The runs of free chunks as {@link #freeRuns} last found or kept them, or null before it is first asked. */
    private FreeRuns runs;

    /**
     * An empty map (no free block) of one cluster.
     *
     * @param headBase the layout of its head bitmaps, {@link #headLayout}, shared by every cluster of the device
     */
    ClusterFreeBlocks(final int index, final int[] headBase, final int clusterOrder, final int maxOrder,
            final int pageblockOrder, final Fault fault) {
        assert headBase.length == maxOrder + 2 : "a head layout for another maxOrder";
        this.index = index;
        this.maxOrder = maxOrder;
        plant(fault);
        this.slots = 1 << clusterOrder;
        this.headBase = headBase;
        this.heads = new long[headBase[maxOrder + 1]];
        this.freeByOrder = new int[maxOrder + 1];
        this.pageblocks = new Pageblocks(pageblockOrder, slots, headBase);
    }

    /**
     * Returns the word offset of each order's head bitmap in {@link #heads} for clusters of {@code 2^clusterOrder}
     * slots and orders 0..maxOrder, and last the words of all of them. The device makes it once and shares it with
     * every cluster, so that the offsets stay in cache however many clusters a run touches.
     *
     * @param clusterOrder log2 of the cluster's slots
     * @param maxOrder the largest order
     * @return {@code maxOrder + 2} offsets
     */
    static int[] headLayout(final int clusterOrder, final int maxOrder) {
        final int[] base = new int[maxOrder + 2];
        for (int j = 0; j <= maxOrder; j++) {
            base[j + 1] = base[j] + Math.max(1, ((1 << clusterOrder) >>> j) >>> 6);
        }
        return base;
    }

    /**
     * Plants a bug ({@link Fault}; NONE in every real allocator): decides once how this cluster coalesces and
     * cuts freed runs, so that no call tests the fault.
     */
    final void plant(final Fault fault) {
        this.mergeLimit = fault == Fault.SKIP_TOP_COALESCE ? maxOrder - 1 : maxOrder;
        this.ignoreAlignment = fault == Fault.IGNORE_ALIGNMENT;
    }

    /** A copy, for {@link BuddyAllocator#copy()}. */
    ClusterFreeBlocks(final ClusterFreeBlocks o) {
        this.index = o.index;
        this.maxOrder = o.maxOrder;
        this.mergeLimit = o.mergeLimit;
        this.ignoreAlignment = o.ignoreAlignment;
        this.slots = o.slots;
        this.heads = o.heads.clone();
        this.headBase = o.headBase;
        this.freeByOrder = o.freeByOrder.clone();
        this.freeOrders = o.freeOrders;
        this.freeCount = o.freeCount;
        this.indexedOrders = o.indexedOrders;
        this.indexedPageblockOrders = o.indexedPageblockOrders;
        this.indexedBuckets = o.indexedBuckets;
        this.indexedSmallOpen = o.indexedSmallOpen;
        this.pageblocks = new Pageblocks(o.pageblocks);
    }

    boolean isHead(final int order, final int idx) {
        final int bit = idx >>> order;
        return (heads[headBase[order] + (bit >>> 6)] & 1L << bit) != 0;
    }

    private void flipHead(final int order, final int idx) {
        final int bit = idx >>> order;
        heads[headBase[order] + (bit >>> 6)] ^= 1L << bit;
        mapVersion++;
    }

    void addHead(final int order, final int idx, final long[] deviceBlocks) {
        assert !isHead(order, idx) : this + ": block " + idx + "/" + order + " already free";
        flipHead(order, idx);
        if (freeByOrder[order]++ == 0) {
            freeOrders |= 1 << order;
        }
        deviceBlocks[order]++;
        if (order < pageblocks.order) {
            pageblocks.countInside(order, idx, 1);
        } else {
            pageblocks.countFree(order, idx, 1);
            pageblocks.clearCovered(idx, order); // its pageblocks are wholly free again
        }
    }

    void removeHead(final int order, final int idx, final long[] deviceBlocks) {
        assert isHead(order, idx) : this + ": block " + idx + "/" + order + " is not free";
        flipHead(order, idx);
        if (--freeByOrder[order] == 0) {
            freeOrders &= ~(1 << order);
        }
        deviceBlocks[order]--;
        if (order < pageblocks.order) {
            pageblocks.countInside(order, idx, -1);
        } else {
            pageblocks.countFree(order, idx, -1);
        }
    }

    /**
     * Marks the pageblock holding idx small (an allocation below the pageblock order took slots of it) and
     * records its free blocks as lying in a small pageblock. At most 2^(p+1) bitmap probes, once per mark.
     */
    void markSmall(final int idx) {
        if (pageblocks.isSmall(idx)) {
            return;
        }
        pageblocks.setSmall(idx);
        final int first = idx & -(1 << pageblocks.order);
        for (int j = 0; j < pageblocks.order; j++) {
            for (int x = first; x < first + (1 << pageblocks.order); x += 1 << j) {
                if (isHead(j, x)) {
                    pageblocks.addHead(j, x);
                }
            }
        }
    }

    /**
     * Returns its smallest free block, the lowest among equals, packed as {@code idx << 8 | order}.
     *
     * @param first the first slot of a pageblock with some, not all, slots free
     * @return its smallest free block, the lowest among equals, packed as {@code idx << 8 | order}
     */
    long smallestHeadIn(final int first) {
        final int span = 1 << pageblocks.order;
        for (int j = 0; j < pageblocks.order; j++) {
            final int x = lowestHeadIn(j, first, span);
            if (x >= 0) {
                return (long) x << 8 | j;
            }
        }
        throw new AssertionError(this + ": pageblock at " + first + " is in a bucket but has no free block");
    }

    /**
     * Returns the lowest free block of order j in the aligned range [first, first + span), or -1: the range's bits
     * of order j's map, masked a word at a time.
     */
    private int lowestHeadIn(final int j, final int first, final int span) {
        int bit = first >>> j;
        final int end = bit + (span >>> j);
        while (bit < end) {
            final int n = Math.min(end - bit, Long.SIZE - (bit & 63));
            final long word = heads[headBase[j] + (bit >>> 6)] >>> (bit & 63) & (n == Long.SIZE ? -1L : (1L << n) - 1);
            if (word != 0) {
                return (bit + Long.numberOfTrailingZeros(word)) << j;
            }
            bit += n;
        }
        return -1;
    }

    /** Returns free blocks of order j (below the pageblock order) inside large pageblocks. */
    int largeFree(final int j) {
        return freeByOrder[j] - pageblocks.smallFree[j];
    }

    /** Returns the lowest free block of order j inside a large pageblock; one must exist. */
    int lowestLargeHead(final int j) {
        return pageblocks.lowestLarge(j, heads);
    }

    /**
     * Returns the lowest free block of that order.
     *
     * @param order an order with {@code freeByOrder[order] > 0}
     * @return the lowest free block of that order
     */
    int lowestHead(final int order) {
        final int base = headBase[order];
        int w = 0;
        while (heads[base + w] == 0) {
            w++; // the caller checked freeByOrder[order] > 0, so a set bit exists
        }
        return (w << 6 | Long.numberOfTrailingZeros(heads[base + w])) << order;
    }

    /**
     * Returns the order of the free block holding it, or -1 when it is not free.
     *
     * @param idx a slot of this cluster
     * @return the order of the free block holding it, or -1 when it is not free
     */
    int freeOrderOf(final int idx) {
        for (int j = 0; j <= maxOrder; j++) {
            final int head = idx & -(1 << j);
            if (isHead(j, head)) {
                return j;
            }
        }
        return -1;
    }

    /**
     * Frees the aligned block {@code [idx, idx + 2^order)} and merges it with its buddy while the buddy is a
     * free block of the same order, up to maxOrder.
     */
    void insertAndCoalesce(final int idx, final int order, final long[] deviceBlocks) {
        int head = idx;
        int j = order;
        while (j < mergeLimit) {
            final int buddy = (int) Blocks.buddyOf(head, j);
            if (!isHead(j, buddy)) {
                break;
            }
            removeHead(j, buddy, deviceBlocks);
            head = (int) Blocks.parentOf(head, j);
            j++;
        }
        addHead(j, head, deviceBlocks);
    }

    /**
     * Frees the run {@code [idx, idx + len)}: splits it into maximal aligned blocks and inserts each.
     */
    void insertRun(final int idx, final int len, final long[] deviceBlocks) {
        int at = idx;
        final int end = idx + len;
        while (at < end) {
            final int j = largestAlignedOrder(at, end);
            insertAndCoalesce(at, j, deviceBlocks);
            at += 1 << j;
        }
    }

    /** The largest order j &lt;= maxOrder such that at is a multiple of 2^j and at + 2^j &lt;= end. */
    private int largestAlignedOrder(final int at, final int end) {
        final int aligned = at == 0 || ignoreAlignment ? maxOrder
                : Math.min(maxOrder, Integer.numberOfTrailingZeros(at));
        return Math.min(aligned, Integer.SIZE - 1 - Integer.numberOfLeadingZeros(end - at)); // 2^j <= end - at
    }

    /**
     * Takes {@code [idx, idx + 2^want)} out of the free block of order {@code have >= want} that starts at
     * idx, returning the upper halves to the free maps (buddy splitting).
     */
    void splitTake(final int idx, final int have, final int want, final long[] deviceBlocks) {
        removeHead(have, idx, deviceBlocks);
        for (int j = have - 1; j >= want; j--) {
            addHead(j, idx + (1 << j), deviceBlocks);
        }
    }

    /**
     * Takes a free run {@code [idx, idx + len)} that starts at a free block's head (every run of
     * {@link #runs} finds): the blocks it covers leave the maps, and the part of the last block past the
     * run goes back as maximal aligned blocks. Runs that were current stay current ({@link FreeRuns#cut}): the
     * next compound placement need not find again the runs of the clusters this one took its pieces from.
     * Contiguous takes ({@link #splitTake}) leave them stale: in the thp-swap simulation with compound descriptors
     * they are about twelve times as many as the placements, and cutting at each cost more than finding the runs
     * again at the next placement.
     */
    void takeRun(final int idx, final int len, final long[] deviceBlocks) {
        final boolean runsCurrent = runsCurrent();
        final int end = idx + len;
        int at = idx;
        while (at < end) {
            // Runs start at a free block's head and blocks tile them, so every step lands on a head.
            final int j = freeOrderOf(at);
            assert j >= 0 && (at & (1 << j) - 1) == 0 : this + ": slot " + at + " of a run to take is not a head";
            removeHead(j, at, deviceBlocks);
            final int blockEnd = at + (1 << j);
            if (blockEnd > end) {
                insertRun(end, blockEnd - end, deviceBlocks);
            }
            at = blockEnd;
        }
        if (runsCurrent && runs.cut(idx, len)) {
            runs.version = mapVersion; // the piece cut from its run: the others did not change
        }
    }

    /**
     * Returns the maximal runs of free slots made of whole {@code 2^minOrder} chunks ({@link FreeRuns}), found again
     * only when the free-block maps changed other than by a take that keeps them current (compound placement reads
     * every cluster's runs, and most did not change since).
     *
     * @param minOrder the chunk order, the same at every call (the device's)
     * @param scratch at least {@link #usableWords()} words, overwritten (the caller's, so nothing is allocated)
     * @return the runs, current until the maps change; the caller must not change them
     */
    FreeRuns freeRuns(final int minOrder, final long[] scratch) {
        if (!runsCurrent()) {
            runs = findRuns(minOrder, scratch, runs); // in place: the same cluster's runs
        }
        return runs;
    }

    /** Whether the runs hold for the current maps. */
    private boolean runsCurrent() {
        return runs != null && runs.version == mapVersion;
    }

    /** {@link #runsCurrent()}; package-private, for tests of the cache. */
    boolean runsCurrentForTest() {
        return runsCurrent();
    }

    /**
     * For the audit: whether the runs, when they claim to be current, are those the maps give now. They are left as
     * they were.
     *
     * @param scratch as for {@link #freeRuns}
     * @return null when they agree or are stale (found again before their next use), else what disagrees
     */
    String runCacheMismatch(final long[] scratch) {
        if (!runsCurrent()) {
            return null;
        }
        return runs.mismatch(findRuns(Integer.numberOfTrailingZeros(runs.chunk), scratch, null));
    }

    /**
     * Finds the runs of the current maps afresh: a run starts or ends wherever a slot's freeness differs from the
     * slot's before it, so the set bits of {@code usable ^ (usable << 1)} (carried across words) are its edges,
     * start and end in turn; an odd count leaves the last run open to the cluster's end. One pass counts the edges,
     * so that the runs' array has its size at once; the next writes each start, then its length.
     *
     * @param into the runs to overwrite ({@link FreeRuns#room}), so that nothing is allocated; null for new ones
     */
    private FreeRuns findRuns(final int minOrder, final long[] scratch, final FreeRuns into) {
        fillUsable(minOrder, scratch);
        int edges = 0;
        long carry = 0; // the previous word's last slot, free or not, as bit 0
        for (int w = 0; w < usableWords(); w++) {
            edges += Long.bitCount(scratch[w] ^ (scratch[w] << 1 | carry));
            carry = scratch[w] >>> 63;
        }
        final FreeRuns r = into == null ? new FreeRuns(1 << minOrder) : into;
        final int[] found = r.room(edges + (edges & 1));
        int n = 0;
        carry = 0;
        for (int w = 0; w < usableWords(); w++) {
            final long free = scratch[w];
            for (long bits = free ^ (free << 1 | carry); bits != 0; bits &= bits - 1) {
                final int at = w << 6 | Long.numberOfTrailingZeros(bits);
                found[n] = (n & 1) == 0 ? at : at - found[n - 1]; // a start, or the end of the run it started
                n++;
            }
            carry = free >>> 63;
        }
        if ((n & 1) != 0) { // a run to the cluster's last slot
            found[n] = slots - found[n - 1];
            n++;
        }
        r.found(mapVersion, n);
        return r;
    }

    /**
     * Returns the start of the lowest run of at least {@code length} free slots made of whole chunks, or -1.
     *
     * @param minOrder the chunk order
     * @param length the run length wanted, a multiple of the chunk
     * @param scratch as for {@link #runs}
     * @return the start of the lowest run of at least {@code length} free slots made of whole chunks, or -1
     */
    int firstRunAtLeast(final int minOrder, final int length, final long[] scratch) {
        fillUsable(minOrder, scratch);
        for (int at = nextUsable(scratch, 0); at >= 0; ) {
            final int end = nextUnusable(scratch, at);
            if (end - at >= length) {
                return at;
            }
            at = nextUsable(scratch, end);
        }
        return -1;
    }

    /** Returns the words of a bitmap of this cluster's slots. */
    int usableWords() {
        return Math.max(1, slots >>> 6);
    }

    /**
     * Sets the bits of the free blocks of order at least {@code minOrder}: whole free chunks. Blocks smaller
     * than a chunk (left by partial frees) are not usable until they coalesce. One pass over the head bitmaps;
     * blocks are aligned, so one shorter than a word never straddles two.
     */
    private void fillUsable(final int minOrder, final long[] usable) {
        Arrays.fill(usable, 0, usableWords(), 0L);
        for (int j = minOrder; j <= maxOrder; j++) {
            if (freeByOrder[j] == 0) {
                continue;
            }
            final int len = 1 << j;
            final int words = Math.max(1, (slots >>> j) >>> 6);
            if (j == 0) { // order 0's map is a map of slots already
                for (int w = 0; w < words; w++) {
                    usable[w] |= heads[headBase[0] + w];
                }
                continue;
            }
            for (int w = 0; w < words; w++) {
                for (long bits = heads[headBase[j] + w]; bits != 0; bits &= bits - 1) {
                    final int start = (w << 6 | Long.numberOfTrailingZeros(bits)) << j;
                    if (len >= Long.SIZE) {
                        Arrays.fill(usable, start >>> 6, (start + len) >>> 6, -1L);
                    } else {
                        usable[start >>> 6] |= ((1L << len) - 1) << (start & 63);
                    }
                }
            }
        }
    }

    /** @return the first set bit at or after {@code from}, or -1 */
    private int nextUsable(final long[] usable, final int from) {
        if (from >= slots) {
            return -1;
        }
        int i = from >>> 6;
        for (long word = usable[i] & -1L << from; ; word = usable[i]) {
            if (word != 0) {
                return i << 6 | Long.numberOfTrailingZeros(word);
            }
            if (++i == usableWords()) {
                return -1;
            }
        }
    }

    /** @return the first clear bit at or after {@code from}, or the cluster size */
    private int nextUnusable(final long[] usable, final int from) {
        int i = from >>> 6;
        for (long word = ~usable[i] & -1L << from; ; word = ~usable[i]) {
            if (word != 0) {
                return Math.min(slots, i << 6 | Long.numberOfTrailingZeros(word));
            }
            if (++i == usableWords()) {
                return slots;
            }
        }
    }

    /** Returns whether the cluster holds neither in-use nor reserved slots. */
    boolean isWhollyFree() {
        return freeCount == slots;
    }
}
