package dev.swaplayer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The goal lines {@code ./swaplayer bench} prints: verdict, goal, measured figure and bound, in columns padded to
 * their longest entry so that no goal runs into its figure. A {@code --quick} run's verdicts read "indicative: met"
 * or "indicative: not met", under {@link #QUICK_HEADING}.
 *
 * <p>Thread safety: stateless.
 */
final class GoalLines {
    /** The line above a {@code --quick} run's goal lines. */
    static final String QUICK_HEADING = "Goals, INDICATIVE ONLY: --quick ran one short fork of each benchmark, and"
            + " separate forks of one build differ by 10 to 30%, more than the goals' margins; no verdict below"
            + " decides a goal (run without --quick for that):";
    /** Spaces between two columns. */
    private static final String GAP = "  ";

    private GoalLines() {
    }

    /**
     * Returns one line per goal, indented by two spaces: verdict, goal in words, measured figure (right-aligned) and
     * bound, each column as wide as its longest entry and two spaces apart.
     *
     * @param goals the goals, as {@link Goal#all} returns them
     * @param quick whether they were measured by a {@code --quick} run (verdicts prefixed "indicative: ")
     */
    static List<String> of(final List<Goal> goals, final boolean quick) {
        int verdictWidth = 1;
        int textWidth = 1;
        int valueWidth = 1;
        for (final Goal g : goals) {
            verdictWidth = Math.max(verdictWidth, g.verdict(quick).length());
            textWidth = Math.max(textWidth, g.text().length());
            valueWidth = Math.max(valueWidth, MarkdownReport.num(g.measured()).length());
        }
        final String format = GAP + "%-" + verdictWidth + "s" + GAP + "%-" + textWidth + "s" + GAP + "%" + valueWidth
                + "s" + GAP + "(bound %s %s)";
        final List<String> lines = new ArrayList<>();
        for (final Goal g : goals) {
            lines.add(String.format(Locale.ROOT, format, g.verdict(quick), g.text(),
                    MarkdownReport.num(g.measured()), g.atLeast() ? ">=" : "<=", MarkdownReport.num(g.limit())));
        }
        return lines;
    }
}
