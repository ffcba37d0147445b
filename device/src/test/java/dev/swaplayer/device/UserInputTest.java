package dev.swaplayer.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link UserInput}: escaping, cutting and numbers. Thread safety: JUnit runs it on one thread. */
class UserInputTest {
    @Test
    void aShellWordIsQuotedOnlyWhenItMustBe_andSurvivesTheShell() throws Exception {
        assertEquals("examples/target/x-1.jar", UserInput.shellWord("examples/target/x-1.jar"));
        assertEquals("cluster-612-slots", UserInput.shellWord("cluster-612-slots"));
        assertEquals("'my plug.jar'", UserInput.shellWord("my plug.jar"));
        assertEquals("''", UserInput.shellWord(""));
        assertEquals("'it'\\''s $HOME'", UserInput.shellWord("it's $HOME"));
        for (final String word : new String[] {"my plug.jar", "it's $HOME", "a\"b`c`", "*", ""}) {
            final Process p = new ProcessBuilder("bash", "-c", "printf %s " + UserInput.shellWord(word)).start();
            assertEquals(word, new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    "bash reads back the word");
            assertEquals(0, p.waitFor());
        }
    }

    @Test
    void show_escapesControlFormatAndSeparatorCharactersAsJsonDoes() {
        assertEquals("a\\u001B[31mb", UserInput.show("a\u001b[31mb"));
        assertEquals("nul\\u0000", UserInput.show("nul\0"));
        assertEquals("\\n\\r\\t\\\\", UserInput.show("\n\r\t\\"));
        assertEquals("\\uFEFFbom", UserInput.show("\uFEFFbom"));
        assertEquals("\\u202Eevil", UserInput.show("\u202Eevil"), "a bidirectional override");
        assertEquals("\\u0085\\u007F", UserInput.show("\u0085\u007f"), "a C1 control and DEL");
        assertEquals("\\u2028", UserInput.show("\u2028"), "a line separator");
        assertEquals("été ٣ 日本", UserInput.show("été ٣ 日本"), "printable text of any script stays");
    }

    @Test
    void show_cutsLongTextAndSaysHowLongItWas() {
        final String s = "x".repeat(200);
        final String shown = UserInput.show(s);
        assertEquals("x".repeat(64) + "... (200 characters)", shown);
        assertTrue(shown.length() <= UserInput.MAX_SHOWN + 10, shown);
        assertEquals("y".repeat(80), UserInput.show("y".repeat(80)), "80 characters are shown whole");
        final String escapes = UserInput.show("\u001b".repeat(50));
        assertTrue(escapes.length() < 100 && escapes.endsWith("... (50 characters)"), escapes);
        assertFalse(escapes.contains("\u001b"));
    }

    @Test
    void escapeControls_leavesBackslashesOfEarlierEscapesAlone() {
        assertEquals("label \\u001B and \\x00", UserInput.escapeControls("label \u001b and \\x00"));
    }

    @Test
    void escapeBytes_keepsPrintableUtf8_andWritesEveryOtherByteAsHex() {
        assertEquals("swap été 日本", UserInput.escapeBytes("swap été 日本".getBytes(StandardCharsets.UTF_8)));
        assertEquals("\\xff\\xfe\\x1b[31mX", UserInput.escapeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, 0x1b, '[', '3',
            '1', 'm', 'X'}), "not UTF-8, then an escape sequence");
        assertEquals("a\\x00b\\x0a\\x7f\\x5c", UserInput.escapeBytes(new byte[] {'a', 0, 'b', '\n', 0x7f, '\\'}),
                "controls, DEL and the backslash");
        assertEquals("\\xe2\\x80\\xaeevil", UserInput.escapeBytes("\u202Eevil".getBytes(StandardCharsets.UTF_8)),
                "a bidirectional override is UTF-8 but not shown raw");
        assertEquals("\\xc2\\x85", UserInput.escapeBytes("\u0085".getBytes(StandardCharsets.UTF_8)), "a C1 control");
        assertEquals("\\xc0\\xaf\\xed\\xa0\\x80\\xf4\\x90\\x80\\x80\\xe6\\x97", UserInput.escapeBytes(new byte[] {
            (byte) 0xc0, (byte) 0xaf, (byte) 0xed, (byte) 0xa0, (byte) 0x80, (byte) 0xf4, (byte) 0x90, (byte) 0x80,
            (byte) 0x80, (byte) 0xe6, (byte) 0x97}), "overlong, a surrogate, above U+10FFFF, cut short");
        assertEquals("", UserInput.escapeBytes(new byte[0]));
    }

    @Test
    void count_isSingularForOne() {
        assertEquals("1 page", UserInput.count(1, "page", "pages"));
        assertEquals("0 pages", UserInput.count(0, "page", "pages"));
        assertEquals("2 bad-page entries", UserInput.count(2, "bad-page entry", "bad-page entries"));
    }

    @Test
    void parseLong_readsAsciiDigitsWithAnOptionalMinus() {
        assertEquals(42, UserInput.parseLong("42"));
        assertEquals(-3, UserInput.parseLong("-3"));
        assertEquals(Long.MAX_VALUE, UserInput.parseLong("9223372036854775807"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+3", "\u0663", "\uff13", "1_000", "1,000", "1.5", " 1", "1 ", "-", "", "0x10",
        "9223372036854775808"})
    void parseLong_refusesWhatJavaWouldAcceptOrIsNotANumber(final String text) {
        assertThrows(NumberFormatException.class, () -> UserInput.parseLong(text));
    }

    @Test
    void badNumber_namesTheRuleOrTheRange() {
        assertEquals("--x: +3 (expected: " + UserInput.NUMBER + ")", UserInput.badNumber("--x", "+3"));
        assertEquals("--x: (empty) (expected: " + UserInput.NUMBER + ")", UserInput.badNumber("--x", ""));
        assertEquals("--x: 99999999999999999999 (expected: a number of at most 19 digits, below 2^63)",
                UserInput.badNumber("--x", "99999999999999999999"));
    }

    @Test
    void javaAloneWouldAcceptTheDigitsThisRefuses() {
        assertEquals(3, Long.parseLong("\u0663"), "the reason for UserInput.parseLong");
        assertEquals(3, Long.parseLong("+3"));
    }
}
