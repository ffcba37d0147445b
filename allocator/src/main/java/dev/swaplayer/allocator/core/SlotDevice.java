package dev.swaplayer.allocator.core;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Geometry;

/**
 * What every allocator of one swap device built on the {@linkplain dev.swaplayer.allocator.core handshake} holds,
 * and the answers it gives alike: the device's type and shape, its device lock ({@link Handshake}), its free and
 * used slot counters ({@link SlotCounters}), and the check of a slot entry. The base of the buddy allocator and
 * of the kernel models.
 *
 * <p>Thread safety: its fields are final; {@link #freeSlots()} and {@link #usedSlots()} are acquire loads that
 * need no lock; the counters are written under the device lock.
 */
public abstract class SlotDevice {
    /** The device type, 0..31. */
    protected final int type;
    /** The device's shape. */
    protected final Geometry geometry;
    /** The device lock and its handshake with the cluster locks. */
    protected final Handshake locks;
    /** Free and used slots: written under the device lock with release stores, read with acquire loads. */
    protected final SlotCounters counters;

    /**
     * Creates a device with no slot free yet (the subclass adds them as it lays the device out).
     *
     * @param type the device type, 0..31
     * @param geometry the device's shape
     * @param locking false for an allocator without locks (one thread only)
     * @throws IllegalArgumentException when the type is out of range
     */
    protected SlotDevice(final int type, final Geometry geometry, final boolean locking) {
        this.locks = new Handshake(locking);
        this.type = Checks.checkInRange("type", type, 0, SwapEntry.MAX_TYPE);
        this.geometry = geometry;
        this.counters = new SlotCounters(locks, 0);
    }

    /**
     * Copies a quiescent device for a copy of its allocator: a new device lock, switched on or off as its own,
     * and the same counts.
     *
     * @param o the device to copy
     */
    protected SlotDevice(final SlotDevice o) {
        this.locks = o.locks.fresh();
        this.type = o.type;
        this.geometry = o.geometry;
        this.counters = new SlotCounters(o.counters, locks);
    }

    /** Returns the device type. */
    public final int type() {
        return type;
    }

    /** Returns the device's shape. */
    public final Geometry geometry() {
        return geometry;
    }

    /** Returns free slots, an acquire load without a lock: exact, and consistent with usedSlots when quiescent. */
    public final long freeSlots() {
        return counters.freeAcquire();
    }

    /** Returns used slots, an acquire load without a lock: exact, and consistent with freeSlots when quiescent. */
    public final long usedSlots() {
        return counters.usedAcquire();
    }

    /**
     * Decodes and checks a slot entry of this device: not a compound handle, this device's type, a slot of the
     * device.
     *
     * @param entry the entry a caller named
     * @return the slot
     * @throws IllegalArgumentException naming what is wrong
     */
    public final long slotOf(final long entry) {
        if (SwapEntry.isCompound(entry)) {
            throw Checks.badArgument("entry", SwapEntry.toString(entry), "a slot entry, not a compound handle");
        }
        if (SwapEntry.type(entry) != type) {
            throw Checks.badArgument("entry type", SwapEntry.type(entry), type + ", this device");
        }
        return geometry.checkSlot("slot", SwapEntry.offset(entry));
    }
}
