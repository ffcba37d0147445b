package dev.swaplayer.verify;

import dev.swaplayer.check.SpinWait;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two threads of a linearizability history in step: before its call i, each thread waits until the other has
 * also finished its call i-1, so that the two calls i start within a few spin-waits of each other and overlap in the
 * allocator. Started together at a barrier and then left alone, two threads drift apart by microseconds, and the
 * calls of a short history then rarely overlap at all.
 *
 * <p>A consequence the judge may rely on: a thread's call i ends before the other thread's call i+1 begins, so the
 * real-time order leaves each pair of calls i free and fixes everything else.
 *
 * <p>Thread safety: thread-safe; one instance per history. A waiter sees the other's arrival through an atomic
 * counter (its increment releases what the thread wrote before, its read acquires it). {@link #abandon} stops
 * every wait, for a history whose other thread never comes back from the allocator.
 */
final class Lockstep {
    /** Arrivals so far: both threads arrive once per call. */
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile boolean abandoned;

    /**
     * Arrives before call {@code i} and waits for the other thread to arrive too.
     *
     * @param i the call's index in the thread's plan
     * @return false when the history was abandoned while this thread waited: make no further call
     */
    boolean meet(final int i) {
        final int both = 2 * (i + 1);
        arrived.incrementAndGet();
        for (int spins = 0; arrived.get() < both; spins++) {
            if (abandoned) {
                return false;
            }
            SpinWait.pause(spins);
        }
        return true;
    }

    /** Ends every wait: the other thread is stuck, and the history will not be judged. */
    void abandon() {
        abandoned = true;
    }
}
