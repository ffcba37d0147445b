package dev.swaplayer.allocator.core;

import dev.swaplayer.allocator.SpinLock;

/**
 * The device lock ({@code si->lock}) of an allocator and the two halves of its handshake with the cluster locks
 * ({@code ci->lock}), shared by the buddy allocator and the kernel models; the {@linkplain
 * dev.swaplayer.allocator.core package comment} draws and explains the protocol. The cluster locks belong to the
 * caller (one {@link SpinLock} per cluster); each method names the one it acts on.
 *
 * <p>Thread safety: thread-safe; its fields are final and each method acts on lock words. Built switched off
 * ({@code new Handshake(false)}), every method is a no-op and every {@code holds} test true, so the lock
 * assertions still pass: for the benchmarks' single-threaded baseline and the demonstrations that the
 * concurrency tests fail without the locks. Such a handshake must stay on one thread.
 */
public final class Handshake {
    /** The device lock; {@link SpinLock#switchedOff() without effect} when the handshake is switched off. */
    private final SpinLock device;
    /** False only for the unlocked baseline and the demonstrations. */
    private final boolean on;

    /**
     * Creates the device lock of one allocator.
     *
     * @param on true for a thread-safe allocator; false leaves every lock out (one thread only)
     */
    public Handshake(final boolean on) {
        this.on = on;
        this.device = on ? new SpinLock() : SpinLock.switchedOff();
    }

    /** Returns a new handshake, every lock free, switched on or off as this one: for a copy of its allocator. */
    public Handshake fresh() {
        return new Handshake(on);
    }

    /**
     * Returns the device lock itself, a {@link java.util.concurrent.locks.Lock} without effect when the handshake
     * is switched off: for the audit's check that no lock is left held, and for tests.
     */
    public SpinLock deviceLock() {
        return device;
    }

    /** Takes the device lock ({@code spin_lock(&si->lock)}); re-entry by the holder nests. */
    public void lockDevice() {
        device.lock();
    }

    /** Lets go of one acquisition of the device lock. */
    public void unlockDevice() {
        device.unlock();
    }

    /**
     * For assertions: whether the calling thread holds the device lock (always true without locks).
     *
     * @return whether what the device lock guards is this thread's to read and change
     */
    public boolean holdsDevice() {
        return !on || device.isHeldByCurrentThread();
    }

    /**
     * For assertions: whether the calling thread may read and change what {@code cluster} guards: it holds that
     * lock, or the device lock (then it must also have {@link #enter entered} the cluster before a change, which
     * leaves no trace to check).
     *
     * @param cluster a cluster's lock
     * @return whether the thread holds one of the two locks
     */
    public boolean holdsSlotsOf(final SpinLock cluster) {
        return !on || cluster.isHeldByCurrentThread() || device.isHeldByCurrentThread();
    }

    /**
     * The cluster-only half: takes a cluster's lock without the device lock (or, re-entering, with it), giving
     * way to a device-lock holder. Compare-and-set the cluster lock, then read the device lock (volatile); if
     * another thread holds it, let go, queue on the device lock, take the cluster lock while holding it and
     * let the device lock go. Queueing rather than retrying means a stream of allocations cannot starve the
     * step.
     *
     * @param cluster the cluster's lock
     */
    public void lock(final SpinLock cluster) {
        if (on) {
            cluster.lock();
            if (device.isLockedVolatile() && !device.isHeldByCurrentThread()) {
                cluster.unlock();
                device.lock();
                try {
                    cluster.lock();
                } finally {
                    device.unlock();
                }
            }
        }
    }

    /**
     * The device half: under the device lock, makes a cluster's state this thread's to change without a
     * compare-and-set, by waiting (volatile reads) until no other thread holds the cluster's lock. Nothing to
     * let go afterwards: letting go of the device lock lets cluster-only steps in again.
     *
     * @param cluster the cluster's lock
     */
    public void enter(final SpinLock cluster) {
        assert holdsDevice() : "enter a cluster without the device lock";
        if (on) {
            cluster.awaitReleaseByOthersVolatile();
        }
    }

    /**
     * Lets go of a cluster lock taken by {@link #lock}.
     *
     * @param cluster the cluster's lock
     */
    public void unlock(final SpinLock cluster) {
        if (on) {
            cluster.unlock();
        }
    }
}
