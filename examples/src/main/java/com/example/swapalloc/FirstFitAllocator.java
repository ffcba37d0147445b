package com.example.swapalloc;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import java.util.BitSet;

/**
 * A first-fit allocator of swap slots, written as a swaplayer user would write a plug-in: the lowest
 * naturally aligned run of free slots inside one cluster, found by scanning a bitmap.
 *
 * <p>Thread safety: not thread-safe; confine to one thread.
 */
public class FirstFitAllocator implements SlotAllocator {
    /** One bit per slot: set when in use or reserved. */
    protected final BitSet used;
    private final int type;
    private final Geometry geometry;
    private long inUse;

    /**
     * @param type the device type
     * @param geometry the device
     */
    public FirstFitAllocator(final int type, final Geometry geometry) {
        this.type = type;
        this.geometry = geometry;
        this.used = new BitSet((int) geometry.totalSlots());
        for (long s = 0; s < geometry.totalSlots(); s++) {
            if (geometry.isReserved(s)) {
                used.set((int) s);
            }
        }
    }

    @Override
    public int type() {
        return type;
    }

    @Override
    public Geometry geometry() {
        return geometry;
    }

    @Override
    public long allocate(final int order) {
        geometry.checkOrder(order);
        final int size = 1 << geometry.effectiveOrder(order);
        final int step = geometry.aligned() ? size : 1 << geometry.minOrder();
        for (int s = step; s + size <= geometry.totalSlots(); s += step) {
            if (geometry.clusterOf(s) == geometry.clusterOf(s + size - 1) && isFree(s, size)) {
                mark(s, size);
                inUse += size;
                return SwapEntry.of(type, s);
            }
        }
        return NONE;
    }

    /**
     * Marks a run in use. A subclass may get this wrong on purpose (see {@link WordMaskAllocator}).
     *
     * @param first the first slot
     * @param size how many
     */
    protected void mark(final int first, final int size) {
        used.set(first, first + size);
    }

    /**
     * Returns whether every slot of the run is free.
     *
     * @param first the first slot
     * @param size how many
     */
    protected boolean isFree(final int first, final int size) {
        final int next = used.nextSetBit(first);
        return next < 0 || next >= first + size;
    }

    @Override
    public void free(final long entry, final long nrSlots) {
        final long first = checkRun(entry, nrSlots);
        for (long s = first; s < first + nrSlots; s++) {
            if (!used.get((int) s) || geometry.isReserved(s)) {
                throw new IllegalStateException("slot: " + s + " (expected: a slot in use)");
            }
        }
        used.clear((int) first, (int) (first + nrSlots));
        inUse -= nrSlots;
    }

    /**
     * Checks that a run names this device, skips the header and ends inside the device.
     *
     * @param entry the first slot's entry
     * @param nrSlots its length
     * @return the first slot
     */
    protected long checkRun(final long entry, final long nrSlots) {
        if (SwapEntry.isCompound(entry) || SwapEntry.type(entry) != type) {
            throw new IllegalArgumentException("entry: " + SwapEntry.toString(entry) + " (expected: a slot of type "
                    + type + ")");
        }
        final long first = SwapEntry.offset(entry);
        if (first < 1 || nrSlots < 1 || first + nrSlots > geometry.totalSlots()) {
            throw new IllegalArgumentException("run: " + first + "+" + nrSlots + " (expected: inside slots 1.."
                    + (geometry.totalSlots() - 1) + ")");
        }
        return first;
    }

    @Override
    public long freeSlots() {
        return geometry.totalSlots() - geometry.reservedSlots() - inUse;
    }

    @Override
    public long usedSlots() {
        return inUse;
    }

    @Override
    public Fragmentation fragmentation() {
        return Fragmentation.of(geometry, s -> !used.get((int) s));
    }
}
