package com.example.swapalloc;

import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import java.util.HashMap;
import java.util.Map;

/**
 * A folio allocator that gets one rule wrong: it stores every folio of more than one page non-contiguously, a page
 * per lowest free slot under a descriptor of its own, even when a contiguous run of the folio's size is free. The
 * pages themselves are placed legally (distinct free slots, order-0 chunks); only "contiguous first" is broken,
 * which {@code ./swaplayer verify} must catch (INV-21). Single slots and order-0 folios go through first fit.
 *
 * <p>Thread safety: not thread-safe.
 */
public final class ScatterFolioAllocator extends FirstFitAllocator implements FolioAllocator {
    /** Live descriptors: id to the slot of each page, 0 once the page is freed. */
    private final Map<Long, long[]> descriptors = new HashMap<>();
    private long nextId = 1;

    /**
     * @param type the device type
     * @param geometry the device; order-0 chunks ({@code minOrder} 0)
     */
    public ScatterFolioAllocator(final int type, final Geometry geometry) {
        super(type, geometry);
    }

    @Override
    public long allocateFolio(final int order) {
        geometry().checkOrder(order);
        final int pages = 1 << order;
        if (order == 0 || geometry().minOrder() != 0 || freeSlots() < pages) {
            return allocate(order);
        }
        final long[] slots = new long[pages];
        for (int i = 0; i < pages; i++) {
            slots[i] = SwapEntry.offset(allocate(0)); // the lowest free slot, page by page
        }
        final long id = nextId++;
        descriptors.put(id, slots);
        return SwapEntry.compound(type(), id);
    }

    @Override
    public long slotOf(final long handle, final int order, final int page) {
        if (!SwapEntry.isCompound(handle)) {
            return SwapEntry.plus(handle, page);
        }
        final long slot = pages(handle, order)[page];
        if (slot == 0) {
            throw new IllegalStateException("page: " + page + " (expected: a page still swapped out)");
        }
        return SwapEntry.of(type(), slot);
    }

    @Override
    public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
        if (!SwapEntry.isCompound(handle)) {
            free(SwapEntry.plus(handle, firstPage), count);
            return;
        }
        final long[] slots = pages(handle, order);
        if (firstPage < 0 || count < 1 || firstPage + count > slots.length) {
            throw new IllegalArgumentException("pages: " + firstPage + "+" + count + " (expected: inside 0.."
                    + (slots.length - 1) + ")");
        }
        for (int p = firstPage; p < firstPage + count; p++) {
            if (slots[p] == 0) {
                throw new IllegalStateException("page: " + p + " (expected: a page still swapped out)");
            }
        }
        for (int p = firstPage; p < firstPage + count; p++) {
            free(SwapEntry.of(type(), slots[p]), 1);
            slots[p] = 0;
        }
        boolean empty = true;
        for (final long s : slots) {
            empty &= s == 0;
        }
        if (empty) {
            descriptors.remove(SwapEntry.offset(handle));
        }
    }

    @Override
    public int extents(final long handle, final int order) {
        if (!SwapEntry.isCompound(handle)) {
            return 1;
        }
        final long[] slots = pages(handle, order);
        int runs = 0;
        for (int p = 0; p < slots.length; p++) {
            if (slots[p] != 0 && (p == 0 || slots[p] != slots[p - 1] + 1)) {
                runs++;
            }
        }
        return runs;
    }

    @Override
    public int descriptorCount() {
        return descriptors.size();
    }

    private long[] pages(final long handle, final int order) {
        final long[] slots = descriptors.get(SwapEntry.offset(handle));
        if (slots == null || SwapEntry.type(handle) != type() || slots.length != 1 << order) {
            throw new IllegalArgumentException("handle: " + SwapEntry.toString(handle) + " (expected: a live folio"
                    + " of order " + order + ")");
        }
        return slots;
    }
}
