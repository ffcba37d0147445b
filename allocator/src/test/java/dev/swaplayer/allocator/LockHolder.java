package dev.swaplayer.allocator;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A thread that takes a lock and holds it until {@link #letGo()} (or {@link #close()}): for the tests of what
 * another thread does while a lock is held.
 *
 * <p>Thread safety: built and let go by one test thread; the holder thread touches only the lock and the latches.
 */
final class LockHolder implements AutoCloseable {
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread thread;

    /** Starts the holder and returns once it holds {@code lock}. */
    LockHolder(final SpinLock lock) throws InterruptedException {
        thread = new Thread(() -> {
            lock.lock();
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }, "holder");
        thread.start();
        held.await();
    }

    /** Lets the lock go and waits (at most 10 s) for the holder to end. */
    void letGo() throws InterruptedException {
        release.countDown();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    /** Lets go as {@link #letGo()} does; an interrupt while joining is kept as the thread's status. */
    @Override
    public void close() {
        try {
            letGo();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
