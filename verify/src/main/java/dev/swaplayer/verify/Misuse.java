package dev.swaplayer.verify;

import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCountCall;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SlotState;

/**
 * The calls the specification rejects (INV-13): each must throw {@link IllegalArgumentException} or
 * {@link IllegalStateException} and change nothing observable. Each is tried on the interface it belongs to, when
 * the allocator implements it: {@link SlotAllocator}, {@link SwapCounts}, {@link FolioAllocator}.
 *
 * <p>Thread safety: immutable.
 */
enum Misuse {
    /** Freeing a slot that is already free: a double free. */
    DOUBLE_FREE(Api.SLOTS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final long s = Targets.freeSlot(d, pick);
            return s < 0 ? null : "free(slot " + s + ", 1) of a free slot";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            a.free(SwapEntry.of(d.type(), Targets.freeSlot(d, pick)), 1);
        }
    },
    /**
     * Freeing a run that starts on a held slot and takes a slot that is not in use further on: a partial double
     * free. It ends on a held slot when one follows, so that an allocator that checks only a run's ends accepts it;
     * one that frees slot by slot and throws at the first free one has changed state before it throws.
     */
    PARTIAL_DOUBLE_FREE(Api.SLOTS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final long[] run = partlyFreeRun(d, pick);
            return run == null ? null : "free(slot " + run[0] + ", " + run[1] + ") of a run whose slot " + run[2]
                    + " is " + (d.model().state(run[2]) == SlotState.FREE ? "free" : "reserved");
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            final long[] run = partlyFreeRun(d, pick);
            a.free(SwapEntry.of(d.type(), run[0]), run[1]);
        }
    },
    /** Freeing a run that starts on a held slot and ends past the device end. */
    FREE_RUN_PAST_END(Api.SLOTS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final long s = Targets.heldSlot(d, pick);
            return s < 0 ? null : "free(slot " + s + ", " + (d.geometry().totalSlots() - s + 1)
                    + ") of a run one slot past the device end";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            final long s = Targets.heldSlot(d, pick);
            a.free(SwapEntry.of(d.type(), s), d.geometry().totalSlots() - s + 1);
        }
    },
    /** Freeing no slots at all. */
    FREE_NOTHING(Api.SLOTS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final long s = Targets.heldSlot(d, pick);
            return s < 0 ? null : "free(slot " + s + ", 0) of no slots";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            a.free(SwapEntry.of(d.type(), Targets.heldSlot(d, pick)), 0);
        }
    },
    /** Freeing a bad slot (the header slot has no entry to name it: entries' offsets start at 1). */
    FREE_RESERVED(Api.SLOTS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final long s = badSlot(d.geometry(), pick);
            return s < 0 ? null : "free(slot " + s + ", 1) of a bad slot";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            a.free(SwapEntry.of(d.type(), badSlot(d.geometry(), pick)), 1);
        }
    },
    /** Freeing a run that ends past the device end. */
    FREE_PAST_END(Api.SLOTS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            return "free(slot " + d.geometry().totalSlots() + ", 1) past the device end";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            a.free(SwapEntry.of(d.type(), d.geometry().totalSlots()), 1);
        }
    },
    /** Freeing a held slot through an entry of another device type. */
    WRONG_TYPE(Api.SLOTS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final long s = Targets.heldSlot(d, pick);
            return s < 0 ? null : "free(slot " + s + " of device type " + otherType(d) + ", 1)";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            a.free(SwapEntry.of(otherType(d), Targets.heldSlot(d, pick)), 1);
        }
    },
    /** Allocating above maxOrder. */
    ORDER_TOO_LARGE(Api.SLOTS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            return "allocate(order " + (d.geometry().maxOrder() + 1) + ") above maxOrder";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            a.allocate(d.geometry().maxOrder() + 1);
        }
    },
    /** Allocating a negative order. */
    NEGATIVE_ORDER(Api.SLOTS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            return "allocate(order -1)";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            a.allocate(-1);
        }
    },
    /** A reference added to a free slot. */
    DUP_FREE_SLOT(Api.COUNTS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final long s = Targets.freeSlot(d, pick);
            return s < 0 ? null : "dup(slot " + s + ") of a free slot";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            c.dup(SwapEntry.of(d.type(), Targets.freeSlot(d, pick)));
        }
    },
    /** A reference dropped from a slot whose count is already 0. */
    PUT_AT_ZERO(Api.COUNTS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final long s = Targets.heldSlot(d, pick);
            return s < 0 || d.model().swapCount(s) != 0 ? null : "put(slot " + s + ") at swap count 0";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            c.put(SwapEntry.of(d.type(), Targets.heldSlot(d, pick)));
        }
    },
    /** The swap cache's pin dropped from a slot it does not pin. */
    CACHE_DEL_UNCACHED(Api.COUNTS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final long s = Targets.heldSlot(d, pick);
            return s < 0 || d.model().cached(s) || d.model().state(s) != SlotState.IN_USE ? null
                    : "cacheDel(slot " + s + ") of an uncached slot";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            c.cacheDel(SwapEntry.of(d.type(), Targets.heldSlot(d, pick)));
        }
    },
    /**
     * A swap-count call (the pick chooses which) on a bad slot: the slot is never in use, and pinning or referencing
     * it would hand a bad block to the swap cache (the kernel's {@code __swap_duplicate} refuses a slot whose map
     * reads {@code SWAP_MAP_BAD}).
     */
    COUNT_ON_BAD_SLOT(Api.COUNTS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final long s = badSlot(d.geometry(), pick >> 2);
            return s < 0 ? null : countCall(pick).method() + "(slot " + s + ") of a bad slot";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            countCall(pick).on(c, SwapEntry.of(d.type(), badSlot(d.geometry(), pick >> 2)));
        }
    },
    /**
     * A swap-count call or query (the pick chooses which) on a held slot through an entry of another device type:
     * an allocator that looks the slot up by its offset alone answers for, or changes, another device's slot.
     */
    COUNT_WRONG_TYPE(Api.COUNTS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final long s = Targets.heldSlot(d, pick / ENTRY_CALLS);
            return s < 0 ? null : entryCallName(pick) + "(slot " + s + " of device type " + otherType(d) + ")";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            entryCall(pick, c, SwapEntry.of(otherType(d), Targets.heldSlot(d, pick / ENTRY_CALLS)));
        }
    },
    /** A swap-count call or query (the pick chooses which) on the first slot past the device end. */
    COUNT_PAST_END(Api.COUNTS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            return entryCallName(pick) + "(slot " + d.geometry().totalSlots() + ") past the device end";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            entryCall(pick, c, SwapEntry.of(d.type(), d.geometry().totalSlots()));
        }
    },
    /**
     * A swap-count call or query (the pick chooses which) through a live compound folio's handle: the handle names a
     * descriptor, not a slot, and its offset is the descriptor's id, which an allocator that reads it as a slot takes
     * for some other slot's.
     */
    COUNT_ON_COMPOUND_HANDLE(Api.COUNTED_FOLIOS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final Targets.FolioPick f = Targets.folio(d, pick / ENTRY_CALLS, true);
            return f == null ? null : entryCallName(pick) + "(" + Transcript.show(f.handle())
                    + ") through a compound folio's handle";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            entryCall(pick, c, Targets.folio(d, pick / ENTRY_CALLS, true).handle());
        }
    },
    /** A folio's page freed again through the folio call: a double free of a partly swapped-in folio. */
    FOLIO_PAGE_FREED(Api.FOLIOS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final Targets.FolioPick f = Targets.folio(d, pick, false);
            return f == null || f.freedPage() < 0 ? null : "freeFolioPages(" + Transcript.show(f.handle())
                    + ", order " + f.order() + ", pages " + f.freedPage() + "+1) of a page already freed"
                    + (f.reused() ? ", whose slot another allocation holds now" : "");
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            final Targets.FolioPick f = Targets.folio(d, pick, false);
            ((FolioAllocator) a).freeFolioPages(f.handle(), f.order(), f.freedPage(), 1);
        }
    },
    /**
     * A page outside a live folio (contiguous or compound; the pick's lowest two bits choose the call): {@code slotOf}
     * of page 2^order or of page -1, {@code freeFolioPages} of a range from a live page past the folio's end or of
     * no pages. An allocator that indexes its descriptor or run without a bound answers with a neighbour's slot, or
     * frees it.
     */
    FOLIO_PAGE_OUT_OF_RANGE(Api.FOLIOS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final Targets.FolioPick f = Targets.folio(d, pick >> 2, false);
            if (f == null) {
                return null;
            }
            final String folio = Transcript.show(f.handle()) + ", order " + f.order();
            final int pages = 1 << f.order();
            return switch (pick & 3) {
                case 0 -> "slotOf(" + folio + ", page " + pages + ") past the folio's last page";
                case 1 -> "slotOf(" + folio + ", page -1)";
                case 2 -> "freeFolioPages(" + folio + ", pages " + f.livePage() + "+" + (pages - f.livePage() + 1)
                        + ") one page past the folio's end";
                default -> "freeFolioPages(" + folio + ", pages " + f.livePage() + "+0) of no pages";
            };
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            final Targets.FolioPick f = Targets.folio(d, pick >> 2, false);
            final FolioAllocator folios = (FolioAllocator) a;
            final int pages = 1 << f.order();
            switch (pick & 3) {
                case 0 -> folios.slotOf(f.handle(), f.order(), pages);
                case 1 -> folios.slotOf(f.handle(), f.order(), -1);
                case 2 -> folios.freeFolioPages(f.handle(), f.order(), f.livePage(), pages - f.livePage() + 1);
                default -> folios.freeFolioPages(f.handle(), f.order(), f.livePage(), 0);
            }
        }
    },
    /** A folio above maxOrder: rejected, not NONE (no device serves it). */
    FOLIO_ORDER_TOO_LARGE(Api.FOLIOS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            return "allocateFolio(order " + (d.geometry().maxOrder() + 1) + ") above maxOrder";
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            ((FolioAllocator) a).allocateFolio(d.geometry().maxOrder() + 1);
        }
    },
    /** A compound folio named with another order than the one its descriptor's head holds. */
    FOLIO_WRONG_ORDER(Api.FOLIOS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final Targets.FolioPick f = Targets.folio(d, pick, true);
            return f == null ? null : "slotOf(" + Transcript.show(f.handle()) + ", order " + wrongOrder(d, f)
                    + ", page " + f.livePage() + ") of a compound folio of order " + f.order();
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            final Targets.FolioPick f = Targets.folio(d, pick, true);
            ((FolioAllocator) a).slotOf(f.handle(), wrongOrder(d, f), f.livePage());
        }
    },
    /** A compound folio's live page freed through another order than its head holds. */
    FOLIO_FREE_WRONG_ORDER(Api.FOLIOS) {
        @Override
        String describe(final ModelledDevice d, final int pick) {
            final Targets.FolioPick f = Targets.folio(d, pick, true);
            return f == null ? null : "freeFolioPages(" + Transcript.show(f.handle()) + ", order "
                    + wrongOrder(d, f) + ", pages " + f.livePage() + "+1) of a compound folio of order " + f.order();
        }

        @Override
        void call(final ModelledDevice d, final int pick, final SlotAllocator a, final SwapCounts c) {
            final Targets.FolioPick f = Targets.folio(d, pick, true);
            ((FolioAllocator) a).freeFolioPages(f.handle(), wrongOrder(d, f), f.livePage(), 1);
        }
    };

    /** The interface a misuse calls. */
    enum Api {
        SLOTS, COUNTS, FOLIOS,
        /** Swap counts and folios both: a count call through a folio's handle. */
        COUNTED_FOLIOS
    }

    /** How many calls {@link #entryCall} chooses from: the four swap-count calls and the two queries. */
    private static final int ENTRY_CALLS = 6;

    private final Api api;

    Misuse(final Api api) {
        this.api = api;
    }

    /** Returns whether the allocator implements the interface the call is on. */
    boolean applicable(final ModelledDevice d) {
        return switch (api) {
            case SLOTS -> true;
            case COUNTS -> d.hasCounts();
            case FOLIOS -> d.hasFolios();
            case COUNTED_FOLIOS -> d.hasCounts() && d.hasFolios();
        };
    }

    /** Another order than the folio's, one that still has its live page: one above, or one below at the top. */
    private static int wrongOrder(final ModelledDevice d, final Targets.FolioPick f) {
        return f.order() < d.geometry().maxOrder() || f.livePage() >= (1 << (f.order() - 1)) ? f.order() + 1
                : f.order() - 1;
    }

    /** Returns the call in words, or null when the state offers no target for it (nothing is called). */
    abstract String describe(ModelledDevice d, int pick);

    abstract void call(ModelledDevice d, int pick, SlotAllocator a, SwapCounts c);

    /**
     * A run from a held slot over the first slot after it that is not in use, to the next slot in use after that
     * one (or to that slot when none is): {first, length, the slot not in use}; null when nothing is held or every
     * slot after the held one is in use.
     */
    private static long[] partlyFreeRun(final ModelledDevice d, final int pick) {
        final long s = Targets.heldSlot(d, pick);
        final long total = d.geometry().totalSlots();
        if (s < 0) {
            return null;
        }
        long hole = s + 1;
        while (hole < total && d.model().state(hole) == SlotState.IN_USE) {
            hole++;
        }
        if (hole == total) {
            return null;
        }
        long end = hole + 1;
        while (end < total && d.model().state(end) != SlotState.IN_USE) {
            end++;
        }
        final long last = end < total ? end : hole;
        return new long[] {s, last - s + 1, hole};
    }

    /** Returns a bad slot chosen by {@code pick}, or -1 when the device has none. */
    private static long badSlot(final Geometry g, final int pick) {
        final long[] bad = g.badSlots();
        return bad.length == 0 ? -1 : bad[Math.floorMod(pick, bad.length)];
    }

    /** The swap-count call of a misuse on a slot that no call may name: the pick's lowest two bits choose it. */
    private static SwapCountCall countCall(final int pick) {
        return switch (pick & 3) {
            case 0 -> SwapCountCall.DUP;
            case 1 -> SwapCountCall.PUT;
            case 2 -> SwapCountCall.CACHE_ADD;
            default -> SwapCountCall.CACHE_DEL;
        };
    }

    /**
     * Makes the call of a misuse on an entry that no call may name, chosen by {@code pick % 6}: the four swap-count
     * calls, or the queries {@code countOf} and {@code isCached}, which must reject the entry as the calls do rather
     * than answer for some other slot.
     */
    private static void entryCall(final int pick, final SwapCounts c, final long entry) {
        switch (pick % ENTRY_CALLS) {
            case 4 -> c.countOf(entry);
            case 5 -> c.isCached(entry);
            default -> countCall(pick % ENTRY_CALLS).on(c, entry);
        }
    }

    /** The method {@link #entryCall} calls for {@code pick}. */
    private static String entryCallName(final int pick) {
        return switch (pick % ENTRY_CALLS) {
            case 4 -> "countOf";
            case 5 -> "isCached";
            default -> countCall(pick % ENTRY_CALLS).method();
        };
    }

    private static int otherType(final ModelledDevice d) {
        return d.type() == 0 ? 1 : 0;
    }
}
