package dev.swaplayer.allocator;

/**
 * A {@link SlotAllocator} that can also place a whole folio non-contiguously, under a compound descriptor.
 *
 * <p>Thread safety: as the implementation states.
 *
 * <p>A folio handle is either a plain slot entry (the folio's first slot; a contiguous folio needs no heap
 * object beyond its entry) or a compound handle ({@code SwapEntry.isCompound}) naming a descriptor. Like the
 * kernel, the caller knows its folio's order and passes it back; for a compound handle it must match the
 * order the descriptor's head holds.
 *
 * <p>A page's slot may also be freed through the slot calls: the last {@code put} or {@code cacheDel} of
 * {@link SwapCounts}, or {@link #free}, as the kernel frees a swapped-out page's entry when its last reference goes.
 * The page then leaves its folio as if {@link #freeFolioPages} had freed it: {@code freeFolioPages} rejects it from
 * then on (its slot may already be another allocation's), {@code slotOf} is not asked for it, and the compound
 * descriptor goes with the folio's last live page, whichever call freed that page ({@code ./swaplayer verify} checks
 * both).
 */
public interface FolioAllocator extends SlotAllocator {

    /**
     * Places a folio of {@code 2^order} pages: one contiguous run when one exists; otherwise, when at least
     * {@code 2^order} slots are free in whole chunks, a compound descriptor with the fewest possible extents. A legal
     * placement is all that safety asks (INV-20, INV-21); NONE while a compound would fit, or more extents than the
     * fewest, is incomplete (INV-22, INV-8), which {@code ./swaplayer verify} reports in its completeness check.
     * Every page's slot starts as {@link SlotAllocator#allocate} leaves one: swap count 0, pinned by the swap cache.
     * Below {@code minOrder} a contiguous folio takes the whole {@code 2^minOrder} run, as {@code allocate} does;
     * the folio's pages are its first {@code 2^order} slots. A descriptor's id may be used again once its folio is
     * gone.
     *
     * @param order the folio order, 0..maxOrder
     * @return a slot entry, a compound handle, or {@link #NONE}
     * @throws IllegalArgumentException when order is out of range (not NONE: no device serves such a folio)
     */
    long allocateFolio(int order);

    /**
     * Returns the entry of the slot holding the page.
     *
     * @param handle a folio handle
     * @param order the folio order
     * @param page a logical page, 0..2^order-1, still swapped out
     * @throws IllegalArgumentException when the page is outside the folio, or a compound handle is named with
     *     another order than its head holds (misuse, as {@link SlotAllocator} says; nothing changes)
     */
    long slotOf(long handle, int order, int page);

    /**
     * Frees a range of the folio's pages (partial swap-in); a compound descriptor goes with its last page.
     *
     * @param handle a folio handle
     * @param order the folio order
     * @param firstPage the first page
     * @param count how many pages, at least 1, all inside the folio
     * @throws IllegalArgumentException when the range is empty or leaves the folio, or the order is not the head's
     * @throws IllegalStateException when a page of the range was already freed (by this call or a slot call);
     *     either way nothing changes
     */
    void freeFolioPages(long handle, int order, int firstPage, int count);

    /**
     * Returns how many extents hold the folio, as placed: the runs of consecutive slots its pages take in page
     * order, each cut at a cluster boundary (an extent never spans two clusters); 1 when contiguous. Freeing some of
     * its pages does not change the answer: it describes the placement, not the pages left.
     *
     * @param handle a folio handle with a page still swapped out
     * @param order the folio order
     * @throws IllegalArgumentException when a compound handle is named with another order than its head holds
     */
    int extents(long handle, int order);

    /**
     * Returns how many compound descriptors are live now; 0 at a quiescent point where every folio was freed, else a
     * descriptor outlived its pages. 0 by default, for an allocator that keeps no descriptors.
     */
    default int descriptorCount() {
        return 0;
    }
}
