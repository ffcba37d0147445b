package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link SpinLock} as a {@link java.util.concurrent.locks.Lock}: the {@code tryLock}s, {@code lockInterruptibly},
 * the unsupported conditions, and the lock built switched off.
 *
 * <p>Thread safety: each test shares its own lock with the threads it starts ({@code CompletableFuture} tasks, a
 * {@link LockHolder}, an interrupted waiter) and waits for each of them, at most 10 s, before it asserts on their
 * result.
 */
class SpinLockAsLockTest {
    private final SpinLock lock = new SpinLock();

    /** @return whether another thread's {@code tryLock()} succeeds (it then lets go again) */
    private boolean triedByAnotherThread() throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            final boolean taken = lock.tryLock();
            if (taken) {
                lock.unlock();
            }
            return taken;
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void tryLockTakesAFreeLockAndNestsForItsHolder() throws Exception {
        assertTrue(lock.tryLock());
        assertTrue(lock.isHeldByCurrentThread());
        assertTrue(lock.tryLock(), "re-entry by the holder");
        assertFalse(triedByAnotherThread(), "held: another thread must not get it");
        lock.unlock();
        assertTrue(lock.isHeldByCurrentThread(), "one acquisition left");
        lock.unlock();
        assertFalse(lock.isHeldByCurrentThread());
        assertTrue(triedByAnotherThread(), "free after the last unlock");
    }

    @Test
    void timedTryLockGivesUpWhileAnotherThreadHoldsIt() throws Exception {
        lock.lock();
        try {
            final boolean taken = CompletableFuture.supplyAsync(() -> {
                try {
                    return lock.tryLock(5, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }).get(10, TimeUnit.SECONDS);
            assertFalse(taken);
        } finally {
            lock.unlock();
        }
        assertTrue(lock.tryLock(0, TimeUnit.NANOSECONDS), "a free lock is taken even with no time to wait");
        lock.unlock();
    }

    @Test
    void timedTryLockWaitsUntilTheHolderLetsGo() throws Exception {
        final LockHolder holder = new LockHolder(lock);
        final CompletableFuture<Boolean> taken = CompletableFuture.supplyAsync(() -> {
            try {
                final boolean t = lock.tryLock(10, TimeUnit.SECONDS);
                if (t) {
                    lock.unlock();
                }
                return t;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertFalse(taken.isDone(), "took the lock while another thread held it");
        holder.letGo();
        assertTrue(taken.get(10, TimeUnit.SECONDS), "took it once the holder let go");
    }

    @Test
    void lockInterruptiblyGivesUpWhenInterruptedAndLeavesTheLockAlone() throws Exception {
        final AtomicReference<Throwable> outcome = new AtomicReference<>();
        lock.lock();
        try {
            interruptAWaiter(outcome);
            assertTrue(lock.isHeldByCurrentThread(), "the holder still holds it");
        } finally {
            lock.unlock();
        }
        assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
        lock.lockInterruptibly();
        try {
            assertTrue(lock.isHeldByCurrentThread());
        } finally {
            lock.unlock();
        }
    }

    /** While this thread holds the lock: a thread waits in lockInterruptibly, is interrupted, and reports. */
    private void interruptAWaiter(final AtomicReference<Throwable> outcome) throws InterruptedException {
        final Thread waiter = new Thread(() -> {
            try {
                lock.lockInterruptibly();
                try {
                    outcome.set(new AssertionError("took a lock its holder never let go"));
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                outcome.set(e);
            }
        });
        waiter.start();
        waiter.interrupt();
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(waiter.isAlive());
    }

    @Test
    void newConditionIsNotSupported() {
        final UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                lock::newCondition);
        assertEquals("newCondition: a SpinLock has no conditions", e.getMessage());
    }

    @Test
    void aSwitchedOffLockNeverExcludesAndIsNeverHeld() throws Exception {
        final SpinLock off = SpinLock.switchedOff();
        off.lock();
        try {
            assertFalse(off.isHeldByCurrentThread());
            assertFalse(off.isLockedVolatile());
            assertTrue(off.tryLock());
            assertTrue(off.tryLock(0, TimeUnit.NANOSECONDS));
            off.lockInterruptibly();
            off.awaitReleaseByOthersVolatile();
        } finally {
            off.unlock();
        }
        off.unlock(); // never held, yet letting go does not throw: it does nothing
        assertTrue(CompletableFuture.supplyAsync(off::tryLock).get(10, TimeUnit.SECONDS));
    }
}
