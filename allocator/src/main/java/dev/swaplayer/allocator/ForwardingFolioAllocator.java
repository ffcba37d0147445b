package dev.swaplayer.allocator;

/**
 * A {@link FolioAllocator} that forwards every call to another one, its folio calls included: the base of a
 * wrapper that changes one or two folio calls (a test allocator with a planted defect) or hides what the delegate
 * implements beyond {@link FolioAllocator}, such as its swap counts. A subclass overrides only what it changes.
 *
 * <p>Thread safety: as the delegate, plus what the subclass adds; this class holds nothing but the delegate.
 *
 * @param <A> the delegate's type, so that a subclass can reach what it implements beyond FolioAllocator
 */
public abstract class ForwardingFolioAllocator<A extends FolioAllocator> extends ForwardingSlotAllocator<A>
        implements FolioAllocator {
    /**
     * @param delegate the allocator every call goes to
     * @throws IllegalArgumentException when it is null
     */
    protected ForwardingFolioAllocator(final A delegate) {
        super(delegate);
    }

    @Override
    public long allocateFolio(final int order) {
        return delegate().allocateFolio(order);
    }

    @Override
    public long slotOf(final long handle, final int order, final int page) {
        return delegate().slotOf(handle, order, page);
    }

    @Override
    public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
        delegate().freeFolioPages(handle, order, firstPage, count);
    }

    @Override
    public int extents(final long handle, final int order) {
        return delegate().extents(handle, order);
    }

    @Override
    public int descriptorCount() {
        return delegate().descriptorCount();
    }
}
