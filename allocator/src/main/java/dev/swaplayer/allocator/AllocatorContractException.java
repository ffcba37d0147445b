package dev.swaplayer.allocator;

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
}
