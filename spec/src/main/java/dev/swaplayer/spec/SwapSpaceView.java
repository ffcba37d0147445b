package dev.swaplayer.spec;

/**
 * Everything about a swap space that can be observed from outside: the specification model and every
 * implementation expose it, and refinement means the two agree on all of it after every operation.
 *
 * <p>Thread safety: as the implementing class; callers read it only while no operation runs.
 */
public interface SwapSpaceView {

    /** @return the device's shape */
    Geometry geometry();

    /**
     * @param slot any slot in 0..totalSlots-1
     * @return its state
     */
    SlotState state(long slot);

    /**
     * @param slot any slot in 0..totalSlots-1
     * @return its swap count (page-table references); 0 unless in use
     */
    long swapCount(long slot);

    /**
     * @param slot any slot in 0..totalSlots-1
     * @return whether the swap cache pins it
     */
    boolean cached(long slot);

    /**
     * @param slot any slot in 0..totalSlots-1
     * @return whether the pageblock holding it is marked small ({@link Placement}): an allocation below the
     *     pageblock order took slots of it, and it has not been wholly free since
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
     * @param cluster a cluster index
     * @return whether per-cluster metadata exists for it right now
     */
    boolean hasClusterMetadata(int cluster);

    /** @return free slots, by the implementation's own counter */
    long freeSlots();

    /** @return slots in use, by the implementation's own counter */
    long usedSlots();

    /** @return free blocks per order and the unusable index */
    Fragmentation fragmentation();

    /** Receives free blocks. */
    @FunctionalInterface
    interface BlockVisitor {
        /**
         * @param start the block's first slot
         * @param order the block's order
         */
        void visit(long start, int order);
    }

    /** Receives compound descriptors. */
    @FunctionalInterface
    interface DescriptorVisitor {
        /**
         * @param id the descriptor's id
         * @param order the folio order its head holds
         * @param pageSlots the slot of each logical page, 0 for a page already freed (a fresh array)
         */
        void visit(long id, int order, long[] pageSlots);
    }
}
