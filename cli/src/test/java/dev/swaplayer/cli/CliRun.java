package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * The outcome of one command line run in-process, as {@code ./swaplayer} would run it.
 *
 * <p>Thread safety: immutable; {@link #of} runs the command line on the calling thread and returns once the command has
 * ended.
 *
 * @param code the exit code
 * @param out what went to stdout
 * @param err what went to stderr
 */
record CliRun(int code, String out, String err) {

    static CliRun of(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * Asserts a user error: exit 2, exactly one line on stderr containing {@code fragment}, nothing on stdout
     * (nothing ran half-way).
     */
    void assertUserError(final String fragment) {
        assertEquals(ExitCode.USAGE, code, "exit code; stderr: " + err);
        assertEquals(1, err.strip().lines().count(), "one line on stderr: " + err);
        assertTrue(err.contains(fragment), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertEquals("", out, "nothing on stdout");
    }

    /**
     * Asserts a usage error found while parsing the command line: exit 2, the error line containing
     * {@code fragment}, then at most picocli's "Try './swaplayer VERB --help'." line; no stack trace, nothing on
     * stdout.
     */
    void assertUsageError(final String fragment) {
        assertEquals(ExitCode.USAGE, code, "exit code; stderr: " + err);
        final List<String> lines = err.strip().lines().toList();
        assertTrue(lines.size() == 1 || (lines.size() == 2 && lines.get(1).startsWith("Try './swaplayer ")), err);
        assertTrue(lines.get(0).contains(fragment), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertEquals("", out, "nothing on stdout");
    }

    /** Asserts success with nothing on stderr (no terminal in tests, so no progress bar). */
    void assertOk() {
        assertEquals(ExitCode.OK, code, "stderr: " + err);
        assertEquals("", err, "nothing on stderr");
    }
}
