package com.example.hang;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A user's thread-safe policy, outside swaplayer's packages as a plug-in's code is, whose first allocation on each of
 * the stress run's two workers takes two locks in opposite orders, both threads holding their first before either
 * asks for its second: an ABBA deadlock every time, not by chance.
 *
 * <p>Thread safety: as the buddy allocator's, plus the two locks; {@link #release} interrupts the deadlocked workers,
 * whose interruptible waits then end.
 */
public final class StressDeadlock implements AllocatorProvider {
    private static final ReentrantLock FIRST = new ReentrantLock();
    private static final ReentrantLock SECOND = new ReentrantLock();
    private static volatile CyclicBarrier bothHoldOne;

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
    public String name() {
        return "stress-deadlock";
    }

    @Override
    public boolean threadSafe() {
        return true;
    }

    @Override
    public SlotAllocator create(final int type, final Geometry geometry) {
        return new ForwardingSlotAllocator<>(new BuddyAllocator(type, geometry)) {
            @Override
            public long allocate(final int order) {
                final String me = Thread.currentThread().getName();
                if (me.equals("swaplayer-stress-1")) {
                    both(FIRST, SECOND);
                } else if (me.equals("swaplayer-stress-2")) {
                    both(SECOND, FIRST);
                }
                return delegate().allocate(order);
            }
        };
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
