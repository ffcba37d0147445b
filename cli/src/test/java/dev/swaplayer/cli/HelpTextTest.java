package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every verb's {@code --help}: wrapped once, by picocli (a description with hard line breaks that picocli wraps
 * again leaves short lines whose sentence goes on in lower case on the next one), and it states the exit codes
 * and how long a default run takes.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class HelpTextTest {
    @ParameterizedTest(name = "[{index}] {0} --help")
    @ValueSource(strings = {"", "check", "stress", "verify", "simulate", "replay", "kernel-run", "device",
        "device create", "device inspect", "device compress-stats"})
    void help_isWrappedOnceAndStatesExitCodesAndRunTime(final String verb) {
        final String[] args = (verb + " --help").strip().split(" ");
        final CliRun r = CliRun.of(args);
        assertEquals(ExitCode.OK, r.code(), r.err());
        final List<String> lines = r.out().lines().toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            final String a = lines.get(i);
            final String b = lines.get(i + 1);
            assertTrue(a.length() <= 80, "at most 80 columns: " + a);
            final boolean prose = !a.isBlank() && !a.startsWith(" ") && !b.startsWith(" ");
            assertTrue(!prose || a.length() >= 50 || b.isEmpty() || !Character.isLowerCase(b.charAt(0)),
                    "wrapped twice at line " + (i + 1) + ": '" + a + "' then '" + b + "'\n" + r.out());
        }
        assertTrue(r.out().contains("Exit 0") || r.out().contains("exits 0"), "exit codes: " + r.out());
        assertTrue(r.out().contains("2"), r.out());
        assertFalse(r.out().contains("(per mode)"), "replay has no modes: " + r.out());
        if (!verb.equals("device")) {
            assertTrue(r.out().matches("(?s).*\\b(seconds?|minutes?|a second)\\b.*"), "how long a run takes: "
                    + r.out());
        }
    }

    /** The help's text as one line, picocli's wrapping and column padding undone. */
    private static String flat(final String... args) {
        final CliRun r = CliRun.of(args);
        assertEquals(ExitCode.OK, r.code(), r.err());
        return r.out().replaceAll("\\s+", " ");
    }

    @Test
    void topLevelHelp_givesCheckTheRunTimeOfChecksOwnHelp() {
        final Matcher check = Pattern.compile("takes about (\\d+) s ").matcher(flat("check", "--help"));
        assertTrue(check.find(), "check --help states its run time");
        final String top = flat("--help");
        assertTrue(top.contains("about " + check.group(1) + " seconds (check), a minute per policy (verify) and about"
                + " 8 minutes per policy (verify --full)"), top);
    }

    @Test
    void replayHelp_saysOneJsonLine_andThatAWarningKeepsExitZero() {
        final String help = flat("replay", "--help");
        assertTrue(help.contains("--json print JSON instead of the table: one line holding one object, every"
                + " policy's run of the workload (simulate prints one line per mode)"), help);
        assertTrue(help.contains("Exit 0: done; a warning line on stderr (swaplayer replay: warning: ...) does not"
                + " change it"), help);
        assertTrue(help.contains("cannot catch it: a warning line on stderr says so, and the exit code stays 0"), help);
    }
}
