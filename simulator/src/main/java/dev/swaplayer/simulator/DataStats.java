package dev.swaplayer.simulator;

import dev.swaplayer.device.MmStat;

/**
 * What data mode moved for one policy's run: the figures of the {@code data} object of the JSON report.
 *
 * <p>Thread safety: immutable.
 *
 * @param device the device kind
 * @param algorithm the zram compressor's kernel name, or null for a file
 * @param verified whether pages read back were compared with what was written
 * @param pagesWritten pages written at swap-out
 * @param pagesRead pages read back at swap-in
 * @param pagesVerified pages read back and compared byte for byte
 * @param writes device write operations: one per extent (a run of consecutive slots)
 * @param reads device read operations: one per extent part a swap-in needs
 * @param bytesWritten bytes written
 * @param bytesRead bytes read
 * @param discardedSlots slots discarded when freed (zram's slot-free notification; 0 for a file)
 * @param mismatches pages whose bytes differed from what was written
 * @param firstMismatch the first mismatch, naming policy, region, page, version and slot; null when none
 * @param mmStat the zram device's {@code mm_stat} when the run ended; null for a file
 * @param unreadCorruption with {@code --corrupt-write N}, why the corrupted page was never compared: the run wrote
 *     fewer pages, its slot was freed without a read, or the run ended first; null when it was read back, or when
 *     no write was to be corrupted
 */
public record DataStats(DataOptions.Device device, String algorithm, boolean verified, long pagesWritten,
        long pagesRead, long pagesVerified, long writes, long reads, long bytesWritten, long bytesRead,
        long discardedSlots, long mismatches, String firstMismatch, MmStat mmStat, String unreadCorruption) {

    /** Returns whether every page compared equal. */
    public boolean ok() {
        return mismatches == 0;
    }
}
