package dev.swaplayer.properties.engine;

/**
 * Immutable signal that a test case could not be generated (a filter gave up, or too many
 * choices were drawn); while shrinking, such a candidate is merely rejected.
 *
 * <p>Thread safety: immutable once thrown.
 */
final class GenerationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    GenerationException(final String message) {
        super(message);
    }
}
