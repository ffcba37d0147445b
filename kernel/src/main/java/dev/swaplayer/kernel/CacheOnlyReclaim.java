package dev.swaplayer.kernel;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.swaplayer.allocator.core.Handshake;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The cache-only marks of a kernel model and their reclaim: the runs the caller says are held only by the
 * swap cache ({@code SWAP_HAS_CACHE} alone, {@link PerCpuAllocator#setCacheOnly}), and the 6.10 and 6.12
 * {@code __try_to_reclaim_swap(si, offset, TTRS_ANYWAY | TTRS_DIRECT)} that frees such a run whole, when
 * every slot of it is still marked, and tells the {@link SlotReclaimed} listener.
 *
 * <p>Thread safety: thread-safe with the owning model's locks: a mark lives in its slot's state in
 * {@link SwapInfo#map}, guarded by the slot's cluster lock; the listener and the callback flag are guarded by
 * the device lock; the reclaimed-slot counter is written under the device lock with release stores and read
 * with acquire loads ({@link #reclaimedSlotsAcquire()}).
 *
 * <h2>Marks</h2>
 * A marked slot's state is {@code CACHE_ONLY | r}: it belongs to a cache-only run of 2^r slots aligned to
 * its size, inside one cluster. Freeing part of a marked run unmarks the rest ({@link #unmarkRestOfRun}).
 */
final class CacheOnlyReclaim {
    private static final VarHandle RECLAIMED_SLOTS;

    static {
        try {
            RECLAIMED_SLOTS = MethodHandles.lookup().findVarHandle(CacheOnlyReclaim.class, "reclaimedSlots",
                    long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SwapInfo si;
    /** The model's device lock. */
    private final Handshake locks;
    /** Guarded by the device lock. */
    @GuardedBy("si.deviceLock")
    private SlotReclaimed listener = SlotReclaimed.IGNORE;
    /** Written under the device lock with release stores; see {@link #reclaimedSlotsAcquire()}. */
    private long reclaimedSlots;
    /** True while the listener runs; guarded by the device lock, which the listener's thread holds. */
    private boolean inCallback;

    /**
     * @param si the model whose slots this marks and reclaims
     * @param locks its device lock
     */
    CacheOnlyReclaim(final SwapInfo si, final Handshake locks) {
        this.si = si;
        this.locks = locks;
    }

    /**
     * Marks a run cache-only, or clears the marks ({@link PerCpuAllocator#setCacheOnly}).
     *
     * <p>Context: a run inside one cluster (every mark) takes only that cluster's lock; a run that spans
     * clusters takes the device lock, then their locks in ascending order ({@link #setCacheOnlyAcrossClusters}).
     */
    void setCacheOnly(final long entry, final int nrSlots, final boolean cacheOnly) {
        checkNotInCallback();
        final long slot = si.slotOf(entry);
        Checks.checkInRange("nrSlots", nrSlots, 1, si.totalSlots - slot);
        int runOrder = 0;
        if (cacheOnly) {
            runOrder = Checks.checkPowerOfTwo("nrSlots", nrSlots);
            Checks.checkInRange("nrSlots", nrSlots, 1, si.clusterSlots);
            if ((slot & nrSlots - 1) != 0) {
                throw Checks.badArgument("slot", slot, "aligned to nrSlots " + nrSlots + ", as a folio's run is");
            }
        }
        final byte state = (byte) (cacheOnly ? SwapInfo.CACHE_ONLY | runOrder : SwapInfo.SLOT_IN_USE);
        final int c = si.clusterOf(slot);
        if (c != si.clusterOf(slot + nrSlots - 1)) {
            setCacheOnlyAcrossClusters(slot, nrSlots, state);
            return;
        }
        si.lockCluster(c);
        try {
            setStatesLocked(slot, nrSlots, state);
        } finally {
            si.unlockCluster(c);
        }
    }

    /** The cross-cluster form of setCacheOnly (a clear spanning clusters): device lock, then cluster locks. */
    private void setCacheOnlyAcrossClusters(final long slot, final int nrSlots, final byte state) {
        final int first = si.clusterOf(slot);
        final int last = si.clusterOf(slot + nrSlots - 1);
        si.deviceLock.lock();
        try {
            si.lockClusters(first, last);
            try {
                setStatesLocked(slot, nrSlots, state);
            } finally {
                si.unlockClusters(first, last);
            }
        } finally {
            si.deviceLock.unlock();
        }
    }

    /** Checks that every slot is in use, then sets their states. Context: every cluster lock of the run. */
    private void setStatesLocked(final long slot, final int nrSlots, final byte state) {
        for (long s = slot; s < slot + nrSlots; s++) {
            si.checkInUse(s);
        }
        for (int s = (int) slot; s < slot + nrSlots; s++) {
            assert si.holdsCluster(si.clusterOf(s)) : "slot state changed without its cluster lock";
            si.map[s] = state;
        }
    }

    /** Returns whether the slot is marked cache-only. Context: takes the slot's cluster lock. */
    boolean isCacheOnly(final long entry) {
        final long slot = si.slotOf(entry);
        final int c = si.clusterOf(slot);
        si.lockCluster(c);
        try {
            return si.isCacheOnlySlot(slot);
        } finally {
            si.unlockCluster(c);
        }
    }

    /** Context: takes the device lock. */
    void setListener(final SlotReclaimed listener) {
        si.deviceLock.lock();
        try {
            this.listener = listener == null ? SlotReclaimed.IGNORE : listener;
        } finally {
            si.deviceLock.unlock();
        }
    }

    /** Returns slots reclaimed so far, read with acquire semantics: no lock needed. */
    long reclaimedSlotsAcquire() {
        return (long) RECLAIMED_SLOTS.getAcquire(this);
    }

    /**
     * {@code __try_to_reclaim_swap(si, offset, TTRS_ANYWAY | TTRS_DIRECT)}: frees the cache-only run holding
     * the slot when every slot of it is still cache-only, and tells the listener.
     *
     * <p>Context: takes the device lock (again, inside an allocation), then the slot's cluster lock (a
     * cache-only run lies in one cluster). The listener runs with the device lock held, and the cluster lock
     * when the caller held it.
     *
     * @return the run's size when freed, minus its size when not, 0 when the slot is not cache-only
     */
    int tryReclaim(final long slot) {
        si.deviceLock.lock();
        try {
            return tryReclaimLocked(slot);
        } finally {
            si.deviceLock.unlock();
        }
    }

    @GuardedBy("si.deviceLock")
    private int tryReclaimLocked(final long slot) {
        final int c = si.clusterOf(slot);
        final int nr;
        final long start;
        si.lockCluster(c);
        try {
            final int state = si.map[(int) slot];
            if ((state & SwapInfo.CACHE_ONLY) == 0) {
                return 0;
            }
            nr = 1 << (state & SwapInfo.CACHE_ORDER_MASK);
            start = slot & -(long) nr;
            for (long s = start; s < start + nr; s++) {
                if (!si.isCacheOnlySlot(s)) {
                    return -nr;
                }
            }
            si.releaseRun(start, nr);
        } finally {
            si.unlockCluster(c);
        }
        RECLAIMED_SLOTS.setRelease(this, reclaimedSlots + nr);
        inCallback = true;
        try {
            listener.reclaimed(SwapEntry.of(si.type(), start), nr);
        } finally {
            inCallback = false;
        }
        return nr;
    }

    /**
     * When {@code [from, to)} frees part of the cache-only run holding {@code slot}, the rest of that run loses
     * its mark. A folio leaves the swap cache whole ({@code put_swap_folio} frees all its entries), so a slot
     * freed alone means the folio was split or is gone; the kernel's reclaim then sees only the folio the slot
     * now belongs to ({@code folio->swap}, {@code folio_nr_pages}), never the old run rebuilt by alignment,
     * which could take in a freed slot reused by another folio. The caller re-marks what stays cache-only.
     * Context: the run's cluster lock (the run lies in the cluster of {@code slot}).
     */
    void unmarkRestOfRun(final long slot, final long from, final long to) {
        assert si.holdsCluster(si.clusterOf(slot)) : "cache-only marks changed without the cluster lock";
        final byte[] map = si.map;
        final int state = map[(int) slot];
        if ((state & SwapInfo.CACHE_ONLY) == 0) {
            return;
        }
        final int nr = 1 << (state & SwapInfo.CACHE_ORDER_MASK);
        final long start = slot & -(long) nr;
        for (long s = start; s < start + nr; s++) {
            if ((s < from || s >= to) && map[(int) s] == state) {
                map[(int) s] = SwapInfo.SLOT_IN_USE;
            }
        }
    }

    /**
     * Re-entry from the listener: only the listener's own thread holds the device lock while it runs.
     *
     * @throws IllegalStateException when called from inside a {@link SlotReclaimed} callback
     */
    void checkNotInCallback() {
        if (locks.holdsDevice() && inCallback) {
            throw Checks.badState("allocator", "inside a SlotReclaimed callback", "not re-entered by the callback");
        }
    }
}
