package com.example.swapalloc;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;

/**
 * A classic defect: first fit over a bitmap of {@code long} words, testing a run against its word with the
 * mask {@code (1L << size) - 1}. For a whole-word run (64 slots, order 6) the shift count wraps ({@code 1L <<
 * 64 == 1}), the mask is 0, every word looks free, and the second 64-slot folio is handed the slots of the
 * first. Smaller runs, and the bitmap's own bookkeeping, are right.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class WordMaskAllocator extends FirstFitAllocator {
    private final long[] words;

    /**
     * @param type the device type
     * @param geometry the device
     */
    public WordMaskAllocator(final int type, final Geometry geometry) {
        super(type, geometry);
        this.words = new long[(int) ((geometry.totalSlots() + 63) / 64)];
        for (int s = used.nextSetBit(0); s >= 0; s = used.nextSetBit(s + 1)) {
            words[s >>> 6] |= 1L << s;
        }
    }

    @Override
    protected boolean isFree(final int first, final int size) {
        if ((first & 63) + size > 64) {
            return super.isFree(first, size);
        }
        final long mask = ((1L << size) - 1) << (first & 63);
        return (words[first >>> 6] & mask) == 0;
    }

    @Override
    protected void mark(final int first, final int size) {
        super.mark(first, size);
        for (int s = first; s < first + size; s++) {
            words[s >>> 6] |= 1L << s;
        }
    }

    @Override
    public void free(final long entry, final long nrSlots) {
        super.free(entry, nrSlots);
        final long first = SwapEntry.offset(entry);
        for (long s = first; s < first + nrSlots; s++) {
            words[(int) (s >>> 6)] &= ~(1L << s);
        }
    }
}
