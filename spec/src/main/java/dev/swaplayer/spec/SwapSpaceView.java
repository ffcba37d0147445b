package dev.swaplayer.spec;

/**
 * Everything about a swap space that can be observed from outside: the specification model and every
 * implementation expose it, and refinement means the two agree on all of it after every operation.
 *
 * <p>Thread safety: as the implementing class; callers read it only while no operation runs.
 */
public interface SwapSpaceView {

    /** Returns the device's shape. */
    Geometry geometry();

    /**
     * Returns its state.
     *
     * @param slot any slot in 0..totalSlots-1
     */
    SlotState state(long slot);

    /**
     * Returns its swap count (page-table references); 0 unless in use.
     *
     * @param slot any slot in 0..totalSlots-1
     */
    long swapCount(long slot);

    /**
     * Returns whether the swap cache pins it.
     *
     * @param slot any slot in 0..totalSlots-1
     */
    boolean cached(long slot);

    /**
     * Returns whether the pageblock holding it is marked small ({@link Placement}): an allocation below the pageblock
     * order took slots of it, and it has not been wholly free since.
     *
     * @param slot any slot in 0..totalSlots-1
     */
    boolean smallPageblock(long slot);

    /**
     * Visits every free block, in ascending address order.
     *
     * @param visitor called with each block's first slot and order
     */
    void forEachFreeBlock(BlockVisitor visitor);

    /**
     * Visits every live compound descriptor, in ascending id order.
     *
     * @param visitor called with the id, the order, and the slot of every page (0 for a page already freed)
     */
    void forEachDescriptor(DescriptorVisitor visitor);

    /**
     * Returns whether per-cluster metadata exists for it right now.
     *
     * @param cluster a cluster index
     */
    boolean hasClusterMetadata(int cluster);

    /** Returns free slots, by the implementation's own counter. */
    long freeSlots();

    /** Returns slots in use, by the implementation's own counter. */
    long usedSlots();

    /** Returns free blocks per order and the unusable index. */
    Fragmentation fragmentation();

    /** Receives free blocks. */
    @FunctionalInterface
    interface BlockVisitor {
        /**
         * Receives one free block.
         *
         * @param start the block's first slot
         * @param order the block's order
         */
        void visit(long start, int order);
    }

    /** Receives compound descriptors. */
    @FunctionalInterface
    interface DescriptorVisitor {
        /**
         * Receives one compound descriptor.
         *
         * @param id the descriptor's id
         * @param order the folio order its head holds
         * @param pageSlots the slot of each logical page, 0 for a page already freed (a fresh array)
         */
        void visit(long id, int order, long[] pageSlots);
    }
}
