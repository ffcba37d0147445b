package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The verbs the {@code ./swaplayer} script runs itself, without Java, are those of
 * {@link ParameterErrors#LAUNCHER_VERBS}, the one list the command line names them from ({@code --help}'s footer,
 * a mistyped verb, {@code help VERB}).
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class LauncherVerbsTest {
    /** A verb of the script's dispatch, {@code case "${1:-}" in}: {@code   test)}; the fallback {@code *)} is Java. */
    private static final Pattern VERB = Pattern.compile("^  ([a-z][a-z0-9-]*)\\)$");

    @Test
    void theScriptsOwnVerbs_areLauncherVerbs() throws IOException {
        final List<String> lines = Files.readAllLines(Path.of("..", "swaplayer"), StandardCharsets.UTF_8);
        final int dispatch = lines.indexOf("case \"${1:-}\" in");
        assertTrue(dispatch >= 0, "the script's dispatch on its first argument");
        final List<String> verbs = new ArrayList<>();
        for (final String line : lines.subList(dispatch + 1, lines.size())) {
            if (line.equals("esac")) {
                break;
            }
            final Matcher m = VERB.matcher(line);
            if (m.matches()) {
                verbs.add(m.group(1));
            }
        }
        assertEquals(verbs, ParameterErrors.launcherVerbs());
    }

    @Test
    void noVerb_listsEveryVerbAsAMistypedOneDoes() {
        CliRun.of().assertUsageError("swaplayer: missing verb (expected: one of check, device, kernel-run, simulate,"
                + " replay, stress, verify, test, bench, help)");
    }

    @Test
    void help_listsEachLauncherVerbWithWhatItDoes() {
        final CliRun r = CliRun.of("--help");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().endsWith(String.join(System.lineSeparator(), ParameterErrors.launcherFooter())
                + System.lineSeparator()), r.out());
        for (final ParameterErrors.LauncherVerb v : ParameterErrors.LAUNCHER_VERBS) {
            assertTrue(r.out().contains("\n  " + v.name() + " "), v.name() + " in --help: " + r.out());
        }
    }
}
