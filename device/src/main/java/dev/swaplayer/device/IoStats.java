package dev.swaplayer.device;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The mutable counters behind {@link SwapDevice#stats()}.
 *
 * <p>Thread safety: thread-safe; each counter is an independent atomic, so a snapshot taken while other
 * threads do I/O may mix counts from before and after one operation.
 */
final class IoStats {
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong discards = new AtomicLong();
    private final AtomicLong discardedSlots = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();

    void read(final long pages, final long bytes) {
        reads.addAndGet(pages);
        bytesRead.addAndGet(bytes);
    }

    void write(final long pages, final long bytes) {
        writes.addAndGet(pages);
        bytesWritten.addAndGet(bytes);
    }

    void discard(final long slots) {
        discards.incrementAndGet();
        discardedSlots.addAndGet(slots);
    }

    void flush() {
        flushes.incrementAndGet();
    }

    DeviceStats snapshot() {
        return new DeviceStats(reads.get(), writes.get(), discards.get(), discardedSlots.get(), flushes.get(),
                bytesRead.get(), bytesWritten.get());
    }
}
