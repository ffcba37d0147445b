package dev.swaplayer.simulator;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table whose column widths come from its content, so that no value, however large, runs into
 * its neighbour: every column is as wide as its widest cell, and columns are separated by at least one space
 * (more before a column given a wider {@link #gap}). Numbers are right-aligned, columns marked
 * {@link #left} left-aligned. A {@link #group} row puts a title over several columns (a policy over its
 * figures), widening the last of them when the title is longer than the columns under it.
 *
 * <p>Thread safety: not thread-safe; build and print it on one thread.
 */
final class TextTable {
    private final int columns;
    private final boolean[] left;
    private final int[] gap;
    private final List<String[]> rows = new ArrayList<>();
    private final List<int[]> spans = new ArrayList<>();

    /** @param columns the number of columns */
    TextTable(final int columns) {
        this.columns = columns;
        this.left = new boolean[columns];
        this.gap = new int[columns];
        Arrays.fill(gap, 1);
        gap[0] = 0;
    }

    /** Left-aligns a column. */
    TextTable left(final int column) {
        left[column] = true;
        return this;
    }

    /** Puts {@code spaces} spaces before a column (default 1; none before the first). */
    TextTable gap(final int column, final int spaces) {
        gap[column] = spaces;
        return this;
    }

    /** Adds a row of one cell per column. */
    TextTable row(final String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("cells: " + cells.length + " (expected: " + columns + ")");
        }
        rows.add(cells.clone());
        spans.add(null);
        return this;
    }

    /**
     * Adds a row of titles, each left-aligned over {@code span[i]} columns.
     *
     * @param titles the titles
     * @param span how many columns each covers; they add up to the number of columns
     */
    TextTable group(final String[] titles, final int[] span) {
        if (titles.length != span.length || Arrays.stream(span).sum() != columns) {
            throw new IllegalArgumentException("spans: " + Arrays.toString(span) + " (expected: one per title, "
                    + columns + " columns in all)");
        }
        rows.add(titles.clone());
        spans.add(span.clone());
        return this;
    }

    /** Returns the column widths: the widest single cell, then widened where a group title needs more. */
    int[] widths() {
        final int[] w = new int[columns];
        for (int r = 0; r < rows.size(); r++) {
            if (spans.get(r) == null) {
                for (int c = 0; c < columns; c++) {
                    w[c] = Math.max(w[c], rows.get(r)[c].length());
                }
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            final int[] span = spans.get(r);
            if (span == null) {
                continue;
            }
            int c = 0;
            for (int i = 0; i < span.length; i++) {
                final int last = c + span[i] - 1;
                final int have = width(w, c, last);
                final int need = rows.get(r)[i].length();
                if (need > have) {
                    w[last] += need - have;
                }
                c = last + 1;
            }
        }
        return w;
    }

    /** Prints the table, trailing spaces stripped. */
    void print(final PrintWriter out) {
        final int[] w = widths();
        for (int r = 0; r < rows.size(); r++) {
            final String[] cells = rows.get(r);
            final int[] span = spans.get(r);
            final StringBuilder line = new StringBuilder();
            if (span == null) {
                for (int c = 0; c < columns; c++) {
                    line.append(" ".repeat(gap[c]));
                    final String pad = " ".repeat(w[c] - cells[c].length());
                    line.append(left[c] ? cells[c] + pad : pad + cells[c]);
                }
            } else {
                int c = 0;
                for (int i = 0; i < span.length; i++) {
                    final int last = c + span[i] - 1;
                    line.append(" ".repeat(gap[c]));
                    line.append(cells[i]).append(" ".repeat(width(w, c, last) - cells[i].length()));
                    c = last + 1;
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** @return the width of columns {@code first..last} with the gaps between them */
    private int width(final int[] w, final int first, final int last) {
        int sum = 0;
        for (int c = first; c <= last; c++) {
            sum += w[c] + (c > first ? gap[c] : 0);
        }
        return sum;
    }
}
