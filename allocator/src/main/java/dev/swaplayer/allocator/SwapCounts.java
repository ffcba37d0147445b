package dev.swaplayer.allocator;

import dev.swaplayer.spec.SwapResult;

/**
 * The per-slot swap count (page-table references) and swap-cache flag. A slot returns to the allocator
 * exactly when its count is 0 and it is not cached.
 *
 * <p>Thread safety: as the implementation states.
 *
 * <p>Outcome table (see {@link SwapResult}): {@code dup} and {@code cacheAdd} report expected outcomes
 * as values; naming a slot that is not in use for {@code dup}, {@code put} or {@code cacheDel}, a reserved
 * slot (the header, a bad slot) for {@code cacheAdd} (where the kernel's {@code swapcache_prepare} answers
 * {@code -ENOENT}), a {@code put} at count 0 and a {@code cacheDel} of an uncached slot are misuse and throw
 * {@link IllegalStateException}, changing nothing.
 */
public interface SwapCounts {

    /**
     * Adds a reference (fork). The count's limit is {@code 2^31-1}: a {@code dup} there answers COUNT_OVERFLOW and
     * changes nothing. How a count is kept is the implementation's: the built-in table keeps it in the slot's byte
     * up to 126 and in an extend table above, without continuation pages; one kept in the kernel's way, a byte and
     * continuation digits, is as good.
     *
     * @param entry a slot in use
     * @return OK, or COUNT_OVERFLOW at the limit, or NO_MEMORY (nothing changed) when the count needs memory that
     *     cannot be had (the buddy allocator's extend-table entry under a {@code MetadataBudget}; the verify checks
     *     give an allocator no budget, so there they expect OK below the limit)
     */
    SwapResult dup(long entry);

    /**
     * Drops a reference (unmap); frees the slot when the count reaches 0 and it is not cached.
     *
     * @param entry a slot in use with count &gt; 0
     * @return whether the slot was freed
     */
    boolean put(long entry);

    /**
     * Pins the slot in the swap cache ({@code swapcache_prepare}).
     *
     * @param entry a slot, not a reserved one
     * @return OK, ALREADY_CACHED, or NOT_IN_USE when the slot is free
     */
    SwapResult cacheAdd(long entry);

    /**
     * Drops the swap cache's pin; frees the slot when its count is 0.
     *
     * @param entry a cached slot
     * @return whether the slot was freed
     */
    boolean cacheDel(long entry);

    /**
     * Returns its swap count (0 when free).
     *
     * @param entry a slot of this device (another device's entry, a compound handle or a slot past the end is
     *     misuse, rejected with {@link IllegalArgumentException} as {@link SlotAllocator} says)
     */
    long countOf(long entry);

    /**
     * Returns whether the swap cache pins it.
     *
     * @param entry a slot of this device, as for {@link #countOf}
     */
    boolean isCached(long entry);

    /**
     * Swap counts kept by another object, every call forwarded to it: the base of a wrapper that changes one or two
     * calls and keeps the rest, as {@link ForwardingSlotAllocator} is for allocation. A test allocator with a
     * planted defect in its counts reads
     * <pre>{@code
     * class TwoPuts extends ForwardingSlotAllocator<BuddyAllocator> implements SwapCounts.Forwarding {
     *     public SwapCounts swapCounts() { return delegate(); }
     *     public boolean put(long entry) { ... }   // the one call it changes
     * }
     * }</pre>
     *
     * <p>Thread safety: as the {@link SwapCounts} it forwards to, plus what the implementation adds.
     */
    interface Forwarding extends SwapCounts {
        /** Returns the counts every call goes to. */
        SwapCounts swapCounts();

        @Override
        default SwapResult dup(final long entry) {
            return swapCounts().dup(entry);
        }

        @Override
        default boolean put(final long entry) {
            return swapCounts().put(entry);
        }

        @Override
        default SwapResult cacheAdd(final long entry) {
            return swapCounts().cacheAdd(entry);
        }

        @Override
        default boolean cacheDel(final long entry) {
            return swapCounts().cacheDel(entry);
        }

        @Override
        default long countOf(final long entry) {
            return swapCounts().countOf(entry);
        }

        @Override
        default boolean isCached(final long entry) {
            return swapCounts().isCached(entry);
        }
    }
}
