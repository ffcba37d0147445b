package dev.swaplayer.allocator;

/**
 * A {@link SlotAllocator} whose frees depend on the path that frees the slots, as in kernels up to 6.13 whose
 * per-CPU swap slots cache ({@code mm/swap_slots.c}) defers some frees and not others:
 * <ul>
 *   <li>{@link #free(long, long)} is the unmap path ({@code zap_pte_range} to {@code free_swap_and_cache_nr}):
 *       the caller passes in one call every run of consecutive slots that consecutive pages hold
 *       ({@code swap_pte_batch}), whichever folios they were stored with, up to a page table's end.</li>
 *   <li>{@link #freeSwappedIn} is the swap-in path ({@code do_swap_page} without the swap cache on a
 *       {@code SWP_SYNCHRONOUS_IO} device, then {@code swapcache_clear}): the slots are freed one by one.</li>
 * </ul>
 * A caller that does not know the interface frees everything through {@link #free(long, long)}, which is
 * correct (every slot is freed) but batches unmaps differently from the kernel.
 *
 * <p>Thread safety: as the implementation states.
 */
public interface FreePaths extends SlotAllocator {
    /** {@code PTRS_PER_PTE} on x86-64: an unmap batch never crosses a page table, 512 pages. */
    int PTE_BATCH_LIMIT = 512;

    /**
     * Frees the slots of pages just swapped in, one slot at a time.
     *
     * @param entry the first slot
     * @param nrSlots how many slots
     * @throws IllegalArgumentException for an entry of another device, the header, or a run past the end
     * @throws IllegalStateException when a slot is not in use by the caller
     */
    void freeSwappedIn(long entry, long nrSlots);
}
