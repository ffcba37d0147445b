package dev.swaplayer.device;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the devices of this module share: the geometry accessors, the statistics, the closed flag and the
 * argument checks of an I/O, so that every device refuses the same misuse with the same message. Single-page
 * {@link #read}/{@link #write} are runs of one page.
 *
 * <p>Thread safety: the geometry is final, the statistics are atomics and the closed flag is an
 * {@link AtomicBoolean}; each subclass states how it makes its I/O safe.
 */
abstract sealed class DeviceBase permits FileSwapDevice, CompressedRamDevice, FaultInjectingDevice {
    private final int pageSize;
    private final long capacity;
    private final long[] badSlots;
    /** The counters behind {@link #stats()}; subclasses count successful operations here. */
    final IoStats stats = new IoStats();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param pageSize the slot size in bytes
     * @param capacity the slots, header slot included
     * @param badSlots the slots never to be read or written (any order, duplicates allowed)
     */
    DeviceBase(final int pageSize, final long capacity, final long[] badSlots) {
        this.pageSize = pageSize;
        this.capacity = capacity;
        this.badSlots = Arrays.stream(badSlots).sorted().distinct().toArray();
    }

    /** Returns the size of one slot in bytes. */
    public final int pageSize() {
        return pageSize;
    }

    /** Returns the number of slots, header slot included. */
    public final long capacity() {
        return capacity;
    }

    /** Returns the bad slots, sorted ascending, without duplicates (a fresh array). */
    public final long[] badSlots() {
        return badSlots.clone();
    }

    /** Returns a snapshot of the operation counters. */
    public final DeviceStats stats() {
        return stats.snapshot();
    }

    /**
     * Reads one page: a run of one.
     *
     * @param slot the slot
     * @param dst exactly one page
     * @throws IOException when the I/O fails
     */
    public void read(final long slot, final ByteBuffer dst) throws IOException {
        readRun(slot, 1, dst);
    }

    /**
     * Writes one page: a run of one.
     *
     * @param slot the slot
     * @param src exactly one page
     * @throws IOException when the I/O fails
     */
    public void write(final long slot, final ByteBuffer src) throws IOException {
        writeRun(slot, 1, src);
    }

    /** See {@link SwapDevice#readRun}. */
    public abstract void readRun(long slot, int pages, ByteBuffer dst) throws IOException;

    /** See {@link SwapDevice#writeRun}. */
    public abstract void writeRun(long slot, int pages, ByteBuffer src) throws IOException;

    /**
     * The checks of a run, in the order every device applies them: open, slot range, bad slots, buffer.
     *
     * @param what the buffer's name in messages: {@code "dst"} or {@code "src"}
     * @param writable whether the buffer is a destination
     */
    final void checkRun(final long slot, final int pages, final String what, final ByteBuffer buffer,
            final boolean writable) {
        checkOpen();
        Checks.checkRun(slot, pages, capacity);
        if (badSlots.length > 0) {
            final int at = Arrays.binarySearch(badSlots, slot);
            final int next = at >= 0 ? at : -at - 1;
            if (next < badSlots.length && badSlots[next] < slot + pages) {
                throw Checks.badArgument("slot", badSlots[next], pages == 1 ? "a slot not in the header's bad-page list"
                        : "no slot of the run " + slot + ".." + (slot + pages - 1) + " in the header's bad-page list");
            }
        }
        Checks.checkBuffer(what, buffer, (long) pages * pageSize, writable);
    }

    /** The checks of a discard: open, then the range. */
    final void checkDiscard(final long firstSlot, final long count) {
        checkOpen();
        Checks.checkRange(firstSlot, count, capacity);
    }

    /** @throws IllegalStateException after {@link #markClosed()} */
    final void checkOpen() {
        if (closed.get()) {
            throw Checks.closed();
        }
    }

    /** Returns whether the device is closed. */
    final boolean isClosed() {
        return closed.get();
    }

    /** Marks the device closed; returns {@code true} for the first call only. */
    final boolean markClosed() {
        return closed.compareAndSet(false, true);
    }
}
