package dev.swaplayer.swap.scenario;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The scenario's assertions: each throws an {@link AssertionError} in JUnit's wording
 * ({@code message ==> expected: <x> but was: <y>}), so that the main code needs no test library.
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
            throw new AssertionError(prefix(message) + "expected: <" + expected + "> but was: <" + actual + ">");
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
            throw new AssertionError(prefix(message) + "expected: <" + expected + "> but was: <" + actual + ">");
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

    /** Like JUnit's {@code assertArrayEquals}: names the first index that differs. */
    static void equalBytes(final byte[] expected, final byte[] actual, final Supplier<String> message) {
        if (Arrays.equals(expected, actual)) {
            return;
        }
        if (expected.length != actual.length) {
            throw new AssertionError(prefix(message.get()) + "array lengths differ, expected: <" + expected.length
                    + "> but was: <" + actual.length + ">");
        }
        final int i = Arrays.mismatch(expected, actual);
        throw new AssertionError(prefix(message.get()) + "array contents differ at index [" + i + "], expected: <"
                + expected[i] + "> but was: <" + actual[i] + ">");
    }

    static void isTrue(final boolean condition, final String message) {
        if (!condition) {
            throw new AssertionError(prefix(message) + "expected: <true> but was: <false>");
        }
    }

    static void isTrue(final boolean condition, final Supplier<String> message) {
        if (!condition) {
            isTrue(false, message.get());
        }
    }

    private static String prefix(final String message) {
        return message == null || message.isBlank() ? "" : message + " ==> ";
    }
}
