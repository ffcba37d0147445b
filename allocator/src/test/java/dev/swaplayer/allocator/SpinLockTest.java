package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The single-threaded contract of {@link SpinLock}: holding, nesting, and misuse. Mutual exclusion under
 * contention is the concurrency suite's job ({@code SpinLockExclusion} in JCStress, and every allocator test
 * there runs on these locks).
 *
 * <p>Thread safety: each test shares its own lock with the {@code CompletableFuture} tasks it starts and waits for
 * each of them, at most 10 s, before it asserts on their result.
 */
// The tests drive the lock's own protocol step by step (nesting, unlock without holding it, handing it to
// another thread): each lock and unlock is the thing under test, not a critical section to protect.
@SuppressWarnings("LockNotBeforeTry")
class SpinLockTest {
    private final SpinLock lock = new SpinLock();

    /** @return whether another thread sees the lock as held by itself (it never should) */
    private boolean heldByAnotherThread() throws Exception {
        return CompletableFuture.supplyAsync(lock::isHeldByCurrentThread).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNewLockIsFree() throws Exception {
        assertFalse(lock.isHeldByCurrentThread());
        assertFalse(heldByAnotherThread());
    }

    @Test
    void heldByItsTakerOnly() throws Exception {
        lock.lock();
        assertTrue(lock.isHeldByCurrentThread());
        assertFalse(heldByAnotherThread());
        lock.unlock();
        assertFalse(lock.isHeldByCurrentThread());
    }

    @Test
    void reentryNestsAndOnlyTheLastUnlockFrees() throws Exception {
        lock.lock();
        lock.lock();
        lock.lock();
        lock.unlock();
        assertTrue(lock.isHeldByCurrentThread(), "two acquisitions left");
        lock.unlock();
        assertTrue(lock.isHeldByCurrentThread(), "one acquisition left");
        lock.unlock();
        assertFalse(lock.isHeldByCurrentThread());
        assertTrue(takenByAnotherThread(), "the lock must be free after the last unlock");
    }

    @Test
    void unlockWithoutHoldingThrowsAndChangesNothing() throws Exception {
        final IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class, lock::unlock);
        assertTrue(e.getMessage().startsWith("unlock: lock not held by thread "), e.getMessage());
        assertTrue(takenByAnotherThread(), "a failed unlock must leave the lock free");
    }

    @Test
    void anotherThreadCannotUnlockIt() throws Exception {
        lock.lock();
        try {
            final Throwable t = CompletableFuture.runAsync(lock::unlock).handle((v, x) -> x).get(10, TimeUnit.SECONDS);
            assertTrue(t.getCause() instanceof IllegalMonitorStateException, String.valueOf(t));
            assertTrue(lock.isHeldByCurrentThread(), "the holder still holds it");
        } finally {
            lock.unlock();
        }
    }

    @Test
    void aWaiterGetsTheLockOnceItIsLetGo() throws Exception {
        lock.lock();
        final CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            lock.lock(); // spins, yields, then parks until the holder lets go
            try {
                return lock.isHeldByCurrentThread();
            } finally {
                lock.unlock();
            }
        });
        Thread.sleep(50); // long enough for the waiter to pass from spinning to parking
        assertFalse(waiter.isDone(), "the waiter took a held lock");
        assertTrue(lock.isHeldByCurrentThread());
        lock.unlock();
        assertTrue(waiter.get(10, TimeUnit.SECONDS));
        assertFalse(lock.isHeldByCurrentThread());
    }

    @Test
    void isLockedVolatileSeesEveryHolder() throws Exception {
        assertFalse(lock.isLockedVolatile());
        lock.lock();
        assertTrue(lock.isLockedVolatile());
        assertTrue(CompletableFuture.supplyAsync(lock::isLockedVolatile).get(10, TimeUnit.SECONDS));
        lock.unlock();
        assertFalse(lock.isLockedVolatile());
    }

    @Test
    void awaitingReturnsAtOnceWhenFreeOrOwn() {
        lock.awaitReleaseByOthersVolatile();
        lock.lock();
        lock.awaitReleaseByOthersVolatile(); // held by the caller: nothing to wait for
        assertTrue(lock.isHeldByCurrentThread(), "awaiting does not take or drop the lock");
        lock.unlock();
    }

    @Test
    void awaitingWaitsForAnotherHolderWithoutTakingTheLock() throws Exception {
        lock.lock();
        final CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            lock.awaitReleaseByOthersVolatile();
            return lock.isHeldByCurrentThread();
        });
        Thread.sleep(50);
        assertFalse(waiter.isDone(), "returned while another thread held the lock");
        lock.unlock();
        assertFalse(waiter.get(10, TimeUnit.SECONDS), "awaiting must not take the lock");
        assertFalse(lock.isLockedVolatile());
    }

    /** @return whether another thread could take (and let go of) the lock */
    private boolean takenByAnotherThread() throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            lock.lock();
            try {
                return lock.isHeldByCurrentThread();
            } finally {
                lock.unlock();
            }
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void heldCountIsPerLock() {
        final SpinLock other = new SpinLock();
        lock.lock();
        assertFalse(other.isHeldByCurrentThread());
        other.lock();
        other.unlock();
        assertTrue(lock.isHeldByCurrentThread());
        lock.unlock();
        assertEquals(false, other.isHeldByCurrentThread());
    }
}
