package dev.swaplayer.swap.scenario;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The scenario's assertions: each throws an {@link AssertionError} worded as the project words a wrong value
 * ({@code message: y (expected: x)}), so that the main code needs no test library and what {@code verify} prints of a
 * failed scenario reads as the rest of its output.
 *
 * <p>Thread safety: stateless.
 */
final class Check {
    private Check() {
    }

    static void equal(final Object expected, final Object actual) {
        equal(expected, actual, (String) null);
    }

    static void equal(final Object expected, final Object actual, final String message) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(prefix(message) + actual + " (expected: " + expected + ")");
        }
    }

    static void equal(final Object expected, final Object actual, final Supplier<String> message) {
        if (!Objects.equals(expected, actual)) {
            equal(expected, actual, message.get());
        }
    }

    /** Numbers compare by value, as JUnit's {@code assertEquals(long, long)}: an int 1 equals a long 1. */
    static void equal(final long expected, final long actual) {
        equal(expected, actual, (String) null);
    }

    static void equal(final long expected, final long actual, final String message) {
        if (expected != actual) {
            throw new AssertionError(prefix(message) + actual + " (expected: " + expected + ")");
        }
    }

    static void equal(final long expected, final long actual, final Supplier<String> message) {
        if (expected != actual) {
            equal(expected, actual, message.get());
        }
    }

    static void equalBytes(final byte[] expected, final byte[] actual, final String message) {
        if (!Arrays.equals(expected, actual)) {
            equalBytes(expected, actual, () -> message);
        }
    }

    /** Like JUnit's {@code assertArrayEquals}: names the first byte that differs. */
    static void equalBytes(final byte[] expected, final byte[] actual, final Supplier<String> message) {
        if (Arrays.equals(expected, actual)) {
            return;
        }
        if (expected.length != actual.length) {
            throw new AssertionError(prefix(message.get()) + "length " + actual.length + " (expected: "
                    + expected.length + ")");
        }
        final int i = Arrays.mismatch(expected, actual);
        throw new AssertionError(prefix(message.get()) + "byte " + i + " is " + actual[i] + " (expected: " + expected[i]
                + ")");
    }

    static void isTrue(final boolean condition, final String message) {
        if (!condition) {
            throw new AssertionError(prefix(message) + "false (expected: true)");
        }
    }

    static void isTrue(final boolean condition, final Supplier<String> message) {
        if (!condition) {
            isTrue(false, message.get());
        }
    }

    private static String prefix(final String message) {
        return message == null || message.isBlank() ? "" : message + ": ";
    }
}
