package dev.swaplayer.device;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

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
     * Returns raw bytes from a file (a swap label) as one line of text: each valid UTF-8 sequence of a character
     * {@link #escape} would keep is kept, every other byte (a control character such as ESC, a format character
     * such as a bidirectional override, a byte that is not UTF-8) and the backslash are written {@code \xNN}, so
     * that no byte is lost, none reaches the terminal raw, and the text reads back unambiguously. The notation is
     * that of the swap signature in {@code device inspect}'s messages.
     *
     * @param bytes the bytes
     * @return the bytes as text, escaped; {@code ""} for none
     */
    public static String escapeBytes(final byte[] bytes) {
        final StringBuilder b = new StringBuilder(bytes.length);
        for (int i = 0; i < bytes.length; ) {
            final int n = utf8Length(bytes, i);
            final int cp = n == 0 ? -1 : new String(bytes, i, n, StandardCharsets.UTF_8).codePointAt(0);
            if (cp >= 0 && cp != '\\' && !needsEscape(cp)) {
                b.appendCodePoint(cp);
            } else {
                for (int j = i; j < i + Math.max(n, 1); j++) {
                    b.append(String.format(Locale.ROOT, "\\x%02x", bytes[j] & 0xff));
                }
            }
            i += Math.max(n, 1);
        }
        return b.toString();
    }

    /**
     * Returns the length of the well-formed UTF-8 sequence at {@code i} (RFC 3629: no overlong form, no surrogate,
     * nothing above U+10FFFF), or 0 when the byte there starts none.
     */
    private static int utf8Length(final byte[] bytes, final int i) {
        final int lead = bytes[i] & 0xff;
        final int n;
        int min = 0x80;
        int max = 0xbf; // the range of the second byte
        if (lead < 0x80) {
            return 1;
        } else if (lead >= 0xc2 && lead <= 0xdf) {
            n = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            n = 3;
            min = lead == 0xe0 ? 0xa0 : min; // not overlong
            max = lead == 0xed ? 0x9f : max; // not a surrogate
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            n = 4;
            min = lead == 0xf0 ? 0x90 : min; // not overlong
            max = lead == 0xf4 ? 0x8f : max; // not above U+10FFFF
        } else {
            return 0;
        }
        if (i + n > bytes.length) {
            return 0;
        }
        for (int j = 1; j < n; j++) {
            final int c = bytes[i + j] & 0xff;
            if (c < (j == 1 ? min : 0x80) || c > (j == 1 ? max : 0xbf)) {
                return 0;
            }
        }
        return n;
    }

    /**
     * Returns a count and its noun, singular for one: {@code count(1, "page", "pages")} is {@code "1 page"}.
     *
     * @param n the count
     * @param singular the noun for one
     * @param plural the noun for any other count
     * @return {@code n} and the noun
     */
    public static String count(final long n, final String singular, final String plural) {
        return n + " " + (n == 1 ? singular : plural);
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
