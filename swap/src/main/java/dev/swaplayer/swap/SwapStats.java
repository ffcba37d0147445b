package dev.swaplayer.swap;

/**
 * A snapshot of a {@link SwapSpace}'s counters, in the kernel's vocabulary where it has one.
 *
 * <p>Thread safety: immutable.
 *
 * @param swpout folios swapped out whole in one contiguous run ({@code swpout})
 * @param swpoutCompound folios swapped out whole under a compound descriptor (no kernel counterpart)
 * @param swpoutFallback folios split into order-0 pages ({@code swpout_fallback})
 * @param notSwapped swap-outs that found no placement and returned {@link SwappedFolio#NOT_SWAPPED}
 * @param swapOutErrors swap-outs that failed on a device write and released their slots
 * @param pagesSwappedIn pages returned by successful swap-ins
 * @param swapInErrors swap-ins that failed on a device read or a checksum
 * @param integrityErrors of those, the checksum mismatches
 */
public record SwapStats(long swpout, long swpoutCompound, long swpoutFallback, long notSwapped, long swapOutErrors,
        long pagesSwappedIn, long swapInErrors, long integrityErrors) {

    @Override
    public String toString() {
        return "SwapStats(swpout " + swpout + ", compound " + swpoutCompound + ", fallback " + swpoutFallback
                + ", not swapped " + notSwapped + ", swap-out errors " + swapOutErrors + ", pages in " + pagesSwappedIn
                + ", swap-in errors " + swapInErrors + " (integrity " + integrityErrors + "))";
    }
}
