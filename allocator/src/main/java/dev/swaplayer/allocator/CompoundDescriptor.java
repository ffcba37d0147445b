package dev.swaplayer.allocator;

import java.util.Arrays;

/**
 * A compound swap descriptor: one folio of {@code 2^order} pages stored in several extents (runs of slots,
 * each inside one cluster), the design proposed at LSFMM+BPF 2024 for swapping out large folios when no
 * contiguous run is free. The head holds the order; the extents are listed in logical page order, which is
 * also ascending slot order; page i lives in slot {@link #slotOf(int)}.
 *
 * <p>Thread safety: not thread-safe; the owning allocator confines it.
 *
 * <p>Pages leave one by one or in ranges (partial swap-in); the descriptor dies with its last page.
 */
final class CompoundDescriptor {
    final long id;
    final int order;
    private final long[] extentStart;
    private final int[] extentLength;
    private final long[] live;
    private int livePages;
    /** The next descriptor in its bucket of {@link DescriptorsById}, or null. */
    CompoundDescriptor nextInBucket;

    CompoundDescriptor(final long id, final int order, final long[] extentStart, final int[] extentLength) {
        this.id = id;
        this.order = order;
        this.extentStart = extentStart;
        this.extentLength = extentLength;
        this.live = new long[Math.max(1, (1 << order) >>> 6)];
        for (int p = 0; p < 1 << order; p++) {
            live[p >>> 6] |= 1L << p;
        }
        this.livePages = 1 << order;
        assert Arrays.stream(extentLength).sum() == 1 << order : this + ": extents do not add up to the folio";
    }

    CompoundDescriptor(final CompoundDescriptor o) {
        this.id = o.id;
        this.order = o.order;
        this.extentStart = o.extentStart;
        this.extentLength = o.extentLength;
        this.live = o.live.clone();
        this.livePages = o.livePages;
    }

    int extents() {
        return extentStart.length;
    }

    /** Returns the first slot of extent {@code i} (0..extents-1), which holds the extent's first page. */
    long extentStart(final int i) {
        return extentStart[i];
    }

    /** Returns the number of slots (and pages) of extent {@code i} (0..extents-1). */
    int extentLength(final int i) {
        return extentLength[i];
    }

    /** Returns the slot holding logical page {@code page}, live or not. */
    long slotOf(final int page) {
        int base = 0;
        for (int i = 0; i < extentStart.length; i++) {
            if (page < base + extentLength[i]) {
                return extentStart[i] + page - base;
            }
            base += extentLength[i];
        }
        throw new AssertionError(this + ": page " + page + " past the extents");
    }

    /** Returns the logical page stored in {@code slot}, or -1 when no extent covers it. */
    int pageOf(final long slot) {
        int base = 0;
        for (int i = 0; i < extentStart.length; i++) {
            if (slot >= extentStart[i] && slot < extentStart[i] + extentLength[i]) {
                return base + (int) (slot - extentStart[i]);
            }
            base += extentLength[i];
        }
        return -1;
    }

    boolean isLive(final int page) {
        return (live[page >>> 6] & 1L << page) != 0;
    }

    /** Marks a page gone. @return whether it was the last live page */
    boolean release(final int page) {
        assert isLive(page) : this + ": page " + page + " released twice";
        live[page >>> 6] &= ~(1L << page);
        return --livePages == 0;
    }

    int livePages() {
        return livePages;
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("Compound(#").append(id).append(" order ").append(order)
                .append(", ").append(livePages).append(" live:");
        for (int i = 0; i < extentStart.length; i++) {
            sb.append(' ').append(extentStart[i]).append('+').append(extentLength[i]);
        }
        return sb.append(')').toString();
    }
}
