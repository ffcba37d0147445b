package dev.swaplayer.allocator;

/**
 * The buddy allocator's two lock levels and the two halves of their handshake ({@link BuddyAllocator} draws
 * the protocol): the device lock ({@code si->lock}) and each cluster's lock ({@code ci->lock},
 * {@link Cluster#lock}).
 *
 * <p>Thread safety: thread-safe; its fields are final, and each method acts on the lock words, which are
 * {@link SpinLock}s. {@link Fault#NO_LOCKS} builds it with every method a no-op (and every {@code holds}
 * test true), to show that the concurrency tests fail without the locks.
 */
final class BuddyLocks {
    /** The device lock: guards free space ({@link FreeSpace}) and the descriptor table. */
    final SpinLock device = new SpinLock();
    /** False only for the {@link Fault#NO_LOCKS} demonstration. */
    final boolean on;

    BuddyLocks(final boolean on) {
        this.on = on;
    }

    void lockDevice() {
        if (on) {
            device.lock();
        }
    }

    void unlockDevice() {
        if (on) {
            device.unlock();
        }
    }

    /**
     * For assertions: whether the calling thread holds the device lock (always true without locks).
     *
     * @return whether free space is this thread's to read and change
     */
    boolean holdsDevice() {
        return !on || device.isHeldByCurrentThread();
    }

    /**
     * For assertions: whether the calling thread may read and change the slot states of {@code cl}: it holds
     * the cluster's lock, or the device lock (then it must also have {@link #enter entered} the cluster before
     * a change, which leaves no trace to check).
     *
     * @param cl a cluster
     * @return whether the thread holds one of the two locks
     */
    boolean holdsSlotsOf(final Cluster cl) {
        return !on || cl.lock.isHeldByCurrentThread() || device.isHeldByCurrentThread();
    }

    /**
     * Without the device lock (or, re-entering, with it): takes a cluster's lock for a cluster-only step. The
     * Dekker half on this side: compare-and-set the cluster lock, then read the device lock (volatile). If
     * another thread holds the device lock it may be inside this cluster without its lock ({@link #enter}),
     * so let go and queue on the device lock instead: holding it, take the cluster lock, then let the device
     * lock go. No device-lock holder can be inside the cluster then, and a later one waits for us in
     * {@code enter}. Queueing rather than retrying means a stream of allocations cannot starve the step.
     */
    void lock(final Cluster cl) {
        if (on) {
            cl.lock.lockGivingWayTo(device);
        }
    }

    /**
     * Under the device lock: makes the cluster's state this thread's to change, without a compare-and-set.
     * The Dekker half on this side: the device lock was taken with a compare-and-set, so a volatile read
     * that finds the cluster lock free (or ours) means every cluster-only step that entered before us has
     * left, and any that enters later sees the device lock held and backs off ({@link #lock}). Nothing to
     * let go afterwards: letting go of the device lock lets them in.
     */
    void enter(final Cluster cl) {
        assert holdsDevice() : "enter " + cl + " without the device lock";
        if (on) {
            cl.lock.awaitReleaseByOthersVolatile();
        }
    }

    void unlock(final Cluster cl) {
        if (on) {
            cl.lock.unlock();
        }
    }
}
