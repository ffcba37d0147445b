package dev.swaplayer.simulator;

import dev.swaplayer.device.UserInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The flags of {@code thp_swap_allocator_test}: {@code -a} (aligned 64 KiB swap-in instead of random 4 KiB
 * pages) and {@code -s} (a second, small-folio region).
 *
 * <p>Thread safety: immutable.
 */
public enum ThpMode {
    /** No flag: random page-by-page swap-in, no small-folio region. */
    NONE(false, false),
    /** {@code -a}: swap-in of random aligned 64 KiB chunks. */
    A(true, false),
    /** {@code -s}: page-by-page swap-in, plus the 4 MiB small-folio region. */
    S(false, true),
    /** {@code -a -s}. */
    AS(true, true);

    private final boolean aligned;
    private final boolean smallFolios;

    ThpMode(final boolean aligned, final boolean smallFolios) {
        this.aligned = aligned;
        this.smallFolios = smallFolios;
    }

    /** Returns whether {@code -a} is set. */
    public boolean aligned() {
        return aligned;
    }

    /** Returns whether {@code -s} is set. */
    public boolean smallFolios() {
        return smallFolios;
    }

    /** Returns the option value: none, a, s or as. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the C program's flags, e.g. {@code -a -s}, or {@code (none)}. */
    public String flags() {
        return this == NONE ? "(none)" : ((aligned ? "-a " : "") + (smallFolios ? "-s" : "")).strip();
    }

    /**
     * Returns the mode.
     *
     * @param value none, a, s or as
     * @throws IllegalArgumentException otherwise
     */
    public static ThpMode parse(final String value) {
        for (final ThpMode m : values()) {
            if (m.label().equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("--mode: " + UserInput.show(value) + " (expected: " + alternatives() + ")");
    }

    /** Returns every mode's label, in the order of the kernel test's tables: {@code none, a, s, as}. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(ThpMode::label).toList();
    }

    /**
     * Returns the labels as an error message offers them, {@code "none, a, s or as"}, with any further choices
     * before the "or" ({@code alternatives("all")}: {@code "none, a, s, as or all"}).
     *
     * @param more choices after the modes
     * @return the choices, comma-separated, the last after "or"
     */
    public static String alternatives(final String... more) {
        final List<String> all = new ArrayList<>(labels());
        all.addAll(List.of(more));
        return String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }
}
