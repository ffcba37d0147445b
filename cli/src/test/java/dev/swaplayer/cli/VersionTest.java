package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code -V} and {@code --version} print the same version after every verb, at any depth, as at the top level.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class VersionTest {
    /** Every verb of the command line, at any depth, as the words a user types: {@code device create}. */
    static Stream<String> verbs() {
        final CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        final List<String> paths = new ArrayList<>();
        collect(cl, "", paths);
        return paths.stream();
    }

    private static void collect(final CommandLine cl, final String path, final List<String> paths) {
        cl.getSubcommands().forEach((name, sub) -> {
            paths.add((path + " " + name).strip());
            collect(sub, path + " " + name, paths);
        });
    }

    @ParameterizedTest(name = "{0} -V / --version")
    @MethodSource("verbs")
    void everyVerbPrintsTheTopLevelsVersion(final String verb) {
        final CliRun top = CliRun.of("-V");
        top.assertOk();
        assertEquals(1, top.out().lines().count(), top.out());
        assertFalse(top.out().isBlank());
        for (final String flag : List.of("-V", "--version")) {
            final List<String> args = new ArrayList<>(List.of(verb.split(" ")));
            args.add(flag);
            final CliRun r = CliRun.of(args.toArray(String[]::new));
            r.assertOk();
            assertEquals(top.out(), r.out(), verb + " " + flag);
        }
    }

    @Test
    void theVerbsAreThoseOfEveryLevel() {
        assertEquals(List.of("check", "device", "device create", "device inspect", "device compress-stats",
                "kernel-run", "simulate", "replay", "stress", "verify", "help"), verbs().toList());
    }
}
