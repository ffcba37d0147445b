package dev.swaplayer.device;

/**
 * How messages show text the user typed or a file held, and how that text is read as a number: the one helper
 * every module that reads user input (swap headers here, workload scripts in the simulator, the command line)
 * shares, so that an error message never echoes more than {@link #MAX_SHOWN} characters of input and never a raw
 * control character.
 *
 * <p>Thread safety: stateless.
 *
 * <h2>Showing input</h2>
 * {@link #show} escapes what a terminal would act on or hide, as JSON does: {@code \\}, {@code \n}, {@code \r},
 * {@code \t}, and every other control, format or separator character (a NUL, ESC, DEL, a C1 control, a byte-order
 * mark, a bidirectional override, U+2028) as {@code \u005Cu} and four hex digits. Text longer than
 * {@link #MAX_SHOWN} characters once escaped is cut, and the cut says how long the whole was.
 *
 * <h2>Numbers</h2>
 * A number is ASCII digits {@code 0-9}, optionally preceded by {@code -} (so that a negative value gets the range
 * message of the option it was given to). A {@code +} sign, digits of other scripts (Java's
 * {@link Character#isDigit} accepts {@code ٣}, ARABIC-INDIC DIGIT THREE), underscores, separators and blanks
 * are refused: {@link #parseLong} is the one parser.
 */
public final class UserInput {
    /** Most characters of input a message shows. */
    public static final int MAX_SHOWN = 80;

    /** The {@code expected} part of a message about a malformed number. */
    public static final String NUMBER = "ASCII digits 0-9, optionally after a '-'; no '+'";

    private static final int KEEP = 64;

    private UserInput() {
    }

    /**
     * Returns the text escaped and, if longer than {@link #MAX_SHOWN} characters, cut to its first characters.
     *
     * @param text user input, or {@code null}
     * @return the text escaped and, if longer than {@link #MAX_SHOWN} characters, cut to its first characters
     *     followed by {@code ... (N characters)}; {@code "(null)"} for {@code null}, {@code "(empty)"} for no text
     */
    public static String show(final CharSequence text) {
        if (text == null) {
            return "(null)";
        }
        if (text.length() == 0) {
            return "(empty)";
        }
        final String escaped = escape(text);
        if (escaped.length() <= MAX_SHOWN) {
            return escaped;
        }
        final StringBuilder b = new StringBuilder();
        final int n = Character.codePointCount(text, 0, text.length());
        for (int i = 0; i < text.length() && b.length() < KEEP; ) {
            final int cp = Character.codePointAt(text, i);
            appendEscaped(b, cp);
            i += Character.charCount(cp);
        }
        return b.append("... (").append(n).append(" characters)").toString();
    }

    /**
     * Returns the text with every control, format or separator character escaped (see the class comment); never cut.
     *
     * @param text any text, a whole message included
     * @return the text with every control, format or separator character escaped (see the class comment); never
     *     cut
     */
    public static String escape(final CharSequence text) {
        final StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> appendEscaped(b, cp));
        return b.toString();
    }

    /**
     * Returns the text with every control, format or separator character escaped as {@link #escape} does, so a message
     * that reaches the terminal holds none of them raw.
     *
     * @param text a message that may already hold escapes (a backslash is left alone)
     * @return the text with every control, format or separator character escaped as {@link #escape} does, so a
     *     message that reaches the terminal holds none of them raw
     */
    public static String escapeControls(final CharSequence text) {
        final StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\\') {
                b.append('\\');
            } else {
                appendEscaped(b, cp);
            }
        });
        return b.toString();
    }

    /**
     * Returns the text as one word of a POSIX shell command line, so that a command a message suggests can be pasted
     * as it stands: as it is when it holds only ASCII letters, digits and {@code _./:=,+-@%}, else in single quotes,
     * a single quote in it written {@code '\''}.
     *
     * @param text a path, a policy name, any argument
     * @return the text as one shell word
     */
    public static String shellWord(final String text) {
        final boolean plain = !text.isEmpty() && text.chars().allMatch(c -> c < 128
                && (Character.isLetterOrDigit(c) || "_./:=,+-@%".indexOf(c) >= 0));
        return plain ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    /**
     * Reads a decimal number: see "Numbers" in the class comment.
     *
     * @param text the text
     * @return its value
     * @throws NumberFormatException when the text is not such a number or does not fit in a {@code long}; the
     *     message is the text {@linkplain #show shown}
     */
    public static long parseLong(final String text) {
        if (text == null || text.isEmpty()) {
            throw new NumberFormatException("(empty)");
        }
        final int start = text.charAt(0) == '-' ? 1 : 0;
        if (start == text.length()) {
            throw new NumberFormatException(show(text));
        }
        for (int i = start; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(show(text));
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new NumberFormatException(show(text));
        }
    }

    /**
     * Returns whether it is a number as {@link #parseLong} reads it, ignoring overflow.
     *
     * @param text the text
     * @return whether it is a number as {@link #parseLong} reads it, ignoring overflow
     */
    public static boolean isNumber(final String text) {
        return text != null && text.matches("-?[0-9]+");
    }

    /**
     * Returns the message for a malformed number: {@code what: text (expected: ...)}; a number too large for 64 bits is
     * named as such.
     *
     * @param what the name of the value, e.g. {@code --ops}
     * @param text what the user gave
     * @return the message for a malformed number: {@code what: text (expected: ...)}; a number too large for
     *     64 bits is named as such
     */
    public static String badNumber(final String what, final String text) {
        final String shown = text == null || text.isEmpty() ? "(empty)" : show(text);
        if (isNumber(text)) {
            return what + ": " + shown + " (expected: a number of at most 19 digits, below 2^63)";
        }
        return what + ": " + shown + " (expected: " + NUMBER + ")";
    }

    private static void appendEscaped(final StringBuilder b, final int cp) {
        switch (cp) {
            case '\\' -> b.append("\\\\");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            default -> {
                if (needsEscape(cp)) {
                    if (Character.isBmpCodePoint(cp)) {
                        b.append(String.format("\\u%04X", cp));
                    } else {
                        for (final char c : Character.toChars(cp)) {
                            b.append(String.format("\\u%04X", (int) c));
                        }
                    }
                } else {
                    b.appendCodePoint(cp);
                }
            }
        }
    }

    private static boolean needsEscape(final int cp) {
        final int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                || type == Character.UNASSIGNED || type == Character.PRIVATE_USE;
    }
}
