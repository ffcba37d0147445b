package dev.swaplayer.allocator;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;

/**
 * An allocator returned what its contract forbids, seen where it returned it: an allocation entry off its
 * device or of another type, or a slot already handed out. Built-in allocators never cause it; it names a
 * plug-in's bug, so that a report can say so with certainty (where another exception during a plug-in's run
 * may be a consequence of one).
 *
 * <p>Thread safety: immutable.
 */
public final class AllocatorContractException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was returned and what was expected, as {@code what: value (expected: ...)}
     */
    public AllocatorContractException(final String message) {
        super(message);
    }

    /**
     * Returns what an allocation returned when it is NONE or a slot entry of the device whose run of
     * 2^max(order, minOrder) slots lies on the device past its header slot; otherwise throws, naming the call:
     * a policy (a plug-in's) that returns an entry off its device is caught where it returns it, not later where
     * the entry is used.
     *
     * @param allocator the allocator that returned it
     * @param order the order asked for
     * @param entry what it returned
     * @param call the call's name, for the message
     * @return {@code entry}
     * @throws AllocatorContractException for any other value
     */
    public static long checkedRun(final SlotAllocator allocator, final int order, final long entry,
            final String call) {
        if (entry == SlotAllocator.NONE) {
            return entry;
        }
        final long total = allocator.geometry().totalSlots();
        final long size = 1L << allocator.geometry().effectiveOrder(order);
        if (SwapEntry.isCompound(entry) || SwapEntry.type(entry) != allocator.type() || SwapEntry.offset(entry) < 1
                || SwapEntry.offset(entry) > total - size) {
            throw new AllocatorContractException(Checks.message(call + "(" + order + ")", SwapEntry.toString(entry),
                    "NONE or a slot entry of device type " + allocator.type() + " with offset 1.." + (total - size)
                    + " for a run of " + size + " slots"));
        }
        return entry;
    }
}
