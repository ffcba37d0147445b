package dev.swaplayer.kernel;

import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.allocator.core.Handshake;
import dev.swaplayer.allocator.core.SwapCountPaths;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.SwapResult;

/**
 * The swap-count operations of a kernel model ({@link SwapCounts}): {@code dup} and {@code cacheAdd} as the
 * kernel's {@code __swap_duplicate}, {@code put} and {@code cacheDel} as {@code __swap_entry_free_locked},
 * on the words of {@link SwapCountWords}, freeing a slot that nothing references any more.
 *
 * <p>Thread safety: thread-safe with the owning model's locks: each operation takes the slot's cluster lock
 * ({@code lock_cluster_or_swap_info}), and one that frees its slot lets go of it and starts again under the
 * device lock, then the cluster lock ({@link SwapCountPaths}, shared with the buddy allocator), which keeps the
 * lock order.
 *
 * <p>Allocation leaves a slot in use with swap count 0 and the swap cache holding it ({@code SWAP_HAS_CACHE});
 * the operations follow the outcome table of {@link SwapResult}; a slot whose count reaches 0 without the
 * cache, or whose cache pin goes at count 0, is freed.
 */
final class SwapCountOps extends SwapCountPaths<SwapCountWords> {
    private final SwapInfo si;
    /** The model's words; each cluster's guarded by its lock. */
    private final SwapCountWords words;

    /**
     * @param si the model whose slots these operations count
     * @param locks its device lock
     */
    SwapCountOps(final SwapInfo si, final Handshake locks) {
        super(locks);
        this.si = si;
        this.words = si.words;
    }

    /** {@link SwapCounts#dup}. Context: takes the slot's cluster lock. */
    SwapResult dup(final long entry) {
        final long slot = si.slotOf(entry);
        final int c = si.clusterOf(slot);
        si.lockCluster(c);
        try {
            si.checkInUse(slot);
            final int n = words.count(slot);
            if (n == SwapCountWords.COUNT_MASK) {
                return SwapResult.COUNT_OVERFLOW;
            }
            words.setCount(slot, n + 1);
            return SwapResult.OK;
        } finally {
            si.unlockCluster(c);
        }
    }

    /** {@link SwapCounts#cacheAdd}. Context: takes the slot's cluster lock. */
    SwapResult cacheAdd(final long entry) {
        final long slot = si.slotOf(entry);
        final int c = si.clusterOf(slot);
        si.lockCluster(c);
        try {
            if (si.map[(int) slot] == SwapInfo.SLOT_FREE) {
                return SwapResult.NOT_IN_USE;
            }
            si.checkInUse(slot);
            if (words.cached(slot)) {
                return SwapResult.ALREADY_CACHED;
            }
            words.setCached(slot, true);
            return SwapResult.OK;
        } finally {
            si.unlockCluster(c);
        }
    }

    // ------------------------------------------------------------- the hooks of put and cacheDel

    /** Context: takes the slot's cluster lock, or enters the cluster under the device lock. */
    @Override
    protected SwapCountWords lockInUse(final long slot) {
        si.lockCluster(si.clusterOf(slot));
        return words;
    }

    @Override
    protected void unlock(final SwapCountWords w, final long slot) {
        si.unlockCluster(si.clusterOf(slot));
    }

    @Override
    protected long count(final SwapCountWords w, final long slot) {
        return w.count(slot);
    }

    @Override
    protected void setCount(final SwapCountWords w, final long slot, final long count) {
        assert si.holdsCluster(si.clusterOf(slot)) : "count of " + slot + " changed without a lock";
        w.setCount(slot, (int) count);
    }

    @Override
    protected boolean cached(final SwapCountWords w, final long slot) {
        return w.cached(slot);
    }

    @Override
    protected void setCached(final SwapCountWords w, final long slot, final boolean cached) {
        assert si.holdsCluster(si.clusterOf(slot)) : "cache pin of " + slot + " changed without a lock";
        w.setCached(slot, cached);
    }

    @Override
    protected void checkPut(final SwapCountWords w, final long slot) {
        checkPut(slot);
    }

    @Override
    protected void checkCacheDel(final SwapCountWords w, final long slot) {
        checkCacheDel(slot);
    }

    /** Context: the device lock, inside the slot's cluster. */
    // SwapCountPaths' slow path calls this hook holding the device lock, taken through the Handshake behind
    // si.deviceLock: the shared core cannot name this model's field, so ErrorProne cannot match the two; the
    // assert at the top of releaseRun checks the lock at run time.
    @SuppressWarnings("GuardedBy")
    @Override
    protected void release(final long slot) {
        si.releaseRun(slot, 1);
    }

    /**
     * Sets a slot's swap count directly, so that tests reach the 2^31-1 limit without 2^31 calls.
     * For tests of the count limit only. Context: takes the slot's cluster lock.
     */
    void setSwapCountForTest(final long entry, final int swapCount) {
        final long slot = si.slotOf(entry);
        final int c = si.clusterOf(slot);
        si.lockCluster(c);
        try {
            si.checkInUse(slot);
            words.setCount(slot, swapCount);
        } finally {
            si.unlockCluster(c);
        }
    }

    private void checkPut(final long slot) {
        si.checkInUse(slot);
        if (words.count(slot) == 0) {
            throw Checks.badState("swap count of slot " + slot, 0, "> 0 to put; the slot is held only by the"
                    + " swap cache");
        }
    }

    private void checkCacheDel(final long slot) {
        si.checkInUse(slot);
        if (!words.cached(slot)) {
            throw Checks.badState("swap cache flag of slot " + slot, "clear", "set to delete it");
        }
    }

    /** {@link SwapCounts#countOf}. Context: takes the slot's cluster lock. */
    long countOf(final long entry) {
        final long slot = si.slotOf(entry);
        final int c = si.clusterOf(slot);
        si.lockCluster(c);
        try {
            return words.count(slot);
        } finally {
            si.unlockCluster(c);
        }
    }

    /**
     * {@link SwapCounts#isCached}. Context: takes the slot's cluster lock.
     *
     * @return whether the swap cache holds the slot: false for a free or reserved slot
     */
    boolean isCached(final long entry) {
        final long slot = si.slotOf(entry);
        final int c = si.clusterOf(slot);
        si.lockCluster(c);
        try {
            final byte v = si.map[(int) slot];
            return v != SwapInfo.SLOT_FREE && v != SwapInfo.SLOT_RESERVED && words.cached(slot);
        } finally {
            si.unlockCluster(c);
        }
    }
}
