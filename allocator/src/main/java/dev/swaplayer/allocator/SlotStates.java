package dev.swaplayer.allocator;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.swaplayer.allocator.core.SwapCountPaths;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.MetadataBudget;
import dev.swaplayer.spec.Preconditions;
import dev.swaplayer.spec.SlotState;
import dev.swaplayer.spec.SwapResult;
import dev.swaplayer.spec.SwapSpaceView;

/**
 * The buddy allocator's slot states: {@code dup} and {@code cacheAdd} under the slot's cluster lock, the hooks
 * through which the shared {@code put} and {@code cacheDel} ({@link SwapCountPaths}: fast path under the cluster
 * lock, slow path under the device lock when a step frees its slot) read and change a slot, and the release of
 * in-use runs (the lock protocol: {@link dev.swaplayer.allocator.core}).
 *
 * <p>Thread safety: thread-safe; each entry point either takes the locks it needs (the swap-count steps) or
 * asserts that its caller holds them (the release of runs: the device lock, inside the run's clusters).
 */
class SlotStates extends SwapCountPaths<Cluster> {
    final FreeSpace space;
    private final DescriptorTable table;
    private final Fault fault;
    /** The unlocked view: for preconditions, while the caller holds the locks the read needs. */
    private final SwapSpaceView view;
    /** The freed block held back for the next allocation ({@link HeldBlock}); under the device lock. */
    private final HeldBlock held;

    private SlotStates(final FreeSpace space, final DescriptorTable table, final Fault fault,
            final SwapSpaceView view, final HeldBlock held) {
        super(space.locks);
        this.space = space;
        this.table = table;
        this.fault = fault;
        this.view = view;
        this.held = held;
    }

    /**
     * The slot states of one allocator, with {@code dup}'s path chosen once: the planted
     * {@link Fault#UNLOCKED_DUP} builds the subclass that skips the lock.
     */
    static SlotStates create(final FreeSpace space, final DescriptorTable table, final Fault fault,
            final SwapSpaceView view, final HeldBlock held) {
        return switch (fault) {
            case UNLOCKED_DUP -> new UnlockedDup(space, table, fault, view, held);
            case PARTIAL_REJECTED_FREE -> new PartialRejectedFree(space, table, fault, view, held);
            default -> new SlotStates(space, table, fault, view, held);
        };
    }

    /** {@code dup} of an in-use slot: its cluster lock only. */
    SwapResult dup(final long slot) {
        final Cluster cl = lockInUse(slot);
        try {
            return incrementCount(cl, slot);
        } finally {
            unlock(cl, slot);
        }
    }

