package dev.swaplayer.allocator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

/**
 * A reentrant spin lock: the Java form of the kernel's {@code spinlock_t} behind {@code si->lock} and
 * {@code ci->lock}. Taking it when free costs one compare-and-set and letting it go one release store, where
 * an uncontended {@link java.util.concurrent.locks.ReentrantLock} also pays a full fence to let go. The
 * critical sections it guards are short, so a waiter spins, then yields, then parks briefly between tries.
 * The device lock and the cluster locks meet in a handshake built on {@link #isLockedVolatile} and
 * {@link #awaitReleaseByOthersVolatile}, drawn and explained once in {@link dev.swaplayer.allocator.core}.
 *
 * <p>Thread safety: any thread may call {@link #lock}; only the holder may call {@link #unlock}.
 *
 * <p>It is a {@link Lock} so that ErrorProne's {@code GuardedBy} check recognises {@code x.lock()} and
 * {@code x.unlock()} as taking and letting go of {@code x}; {@link #newCondition} is not supported (as
 * {@link Lock} allows). {@link #switchedOff()} builds the one lock without effect, for an allocator without locks.
 *
 * <h2>Memory ordering</h2>
 * <pre>
 *   lock()    compare-and-set of state 0 -> 1 (volatile: at least acquire)
 *   unlock()  state = 0 with a release store
 * </pre>
 * Everything the holder wrote before {@code unlock} is visible to the thread whose compare-and-set succeeds
 * next. {@code owner} and {@code holds} are plain fields: only the holder writes them, between its successful
 * compare-and-set and its release store, and a thread reads {@code owner == its id} only if it wrote it.
 * {@code owner} is the holder's thread id, not the {@link Thread}: a primitive store needs no GC write
 * barrier, which on G1 costs as much as the lock itself when the lock lives in the old generation.
 */
public class SpinLock implements Lock {
    private static final VarHandle STATE;
    /** Busy-wait rounds before a waiter starts yielding. */
    private static final int SPINS = 128;
    /** Yields before a waiter starts parking. */
    private static final int YIELDS = 64;
    /** How long a parked waiter sleeps before trying again. */
    private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SpinLock.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** 0 free, 1 held; accessed through {@link #STATE}. */
    @SuppressWarnings("unused")
    private volatile int state;
    /** The holder's {@link Thread#getId() id}, 0 when free (ids start at 1). */
    private long owner;
    /** Re-entries beyond the first acquisition. */
    private int holds;

    /** Creates a free lock. */
    public SpinLock() {
        // state 0: free
    }

    /**
     * Returns a lock without effect, for an allocator built with its locks switched off (one thread only):
     * {@link #lock}, {@link #unlock} and the waits do nothing, the {@code tryLock}s succeed, and it is never
     * held ({@link #isLockedVolatile} and {@link #isHeldByCurrentThread} are false), so an audit finds no lock
     * left held; the lock assertions pass through {@link dev.swaplayer.allocator.core.Handshake}, which knows it
     * is switched off.
     *
     * @return a new lock that never excludes anyone
     */
    public static SpinLock switchedOff() {
        return new Off();
    }

    /**
     * Takes the lock, waiting while another thread holds it; re-entry by the holder nests. The fast path (a
     * free lock) is kept small so that the JIT inlines it everywhere; re-entry and waiting are out of line.
     */
    @Override
    public void lock() {
        if (STATE.compareAndSet(this, 0, 1)) {
            owner = Thread.currentThread().getId();
        } else {
            reenterOrWait();
        }
    }

    private void reenterOrWait() {
        final long me = Thread.currentThread().getId();
        if (owner == me) {
            holds++;
            return;
        }
        waitAndTake();
        owner = me;
    }

    /** Test-and-test-and-set: reads until the lock looks free, then tries the compare-and-set again. */
    private void waitAndTake() {
        int rounds = 0;
        do {
            while ((int) STATE.getOpaque(this) != 0) {
                backOff(rounds++);
            }
        } while (!STATE.compareAndSet(this, 0, 1));
    }

    // Spin, then yield, then park: the yield is a deliberate step of the back-off under contention.
    @SuppressWarnings("ThreadPriorityCheck")
    private static void backOff(final int round) {
        if (round < SPINS) {
            Thread.onSpinWait();
        } else if (round < SPINS + YIELDS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(PARK_NANOS);
        }
    }

    /**
     * Takes the lock if it is free (one compare-and-set) or held by the calling thread (re-entry), without
     * waiting.
     *
     * @return whether the calling thread now holds the lock
     */
    @Override
    public boolean tryLock() {
        final long me = Thread.currentThread().getId();
        if (STATE.compareAndSet(this, 0, 1)) {
            owner = me;
            return true;
        }
        if (owner == me) {
            holds++;
            return true;
        }
        return false;
    }

    /**
     * Takes the lock as {@link #lock} does, giving up when the thread is interrupted before or while it waits.
     *
     * @throws InterruptedException if the thread is interrupted; the lock is then not taken
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (!tryLock(Long.MAX_VALUE, TimeUnit.NANOSECONDS)) {
            throw new InterruptedException("lockInterruptibly: interrupted while waiting");
        }
    }

    /**
     * Takes the lock as {@link #lock} does, with the same spin, yield and park back-off, giving up when the
     * time runs out or the thread is interrupted.
     *
     * @param time how long to wait at most
     * @param unit the unit of {@code time}
     * @return whether the calling thread now holds the lock; false when the time ran out first
     * @throws InterruptedException if the thread is interrupted; the lock is then not taken
     */
    @Override
    public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException {
        final long deadline = System.nanoTime() + Math.max(0, unit.toNanos(time));
        int rounds = 0;
        while (!tryLock()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("tryLock: interrupted while waiting");
            }
            if (deadline - System.nanoTime() <= 0) {
                return false;
            }
            backOff(rounds++);
        }
        return true;
    }

