package dev.swaplayer.verify;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Legality;
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
        return c.kind == LinearizabilityCheck.Kind.ALLOCATE ? a == null : a.equals(c.result);
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
        return c.kind == LinearizabilityCheck.Kind.ALLOCATE ? "which the specification does not allow there: " + a
                : "where the specification answers " + show(a);
    }

    /**
     * Applies the call to the model: what the specification answers; for an allocation, null when the recorded run
     * is legal here (and now taken), else why it is not.
     */
    private static Object answer(final SwapSpaceModel m, final Call c, final Call[] mine) {
        return switch (c.kind) {
            case ALLOCATE -> allocation(m, c);
            case FREE_OWN -> {
                final Call own = c.lastAllocation(mine);
                if (own == null) {
                    yield "nothing to free";
                }
                yield outcome(() -> {
                    m.free(SwapEntry.offset(own.entry), 1L << m.geometry().effectiveOrder(own.order));
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
