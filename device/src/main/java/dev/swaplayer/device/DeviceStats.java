package dev.swaplayer.device;

/**
 * A snapshot of a device's operation counters. Only successful operations are counted.
 *
 * <p>Thread safety: immutable.
 *
 * @param reads pages read
 * @param writes pages written
 * @param discards {@link SwapDevice#discard} calls
 * @param discardedSlots slots discarded, summed over the calls
 * @param flushes {@link SwapDevice#flush} calls
 * @param bytesRead bytes read ({@code reads * pageSize})
 * @param bytesWritten bytes written ({@code writes * pageSize})
 */
public record DeviceStats(long reads, long writes, long discards, long discardedSlots, long flushes, long bytesRead,
        long bytesWritten) {

    /** The counters of a device that has done nothing. */
    public static final DeviceStats ZERO = new DeviceStats(0, 0, 0, 0, 0, 0, 0);

    @Override
    public String toString() {
        return "DeviceStats(reads=" + reads + ", writes=" + writes + ", discards=" + discards + "/" + discardedSlots
                + " slots, flushes=" + flushes + ", bytes read/written=" + bytesRead + "/" + bytesWritten + ")";
    }
}
