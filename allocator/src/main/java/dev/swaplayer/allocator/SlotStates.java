package dev.swaplayer.allocator;

import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.MetadataBudget;
import dev.swaplayer.spec.Preconditions;
import dev.swaplayer.spec.SwapResult;
import dev.swaplayer.spec.SwapSpaceView;

/**
 * The buddy allocator's slot states: the swap-count and swap-cache steps ({@code dup}, {@code put},
 * {@code cacheAdd}, {@code cacheDel}) under the slot's cluster lock, the slow path that takes the device lock
 * when a step frees its slot, and the release of in-use runs ({@link BuddyAllocator} draws the lock protocol).
 *
 * <p>Thread safety: thread-safe; each entry point either takes the locks it needs (the swap-count steps) or
 * asserts that its caller holds them (the release of runs: the device lock, inside the run's clusters).
 */
final class SlotStates {
    private final FreeSpace space;
    private final DescriptorTable table;
    private final BuddyLocks locks;
    private final Fault fault;
    /** The unlocked view: for preconditions, while the caller holds the locks the read needs. */
    private final SwapSpaceView view;

    SlotStates(final FreeSpace space, final DescriptorTable table, final Fault fault, final SwapSpaceView view) {
        this.space = space;
        this.table = table;
        this.locks = space.locks;
        this.fault = fault;
        this.view = view;
    }

    /** {@code dup} of an in-use slot: its cluster lock only, but for {@link Fault#UNLOCKED_DUP}. */
    SwapResult dup(final long slot) {
        if (fault == Fault.UNLOCKED_DUP) {
            return dupWithoutLock(slot);
        }
        final Cluster cl = lockInUse(slot);
        try {
            return incrementCount(cl, slot);
        } finally {
            locks.unlock(cl);
        }
    }

    /** The read-modify-write of {@code dup}: under the slot's cluster lock, but for {@link Fault#UNLOCKED_DUP}. */
    private SwapResult incrementCount(final Cluster cl, final long slot) {
        assert fault == Fault.UNLOCKED_DUP || locks.holdsSlotsOf(cl) : "dup of " + slot + " without a lock";
        requireInUse(cl, slot);
        final int idx = space.indexOf(slot);
        final long count = cl.count(idx);
        if (count == SwapResult.MAX_SWAP_COUNT) {
            return SwapResult.COUNT_OVERFLOW;
        }
        if (count == MetadataBudget.INLINE_COUNT_MAX && !space.budget.extendEntry()) {
            return SwapResult.NO_MEMORY; // add_swap_count_continuation failed: -ENOMEM, nothing changed
        }
        cl.setCount(idx, count + 1);
        return SwapResult.OK;
    }

    /** The planted {@link Fault#UNLOCKED_DUP}: {@code dup}'s read-modify-write without the cluster lock. */
    private SwapResult dupWithoutLock(final long slot) {
        final Cluster cl = space.clusterOf(slot);
        if (cl == null) {
            throw Checks.badState("slot " + slot, "free", "in use");
        }
        return incrementCount(cl, slot);
    }

    /** {@code put}: the cluster lock while the slot stays in use, else {@link #dropReference}. */
    boolean put(final long slot) {
        final Cluster cl = lockInUse(slot);
        try {
            requireInUse(cl, slot);
            final int idx = space.indexOf(slot);
            if (cl.count(idx) == 0) {
                Preconditions.checkPut(view, slot); // throws: held only by the swap cache
            }
            final long count = cl.count(idx) - 1;
            if (count > 0 || cl.isCached(idx)) {
                cl.setCount(idx, count); // the slot stays in use: the cluster lock suffices
                return false;
            }
        } finally {
            locks.unlock(cl);
        }
        return dropReference(slot, false);
    }

    /** {@code cacheAdd}: the cluster lock only. */
    SwapResult cacheAdd(final long slot) {
        final Cluster cl = space.lockClusterOf(slot);
        if (cl == null) {
            return SwapResult.NOT_IN_USE;
        }
        try {
            final int idx = space.indexOf(slot);
            if (cl.freeOrderOf(idx) >= 0) {
                return SwapResult.NOT_IN_USE;
            }
            Preconditions.checkInUse(view, slot);
            if (cl.isCached(idx)) {
                return SwapResult.ALREADY_CACHED;
            }
            cl.setCached(idx, true);
            return SwapResult.OK;
        } finally {
            locks.unlock(cl);
        }
    }

