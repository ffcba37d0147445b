package dev.swaplayer.kernel;

import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;

/**
 * The public face of a kernel model ({@link PerCpuAllocator}) beyond allocate and free: the swap counts, the
 * cache-only marks, the per-CPU state and the observers, each method handing the call to the part of
 * {@link SwapInfo} that implements it ({@link SwapCountOps}, {@link CacheOnlyReclaim}, {@link PerCpuHints},
 * {@link SwapMapAudit}). The base of {@link LegacyAllocator} (6.10), {@link ClusterAllocator} (6.12) and
 * {@link Cluster72Allocator} (7.2).
 *
 * <p>Thread safety: as {@link SwapInfo}: each method takes the locks its "Context:" line names; whether a
 * model is thread-safe as a whole is stated by its class ({@link ClusterAllocator} is, {@link LegacyAllocator}
 * is not). It adds no state of its own.
 */
abstract class KernelModel extends SwapInfo {

    KernelModel(final int type, final Geometry geometry, final int cpus) {
        super(type, geometry, cpus);
    }

    /**
     * @param locking false only for the single-threaded benchmark baseline
     *     ({@link dev.swaplayer.allocator.core.Handshake})
     */
    KernelModel(final int type, final Geometry geometry, final int cpus, final boolean locking) {
        super(type, geometry, cpus, locking);
    }

    // ------------------------------------------------------------------------------ cache-only reclaim

