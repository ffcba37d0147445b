package dev.swaplayer.allocator.policy;

/**
 * A provider that did not build its allocator (it threw, returned null, or built one its folio policy does not fit):
 * bad input, as any {@link IllegalArgumentException}, and named so that a caller that asked for the allocator in the
 * middle of other work (the fragmentation table beside {@code verify}'s checks) can tell this policy's failure from
 * its own.
 *
 * <p>Thread safety: immutable.
 */
public final class ProviderFailure extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** The policy whose provider failed. */
    private final String policy;

    ProviderFailure(final String policy, final String message) {
        super(message);
        this.policy = policy;
    }

    /** Returns the name of the policy whose provider failed. */
    public String policy() {
        return policy;
    }
}
