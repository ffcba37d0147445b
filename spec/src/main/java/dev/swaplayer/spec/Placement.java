package dev.swaplayer.spec;

/**
 * Which free block an allocation of {@code 2^e} slots takes, when several fit. Both rules keep the buddy
 * structure (aligned blocks, full coalescing, split fallback); they differ only in the choice.
 *
 * <p>Thread safety: immutable.
 *
 * <p>Both rules read the <b>small pageblock</b> marks. A pageblock is an aligned run of
 * {@code 2^}{@link Geometry#pageblockOrder()} slots (64 KiB at 4 KiB pages: the large folio whose fallback
 * matters). An allocation of effective order below the pageblock order marks every pageblock it takes slots
 * of as small; the mark goes when the pageblock is wholly free again (a free block of order at least the
 * pageblock order covers it), and only then. A pageblock holding a reserved slot (the header, a bad slot,
 * the device end) is small for life: it can never hold a large folio. A pageblock that is neither wholly free
 * nor small holds slots of large folios only: it is a <b>large</b> pageblock. The marks are observable state
 * ({@link SwapSpaceView#smallPageblock}) and follow the same rule whatever the placement.
 */
public enum Placement {
    /**
     * The default ({@code buddy}, {@code compound}): mobility grouping, as the page allocator keeps unmovable
     * pages in their own pageblocks. An allocation of effective order {@code e >= p} (p the pageblock order)
     * takes the smallest free block of order at least e, as {@link #BEST_FIT}. Below p it looks, in this
     * order, in:
     * <ol>
     *   <li>small pageblocks: for {@code e = 0} the lowest small pageblock with a free slot, so that small
     *       allocations pack the pageblocks they already share, and consecutive order-0 swap-outs (the pages
     *       of one split folio, which later go together) land in the same pageblocks and can leave them free
     *       whole; for {@code 0 < e < p} the smallest free block of order e..p-1 in a small pageblock;</li>
     *   <li>large pageblocks (holes a large folio's partial swap-in left): for {@code e = 0} the one with the
     *       most free slots, so that one pageblock given up to small allocations absorbs as many as it can;
     *       for {@code 0 < e < p} the largest free block of order p-1..e in one; the pageblock becomes
     *       small;</li>
     *   <li>wholly free pageblocks: the smallest free block of order at least p, split (the smallest leaves
     *       the larger blocks whole for larger folios); the pageblock becomes small.</li>
     * </ol>
     * Inside the chosen pageblock of steps 1 and 2 for {@code e = 0}: its smallest free block. The lowest
     * address among equals everywhere. A wholly free pageblock is broken last because it is the only thing a
     * large folio can use right now; a large pageblock with holes cannot serve one until its owner goes.
     */
    GROUPED,
    /**
     * The original rule (policy {@code bestfit}): the smallest free block of order at least e, the lowest
     * address among equals, whatever the pageblock marks say.
     */
    BEST_FIT
}
