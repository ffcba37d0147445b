package dev.swaplayer.spec;

import java.util.Arrays;

/**
 * The fixed shape of one swap device as the allocator sees it: how many slots, how they group into
 * clusters, which orders may be allocated, and which slots are bad.
 *
 * <p>Thread safety: immutable.
 *
 * <h2>Notation</h2>
 * <ul>
 *   <li><b>slot</b>: one page of swap space; slot 0 holds the on-disk header and is never allocated.</li>
 *   <li><b>order k</b>: a run of {@code 2^k} slots.</li>
 *   <li><b>cluster</b>: a naturally aligned group of {@code 2^clusterOrder} slots (512 by default, like the
 *       kernel's {@code SWAPFILE_CLUSTER}). No free block and no extent ever crosses a cluster boundary.</li>
 *   <li><b>minOrder</b>: the allocation granularity. A request of order {@code k < minOrder} gets a
 *       {@code 2^minOrder} chunk (Jan Kara's "swap out in chunks of at least N pages"); free blocks smaller
 *       than a chunk may exist after partial frees but are never handed out until they coalesce.</li>
 *   <li><b>aligned</b>: when true (the default) every contiguous allocation of order k starts at a multiple
 *       of {@code 2^k}; when false the allocator may fall back to a run starting at any multiple of
 *       {@code 2^minOrder} inside one cluster.</li>
 * </ul>
 *
 * <h2>Implementation notes</h2>
 * The largest order is the cluster order; at most {@value #MAX_CLUSTER_ORDER} (a cluster of 2^16 slots).
 * A device has at most 2^32 slots, as the on-disk header's {@code last_page} is 32 bits wide.
 */
public final class Geometry {
    /** Largest supported cluster order. */
    public static final int MAX_CLUSTER_ORDER = 16;
    /** Largest supported device, in slots (the header's last_page is an unsigned 32-bit page index). */
    public static final long MAX_SLOTS = 1L << 32;
    /** The kernel's default: 512 slots, 2 MiB of 4 KiB pages. */
    public static final int DEFAULT_CLUSTER_SLOTS = 512;
    /** The kernel's PMD order on x86-64. */
    public static final int DEFAULT_MAX_ORDER = 9;
    /**
     * The order of the large folio whose swap-out fallback matters most: 64 KiB at 4 KiB pages, the mTHP size
     * of the kernel's {@code tools/mm/thp_swap_allocator_test.c}. {@link #pageblockOrder()} derives from it.
     */
    public static final int LARGE_FOLIO_ORDER = 4;

    private final long totalSlots;
    private final int clusterOrder;
    private final int maxOrder;
    private final int minOrder;
    private final boolean aligned;
    private final long[] badSlots;

    private Geometry(final Builder b) {
        this.totalSlots = b.totalSlots;
        this.clusterOrder = b.clusterOrder;
        this.maxOrder = b.maxOrder;
        this.minOrder = b.minOrder;
        this.aligned = b.aligned;
        this.badSlots = b.badSlots.clone();
    }

    /**
     * Starts a geometry of {@code totalSlots} slots (slot 0 included) with the kernel's defaults.
     *
     * @param totalSlots the device size in slots, header included: {@code last_page + 1}
     * @return a builder
     */
    public static Builder builder(final long totalSlots) {
        return new Builder(totalSlots);
    }

    /** Returns the device size in slots, header slot included. */
    public long totalSlots() {
        return totalSlots;
    }

    /** Returns slots per cluster. */
    public int clusterSlots() {
        return 1 << clusterOrder;
    }

    /** Returns log2 of the cluster size. */
    public int clusterOrder() {
        return clusterOrder;
    }

    /** Returns the number of clusters, the last one possibly partial. */
    public int clusterCount() {
        return (int) ((totalSlots + clusterSlots() - 1) >>> clusterOrder);
    }

    /** Returns the largest order that may be allocated, and the largest free block. */
    public int maxOrder() {
        return maxOrder;
    }

    /**
     * The order of a pageblock, the unit in which {@link Placement#GROUPED} keeps small allocations apart
     * from large folios (as the page allocator's {@code pageblock_order} groups by mobility):
     * {@code min(maxOrder, LARGE_FOLIO_ORDER)}.
     *
     * @return the pageblock order
     */
    public int pageblockOrder() {
        return Math.min(maxOrder, LARGE_FOLIO_ORDER);
    }

    /** Returns the allocation granularity as an order. */
    public int minOrder() {
        return minOrder;
    }

    /** Returns whether contiguous allocations are naturally aligned. */
    public boolean aligned() {
        return aligned;
    }

    /** Returns the bad slots, ascending (a copy). */
    public long[] badSlots() {
        return badSlots.clone();
    }

    /**
     * Returns true for slot 0, a bad slot, and any slot at or past the device end.
     *
     * @param slot a slot offset
     */
    public boolean isReserved(final long slot) {
        return slot == 0 || slot >= totalSlots || Arrays.binarySearch(badSlots, slot) >= 0;
    }

