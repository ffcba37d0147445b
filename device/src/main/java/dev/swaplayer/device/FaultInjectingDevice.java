package dev.swaplayer.device;

import dev.swaplayer.device.FaultPlan.Op;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Wraps any {@link SwapDevice} and makes chosen operations fail, tear or return corrupt data, following a
 * deterministic
 * {@link FaultPlan}, so that tests can check what the swap layer does at every I/O position.
 *
 * <p>Thread safety: as thread-safe as the wrapped device. Attempts are numbered under this object's monitor,
 * so concurrent calls get distinct numbers (in an order the scheduler decides).
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>Arguments are checked first, exactly as the wrapped device would (slot range, bad slots, buffer
 *       size); a call refused with {@link IllegalArgumentException} is not an attempt and is not numbered.</li>
 *   <li>A failed attempt throws {@link IOException} and does not reach the wrapped device: a failed flush
 *       is not forwarded, a failed read leaves {@code dst} untouched, a failed write writes nothing.</li>
 *   <li>A run ({@link #readRun}, {@link #writeRun}) is one attempt whatever its length, as it is one
 *       operation of the device; {@link #read} and {@link #write} are runs of one page.</li>
 *   <li>A torn write reads the old run from the wrapped device, writes it back with its first {@code K}
 *       bytes ({@code K} less than a page) replaced by the new data, then throws; {@code src} is not consumed. The
 *       wrapped device's own statistics show that read and write.</li>
 *   <li>A corrupted read reads the run from the wrapped device into {@code dst}, then flips the low bit of one
 *       byte of it and returns normally; it counts as a successful read in {@link #stats()}. A slot's planned
 *       corruption fires once, on the first read of the slot that does not fail ({@link #corruptedSlots()}
 *       lists where corruptions landed).</li>
 *   <li>{@link #stats()} counts the operations that succeeded through this wrapper (corrupted reads
 *       included); {@link #attempts}, {@link #ioAttempts()} and {@link #injectedFailures()} count attempts
 *       and injected faults (failures, tears and corruptions).</li>
 * </ul>
 */
public final class FaultInjectingDevice extends DeviceBase implements SwapDevice {
    private final SwapDevice delegate;
    private final FaultPlan plan;
    // Guarded by this: the attempt counters and the failure count.
    private final Map<Op, Long> attempts = new EnumMap<>(Op.class);
    private long ioAttempts;
    private long injected;
    // Guarded by this: slots whose planned corruption has fired, and every corrupted slot in order.
    private final Set<Long> firedSlots = new HashSet<>();
    private final List<Long> corrupted = new ArrayList<>();

    /**
     * @param delegate the device that receives the operations which do not fail
     * @param plan which attempts fail or tear
     * @throws IllegalArgumentException when a tear in the plan is not shorter than the page, or a corrupted
     *     slot is outside the device
     */
    public FaultInjectingDevice(final SwapDevice delegate, final FaultPlan plan) {
        super(delegate.pageSize(), delegate.capacity(), delegate.badSlots());
        this.delegate = delegate;
        this.plan = plan;
        if (plan.maxTearBytes() >= pageSize()) {
            throw Checks.badArgument("tear bytes", plan.maxTearBytes(), "0.." + (pageSize() - 1)
                    + ", less than a page");
        }
        for (final long slot : plan.corruptedSlots()) {
            if (slot >= capacity()) {
                throw Checks.badArgument("corrupted slot", slot, "1.." + (capacity() - 1) + ", a slot of the device");
            }
        }
        for (final Op op : Op.values()) {
            attempts.put(op, 0L);
        }
    }

    /** Returns the wrapped device. */
    public SwapDevice delegate() {
        return delegate;
    }

    /** Returns the plan. */
    public FaultPlan plan() {
        return plan;
    }

    /**
     * Returns the attempts of that kind so far, failed ones included.
     *
     * @param op a kind of operation
     */
    public synchronized long attempts(final Op op) {
        return attempts.get(op);
    }

    /** Returns the attempts of every kind so far, failed ones included. */
    public synchronized long ioAttempts() {
        return ioAttempts;
    }

    /** Returns how many attempts failed, tore or returned corrupt data by plan. */
    public synchronized long injectedFailures() {
        return injected;
    }

    /** Returns the slot of every corrupted page returned so far, in the order returned. */
    public synchronized List<Long> corruptedSlots() {
        return List.copyOf(corrupted);
    }

    /** One attempt for the whole run, however many pages it has; a planned corruption changes one byte. */
    @Override
    public void readRun(final long slot, final int pages, final ByteBuffer dst) throws IOException {
        checkRun(slot, pages, "dst", dst, true);
        final long n = attempt(Op.READ);
        final int start = dst.position();
        delegate.readRun(slot, pages, dst);
        stats.read(pages, (long) pages * pageSize());
        corruptIfPlanned(n, slot, pages, dst, start);
    }

    /** Flips the planned bytes of a read that succeeded: the read's own plan, then any slot planned once. */
    private void corruptIfPlanned(final long nth, final long slot, final int pages, final ByteBuffer dst,
            final int start) {
        final long[] c = plan.readCorruption(nth);
        if (c != null) {
            final int page = (int) (c[0] % pages);
            flip(dst, start, page, (int) (c[1] % pageSize()), slot + page);
        }
        if (plan.corruptedSlots().isEmpty()) {
            return;
        }
        for (int i = 0; i < pages; i++) {
            final int b = plan.slotCorruptionByte(slot + i);
            if (b >= 0 && fire(slot + i)) {
                flip(dst, start, i, b % pageSize(), slot + i);
            }
        }
    }

    private synchronized boolean fire(final long slot) {
        return firedSlots.add(slot);
    }

    private void flip(final ByteBuffer dst, final int start, final int page, final int byteInPage, final long slot) {
        final int at = start + page * pageSize() + byteInPage;
        dst.put(at, (byte) (dst.get(at) ^ 1));
        synchronized (this) {
            injected++;
            corrupted.add(slot);
        }
    }

    /** One attempt for the whole run; a torn run keeps only the first bytes of its first page. */
    @Override
    public void writeRun(final long slot, final int pages, final ByteBuffer src) throws IOException {
        checkRun(slot, pages, "src", src, false);
        final long n = attempt(Op.WRITE);
        final int tear = plan.tearBytes(n);
        if (tear >= 0) {
            tornWrite(slot, pages, src, n, tear); // always throws
        }
        delegate.writeRun(slot, pages, src);
        stats.write(pages, (long) pages * pageSize());
    }

    @Override
    public void discard(final long firstSlot, final long count) throws IOException {
        checkDiscard(firstSlot, count);
        attempt(Op.DISCARD);
        delegate.discard(firstSlot, count);
        stats.discard(count);
    }

    @Override
    public void flush() throws IOException {
        checkOpen();
        attempt(Op.FLUSH);
        delegate.flush();
        stats.flush();
    }

    /** Closes the wrapped device (closing is never an attempt and never fails by plan). */
    @Override
    public void close() throws IOException {
        markClosed();
        delegate.close();
    }

    /** Numbers an attempt and throws if the plan fails it; returns its per-kind number. */
    private long attempt(final Op op) throws IOException {
        final long nth;
        final long global;
        synchronized (this) {
            nth = attempts.merge(op, 1L, Long::sum);
            global = ++ioAttempts;
            if (plan.fails(op, nth) || plan.failsIo(global)) {
                injected++;
            } else {
                if (op == Op.WRITE && plan.tearBytes(nth) >= 0) {
                    injected++;
                }
                return nth;
            }
        }
        throw new IOException(plan.fails(op, nth) ? "injected: " + op.label() + " #" + nth + " failed"
                : "injected: I/O #" + global + " (" + op.label() + " #" + nth + ") failed");
    }

    private void tornWrite(final long slot, final int pages, final ByteBuffer src, final long nth, final int bytes)
            throws IOException {
        final int runBytes = pages * pageSize();
        final ByteBuffer run = ByteBuffer.allocate(runBytes);
        delegate.readRun(slot, pages, run);
        run.clear();
        final ByteBuffer prefix = src.duplicate();
        prefix.limit(prefix.position() + bytes);
        run.put(prefix).clear();
        delegate.writeRun(slot, pages, run);
        throw new IOException("injected: write #" + nth + " torn after " + bytes + " of " + runBytes + " bytes");
    }

    @Override
    public String toString() {
        return "FaultInjectingDevice(" + plan + ", " + ioAttempts() + " attempts, " + injectedFailures()
                + " injected, over " + delegate + ")";
    }
}
