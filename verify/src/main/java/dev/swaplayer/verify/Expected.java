package dev.swaplayer.verify;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Legality;
import dev.swaplayer.spec.Postconditions;
import dev.swaplayer.spec.SwapSpaceModel;
import dev.swaplayer.verify.LinearizabilityCheck.Call;
import java.util.function.Supplier;

/**
 * The sequential specification's side of one recorded call: applies it to the model and says whether the
 * recorded result is one the specification allows at that point.
 *
 * <p>Thread safety: stateless.
 */
final class Expected {
    private static final String REJECTED = "rejected";

    private Expected() {
    }

    /**
     * Says whether a recorded result is one the specification allows at this point of a linearization.
     *
     * @param m the model, in the state the linearization reached; changed when the call is accepted
     * @param c the call and its recorded result
     * @param shared the two shared slot entries
     * @param mine the calling thread's plan
     * @return whether the result is allowed here
     */
    static boolean matches(final SwapSpaceModel m, final Call c, final long[] shared, final Call[] mine) {
        final Object a = answer(m, c, mine);
        return c.kind.allocates() ? a == null : a.equals(c.result);
    }

    /**
     * Says why a recorded result is not one the specification allows at this point, for a failure's message.
     *
     * @param m the model, in the state the linearization reached; changed by the call
     * @param c the call and its recorded result
     * @param mine the calling thread's plan
     * @return what the specification answers instead, or why it allows no such run
     */
    static String refused(final SwapSpaceModel m, final Call c, final Call[] mine) {
        final Object a = answer(m, c, mine);
        return c.kind.allocates() ? "which the specification does not allow there: " + a
                : "where the specification answers " + show(a);
    }

    /**
     * Applies the call to the model: what the specification answers; for an allocation, null when the recorded run
     * is legal here (and now taken), else why it is not.
     */
    private static Object answer(final SwapSpaceModel m, final Call c, final Call[] mine) {
        return switch (c.kind) {
            case ALLOCATE -> allocation(m, c);
            case ALLOCATE_FOLIO -> folio(m, c);
            case FREE_OWN -> {
                final Call own = c.lastAllocation(mine);
                if (own == null) {
                    yield "nothing to free";
                }
                yield outcome(() -> {
                    if (own.pages != null && SwapEntry.isCompound(own.entry)) {
                        m.freeDescriptorPages(descriptorOf(m, own), 0, own.pages.length);
                    } else {
                        m.free(SwapEntry.offset(own.entry), 1L << m.geometry().effectiveOrder(own.order));
                    }
                    return "freed";
                });
            }
            case DUP, PUT, CACHE_ADD, CACHE_DEL -> outcome(() -> c.kind.count.on(m, SwapEntry.offset(c.slot)));
        };
    }

    /** Takes the recorded run on the model when it is legal here (null), else says why it is not. */
    private static String allocation(final SwapSpaceModel m, final Call c) {
        if (!(c.result instanceof Long entry)) {
            return "an allocation returns an entry or NONE";
        }
        if (entry == SlotAllocator.NONE) {
            return null;
        }
        if (SwapEntry.isCompound(entry) || SwapEntry.type(entry) != Target.TYPE) {
            return "a slot entry of device type " + Target.TYPE + " is expected";
        }
        final long first = SwapEntry.offset(entry);
        final String why = Legality.illegalRun(m, first, c.order);
        if (why == null) {
            m.allocateAt(first, c.order);
        }
        return why;
    }

    /**
     * Takes the recorded folio on the model when it is legal here (null), else says why it is not: a contiguous
     * folio as a run (its pages where {@code slotOf} must find them, in one extent), a compound one as its pages
     * (each free and legal, in as many extents as runs of consecutive slots inside one cluster).
     */
    private static String folio(final SwapSpaceModel m, final Call c) {
        if (!(c.result instanceof Long handle)) {
            return "an allocation returns an entry or NONE";
        }
        if (handle == SlotAllocator.NONE) {
            return null;
        }
        if (SwapEntry.type(handle) != Target.TYPE) {
            return "a handle of device type " + Target.TYPE + " is expected";
        }
        final long[] slots = new long[c.pages.length];
        for (int p = 0; p < slots.length; p++) {
            if (SwapEntry.isCompound(c.pages[p]) || SwapEntry.type(c.pages[p]) != Target.TYPE) {
                return "slotOf(page " + p + ") = " + show(c.pages[p]) + " (expected a slot entry of device type "
                        + Target.TYPE + ")";
            }
            slots[p] = SwapEntry.offset(c.pages[p]);
        }
        if (!SwapEntry.isCompound(handle)) {
            final long first = SwapEntry.offset(handle);
            for (int p = 0; p < slots.length; p++) {
                if (slots[p] != first + p) {
                    return "slotOf(page " + p + ") = slot " + slots[p] + " in a contiguous folio at slot " + first;
                }
            }
            return c.extents != 1 ? "extents = " + c.extents + " of a contiguous folio (expected 1)"
                    : allocation(m, c);
        }
        final String why = Legality.illegalCompound(m, slots);
        if (why != null) {
            return why;
        }
        final int runs = Postconditions.extentsOf(m.geometry(), slots);
        if (c.extents != runs) {
            return "extents = " + c.extents + " (expected " + runs + ", the runs its pages take)";
        }
        m.allocateCompoundAt(slots);
        return null;
    }

    /**
     * The model's descriptor of a compound folio the thread placed: the oldest live one whose live pages are all where
     * the folio's pages were (a page freed meanwhile by the other thread's last {@code put} or {@code cacheDel}
     * reads 0 in it; a later folio that took such a slot has a newer descriptor).
     *
     * @throws IllegalStateException when every page of it is gone, and its descriptor with them
     */
    private static long descriptorOf(final SwapSpaceModel m, final Call folio) {
        final long[] found = {0};
        m.forEachDescriptor((id, order, pages) -> {
            boolean live = false;
            boolean same = pages.length == folio.pages.length;
            for (int p = 0; same && p < pages.length; p++) {
                live |= pages[p] != 0;
                same = pages[p] == 0 || pages[p] == SwapEntry.offset(folio.pages[p]);
            }
            if (same && live && (found[0] == 0 || id < found[0])) {
                found[0] = id;
            }
        });
        if (found[0] == 0) {
            throw new IllegalStateException("folio " + show(folio.entry) + ": every page freed (expected: a live"
                    + " page)");
        }
        return found[0];
    }

    private static Object outcome(final Supplier<Object> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return REJECTED;
        }
    }

    /**
     * The call in words; a free names the run it frees, the thread's latest allocation not yet freed.
     *
     * @param c the call
     * @param mine the calling thread's plan
     */
    static String describe(final Call c, final Call[] mine) {
        final Call own = c.kind == LinearizabilityCheck.Kind.FREE_OWN ? c.lastAllocation(mine) : null;
        return switch (c.kind) {
            case ALLOCATE -> "allocate(order " + c.order + ")";
            case ALLOCATE_FOLIO -> "allocateFolio(order " + c.order + ")";
            case FREE_OWN -> own == null ? "free(own latest allocation: none)" : "free(" + SwapEntry.toString(own.entry)
                    + ", " + (1L << LinearizabilityCheck.DEVICE.effectiveOrder(own.order)) + "): own latest allocation";
            case DUP, PUT, CACHE_ADD, CACHE_DEL -> c.kind.count.method() + "(slot " + SwapEntry.offset(c.slot) + ")";
        };
    }

    static String show(final Object result) {
        return result instanceof Long e ? (e == SlotAllocator.NONE ? "NONE" : SwapEntry.toString(e))
                : String.valueOf(result);
    }
}