    /** Returns how many slots below {@link #totalSlots()} are reserved: the header plus the bad slots. */
    public long reservedSlots() {
        return 1L + badSlots.length;
    }

    /**
     * Returns the index of the cluster holding it.
     *
     * @param slot a slot offset
     */
    public int clusterOf(final long slot) {
        return (int) (slot >>> clusterOrder);
    }

    /**
     * Returns the order actually allocated for it: {@code max(order, minOrder)}.
     *
     * @param order a requested order
     */
    public int effectiveOrder(final int order) {
        return Math.max(order, minOrder);
    }

    /**
     * Checks a requested allocation order.
     *
     * @param order the order
     * @return order
     * @throws IllegalArgumentException unless {@code 0 <= order <= maxOrder}
     */
    public int checkOrder(final int order) {
        return Checks.checkInRange("order", order, 0, maxOrder);
    }

    /**
     * Checks that a slot may be named by a caller: inside the device and not the header.
     *
     * @param what the argument's name
     * @param slot the slot
     * @return slot
     * @throws IllegalArgumentException otherwise
     */
    public long checkSlot(final String what, final long slot) {
        return Checks.checkInRange(what, slot, 1, totalSlots - 1);
    }

    @Override
    public String toString() {
        return "Geometry(slots=" + totalSlots + ", cluster=" + clusterSlots() + ", orders=" + minOrder + ".."
                + maxOrder + (aligned ? "" : ", unaligned") + (badSlots.length == 0 ? "" : ", bad="
                + Arrays.toString(badSlots)) + ")";
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Geometry g && g.totalSlots == totalSlots && g.clusterOrder == clusterOrder
                && g.maxOrder == maxOrder && g.minOrder == minOrder && g.aligned == aligned
                && Arrays.equals(g.badSlots, badSlots);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(totalSlots) * 31 + clusterOrder * 7 + maxOrder * 3 + minOrder + (aligned ? 1 : 0)
                + Arrays.hashCode(badSlots);
    }

    /**
     * Builds a {@link Geometry}; every setter validates at {@link #build()}.
     *
     * <p>Thread safety: not thread-safe; use from one thread.
     */
    public static final class Builder {
        private final long totalSlots;
        private int clusterOrder = Integer.numberOfTrailingZeros(DEFAULT_CLUSTER_SLOTS);
        private long clusterSlots = DEFAULT_CLUSTER_SLOTS;
        private int maxOrder = -1;
        private int minOrder;
        private boolean aligned = true;
        private long[] badSlots = new long[0];

        private Builder(final long totalSlots) {
            this.totalSlots = totalSlots;
        }

        /**
         * Returns this.
         *
         * @param slots slots per cluster, a power of two from 1 to 2^16
         */
        public Builder clusterSlots(final long slots) {
            this.clusterSlots = slots;
            return this;
        }

        /**
         * Returns this.
         *
         * @param order the largest allocatable order; default min(9, cluster order)
         */
        public Builder maxOrder(final int order) {
            this.maxOrder = order;
            return this;
        }

        /**
         * Returns this.
         *
         * @param order the allocation granularity; default 0
         */
        public Builder minOrder(final int order) {
            this.minOrder = order;
            return this;
        }

        /**
         * Returns this.
         *
         * @param value whether contiguous runs are naturally aligned; default true
         */
        public Builder aligned(final boolean value) {
            this.aligned = value;
            return this;
        }

        /**
         * Returns this.
         *
         * @param slots the bad slots, any order, each in 1..totalSlots-1, no duplicates
         */
        public Builder badSlots(final long... slots) {
            this.badSlots = slots.clone();
            return this;
        }

        /**
         * Returns the geometry.
         *
         * @throws IllegalArgumentException naming the first field that is out of range
         */
        public Geometry build() {
            Checks.checkInRange("totalSlots", totalSlots, 2, MAX_SLOTS);
            clusterOrder = Checks.checkPowerOfTwo("clusterSlots", clusterSlots);
            Checks.checkInRange("clusterSlots", clusterSlots, 1, 1L << MAX_CLUSTER_ORDER);
            if (maxOrder < 0) {
                maxOrder = Math.min(DEFAULT_MAX_ORDER, clusterOrder);
            }
            Checks.checkInRange("maxOrder", maxOrder, 0, clusterOrder);
            Checks.checkInRange("minOrder", minOrder, 0, maxOrder);
            final long[] sorted = badSlots.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) {
                Checks.checkInRange("badSlot", sorted[i], 1, totalSlots - 1);
                if (i > 0 && sorted[i] == sorted[i - 1]) {
                    throw Checks.badArgument("badSlot", sorted[i], "each bad slot listed once");
                }
            }
            badSlots = sorted;
            return new Geometry(this);
        }
    }
}
