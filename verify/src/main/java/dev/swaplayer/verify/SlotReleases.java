package dev.swaplayer.verify;

import static dev.swaplayer.verify.Transcript.show;

import dev.swaplayer.allocator.SwapCountCall;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.SlotState;
import dev.swaplayer.spec.SwapResult;
import java.util.List;

/**
 * The frees of a {@link ModelledDevice} that reach past one allocation's own free call: a folio freed in pieces, a
 * run freed in one call over several allocations, a folio's pages released one by one through the calls that name
 * a slot; and a swap-in's {@code cacheAdd} of any free slot, in a cluster never used too. Each call goes to the
 * allocator and to the model, and the device is compared as {@link ModelledDevice#compare} says.
 *
 * <p>Thread safety: confined to the thread of its device, as the device is.
 */
final class SlotReleases {
    private final ModelledDevice d;

    SlotReleases(final ModelledDevice d) {
        this.d = d;
    }

    /**
     * Frees every live page of a held folio ({@code allocateFolio}'s, chosen by {@code index} among the folios) in
     * {@code pieces} calls of about equal length, comparing after each: a compound folio's descriptor must stay
     * while a page is live and go with the last one (INV-7), which a single whole free does not tell apart.
     *
     * @return false when no folio is held (nothing called)
     */
    boolean freeInPieces(final int index, final int pieces) {
        final List<Held> folioList = d.heldList().stream().filter(x -> x.folio).toList();
        if (folioList.isEmpty()) {
            return false;
        }
        final Held h = folioList.get(Math.floorMod(index, folioList.size()));
        final int size = Math.max(1, h.slots.length / Math.max(1, pieces));
        for (int first = 0; first < h.slots.length; first += size) {
            final int end = Math.min(first + size, h.slots.length);
            for (int p = first; p < end; p++) {
                if (!h.gone[p]) { // the live pages from p up to the next gone one, in one call
                    d.free(d.heldList().indexOf(h), p, end - p);
                    d.compare();
                }
            }
        }
        return true;
    }

    /**
     * Frees, in one {@code free(entry, n)}, the slots in use from the first live page of held allocation
     * {@code index} on, past its end into the allocations after it and across cluster boundaries, up to
     * {@code length} slots and before the first slot not in use: a range free as the kernel's {@code swap_free_nr}
     * makes of a batch of page-table entries, which no single folio's free reaches (a run past 64 slots, a run over
     * two clusters' bookkeeping).
     *
     * @return false when the allocation has no live page (nothing called)
     */
    boolean freeRun(final int index, final int length) {
        final Held h = d.held(index);
        int p = 0;
        while (p < h.slots.length && h.gone[p]) {
            p++;
        }
        if (p == h.slots.length) {
            return false;
        }
        final long first = h.slots[p];
        long n = 0;
        while (n < length && first + n < d.geometry().totalSlots() && d.model().state(first + n) == SlotState.IN_USE) {
            n++;
        }
        d.log("free(" + show(SwapEntry.of(d.type(), first)) + ", " + n + "), a run over the allocations after it");
        d.allocator().free(SwapEntry.of(d.type(), first), n);
        d.model().free(first, n);
        for (final Held x : List.copyOf(d.heldList())) {
            for (int i = 0; i < x.slots.length; i++) {
                if (!x.gone[i] && x.slots[i] >= first && x.slots[i] < first + n) {
                    x.gone(i);
                    d.checkFreed(x.slots[i]);
                }
            }
            d.dropIfEmpty(x);
        }
        return true;
    }

    /**
     * Releases every live page of a held folio (chosen by {@code index} among the compound folios, or among all the
     * folios when none is compound) one at a time through the calls that name a slot, not the folio: even pages
     * by {@code free(entry, 1)}, odd ones by their {@code put}s and the swap cache's {@code cacheDel} (all by
     * {@code free} when the allocator keeps no counts), comparing after each: a page so freed leaves its folio, and
     * the descriptor goes with the last page, whichever call freed it (INV-7).
     *
     * @return false when no folio is held (nothing called)
     */
    boolean releaseBySlot(final int index) {
        final List<Held> folioList = d.heldList().stream().filter(x -> x.folio).toList();
        final List<Held> compound = folioList.stream().filter(x -> x.descriptor != 0).toList();
        final List<Held> from = compound.isEmpty() ? folioList : compound;
        if (from.isEmpty()) {
            return false;
        }
        final Held h = from.get(Math.floorMod(index, from.size()));
        for (int p = 0; p < h.slots.length; p++) {
            final long slot = h.slots[p];
            if (!h.gone[p] && (d.counts() == null || p % 2 == 0)) {
                d.log("free(" + show(SwapEntry.of(d.type(), slot)) + ", 1), page " + p + " of " + show(h.handle));
                d.allocator().free(SwapEntry.of(d.type(), slot), 1);
                d.model().free(slot, 1);
                h.gone(p);
                d.checkFreed(slot);
                d.dropIfEmpty(h);
            }
            while (!h.gone[p] && d.model().swapCount(slot) > 0) {
                d.swapCount(SwapCountCall.PUT, d.heldList().indexOf(h), p);
            }
            if (!h.gone[p]) {
                d.swapCount(SwapCountCall.CACHE_DEL, d.heldList().indexOf(h), p);
            }
            d.compare();
        }
        return true;
    }

    /**
     * A swap-in's {@code cacheAdd} of a free slot chosen by {@code pick} anywhere on the device, in a cluster that
     * never held an allocation too (an allocator that keeps counts in metadata made on first use must not read
     * metadata that is not there): it answers NOT_IN_USE and changes nothing.
     *
     * @return false when no slot is free (nothing called)
     */
    boolean cacheAddFree(final int pick) {
        final long slot = Targets.freeSlot(d, pick);
        if (slot < 0) {
            return false;
        }
        final long entry = SwapEntry.of(d.type(), slot);
        final Object got = SwapCountCall.CACHE_ADD.on(d.counts(), entry);
        d.log("cacheAdd(" + show(entry) + ") = " + got + ", a free slot");
        d.expect(SwapResult.NOT_IN_USE.equals(got), "cacheAdd(" + show(entry) + ") of a free slot returned " + got
                + " (expected NOT_IN_USE, and nothing changed: a swap-in that finds its slot freed)");
        d.checkFreed(slot);
        return true;
    }
}
