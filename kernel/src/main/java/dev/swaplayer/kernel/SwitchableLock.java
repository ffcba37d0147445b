package dev.swaplayer.kernel;

import dev.swaplayer.allocator.SpinLock;

/**
 * A {@link SpinLock} (the model's {@code spinlock_t}) that can be built switched off: then {@code lock},
 * {@code unlock} and the waits do nothing, {@code isLockedVolatile} is false and {@code isHeldByCurrentThread}
 * is true, so the lock assertions still pass.
 * Only {@link ClusterAllocator#withoutLocks} builds it off, for the single-threaded baseline the benchmarks
 * measure the locks' cost against.
 *
 * <p>Thread safety: as {@link SpinLock} when on; when off, confine its owner to one thread.
 */
final class SwitchableLock extends SpinLock {
    private final boolean on;

    SwitchableLock(final boolean on) {
        this.on = on;
    }

    @Override
    public void lock() {
        if (on) {
            super.lock();
        }
    }

    @Override
    public void unlock() {
        if (on) {
            super.unlock();
        }
    }

    @Override
    public boolean isLockedVolatile() {
        return on && super.isLockedVolatile();
    }

    @Override
    public void awaitReleaseByOthersVolatile() {
        if (on) {
            super.awaitReleaseByOthersVolatile();
        }
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return !on || super.isHeldByCurrentThread();
    }
}
