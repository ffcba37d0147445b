package dev.swaplayer.cli;

/**
 * A mistake in the user's input (a bad argument, a missing or malformed file): printed as one line
 * on stderr, exit code {@link ExitCode#USAGE}, no stack trace.
 *
 * <p>Thread safety: immutable.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line in the form {@code what: value (expected: ...)} */
    public UserError(final String message) {
        super(message, null, false, false);
    }
}
