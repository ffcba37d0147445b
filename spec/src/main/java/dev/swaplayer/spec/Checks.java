package dev.swaplayer.spec;

/**
 * Argument checks that produce the project's one message shape, {@code what: value (expected: ...)}.
 *
 * <p>Thread safety: stateless.
 */
public final class Checks {
    private Checks() {
    }

    /**
     * Formats a message in the project's shape.
     *
     * @param what the name of the argument or field
     * @param value its offending value
     * @param expected what would have been accepted
     * @return {@code what: value (expected: expected)}, an empty value shown as {@code (empty)}
     */
    public static String message(final String what, final Object value, final String expected) {
        final String shown = value instanceof CharSequence c && c.length() == 0 ? "(empty)" : String.valueOf(value);
        return what + ": " + shown + " (expected: " + expected + ")";
    }

    /**
     * Builds an {@link IllegalArgumentException} for a bad argument.
     *
     * @param what the argument's name
     * @param value its value
     * @param expected the accepted values
     * @return the exception, for the caller to throw
     */
    public static IllegalArgumentException badArgument(final String what, final Object value, final String expected) {
        return new IllegalArgumentException(message(what, value, expected));
    }

    /**
     * Builds an {@link IllegalStateException} for an operation the current state does not allow.
     *
     * @param what the name of the thing in the wrong state
     * @param value its value
     * @param expected the state that would have allowed the operation
     * @return the exception, for the caller to throw
     */
    public static IllegalStateException badState(final String what, final Object value, final String expected) {
        return new IllegalStateException(message(what, value, expected));
    }

    /**
     * Checks {@code min <= value <= max}.
     *
     * @param what the argument's name
     * @param value the value
     * @param min the smallest accepted value
     * @param max the largest accepted value
     * @return value
     * @throws IllegalArgumentException when out of range
     */
    public static long checkInRange(final String what, final long value, final long min, final long max) {
        if (value < min || value > max) {
            throw badArgument(what, value, min + ".." + max);
        }
        return value;
    }

    /**
     * Checks {@code min <= value <= max}.
     *
     * @param what the argument's name
     * @param value the value
     * @param min the smallest accepted value
     * @param max the largest accepted value
     * @return value
     * @throws IllegalArgumentException when out of range
     */
    public static int checkInRange(final String what, final int value, final int min, final int max) {
        if (value < min || value > max) {
            throw badArgument(what, value, min + ".." + max);
        }
        return value;
    }

    /**
     * Checks that value is a positive power of two.
     *
     * @param what the argument's name
     * @param value the value
     * @return log2(value)
     * @throws IllegalArgumentException otherwise
     */
    public static int checkPowerOfTwo(final String what, final long value) {
        if (value <= 0 || Long.bitCount(value) != 1) {
            throw badArgument(what, value, "a power of two");
        }
        return Long.numberOfTrailingZeros(value);
    }
}
