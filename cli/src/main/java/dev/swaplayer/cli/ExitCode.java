package dev.swaplayer.cli;

/**
 * The exit codes of every verb. Thread safety: constants only.
 */
public final class ExitCode {
    /** The command did what was asked and every check passed. */
    public static final int OK = 0;
    /** The command ran, and a check it performed failed (a violation, lost data, ...). */
    public static final int CHECK_FAILED = 1;
    /** Bad usage or bad input: nothing was run half-way. */
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
