package dev.swaplayer.swap;

import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.spec.Checks;

/**
 * What a {@link SwapSpace} does with a large folio when no device has a contiguous run for it: the swap path's
 * placement policy, the counterpart of an allocation policy's {@link FolioPolicy} with one choice more
 * ({@link #CONTIGUOUS}).
 *
 * <p>Thread safety: immutable.
 *
 * <p>Every fallback first walks the areas in device-selection order (priority, then round robin; see
 * {@link SwapSpace}) asking each for the whole folio; they differ in what "whole" may mean and in what happens
 * when no area can hold the folio whole.
 *
 * <table>
 *   <caption>Placement by fallback</caption>
 *   <tr><th>fallback</th><th>whole, per area</th><th>no area holds it whole</th><th>kernel counterpart</th></tr>
 *   <tr><td>{@link #CONTIGUOUS}</td><td>one contiguous run</td><td>not swapped; the folio stays resident</td>
 *       <td>none (vswap's "reactivate rather than split")</td></tr>
 *   <tr><td>{@link #COMPOUND}</td><td>one contiguous run, else a compound descriptor on that area</td>
 *       <td>split</td><td>none (the LSFMM+BPF 2024 compound proposal)</td></tr>
 *   <tr><td>{@link #SPLIT}</td><td>one contiguous run</td><td>split</td>
 *       <td>6.10 and later: {@code swpout_fallback}</td></tr>
 * </table>
 * A <b>split</b> gives each page an order-0 slot of its own, chosen independently by device selection, so the
 * pages of a split folio may land on different devices; it happens only when the areas together have at least
 * {@code 2^order} free slots and every page finds one, and otherwise the folio is not swapped (all or nothing:
 * the swap layer never leaves part of a folio resident). With the buddy allocator a free slot is always found;
 * the 6.10 model ({@code legacy}) may miss one, as its kernel does (see {@code scan_swap_map_slots}).
 */
public enum FolioFallback {
    /** Contiguous runs only: never a compound descriptor, never a split. */
    CONTIGUOUS,
    /** A contiguous run, else a compound descriptor on the same area, else a split. */
    COMPOUND,
    /** A contiguous run, else a split: the kernel's behaviour. */
    SPLIT;

    /**
     * The swap path's fallback for an allocation policy's {@link FolioPolicy} (a provider's
     * {@code folioPolicy()}): {@code SPLIT} to {@link #SPLIT}, {@code COMPOUND} to {@link #COMPOUND}.
     *
     * @param folioPolicy the allocation policy's choice
     * @return the swap path's fallback
     * @throws IllegalArgumentException for null
     */
    public static FolioFallback of(final FolioPolicy folioPolicy) {
        if (folioPolicy == null) {
            throw Checks.badArgument("folioPolicy", null, "SPLIT or COMPOUND");
        }
        return switch (folioPolicy) {
            case SPLIT -> SPLIT;
            case COMPOUND -> COMPOUND;
        };
    }
}
