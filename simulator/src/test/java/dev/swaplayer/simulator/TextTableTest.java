package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@link TextTable}: column widths from the widest cell, numbers right and labels left, group headings, and rows of the
 * wrong width refused.
 *
 * <p>Thread safety: JUnit runs it on one thread; each test builds its own table.
 */
class TextTableTest {
    private static String print(final TextTable t) {
        final StringWriter s = new StringWriter();
        t.print(new PrintWriter(s, true));
        return s.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void widths_areTheWidestCell_numbersRightLabelsLeft() {
        final TextTable t = new TextTable(3).left(0).row("phase", "fail", "unus").row("iteration 1", "12345678901",
                "0.500");
        assertArrayEquals(new int[] {11, 11, 5}, t.widths());
        assertEquals("phase              fail  unus\niteration 1 12345678901 0.500\n", print(t));
    }

    @Test
    void group_longerThanItsColumns_widensTheLastOfThem() {
        final TextTable t = new TextTable(3).left(0).gap(1, 2)
                .group(new String[] {"", "a-long-policy"}, new int[] {1, 2}).row("x", "1", "2");
        assertArrayEquals(new int[] {1, 1, 11}, t.widths());
        assertEquals("   a-long-policy\nx  1           2\n", print(t));
    }

    @Test
    void row_wrongNumberOfCells_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TextTable(2).row("a"));
        assertThrows(IllegalArgumentException.class, () -> new TextTable(2).group(new String[] {"a"}, new int[] {1}));
    }
}
