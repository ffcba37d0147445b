package dev.swaplayer.simulator;

import dev.swaplayer.device.UserInput;
import java.util.Locale;

/**
 * How a write fault on a swapped-out page brings memory back.
 *
 * <p>Thread safety: immutable.
 */
public enum SwapIn {
    /** Each faulted page comes back as an order-0 folio (kernels up to 6.11, and swap files). */
    PAGE,
    /**
     * The whole aligned folio comes back when all its pages are still swapped out under one handle (6.12+
     * on zram-like devices); for a compound descriptor that is the reassembly of a non-contiguous folio.
     * Otherwise as {@link #PAGE}.
     */
    FOLIO;

    /** Returns the option value: page or folio. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the mode.
     *
     * @param value page or folio
     * @throws IllegalArgumentException otherwise
     */
    public static SwapIn parse(final String value) {
        return switch (value) {
            case "page" -> PAGE;
            case "folio" -> FOLIO;
            default -> throw new IllegalArgumentException("--swapin: " + UserInput.show(value)
                    + " (expected: page or folio)");
        };
    }
}