    /**
     * Not supported: a spin lock has no wait queue for conditions ({@link Lock#newCondition} allows this).
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("newCondition: a SpinLock has no conditions");
    }

    /**
     * Lets go of one acquisition; the last one frees the lock.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    @Override
    public void unlock() {
        if (holds != 0 || owner != Thread.currentThread().getId()) {
            leaveNestedOrThrow();
            return;
        }
        owner = 0;
        STATE.setRelease(this, 0);
    }

    private void leaveNestedOrThrow() {
        if (owner != Thread.currentThread().getId()) {
            throw notHeld();
        }
        holds--; // owner is us and holds != 0: an inner acquisition
    }

    private static IllegalMonitorStateException notHeld() {
        return new IllegalMonitorStateException("unlock: lock not held by thread " + Thread.currentThread().getName());
    }

    /**
     * Whether any thread holds the lock, read with volatile (sequentially consistent) ordering: after a
     * compare-and-set of another lock, this read cannot be reordered before it, which the handshake between the
     * device lock and the cluster locks relies on ({@link dev.swaplayer.allocator.core.Handshake}).
     *
     * @return whether the lock is held
     */
    public boolean isLockedVolatile() {
        return (int) STATE.getVolatile(this) != 0;
    }

    /**
     * Waits, without taking the lock, until no other thread holds it (the caller may hold it itself). Each
     * read is volatile, as in {@link #isLockedVolatile()}; the last one acquires what the last holder wrote.
     */
    public void awaitReleaseByOthersVolatile() {
        if ((int) STATE.getVolatile(this) != 0) {
            awaitOthers();
        }
    }

    private void awaitOthers() {
        if (owner == Thread.currentThread().getId()) {
            return;
        }
        int rounds = 0;
        while ((int) STATE.getVolatile(this) != 0) {
            backOff(rounds++);
        }
    }

    /** Returns whether the calling thread holds the lock. */
    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread().getId();
    }

    /** The lock of an allocator without locks: every method a no-op, never held. One thread only. */
    private static final class Off extends SpinLock {
        @Override
        public void lock() {
            // switched off
        }

        @Override
        public boolean tryLock() {
            return true;
        }

        @Override
        public void lockInterruptibly() {
            // switched off
        }

        @Override
        public boolean tryLock(final long time, final TimeUnit unit) {
            return true;
        }

        @Override
        public void unlock() {
            // switched off
        }

        @Override
        public boolean isLockedVolatile() {
            return false;
        }

        @Override
        public void awaitReleaseByOthersVolatile() {
            // switched off
        }

        @Override
        public boolean isHeldByCurrentThread() {
            return false;
        }
    }
}
