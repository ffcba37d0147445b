package dev.swaplayer.cli;

import dev.swaplayer.device.UserInput;
import dev.swaplayer.simulator.ThpMode;
import java.util.Arrays;
import java.util.List;

/**
 * thp-swap-test's {@code --mode}, as simulate and kernel-run parse it: the modes each takes, and the one error of a
 * value that is no mode.
 *
 * <p>Thread safety: stateless.
 */
final class ModeOption {
    /** The modes of one run: kernel-run boots one. */
    static final String ONE = ThpMode.alternatives();
    /** simulate's modes: one, or all four. */
    static final String ONE_OR_ALL = ThpMode.alternatives("all");

    private ModeOption() {
    }

    /**
     * Returns the one mode a value names.
     *
     * @param value the {@code --mode} value
     * @return the mode
     * @throws UserError for a value that names none, or names all
     */
    static ThpMode one(final String value) {
        try {
            return ThpMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw bad(value, false);
        }
    }

    /**
     * Returns the modes a value names: one, or all four for {@code all}.
     *
     * @param value the {@code --mode} value
     * @return the modes, in {@link ThpMode}'s order for {@code all}
     * @throws UserError for a value that names none
     */
    static List<ThpMode> oneOrAll(final String value) {
        if (value.equals("all")) {
            return List.of(ThpMode.values());
        }
        try {
            return List.of(ThpMode.parse(value));
        } catch (IllegalArgumentException e) {
            throw bad(value, true);
        }
    }

    /**
     * The error of a value that is no mode. One that is a mode after its leading '-'s ({@code -as}: the C test's
     * flags, as simulate's table labels its modes) gets "did you mean as?": one spelling is accepted, and the hint
     * leads to it.
     */
    private static UserError bad(final String value, final boolean all) {
        final String bare = value.replaceFirst("^-+", "");
        final boolean known = Arrays.stream(ThpMode.values()).anyMatch(m -> m.label().equals(bare))
                || (all && bare.equals("all"));
        final String m = "--mode: " + UserInput.show(value) + " (expected: " + (all ? ONE_OR_ALL : ONE) + ")";
        return new UserError(known && !bare.equals(value) ? UserError.amended(m, Suggestions.clause(List.of(bare)))
                : m);
    }
}
