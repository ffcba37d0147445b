package dev.swaplayer.concurrency;

import java.util.function.Supplier;

/**
 * Turns an operation's misuse into a value, so that Lincheck can compare it with the sequential
 * specification: the specification throws for the same misuse, and both sides then return the same string.
 *
 * <p>Thread safety: stateless.
 */
final class Outcomes {
    /** The value of an operation that threw {@link IllegalStateException}: the slot was not in a state for it. */
    static final String MISUSE = "IllegalState";

    private Outcomes() {
    }

    /**
     * Returns its result as a string, or {@link #MISUSE} when it threw {@link IllegalStateException}.
     *
     * @param operation an operation of the allocator or of the model
     */
    static String of(final Supplier<?> operation) {
        try {
            return String.valueOf(operation.get());
        } catch (IllegalStateException e) {
            return MISUSE;
        }
    }
}
