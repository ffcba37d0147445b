package dev.swaplayer.allocator.core;

/**
 * The two swap-count steps that may free their slot, {@code put} and {@code cacheDel}, shared by the buddy
 * allocator and the kernel models: a fast path under the slot's cluster lock while the slot stays in use, and
 * a slow path that lets go of it, takes the device lock, then the cluster lock again, and decides anew from
 * the current state (the kernel drops {@code ci->lock} before {@code free_swap_slot} takes {@code si->lock}).
 * The allocator supplies its slot state through the hooks; what differs between the two allocators, and why
 * the other steps are not here, is in the {@linkplain dev.swaplayer.allocator.core package comment}.
 *
 * <p>Thread safety: thread-safe when the hooks are: each step takes the locks it needs through {@link #locks}
 * and the hooks, and asserts nothing of its caller.
 *
 * @param <C> what the allocator hands back when it locks a slot's cluster (its cluster metadata, or its words)
 */
public abstract class SwapCountPaths<C> {
    /** The allocator's device lock and handshake. */
    protected final Handshake locks;

    /**
     * Creates the steps of one allocator.
     *
     * @param locks its device lock
     */
    protected SwapCountPaths(final Handshake locks) {
        this.locks = locks;
    }

    /**
     * Locks the cluster of a slot that must be in use: takes its lock, giving way to a device-lock holder, or
     * (under the device lock) enters it.
     *
     * @param slot a slot
     * @return what the other hooks take
     * @throws IllegalStateException (nothing locked) when the slot is plainly free
     */
    protected abstract C lockInUse(long slot);

    /**
     * Lets go of what {@link #lockInUse} took.
     *
     * @param cluster what it returned
     * @param slot the slot
     */
    protected abstract void unlock(C cluster, long slot);

    /**
     * Returns the slot's swap count. Under the slot's cluster lock.
     *
     * @param cluster what {@link #lockInUse} returned
     * @param slot the slot
     */
    protected abstract long count(C cluster, long slot);

    /**
     * Sets the slot's swap count. Under the slot's cluster lock.
     *
     * @param cluster what {@link #lockInUse} returned
     * @param slot the slot
     * @param count the new count
     */
    protected abstract void setCount(C cluster, long slot, long count);

    /**
     * Returns whether the swap cache pins the slot. Under the slot's cluster lock.
     *
     * @param cluster what {@link #lockInUse} returned
     * @param slot the slot
     */
    protected abstract boolean cached(C cluster, long slot);

    /**
     * Sets or clears the slot's swap-cache pin. Under the slot's cluster lock.
     *
     * @param cluster what {@link #lockInUse} returned
     * @param slot the slot
     * @param cached the new pin
     */
    protected abstract void setCached(C cluster, long slot, boolean cached);

    /**
     * Checks that a {@code put} may drop a reference: the slot is in use with a count above 0. Under the
     * slot's cluster lock.
     *
     * @param cluster what {@link #lockInUse} returned
     * @param slot the slot
     * @throws IllegalStateException naming what is wrong, nothing changed
     */
    protected abstract void checkPut(C cluster, long slot);

    /**
     * Checks that a {@code cacheDel} may drop the swap cache's pin: the slot is in use and cached. Under the
     * slot's cluster lock.
     *
     * @param cluster what {@link #lockInUse} returned
     * @param slot the slot
     * @throws IllegalStateException naming what is wrong, nothing changed
     */
    protected abstract void checkCacheDel(C cluster, long slot);

    /**
     * Frees a slot that nothing references any more. Under the device lock, inside the slot's cluster.
     *
     * @param slot the slot
     */
    protected abstract void release(long slot);

    /**
     * {@code put}: drops a page-table reference; frees the slot when its count reaches 0 and the swap cache
     * does not pin it.
     *
     * @param slot a slot in use with a count above 0
     * @return whether the slot was freed
     */
    public final boolean put(final long slot) {
        final C cl = lockInUse(slot);
        try {
            checkPut(cl, slot);
            final long count = count(cl, slot) - 1;
            if (count > 0 || cached(cl, slot)) {
                setCount(cl, slot, count); // the slot stays in use: the cluster lock suffices
                return false;
            }
        } finally {
            unlock(cl, slot);
        }
        return freeUnreferenced(slot, true);
    }

    /**
     * {@code cacheDel}: drops the swap cache's pin; frees the slot when its count is 0.
     *
     * @param slot a cached slot in use
     * @return whether the slot was freed
     */
    public final boolean cacheDel(final long slot) {
        final C cl = lockInUse(slot);
        try {
            checkCacheDel(cl, slot);
            if (count(cl, slot) > 0) {
                setCached(cl, slot, false); // page-table references keep the slot in use
                return false;
            }
        } finally {
            unlock(cl, slot);
        }
        return freeUnreferenced(slot, false);
    }

    /**
     * The slow path of {@code put} ({@code dropReference}) and {@code cacheDel} (not): the device lock, then the
     * cluster lock, the step checked again (another thread may have changed the slot since the fast path let
     * go), applied, and the slot freed if nothing references it any more.
     */
    private boolean freeUnreferenced(final long slot, final boolean dropReference) {
        locks.lockDevice();
        try {
            final C cl = lockInUse(slot);
            try {
                if (dropReference) {
                    checkPut(cl, slot);
                    setCount(cl, slot, count(cl, slot) - 1);
                } else {
                    checkCacheDel(cl, slot);
                    setCached(cl, slot, false);
                }
                if (count(cl, slot) > 0 || cached(cl, slot)) {
                    return false;
                }
                release(slot);
                return true;
            } finally {
                unlock(cl, slot);
            }
        } finally {
            locks.unlockDevice();
        }
    }
}
