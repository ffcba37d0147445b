package dev.swaplayer.swap;

import dev.swaplayer.allocator.FolioOutcome;
import java.nio.ByteBuffer;

/**
 * The swap-out path of a {@link SwapSpace}: place the folio's slots, write every extent, and either commit the
 * slots (swap count 1, out of the swap cache) or, when a write fails, release every slot taken; it counts each
 * outcome.
 *
 * <p>Thread safety: not thread-safe; owned and confined by its {@link SwapSpace}.
 *
 * <h2>Steps</h2>
 * <pre>
 *   place   FolioSlots.place        no placement: NOT_SWAPPED, nothing taken           (notSwapped)
 *   write   FolioIo.write           a write fails: release every slot, rethrow          (swapOutErrors)
 *   commit  FolioSlots.commit       every page at count 1, not cached                   (by outcome)
 * </pre>
 * The outcomes counted are the kernel's {@code swpout} (one contiguous run), {@code swpout_fallback} (split)
 * and the compound placement, which has no kernel counterpart.
 */
final class SwapOutPath {
    private final FolioSlots slots;
    private final FolioIo io;

    private long swpout;
    private long swpoutCompound;
    private long swpoutFallback;
    private long notSwapped;
    private long errors;

    SwapOutPath(final FolioSlots slots, final FolioIo io) {
        this.slots = slots;
        this.io = io;
    }

    /**
     * Swaps a folio out; the arguments were checked.
     *
     * @param owner the swap space the handle belongs to
     * @param src a read-only view of exactly the folio's bytes, for this call only
     * @param order the folio order
     * @return the handle, or {@link SwappedFolio#NOT_SWAPPED} when no placement exists (nothing changed)
     * @throws SwapIoException when a device write fails; every slot taken was released
     */
    SwappedFolio swapOut(final SwapSpace owner, final ByteBuffer src, final int order) throws SwapIoException {
        final SwappedFolio folio = slots.place(owner, order);
        if (folio == null) {
            notSwapped++;
            return SwappedFolio.NOT_SWAPPED;
        }
        boolean written = false;
        try {
            io.write(folio, src);
            written = true;
        } finally {
            if (!written) {
                slots.releaseAll(folio);
                errors++;
            }
        }
        slots.commit(folio);
        count(folio.outcome());
        return folio;
    }

    private void count(final FolioOutcome outcome) {
        switch (outcome) {
            case SWPOUT -> swpout++;
            case SWPOUT_COMPOUND -> swpoutCompound++;
            case SWPOUT_FALLBACK -> swpoutFallback++;
            default -> throw new AssertionError("swap-out counted as " + outcome);
        }
    }

    /** Returns the counters of both paths, this one's first ({@link SwapStats}). */
    SwapStats stats(final SwapInPath in) {
        return new SwapStats(swpout, swpoutCompound, swpoutFallback, notSwapped, errors, in.pagesSwappedIn(),
                in.errors(), in.integrityErrors());
    }
}
