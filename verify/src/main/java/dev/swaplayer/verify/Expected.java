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
        return switch (c.kind) {
            case ALLOCATE -> allocation(m, c);
            case FREE_OWN -> {
                final Call own = c.lastAllocation(mine);
                if (own == null) {
                    yield "nothing to free".equals(c.result);
                }
                yield outcome(() -> {
                    m.free(SwapEntry.offset(own.entry), 1L << m.geometry().effectiveOrder(own.order));
                    return "freed";
                }).equals(c.result);
            }
            case DUP, PUT, CACHE_ADD, CACHE_DEL ->
                    outcome(() -> c.kind.count.on(m, SwapEntry.offset(c.slot))).equals(c.result);
        };
    }

    private static boolean allocation(final SwapSpaceModel m, final Call c) {
        if (!(c.result instanceof Long entry)) {
            return false;
        }
        if (entry == SlotAllocator.NONE) {
            return true;
        }
        if (SwapEntry.isCompound(entry) || SwapEntry.type(entry) != Target.TYPE) {
            return false;
        }
        final long first = SwapEntry.offset(entry);
        if (Legality.illegalRun(m, first, c.order) != null) {
            return false;
        }
        m.allocateAt(first, c.order);
        return true;
    }

    private static Object outcome(final Supplier<Object> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return REJECTED;
        }
    }

    static String describe(final Call c) {
        return switch (c.kind) {
            case ALLOCATE -> "allocate(order " + c.order + ")";
            case FREE_OWN -> "free(own latest allocation)";
            case DUP, PUT, CACHE_ADD, CACHE_DEL -> c.kind.count.method() + "(slot " + SwapEntry.offset(c.slot) + ")";
        };
    }

    static String show(final Object result) {
        return result instanceof Long e ? (e == SlotAllocator.NONE ? "NONE" : SwapEntry.toString(e))
                : String.valueOf(result);
    }
}
