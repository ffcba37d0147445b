package dev.swaplayer.allocator;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.swaplayer.allocator.core.Handshake;
import dev.swaplayer.entry.SwapEntry;

/**
 * The buddy allocator's compound folios: placing one when no contiguous block fits ({@link CompoundPlacement},
 * {@link DescriptorTable}), and the calls that name a compound handle: a page's slot, the free of some pages, the
 * extent count, the descriptor count.
 *
 * <p>Thread safety: thread-safe; each method takes the device lock itself, but {@link #place}, whose caller
 * holds it already (an allocation tried contiguous first) and which asserts it.
 */
final class BuddyFolios {
    private final int type;
    private final Handshake locks;
    private final FreeSpace space;
    private final DescriptorTable table;
    private final CompoundPlacement compound;
    private final SlotStates states;

    BuddyFolios(final int type, final FreeSpace space, final DescriptorTable table, final SlotStates states) {
        this.type = type;
        this.locks = space.locks;
        this.space = space;
        this.table = table;
        this.compound = new CompoundPlacement(space);
        this.states = states;
    }

    /** Under the device lock: a compound folio of {@code 2^order} pages, or NONE with nothing changed. */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    @GuardedBy("space.deviceLock")
    long place(final int order) {
        assert locks.holdsDevice() : "compound placement without the device lock";
        final long[] pieces = compound.pieces(1L << order);
        if (pieces == null || !space.budget.descriptor(table.size())) {
            return SlotAllocator.NONE; // no room, or no descriptor to be had: nothing changed
        }
        return SwapEntry.compound(type, table.place(order, pieces));
    }

    /** The slot entry of one page of a compound folio. */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    long slotOfPage(final long handle, final int order, final int page) {
        space.deviceLock.lock();
        try {
            return SwapEntry.of(type, table.slotOfPage(handle, order, page));
        } finally {
            space.deviceLock.unlock();
        }
    }

    /** Frees live pages of a compound folio, each slot on its own: the device lock, inside their clusters. */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    void freePages(final long handle, final int order, final int firstPage, final int count) {
        space.deviceLock.lock();
        try {
            final CompoundDescriptor d = table.livePages(handle, order, firstPage, count); // checked first
            walkPages(d, firstPage, firstPage + count, false);
            walkPages(d, firstPage, firstPage + count, true); // the slot of a released page is still known
        } finally {
            space.deviceLock.unlock();
        }
    }

    /**
     * Under the device lock: for pages {@code from..to-1} of {@code d}, one extent at a time (ascending slot order),
     * either enters the clusters of their slots (one call per extent; entering a cluster again is a no-op) or
     * releases each slot on its own.
     */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    @GuardedBy("space.deviceLock")
    private void walkPages(final CompoundDescriptor d, final int from, final int to, final boolean release) {
        assert locks.holdsDevice() : "a compound page free without the device lock";
        int base = 0; // the first page of extent i
        for (int i = 0; i < d.extents() && base < to; i++) {
            final int length = d.extentLength(i);
            final int first = Math.max(from, base);
            final int end = Math.min(to, base + length);
            if (first < end) {
                final long slot = d.extentStart(i) + first - base;
                if (release) {
                    for (int k = 0; k < end - first; k++) {
                        states.releaseRun(slot + k, 1);
                    }
                } else {
                    space.enterClusters(slot, end - first);
                }
            }
            base += length;
        }
    }

    /** The number of extents of a compound folio. */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    int extents(final long handle, final int order) {
        space.deviceLock.lock();
        try {
            return table.lookUp(handle, order).extents();
        } finally {
            space.deviceLock.unlock();
        }
    }

    /** The number of live compound descriptors. */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    int descriptors() {
        space.deviceLock.lock();
        try {
            return table.size();
        } finally {
            space.deviceLock.unlock();
        }
    }
}
