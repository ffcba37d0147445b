package dev.swaplayer.allocator;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;

/**
 * What to do with a large folio when no contiguous run is free.
 *
 * <p>Thread safety: stateless; as safe as the allocator passed in.
 */
public enum FolioPolicy {
    /**
     * The kernel's behaviour: try one contiguous run; otherwise split the folio and give each of its
     * {@code 2^order} pages an order-0 slot of its own, as far as slots last ({@code swpout_fallback}). With a
     * minimum allocation order m above 0 (Jan Kara's minimum swap-out size, {@code Geometry#minOrder}) the
     * split stops at pieces of {@code 2^min(m, order)} pages, each piece one allocation; every page still gets
     * an entry of its own (the piece's entry plus the page's index in it).
     */
    SPLIT {
        @Override
        public FolioOutcome place(final SlotAllocator allocator, final int order, final long[] out) {
            checkOut(order, out);
            final long entry = AllocatorContractException.checkedRun(allocator, order, allocator.allocate(order),
                    "allocate");
            if (entry != SlotAllocator.NONE) {
                out[0] = entry;
                return FolioOutcome.SWPOUT;
            }
            return split(allocator, order, out);
        }
    },
    /**
     * One contiguous run; otherwise a compound descriptor (never splits while at least {@code 2^order} slots
     * are free); otherwise, with fewer free slots than pages, split as far as slots last.
     */
    COMPOUND {
        @Override
        public FolioOutcome place(final SlotAllocator allocator, final int order, final long[] out) {
            checkOut(order, out);
            if (!(allocator instanceof FolioAllocator folios)) {
                throw Checks.badArgument("allocator", allocator.getClass().getSimpleName(),
                        "a FolioAllocator for the compound policy");
            }
            final long handle = folios.allocateFolio(order);
            if (SwapEntry.isCompound(handle)) {
                if (SwapEntry.type(handle) != allocator.type()) {
                    throw new AllocatorContractException(Checks.message("allocateFolio(order " + order + ")",
                            SwapEntry.toString(handle), "NONE, a slot entry or a compound handle of device type "
                            + allocator.type()));
                }
            } else {
                AllocatorContractException.checkedRun(allocator, order, handle, "allocateFolio");
            }
            if (handle != SlotAllocator.NONE) {
                out[0] = handle;
                return SwapEntry.isCompound(handle) ? FolioOutcome.SWPOUT_COMPOUND
                        : FolioOutcome.SWPOUT;
            }
            return split(allocator, order, out);
        }
    };

    /**
     * Places a folio.
     *
     * @param allocator the device's allocator
     * @param order the folio order
     * @param out at least {@code 2^order} long: receives the handle in out[0] when stored whole, or one
     *     order-0 entry per page (NONE for a page that found no slot) after a split
     * @return the outcome
     */
    public abstract FolioOutcome place(SlotAllocator allocator, int order, long[] out);

    private static void checkOut(final int order, final long[] out) {
        Checks.checkInRange("order", order, 0, 30);
        if (out.length < 1 << order) {
            throw Checks.badArgument("out.length", out.length, ">= " + (1 << order) + " for order " + order);
        }
    }

    private static FolioOutcome split(final SlotAllocator allocator, final int order, final long[] out) {
        if (order == 0) {
            out[0] = SlotAllocator.NONE;
            return FolioOutcome.FAILED;
        }
        final int piece = Math.min(order, allocator.geometry().minOrder());
        int placed = 0;
        for (int p = 0; p < 1 << order; p += 1 << piece) {
            final long entry = AllocatorContractException.checkedRun(allocator, piece, allocator.allocate(piece),
                    "allocate");
            for (int i = 0; i < 1 << piece; i++) {
                out[p + i] = entry == SlotAllocator.NONE ? SlotAllocator.NONE : SwapEntry.plus(entry, i);
            }
            placed += entry != SlotAllocator.NONE ? 1 : 0;
        }
        return placed == 0 ? FolioOutcome.FAILED : FolioOutcome.SWPOUT_FALLBACK;
    }
}
