package dev.swaplayer.simulator;

import dev.swaplayer.device.UserInput;
import java.util.Locale;

/**
 * How a write fault on a swapped-out page brings memory back.
 *
 * <p>Thread safety: immutable.
 */
public enum SwapIn {
    /**
     * Each faulted page comes back as an order-0 folio: kernels up to 6.11, and from 6.12 every device that is
     * not {@code SWP_SYNCHRONOUS_IO} (a swap file or partition on a disk).
     */
    PAGE,
    /**
     * The whole aligned folio comes back when all its pages are still swapped out under one handle and its order
     * is below {@link #PMD_ORDER} (6.12+ on {@code SWP_SYNCHRONOUS_IO} devices such as zram: {@code
     * alloc_swap_folio} in mm/memory.c); for a compound descriptor that is the reassembly of a non-contiguous
     * folio. Otherwise as {@link #PAGE}.
     */
    FOLIO;

    /**
     * The order of a PMD-mapped THP with 4 KiB pages. {@code alloc_swap_folio} considers only the enabled large
     * orders below it ({@code BIT(PMD_ORDER) - 1}), so a 2 MiB folio never comes back whole. The model assumes only
     * each folio's own order is enabled (as thp_swap_allocator_test enables 64 KiB alone), so a 2 MiB folio comes
     * back page by page; a kernel with smaller mTHP sizes enabled may bring it back in folios of those sizes.
     */
    public static final int PMD_ORDER = 9;

    /**
     * Returns whether a folio of this order, stored whole, comes back whole when one of its pages faults.
     *
     * @param order the folio's order
     * @return true for {@link #FOLIO} and an order from 1 to {@link #PMD_ORDER} - 1
     */
    public boolean wholeFolio(final int order) {
        return this == FOLIO && order > 0 && order < PMD_ORDER;
    }

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
