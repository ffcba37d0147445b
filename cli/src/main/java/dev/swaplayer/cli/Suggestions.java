package dev.swaplayer.cli;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * "Did you mean ...?" for a mistyped name (a verb, a policy): the known names at most {@value #NEAR} edits
 * (insertions, deletions, substitutions; commons-text's {@link LevenshteinDistance}) from it, ignoring case,
 * nearest first. picocli makes its own suggestions for options and verbs it parses; these add what it does not
 * know of (the launcher's verbs, a verb after {@code help}, option values).
 *
 * <p>Thread safety: stateless.
 */
final class Suggestions {
    /** At most this many edits from a known name make it a suggestion. */
    static final int NEAR = 2;

    private Suggestions() {
    }

    /**
     * Returns the known names near {@code given}, nearest first (ties in the order given).
     *
     * @param given what was typed
     * @param known the names it may have meant
     * @return the names at most {@value #NEAR} edits away, nearest first; empty when none is
     */
    static List<String> near(final String given, final Collection<String> known) {
        final LevenshteinDistance edits = new LevenshteinDistance(NEAR); // -1 beyond the threshold
        final String g = given.toLowerCase(Locale.ROOT);
        return known.stream().map(k -> Map.entry(k, edits.apply(g, k))).filter(e -> e.getValue() >= 0)
                .sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
    }

    /**
     * Returns {@code "; did you mean A or B?"} for up to three names, or "" for none.
     *
     * @param names the suggestions, likeliest first
     * @return the clause to put inside a message's parenthesis
     */
    static String clause(final List<String> names) {
        return names.isEmpty() ? "" : "; did you mean " + String.join(" or ", names.subList(0, Math.min(3,
                names.size()))) + "?";
    }
}
