package dev.swaplayer.check;

import java.util.concurrent.locks.LockSupport;

/**
 * How the threads of a concurrency check wait: a caller's short random pause before a call, and one turn of a
 * wait for another thread. The stress run's workers, its contested rounds and verify's linearizability histories
 * all wait this way, so that what makes two calls meet inside an allocator is written once.
 *
 * <p>Thread safety: stateless.
 */
public final class SpinWait {
    /**
     * Spin-wait rounds a caller spends, at most, before a call. Without them two threads mostly take turns: the one
     * that finds the allocator's lock held parks, and the holder takes the lock again and again before it wakes, so
     * code outside the lock rarely runs on both threads at once. A random pause between calls, as real callers
     * have, keeps the lock free more often, and both threads run in the allocator together; two threads that meet
     * and then each pause a random few rounds sweep the window in which a check made outside a lock is out of date.
     */
    public static final int THINK = 64;
    /** Spin-waits before a waiting thread sleeps instead (about 10 µs to 100 µs of spinning). */
    static final int SPINS_BEFORE_SLEEP = 1 << 12;
    /** The sleep of a waiting thread past its spin-waits (the kernel's timer slack makes it about 50 µs). */
    static final long PARK_NS = 1_000;

    private SpinWait() {
    }

    /**
     * A caller's pause between two calls.
     *
     * @param rounds spin-waits, below {@link #THINK}
     */
    public static void think(final int rounds) {
        for (int k = 0; k < rounds; k++) {
            Thread.onSpinWait();
        }
    }

    /**
     * One turn of a wait for another thread: a spin-wait at first, so that two calls that wait for each other
     * start close together, then a short sleep, so that on a machine busier than its cores the wait does not take
     * the time slice of the thread it waits for.
     *
     * @param spins the turns this wait has already taken
     */
    public static void pause(final int spins) {
        if (spins < SPINS_BEFORE_SLEEP) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(PARK_NS);
        }
    }
}
