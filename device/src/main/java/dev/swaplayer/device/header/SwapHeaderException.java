package dev.swaplayer.device.header;

import java.io.IOException;

/**
 * A swap area whose header page the kernel's {@code read_swap_header} (or {@code setup_swap_map}) would
 * refuse. The message is one line in the form {@code what: value (expected: ...)}, naming the field and
 * the kernel's own complaint where it has one; {@link #problem()} says which check failed.
 *
 * <p>It is an {@link IOException} because it describes the content of a file, not a caller's mistake.
 *
 * <p>Thread safety: immutable.
 */
public final class SwapHeaderException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Which check failed, in the order {@link SwapHeader#decode} applies them. */
    public enum Problem {
        /** The file is shorter than one header page. */
        TRUNCATED,
        /** No {@code "SWAPSPACE2"} at {@code P - 10}: "Unable to find swap-space signature". */
        NO_SIGNATURE,
        /** The obsolete version-0 magic {@code "SWAP-SPACE"}: no longer supported by Linux. */
        VERSION_0,
        /** {@code version != 1} in either byte order: "Unable to handle swap header version". */
        BAD_VERSION,
        /** {@code last_page == 0}: "Empty swap-file". */
        EMPTY,
        /** {@code last_page + 1} pages do not fit the file: "Swap area shorter than signature indicates". */
        SHORTER_THAN_SIGNATURE,
        /** {@code nr_badpages != 0} in a regular file: swapon fails with EINVAL ({@code read_swap_header}). */
        BAD_PAGES_IN_FILE,
        /** {@code nr_badpages > MAX_SWAP_BADPAGES}. */
        TOO_MANY_BAD_PAGES,
        /** A {@code badpages[i]} outside {@code 1..last_page}. */
        BAD_PAGE_OUT_OF_RANGE,
        /** Every page but the header is bad: "Empty swap-file". */
        NO_USABLE_PAGES,
    }

    /** Which check failed. */
    private final Problem problem;

    /**
     * @param problem which check failed
     * @param message one line, {@code what: value (expected: ...)}
     */
    public SwapHeaderException(final Problem problem, final String message) {
        super(message);
        this.problem = problem;
    }

    /** Returns which check failed. */
    public Problem problem() {
        return problem;
    }
}
