package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The help verb names a verb at any depth, as its {@code --help} does; its errors are the README's "Bad input"
 * rows (CliBadInputTest) and the unknown option below.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class HelpVerbTest {
    @ParameterizedTest(name = "[{index}] help {0}")
    @ValueSource(strings = {"", "check", "device", "device inspect", "device create", "simulate", "help"})
    void help_printsTheUsageOfTheVerbItNames(final String path) {
        final CliRun help = CliRun.of(("help " + path).strip().split(" "));
        final CliRun own = CliRun.of(((path.equals("help") ? "help" : path) + " --help").strip().split(" "));
        assertEquals(ExitCode.OK, help.code(), help.err());
        assertEquals(own.out(), help.out());
        assertTrue(help.out().contains("Usage: swaplayer " + (path.isEmpty() ? "[-hV]" : path + " ")), help.out());
    }

    @ParameterizedTest(name = "[{index}] help {0}")
    @ValueSource(strings = {"--bogus", "simulate --bogus"})
    void help_refusesAnUnknownOption(final String args) {
        final CliRun r = CliRun.of(("help " + args).split(" "));
        assertEquals(ExitCode.USAGE, r.code(), r.out());
        assertTrue(r.err().startsWith("swaplayer help: argument: --bogus (expected: one of the options in --help)"),
                r.err());
        assertEquals("", r.out());
    }
}
