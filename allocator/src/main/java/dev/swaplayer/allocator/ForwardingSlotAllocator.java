package dev.swaplayer.allocator;

import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;

/**
 * A {@link SlotAllocator} that forwards every call to another one: the base of a wrapper that changes one or
 * two calls and keeps the rest (a test allocator with a planted defect, or a view that hides what the delegate
 * implements beyond {@link SlotAllocator}, such as its swap counts). A subclass overrides only what it changes.
 * It implements nothing but {@link SlotAllocator}, whatever the delegate implements; a subclass that keeps the
 * delegate's swap counts too implements {@link SwapCounts.Forwarding}.
 *
 * <p>Thread safety: as the delegate, plus what the subclass adds; this class holds nothing but the delegate.
 *
 * @param <A> the delegate's type, so that a subclass can reach what it implements beyond SlotAllocator
 */
public abstract class ForwardingSlotAllocator<A extends SlotAllocator> implements SlotAllocator {
    private final A delegate;

    /**
     * @param delegate the allocator every call goes to
     * @throws IllegalArgumentException when it is null
     */
    protected ForwardingSlotAllocator(final A delegate) {
        if (delegate == null) {
            throw Checks.badArgument("delegate", null, "a slot allocator");
        }
        this.delegate = delegate;
    }

    /** Returns the allocator every call goes to. */
    protected final A delegate() {
        return delegate;
    }

    @Override
    public int type() {
        return delegate.type();
    }

    @Override
    public Geometry geometry() {
        return delegate.geometry();
    }

    @Override
    public long allocate(final int order) {
        return delegate.allocate(order);
    }

    @Override
    public void free(final long entry, final long nrSlots) {
        delegate.free(entry, nrSlots);
    }

    @Override
    public long freeSlots() {
        return delegate.freeSlots();
    }

    @Override
    public long usedSlots() {
        return delegate.usedSlots();
    }

    @Override
    public Fragmentation fragmentation() {
        return delegate.fragmentation();
    }
}
