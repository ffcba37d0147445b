package dev.swaplayer.allocator.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An allocator's free and used slot counters ({@code nr_swap_pages} and {@code inuse_pages} of one device):
 * written under the device lock with release stores, read without a lock with acquire loads.
 *
 * <p>Thread safety: {@link #moveToUsedRelease} and {@link #addFree} need the device lock of the {@link Handshake}
 * given at construction, and assert it; {@link #freeAcquire()} and {@link #usedAcquire()} need no lock. Each value
 * is exact; two reads are one picture only at a quiescent point, as the kernel's two counters may differ for a
 * moment. Release rather than volatile stores spare a full fence per call: the lock already orders the writers,
 * and an unlocked reader's acquire load needs only release on this side.
 */
public final class SlotCounters {
    private static final VarHandle FREE;
    private static final VarHandle USED;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            FREE = lookup.findVarHandle(SlotCounters.class, "free", long.class);
            USED = lookup.findVarHandle(SlotCounters.class, "used", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Handshake locks;
    /** Free slots; written under the device lock with release stores. */
    private long free;
    /** In-use slots; written with {@link #free}. */
    private long used;

    /**
     * Creates the counters of a device with no slot in use.
     *
     * @param locks the device lock that guards the writes
     * @param free the free slots
     */
    public SlotCounters(final Handshake locks, final long free) {
        this.locks = locks;
        this.free = free;
    }

    /**
     * Copies counters for a copy of their allocator, guarded by its device lock.
     *
     * @param o the counters to copy, at a quiescent point
     * @param locks the copy's device lock
     */
    public SlotCounters(final SlotCounters o, final Handshake locks) {
        this.locks = locks;
        this.free = o.free;
        this.used = o.used;
    }

    /**
     * Moves n slots from free to used (n &lt; 0 moves them back), with release stores. Under the device lock.
     *
     * @param n slots that came into use
     */
    public void moveToUsedRelease(final long n) {
        assert locks.holdsDevice() : "slot counters changed without the device lock";
        FREE.setRelease(this, free - n);
        USED.setRelease(this, used + n);
    }

    /**
     * Adds n slots to the free count while a device is set up (slots that become usable). Under the device lock.
     *
     * @param n slots that became free
     */
    public void addFree(final long n) {
        assert locks.holdsDevice() : "slot counters changed without the device lock";
        FREE.setRelease(this, free + n);
    }

    /** Returns the free slots under the device lock (a plain read). */
    public long free() {
        assert locks.holdsDevice() : "slot counters read without the device lock";
        return free;
    }

    /** Returns the used slots under the device lock (a plain read). */
    public long used() {
        assert locks.holdsDevice() : "slot counters read without the device lock";
        return used;
    }

    /** Returns the free slots, an acquire load without a lock: exact, consistent with used when quiescent. */
    public long freeAcquire() {
        return (long) FREE.getAcquire(this);
    }

    /** Returns the used slots, an acquire load without a lock: exact, consistent with free when quiescent. */
    public long usedAcquire() {
        return (long) USED.getAcquire(this);
    }
}