    /** The read-modify-write of {@code dup}: under the slot's cluster lock, but for {@link Fault#UNLOCKED_DUP}. */
    final SwapResult incrementCount(final Cluster cl, final long slot) {
        assert fault == Fault.UNLOCKED_DUP || locks.holdsSlotsOf(cl.lock) : "dup of " + slot + " without a lock";
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

    /** {@code cacheAdd}: the cluster lock only. */
    SwapResult cacheAdd(final long slot) {
        final Cluster cl = space.lockClusterOf(slot);
        if (cl == null) {
            return SwapResult.NOT_IN_USE;
        }
        try {
            final int idx = space.indexOf(slot);
            if (cl.isFree(idx)) {
                return SwapResult.NOT_IN_USE;
            }
            Preconditions.checkInUse(view, slot);
            if (cl.isCached(idx)) {
                return SwapResult.ALREADY_CACHED;
            }
            cl.setCached(idx, true);
            return SwapResult.OK;
        } finally {
            unlock(cl, slot);
        }
    }

    // ------------------------------------------------------------- the hooks of put and cacheDel

    @Override
    protected final void unlock(final Cluster cl, final long slot) {
        locks.unlock(cl.lock);
    }

    @Override
    protected final long count(final Cluster cl, final long slot) {
        return cl.count(space.indexOf(slot));
    }

    @Override
    protected final void setCount(final Cluster cl, final long slot, final long count) {
        assert locks.holdsSlotsOf(cl.lock) : "count of " + slot + " changed without a lock";
        cl.setCount(space.indexOf(slot), count);
    }

    @Override
    protected final boolean cached(final Cluster cl, final long slot) {
        return cl.isCached(space.indexOf(slot));
    }

    @Override
    protected final void setCached(final Cluster cl, final long slot, final boolean cached) {
        assert locks.holdsSlotsOf(cl.lock) : "cache pin of " + slot + " changed without a lock";
        cl.setCached(space.indexOf(slot), cached);
    }

    @Override
    protected final void checkPut(final Cluster cl, final long slot) {
        requireInUse(cl, slot);
        if (cl.count(space.indexOf(slot)) == 0) {
            Preconditions.checkPut(view, slot); // throws: held only by the swap cache
        }
    }

    @Override
    protected final void checkCacheDel(final Cluster cl, final long slot) {
        requireInUse(cl, slot);
        if (!cl.isCached(space.indexOf(slot))) {
            Preconditions.checkCacheDel(view, slot); // throws: not cached
        }
    }

    /** Frees a slot nothing references; under the device lock, inside its cluster. */
    @Override
    @GuardedBy("space.deviceLock")
    protected final void release(final long slot) {
        releaseRun(slot, 1);
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
            unlock(cl, slot);
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
    @Override
    protected final Cluster lockInUse(final long slot) {
        final Cluster cl = space.lockClusterOf(slot);
        if (cl == null) {
            throw Checks.badState("slot " + slot, "free", "in use");
        }
        return cl;
    }

    // ------------------------------------------------------------------------------- release of runs

    /**
     * Under the device lock: enters the run's clusters, checks that the run is in use, then frees it. A run inside
     * one cluster (every free of one block) looks that cluster up once.
     */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    @GuardedBy("space.deviceLock")
    void enterAndRelease(final long slot, final long nrSlots) {
        assert locks.holdsDevice() : "free without the device lock";
        final int idx = space.indexOf(slot);
        if (nrSlots < 1 || nrSlots > space.clusterSlots - idx || slot + nrSlots > space.geometry.totalSlots()) {
            space.enterClusters(slot, nrSlots);
            releaseInUse(slot, nrSlots);
            return;
        }
        final Cluster cl = space.clusters[space.geometry.clusterOf(slot)];
        final int len = (int) nrSlots;
        if (cl != null) {
            locks.enter(cl.lock);
        }
        if (cl == null || !cl.allInUse(idx, len)) {
            throw notAllInUse(slot, nrSlots);
        }
        held.settle();
        releaseInCluster(cl, idx, len);
    }

    /**
     * Under the device lock and the run's cluster locks: checks that the run is in use, then frees it; for the runs
     * {@link #enterAndRelease} does not free itself (across clusters, or not a run of the device).
     */
    @GuardedBy("space.deviceLock")
    private void releaseInUse(final long slot, final long nrSlots) {
        if (!allInUse(slot, nrSlots)) {
            throw notAllInUse(slot, nrSlots);
        }
        releaseRun(slot, nrSlots);
    }

    /** The error of a free of a run with a slot not in use: the shared precondition's, naming the first such slot. */
    private AssertionError notAllInUse(final long slot, final long nrSlots) {
        Preconditions.checkAllInUse(view, slot, nrSlots);
        return BuddyAudit.corrupt("slots " + slot + "+" + nrSlots + ": state bytes and view disagree");
    }

    /** Under the device lock and the run's cluster locks: whether every slot of the run is in use. */
    private boolean allInUse(final long slot, final long nrSlots) {
        assert locks.holdsDevice() : "free without the device lock";
        if (nrSlots < 1 || slot + nrSlots > space.geometry.totalSlots()) {
            return false;
        }
        for (long at = slot, left = nrSlots; left > 0; ) { // cluster by cluster
            final Cluster cl = space.clusters[space.geometry.clusterOf(at)];
            final int idx = space.indexOf(at);
            final int len = (int) Math.min(left, space.clusterSlots - idx);
            if (cl == null || !cl.allInUse(idx, len)) {
                return false;
            }
            at += len;
            left -= len;
        }
        return true;
    }

    /**
     * Frees a run of in-use slots, cluster by cluster; the caller holds the device lock and their locks. A run that
     * is one aligned block may be held back for the next allocation instead of given back ({@link HeldBlock}).
     */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    @GuardedBy("space.deviceLock")
    void releaseRun(final long slot, final long nrSlots) {
        assert locks.holdsDevice() : "free without the device lock";
        held.settle();
        final int idx = space.indexOf(slot);
        if (nrSlots <= space.clusterSlots - idx) { // inside one cluster: every free of one block
            releaseInCluster(space.clusters[space.geometry.clusterOf(slot)], idx, (int) nrSlots);
        } else {
            releaseAcross(slot, nrSlots);
        }
    }

    /** {@link #releaseRun} of a run inside one cluster, the held block settled: held back, or given back. */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    @GuardedBy("space.deviceLock")
    private void releaseInCluster(final Cluster cl, final int idx, final int len) {
        clear(cl, idx, len);
        if (!held.tryHold(cl, idx, len)) {
            space.giveBack(cl, idx, len);
        }
    }

    /** {@link #releaseRun} of a run over more than one cluster (never held: not one aligned block). */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    @GuardedBy("space.deviceLock")
    private void releaseAcross(final long slot, final long nrSlots) {
        long at = slot;
        long left = nrSlots;
        while (left > 0) {
            final Cluster cl = space.clusters[space.geometry.clusterOf(at)];
            final int idx = space.indexOf(at);
            final int len = (int) Math.min(left, space.clusterSlots - idx);
            clear(cl, idx, len);
            space.giveBack(cl, idx, len);
            at += len;
            left -= len;
        }
    }

    /** Clears the state bytes of a run inside one cluster, and releases those that were compound pages. */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    @GuardedBy("space.deviceLock")
    private void clear(final Cluster cl, final int idx, final int len) {
        cl.clearStates(idx, len);
        if (cl.hasPageOwners()) {
            for (int i = idx; i < idx + len; i++) {
                table.releasePageAt(cl, i);
            }
        }
    }

    /** The planted {@link Fault#UNLOCKED_DUP}: {@code dup}'s read-modify-write without the cluster lock. */
    private static final class UnlockedDup extends SlotStates {
        UnlockedDup(final FreeSpace space, final DescriptorTable table, final Fault fault, final SwapSpaceView view,
                final HeldBlock held) {
            super(space, table, fault, view, held);
        }

        @Override
        SwapResult dup(final long slot) {
            final Cluster cl = space.clusterOf(slot);
            if (cl == null) {
                throw Checks.badState("slot " + slot, "free", "in use");
            }
            return incrementCount(cl, slot);
        }
    }

    /** The planted {@link Fault#PARTIAL_REJECTED_FREE}: a rejected free first frees the run's in-use prefix. */
    private static final class PartialRejectedFree extends SlotStates {
        PartialRejectedFree(final FreeSpace space, final DescriptorTable table, final Fault fault,
                final SwapSpaceView view, final HeldBlock held) {
            super(space, table, fault, view, held);
        }

        @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
        @GuardedBy("space.deviceLock")
        @Override
        void enterAndRelease(final long slot, final long nrSlots) {
            final SlotStates self = this;
            final RuntimeException rejection = rejectionOfFree(self.view, slot, nrSlots); // before anything changes
            long prefix = 0;
            while (rejection != null && slot + prefix < space.geometry.totalSlots()
                    && self.view.state(slot + prefix) == SlotState.IN_USE) {
                prefix++;
            }
            if (prefix > 0) {
                super.enterAndRelease(slot, prefix);
            }
            if (rejection != null) {
                throw rejection;
            }
            super.enterAndRelease(slot, nrSlots);
        }

        /** The error the real allocator's free of this run throws, or null when the run is wholly in use. */
        private static RuntimeException rejectionOfFree(final SwapSpaceView view, final long slot, final long n) {
            try {
                Preconditions.checkAllInUse(view, slot, n);
                return null;
            } catch (IllegalArgumentException | IllegalStateException e) {
                return e;
            }
        }
    }
}
