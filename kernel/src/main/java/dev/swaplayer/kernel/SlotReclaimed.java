package dev.swaplayer.kernel;

/**
 * Told when a kernel model frees slots on its own: a run the caller had marked as held only by the swap cache
 * ({@link PerCpuAllocator#setCacheOnly}) was reclaimed, as the kernel's {@code __try_to_reclaim_swap} deletes
 * the folio from the swap cache and frees its entries. The caller drops the folio's swap-cache association
 * in its own memory model; the slots are already free when this is called.
 *
 * <p>Thread safety: called on the thread that called the allocator, from inside {@code allocate}, with the
 * allocator's device lock held (and the lock of the cluster being scanned), so other threads' allocations and
 * frees wait until it returns. The callback may read the allocator but must not change it (allocate, free,
 * dup, put, cacheAdd, cacheDel, setCacheOnly and setCpu throw {@link IllegalStateException} while it runs),
 * must not wait for a thread that may be calling the allocator, and must not throw: an exception leaves the
 * allocator consistent but abandons the allocation in progress, whose entry is then lost to the caller.
 */
@FunctionalInterface
public interface SlotReclaimed {
    /** Ignores every reclaim: the default listener. */
    SlotReclaimed IGNORE = (entry, nrSlots) -> { };

    /**
     * Called for each run the allocator reclaimed from the swap cache.
     *
     * @param entry the first slot of the reclaimed run
     * @param nrSlots how many slots were freed: the whole run that was marked cache-only
     */
    void reclaimed(long entry, int nrSlots);
}