    /**
     * {@inheritDoc}
     *
     * <p>Context: a run inside one cluster (every mark) takes only that cluster's lock; a run that spans
     * clusters takes the device lock, then their locks in ascending order ({@link CacheOnlyReclaim}).
     */
    @Override
    public final void setCacheOnly(final long entry, final int nrSlots, final boolean cacheOnly) {
        reclaim.setCacheOnly(entry, nrSlots, cacheOnly);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the slot's cluster lock.
     */
    @Override
    public final boolean isCacheOnly(final long entry) {
        return reclaim.isCacheOnly(entry);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the device lock.
     */
    @Override
    public final void setReclaimListener(final SlotReclaimed listener) {
        reclaim.setListener(listener);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: no lock; an acquire read.
     */
    @Override
    public final long reclaimedSlots() {
        return reclaim.reclaimedSlotsAcquire();
    }

    // -------------------------------------------------------------------------------------- per CPU

    @Override
    public final int cpus() {
        return hints.cpus();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: per thread, no lock. A thread that never called {@link #setCpu} runs on the CPU handed to it
     * at its first call, round-robin modulo {@link #cpus()}: the first thread gets CPU 0.
     */
    @Override
    public final int cpu() {
        return hints.cpu();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: sets the calling thread's CPU only; no lock.
     */
    @Override
    public final void setCpu(final int cpu) {
        reclaim.checkNotInCallback();
        hints.setCpu(cpu);
    }

    /**
     * Returns that CPU's {@code next[order]} hint: the slot its next scan of that order starts at, 0 for none.
     *
     * @param cpu a CPU
     * @param order an order
     * @return that CPU's {@code next[order]} hint: the slot its next scan of that order starts at, 0 for none
     */
    public final long hint(final int cpu, final int order) {
        Checks.checkInRange("cpu", cpu, 0, hints.cpus() - 1);
        geometry.checkOrder(order);
        deviceLock.lock();
        try {
            return hints.of(cpu)[order];
        } finally {
            deviceLock.unlock();
        }
    }

    // ----------------------------------------------------------------------------------- swap counts

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the slot's cluster lock ({@code lock_cluster_or_swap_info}).
     *
     * @throws IllegalArgumentException for an entry of another device or the header
     * @throws IllegalStateException when the slot is free or reserved
     */
    @Override
    public final SwapResult dup(final long entry) {
        reclaim.checkNotInCallback();
        return counts.dup(entry);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the slot's cluster lock; when the last reference goes and the swap cache does not hold
     * the slot, drops it and frees the slot under the device lock ({@link SwapCountOps}).
     *
     * @throws IllegalStateException when the slot is not in use or its count is 0
     */
    @Override
    public final boolean put(final long entry) {
        reclaim.checkNotInCallback();
        return counts.put(slotOf(entry));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the slot's cluster lock.
     *
     * @throws IllegalArgumentException for an entry of another device or the header
     * @throws IllegalStateException when the slot is reserved
     */
    @Override
    public final SwapResult cacheAdd(final long entry) {
        reclaim.checkNotInCallback();
        return counts.cacheAdd(entry);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: as {@link #put}: the cluster lock, and the device lock when the slot is freed.
     *
     * @throws IllegalStateException when the slot is not in use or not cached
     */
    @Override
    public final boolean cacheDel(final long entry) {
        reclaim.checkNotInCallback();
        return counts.cacheDel(slotOf(entry));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the slot's cluster lock.
     */
    @Override
    public final long countOf(final long entry) {
        return counts.countOf(entry);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Context: takes the slot's cluster lock.
     *
     * @return whether the swap cache holds the slot: false for a free or reserved slot
     */
    @Override
    public final boolean isCached(final long entry) {
        return counts.isCached(entry);
    }

    // ---------------------------------------------------------------------------------- observation

    /**
     * The canonical buddy decomposition of the free slots ({@code Blocks.canonical}), so that buddyinfo and
     * the unusable index compare across policies. Computed on demand: O(slots of non-free clusters) time,
     * O(clusterSlots) scratch; about 16k steps for a 64 MiB device.
     *
     * <p>Context: takes the device lock (no slot changes between free and in use while it is held), and each
     * cluster's lock while it reads that cluster's slots.
     */
    @Override
    public final Fragmentation fragmentation() {
        final long[] blocks = new long[maxOrder + 1];
        final boolean[] level = new boolean[clusterSlots];
        deviceLock.lock();
        try {
            for (int c = 0; c < clusterCount; c++) {
                if (count[c] == 0) {
                    blocks[maxOrder] += clusterSlots >>> maxOrder;
                    continue;
                }
                lockCluster(c);
                try {
                    countClusterBlocks(c, level, blocks);
                } finally {
                    unlockCluster(c);
                }
            }
        } finally {
            deviceLock.unlock();
        }
        return new Fragmentation(blocks);
    }

    /** Bottom-up: a free pair merges into its parent; an unmerged free block is maximal at its order. */
    private void countClusterBlocks(final int c, final boolean[] level, final long[] blocks) {
        final int first = (int) base(c);
        for (int i = 0; i < clusterSlots; i++) {
            level[i] = map[first + i] == SLOT_FREE;
        }
        int n = clusterSlots;
        for (int j = 0; j < maxOrder; j++) {
            n >>>= 1;
            for (int i = 0; i < n; i++) {
                final boolean left = level[2 * i];
                final boolean right = level[2 * i + 1];
                level[i] = left && right;
                if (left != right) {
                    blocks[j]++;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            blocks[maxOrder] += level[i] ? 1 : 0;
        }
    }

    /**
     * Returns the list it is on. Context: takes the device lock.
     *
     * @param cluster a cluster index
     * @return the list it is on. Context: takes the device lock.
     */
    public final ClusterFlag clusterFlag(final int cluster) {
        checkCluster(cluster);
        deviceLock.lock();
        try {
            return flags[cluster];
        } finally {
            deviceLock.unlock();
        }
    }

    /**
     * Returns its {@code ci->count}: slots not free, reserved ones included. Context: takes the cluster's lock.
     *
     * @param cluster a cluster index
     * @return its {@code ci->count}: slots not free, reserved ones included. Context: takes the cluster's lock.
     */
    public final int clusterUsage(final int cluster) {
        checkCluster(cluster);
        lockCluster(cluster);
        try {
            return count[cluster];
        } finally {
            unlockCluster(cluster);
        }
    }

    /**
     * Returns e.g. {@code Cluster(3: NONFULL order=4, 192/512)}. Context: takes the device lock.
     *
     * @param cluster a cluster index
     * @return e.g. {@code Cluster(3: NONFULL order=4, 192/512)}. Context: takes the device lock.
     */
    public final String describeCluster(final int cluster) {
        checkCluster(cluster);
        deviceLock.lock();
        try {
            return "Cluster(" + cluster + ": " + flags[cluster] + orderLabel(cluster) + ", " + count[cluster] + "/"
                    + clusterSlots + ")";
        } finally {
            deviceLock.unlock();
        }
    }

    private int checkCluster(final int cluster) {
        return Checks.checkInRange("cluster", cluster, 0, clusterCount - 1);
    }

    /**
     * Audits the slot map against the counts and counters, the swap count words, the hints, and the policy's
     * lists ({@link SwapMapAudit}). O(slots); for tests and debugging.
     *
     * <p>Context: takes the device lock, then every cluster lock in ascending order, so the audit sees one
     * consistent state even while other threads call the allocator (their calls wait); it passes at every
     * moment, not only at quiescent points. From a reclaim listener it sees the allocation in progress.
     *
     * @throws AssertionError naming the first inconsistency
     */
    @Override
    public final void checkConsistency() {
        deviceLock.lock();
        try {
            lockClusters(0, clusterCount - 1);
            try {
                SwapMapAudit.check(this);
            } finally {
                unlockClusters(0, clusterCount - 1);
            }
        } finally {
            deviceLock.unlock();
        }
    }

    /** Context: no lock; the two counters are acquire reads and may straddle a concurrent call. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(type " + type + ", " + geometry + ", " + hints.cpus() + " cpus: "
                + usedSlots() + " used, " + freeSlots() + " free)";
    }
}
