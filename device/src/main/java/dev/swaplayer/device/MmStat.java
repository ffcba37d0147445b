package dev.swaplayer.device;

/**
 * The memory statistics of a {@link CompressedRamDevice}, named after the fields of zram's
 * {@code /sys/block/zram<id>/mm_stat}.
 *
 * <p>Thread safety: immutable.
 *
 * <p>{@code memUsedTotal = objectBytes + tableBytes}. zram's own {@code mem_used_total} is the zsmalloc
 * pool only (objects, their fragmentation and the allocator's metadata), not its slot table; to compare
 * with the kernel, use {@link #objectBytes()}, or {@link #spaceEfficiency()} of a device whose table is
 * small next to its data.
 *
 * @param origDataSize bytes of data stored: stored pages times the page size, same-filled pages included
 * @param comprDataSize bytes of the stored objects: compressed lengths, plus the full unit for each huge unit;
 *                      same-filled units count 0
 * @param memUsedTotal {@code objectBytes + tableBytes}
 * @param memUsedMax the largest {@code memUsedTotal} seen since the device was created
 * @param samePages stored pages in same-filled units
 * @param hugePages stored pages in units kept uncompressed
 * @param objectBytes estimated heap footprint of the stored objects: per object a 16-byte array header plus
 *                    its length, rounded up to 8 bytes (64-bit HotSpot)
 * @param tableBytes estimated heap footprint of the slot table, allocated for the whole capacity up front
 *                   (see {@link CompressedRamDevice})
 */
public record MmStat(long origDataSize, long comprDataSize, long memUsedTotal, long memUsedMax, long samePages,
        long hugePages, long objectBytes, long tableBytes) {

    /**
     * The kernel documentation's space efficiency, {@code compr_data_size / mem_used_total}.
     *
     * @return the ratio, or 0 when nothing is used
     */
    public double spaceEfficiency() {
        return memUsedTotal == 0 ? 0 : (double) comprDataSize / memUsedTotal;
    }

    /** Returns {@code compr_data_size / orig_data_size}, or 0 when nothing is stored. */
    public double compressionRatio() {
        return origDataSize == 0 ? 0 : (double) comprDataSize / origDataSize;
    }

    @Override
    public String toString() {
        return "MmStat(orig=" + origDataSize + ", compr=" + comprDataSize + ", mem=" + memUsedTotal + " (objects "
                + objectBytes + " + table " + tableBytes + "), max=" + memUsedMax + ", same=" + samePages + ", huge="
                + hugePages + ")";
    }
}
