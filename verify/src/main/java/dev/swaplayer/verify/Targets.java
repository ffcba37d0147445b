package dev.swaplayer.verify;

import dev.swaplayer.spec.SlotState;
import java.util.List;

/**
 * What a {@link Misuse} is made on: a free slot, a held slot or a live folio of a {@link ModelledDevice}, each
 * chosen by a pick (taken modulo what there is, so that a call keeps a meaning when shrinking removes the steps
 * before it).
 *
 * <p>Thread safety: stateless; the device belongs to one check.
 */
final class Targets {
    private Targets() {
    }

    /** Returns a free slot chosen by {@code pick}, or -1 when none is free. */
    static long freeSlot(final ModelledDevice d, final int pick) {
        final long n = d.geometry().totalSlots();
        for (long i = 0; i < n; i++) {
            final long s = 1 + Math.floorMod(pick + i, n - 1);
            if (d.model().state(s) == SlotState.FREE) {
                return s;
            }
        }
        return -1;
    }

    /**
     * A live folio chosen for a misuse: its handle and order, a page of it already freed (-1 when none is) and its
     * first page still held. A freed page of a contiguous folio counts only while its slot is still free: the handle
     * is the folio's first slot and nothing else, so once another allocation took the slot, freeing the page
     * through it is a stale reference no allocator can tell from a legal free (as in the kernel). A compound
     * folio's descriptor knows which of its pages are gone, so there a freed page whose slot another allocation has
     * taken since is preferred: an allocator that asks the slot, not the descriptor, frees the other owner's slot.
     *
     * @param reused whether the freed page's slot is in use again, by another allocation
     */
    record FolioPick(long handle, int order, int freedPage, int livePage, boolean reused) {
    }

    /**
     * Returns a live folio chosen by {@code pick} (from {@code allocateFolio}, compound only when asked), or null
     * when there is none.
     */
    static FolioPick folio(final ModelledDevice d, final int pick, final boolean compound) {
        final List<Held> held = d.heldList();
        final int n = held.size();
        for (int i = 0; i < n; i++) {
            final Held h = held.get(Math.floorMod(pick + i, n));
            if (h.folio && (!compound || h.descriptor != 0)) {
                int freed = -1;
                int reused = -1;
                int live = -1;
                for (int p = 0; p < h.slots.length; p++) {
                    final boolean free = d.model().state(h.slots[p]) == SlotState.FREE;
                    freed = freed < 0 && h.gone[p] && (h.descriptor != 0 || free) ? p : freed;
                    reused = reused < 0 && h.gone[p] && h.descriptor != 0 && !free ? p : reused;
                    live = live < 0 && !h.gone[p] ? p : live;
                }
                return new FolioPick(h.handle, h.order, reused >= 0 ? reused : freed, live, reused >= 0);
            }
        }
        return null;
    }

    /** Returns a held slot chosen by {@code pick}, or -1 when nothing is held. */
    static long heldSlot(final ModelledDevice d, final int pick) {
        final List<Held> held = d.heldList();
        if (held.isEmpty()) {
            return -1;
        }
        final Held h = held.get(Math.floorMod(pick, held.size()));
        for (int i = 0; i < h.slots.length; i++) {
            final int p = Math.floorMod(pick + i, h.slots.length);
            if (!h.gone[p]) {
                return h.slots[p];
            }
        }
        return -1;
    }
}
