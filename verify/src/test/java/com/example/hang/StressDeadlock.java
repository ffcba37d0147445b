package com.example.hang;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A plug-in whose first allocation on each of the stress run's two workers takes two locks in opposite orders, both
 * threads holding their first before either asks for its second: an ABBA deadlock every time, not by chance.
 *
 * <p>Thread safety: as {@link OnStressWorkers}, plus the two locks; {@link #release} interrupts the deadlocked
 * workers, whose interruptible waits then end.
 */
public final class StressDeadlock extends OnStressWorkers {
    private static final ReentrantLock FIRST = new ReentrantLock();
    private static final ReentrantLock SECOND = new ReentrantLock();
    private static volatile CyclicBarrier bothHoldOne;

    public StressDeadlock() {
        super("stress-deadlock");
    }

    /** Arms the deadlock (before a run). */
    public static void arm() {
        bothHoldOne = new CyclicBarrier(2);
    }

    /** Interrupts the stress workers, so that none stays deadlocked after the test. */
    public static void release() {
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("swaplayer-stress-"))
                .forEach(Thread::interrupt);
    }

    @Override
    void onWorker(final String thread) {
        if (thread.equals("swaplayer-stress-1")) {
            both(FIRST, SECOND);
        } else if (thread.equals("swaplayer-stress-2")) {
            both(SECOND, FIRST);
        }
    }

    /** Takes one lock, waits until the other worker holds its own, then asks for the other's. */
    private static void both(final ReentrantLock mine, final ReentrantLock theirs) {
        try {
            mine.lockInterruptibly();
            try {
                bothHoldOne.await();
                theirs.lockInterruptibly();
                theirs.unlock();
            } finally {
                mine.unlock();
            }
        } catch (final InterruptedException | BrokenBarrierException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("released", e);
        }
    }
}
