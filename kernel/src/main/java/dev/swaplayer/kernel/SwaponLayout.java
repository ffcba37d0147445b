package dev.swaplayer.kernel;

import dev.swaplayer.spec.Geometry;

/**
 * What {@code swapon} lays out before the first allocation: the reserved slots that raise their cluster's
 * count ({@code inc_cluster_info_page} for the header, bad and tail slots) and the interleaved order in which
 * the clusters join their first list ({@code SWAP_CLUSTER_COLS}, {@code setup_clusters} in
 * {@code mm/swapfile.c}).
 *
 * <p>Thread safety: stateless; its functions change only the arrays they are given, which a model's
 * constructor owns before the model is shared.
 */
final class SwaponLayout {
    /** {@code L1_CACHE_BYTES} on x86-64; sizes the interleaving of the free list at swapon. */
    static final int L1_CACHE_BYTES = 64;
    /** {@code SWAP_ADDRESS_SPACE_SHIFT}: one swap-cache address space covers 2^14 pages (64 MiB). */
    static final int SWAP_ADDRESS_SPACE_SHIFT = 14;
    /** {@code SWAP_ADDRESS_SPACE_PAGES}. */
    static final long SWAP_ADDRESS_SPACE_PAGES = 1L << SWAP_ADDRESS_SPACE_SHIFT;
    /** {@code si->cluster_next} as {@code read_swap_header} sets it; picks the first column at swapon. */
    static final long INITIAL_CLUSTER_NEXT = 1;

    private SwaponLayout() {
    }

    /**
     * The header, bad and tail slots become {@link SwapInfo#SLOT_RESERVED} and raise their cluster's count, as
     * {@code inc_cluster_info_page} at swapon; every other slot stays free.
     *
     * @param geometry the device
     * @param map the slot states, all free on entry
     * @param count the per-cluster counts, all 0 on entry
     * @return the number of free slots: the usable slots of the device
     */
    static long markReserved(final Geometry geometry, final byte[] map, final int[] count) {
        final int clusterOrder = geometry.clusterOrder();
        long free = 0;
        for (int s = 0; s < map.length; s++) {
            if (geometry.isReserved(s)) {
                map[s] = SwapInfo.SLOT_RESERVED;
                count[s >>> clusterOrder]++;
            } else {
                free++;
            }
        }
        return free;
    }

    /**
     * The order in which swapon walks the clusters (SWAP_CLUSTER_COLS interleaving, to spread neighbouring
     * clusters over cache lines and swap-cache address spaces).
     *
     * @param clusterCount the device's clusters
     * @param clusterSlots slots per cluster
     * @param clusterInfoBytes {@code sizeof(struct swap_cluster_info)} of the modelled kernel
     * @return every cluster index once, in setup order
     */
    static int[] setupOrder(final int clusterCount, final int clusterSlots, final int clusterInfoBytes) {
        final int infoCols = ceilDiv(L1_CACHE_BYTES, clusterInfoBytes);
        final int spaceCols = (int) ((SWAP_ADDRESS_SPACE_PAGES + clusterSlots - 1) / clusterSlots);
        final int cols = Math.max(infoCols, spaceCols);
        final int col = (int) (INITIAL_CLUSTER_NEXT / clusterSlots % cols);
        final int rows = ceilDiv(clusterCount, cols);
        final int[] order = new int[clusterCount];
        int n = 0;
        for (int k = 0; k < cols; k++) {
            final int j = (k + col) % cols;
            for (int i = 0; i < rows; i++) {
                final long idx = (long) i * cols + j;
                if (idx < clusterCount) {
                    order[n++] = (int) idx;
                }
            }
        }
        return order;
    }

    private static int ceilDiv(final int a, final int b) {
        return (a + b - 1) / b;
    }
}
