package dev.swaplayer.allocator;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;

/**
 * Allocates runs of swap slots on one device: the interface every allocation policy implements (the
 * buddy allocator here, models of the kernel's allocators elsewhere).
 *
 * <p>Thread safety: as the implementation states.
 *
 * <p>Failure modes: running out of space is an expected outcome and returns {@link #NONE}; caller misuse
 * (an order out of range, an entry of another device, freeing a slot that is not in use) throws
 * {@link IllegalArgumentException} or {@link IllegalStateException} with a {@code what: value (expected:
 * ...)} message and changes nothing.
 */
public interface SlotAllocator {
    /** Returned when nothing fits: the entry 0 (slot 0 is the header page, never allocated). */
    long NONE = SwapEntry.NONE;

    /** Returns the device type written into every entry. */
    int type();

    /** Returns the device's shape. */
    Geometry geometry();

    /**
     * Allocates {@code 2^max(order, minOrder)} contiguous slots; each is in use with swap count 0 and the
     * swap-cache flag set, as the kernel allocates with {@code SWAP_HAS_CACHE}.
     *
     * @param order the requested order, 0..maxOrder
     * @return the entry of the first slot, or {@link #NONE}
     * @throws IllegalArgumentException when order is out of range
     */
    long allocate(int order);

    /**
     * Frees a run of slots: a whole allocation, any part of one, or slots of several allocations side by side,
     * across cluster boundaries too (the kernel's {@code swap_free_nr} frees a batch of page-table entries that may
     * cover several folios). Each slot must be in use; it becomes free whatever its swap count and cache flag were
     * (use {@link SwapCounts#put} to drop one reference).
     *
     * @param entry the first slot
     * @param nrSlots how many slots
     * @throws IllegalArgumentException for an entry of another device, the header, or a run past the end
     * @throws IllegalStateException when a slot is not in use (a double free, a bad slot)
     */
    void free(long entry, long nrSlots);

    /** Returns free slots. */
    long freeSlots();

    /** Returns slots in use. */
    long usedSlots();

    /** Returns free blocks per order and the unusable free space index. */
    Fragmentation fragmentation();
}
