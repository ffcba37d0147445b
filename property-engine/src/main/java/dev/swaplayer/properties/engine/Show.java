package dev.swaplayer.properties.engine;

import java.util.Arrays;

/**
 * Immutable helpers (static only) rendering values for failure reports.
 *
 * <p>Thread safety: stateless; safe from any thread.
 */
final class Show {

    private Show() {
    }

    /** Renders a value, arrays by their elements. */
    static String value(final Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        if (value.getClass().isArray()) {
            return Arrays.deepToString(new Object[] {value}).replaceAll("^\\[|\\]$", "");
        }
        try {
            return String.valueOf(value);
        } catch (RuntimeException e) {
            return value.getClass().getName() + " (toString() threw " + e + ")";
        }
    }

    /** Renders a value cut to at most {@code limit} characters. */
    static String abbreviated(final Object value, final int limit) {
        String text = value(value);
        return text.length() <= limit ? text : text.substring(0, limit) + "...";
    }

    /** Renders a throwable as its class name and message. */
    static String failure(final Throwable t) {
        String message = t.getMessage();
        return t.getClass().getName() + (message == null ? "" : ": " + message);
    }
}
