package dev.swaplayer.kernel;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ReentrantLock} that can be built switched off: then {@code lock}, {@code unlock} and
 * {@code tryLock} do nothing (or succeed) and {@code isHeldByCurrentThread} is true, so the lock assertions
 * still pass. Only {@link ClusterAllocator#withoutLocks} builds it off, for the single-threaded baseline the
 * benchmarks measure the locks' cost against.
 *
 * <p>Thread safety: as {@link ReentrantLock} when on; when off, confine its owner to one thread.
 */
final class SwitchableLock extends ReentrantLock {
    private static final long serialVersionUID = 1L;
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
    public boolean tryLock() {
        return !on || super.tryLock();
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return !on || super.isHeldByCurrentThread();
    }
}