    /** {@code cacheDel}: the cluster lock while the slot stays in use, else {@link #dropReference}. */
    boolean cacheDel(final long slot) {
        final Cluster cl = lockInUse(slot);
        try {
            requireInUse(cl, slot);
            final int idx = space.indexOf(slot);
            if (!cl.isCached(idx)) {
                Preconditions.checkCacheDel(view, slot); // throws: not cached
            }
            if (cl.count(idx) > 0) {
                cl.setCached(idx, false); // page-table references keep the slot in use
                return false;
            }
        } finally {
            locks.unlock(cl);
        }
        return dropReference(slot, true);
    }

    /**
     * The slow path of {@code put} ({@code cache} false) and {@code cacheDel} (true) when the slot may be
     * freed: device lock first, then the cluster lock, and the whole operation decided again.
     */
    private boolean dropReference(final long slot, final boolean cache) {
        locks.lockDevice();
        try {
            final Cluster cl = lockInUse(slot);
            try {
                final int idx = space.indexOf(slot);
                if (cache) {
                    Preconditions.checkCacheDel(view, slot);
                    cl.setCached(idx, false);
                } else {
                    Preconditions.checkPut(view, slot);
                    cl.setCount(idx, cl.count(idx) - 1);
                }
                if (cl.count(idx) == 0 && !cl.isCached(idx)) {
                    releaseRun(slot, 1);
                    return true;
                }
                return false;
            } finally {
                locks.unlock(cl);
            }
        } finally {
            locks.unlockDevice();
        }
    }

    /**
     * Sets a slot's swap count directly, so that tests can reach the 2^31-1 limit without 2^31 calls; under
     * its cluster lock.
     */
    void setCount(final long slot, final long count) {
        final Cluster cl = lockInUse(slot);
        try {
            Preconditions.checkInUse(view, slot);
            cl.setCount(space.indexOf(slot), count);
        } finally {
            locks.unlock(cl);
        }
    }

    /** The in-use test from the state byte (INV-6); when it fails, the shared precondition names why. */
    private void requireInUse(final Cluster cl, final long slot) {
        if (!cl.inUse(space.indexOf(slot))) {
            Preconditions.checkInUse(view, slot);
            throw BuddyAudit.corrupt("slot " + slot + ": state byte 0 but the view says in use");
        }
    }

    /**
     * Locks the cluster of a slot that must be in use.
     *
     * @throws IllegalStateException (nothing locked) when the slot's cluster is wholly free
     */
    private Cluster lockInUse(final long slot) {
        final Cluster cl = space.lockClusterOf(slot);
        if (cl == null) {
            throw Checks.badState("slot " + slot, "free", "in use");
        }
        return cl;
    }

    // ------------------------------------------------------------------------------- release of runs

    /** Under the device lock and the run's cluster locks: checks that the run is in use, then frees it. */
    void releaseInUse(final long slot, final long nrSlots) {
        if (!allInUse(slot, nrSlots)) {
            Preconditions.checkAllInUse(view, slot, nrSlots); // names the first slot not in use
            throw BuddyAudit.corrupt("slots " + slot + "+" + nrSlots + ": state bytes and view disagree");
        }
        releaseRun(slot, nrSlots);
    }

    /** Under the device lock and the run's cluster locks: whether every slot of the run is in use. */
    private boolean allInUse(final long slot, final long nrSlots) {
        assert locks.holdsDevice() : "free without the device lock";
        if (nrSlots < 1 || slot + nrSlots > space.geometry.totalSlots()) {
            return false;
        }
        for (long x = slot; x < slot + nrSlots; x++) {
            final Cluster cl = space.clusters[space.geometry.clusterOf(x)];
            if (cl == null || !cl.inUse(space.indexOf(x))) {
                return false;
            }
        }
        return true;
    }

    /** Frees a run of in-use slots, cluster by cluster; the caller holds the device lock and their locks. */
    void releaseRun(final long slot, final long nrSlots) {
        assert locks.holdsDevice() : "free without the device lock";
        long at = slot;
        long left = nrSlots;
        while (left > 0) {
            final Cluster cl = space.clusters[space.geometry.clusterOf(at)];
            final int idx = (int) (at - space.base(cl.index));
            final int len = (int) Math.min(left, space.clusterSlots - idx);
            for (int i = idx; i < idx + len; i++) {
                cl.clearState(i);
                table.releasePageAt(cl, i);
            }
            space.giveBack(cl, idx, len);
            at += len;
            left -= len;
        }
    }
}
