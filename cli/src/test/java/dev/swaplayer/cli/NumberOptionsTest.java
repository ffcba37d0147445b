package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every numeric option of every verb, found by walking the command tree (mixins and argument groups included),
 * refuses what Java's own parsers accept: a digit of another script and a {@code +} sign. A new option cannot
 * slip past {@link Converters}.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class NumberOptionsTest {
    private static final Set<Class<?>> NUMERIC = Set.of(int.class, Integer.class, long.class, Long.class,
            int[].class, long[].class);

    @Test
    void everyNumericOption_refusesNonAsciiDigitsAndAPlusSign() {
        final List<String> checked = new ArrayList<>();
        walk(Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
                new ArrayList<>(), checked);
        assertTrue(checked.size() >= 20, "numeric options found: " + checked);
    }

    private static void walk(final CommandLine cl, final List<String> path, final List<String> checked) {
        for (final CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
            if ((NUMERIC.contains(o.type()) && o.converters().length == 0) || isSize(o)) {
                for (final String bad : new String[] {"\u0663", "+3"}) {
                    final List<String> args = new ArrayList<>(path);
                    args.add(o.longestName() + "=" + bad);
                    final CommandLine root = Main.commandLine(new PrintWriter(new StringWriter()),
                            new PrintWriter(new StringWriter()));
                    final CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                            () -> root.parseArgs(args.toArray(String[]::new)), args::toString);
                    assertTrue(ParameterErrors.message(e).startsWith(o.longestName() + ": " + bad + " (expected: "),
                            args + ": " + ParameterErrors.message(e));
                }
                checked.add(String.join(" ", path) + " " + o.longestName());
            }
        }
        for (final CommandLine sub : cl.getSubcommands().values()) {
            final List<String> p = new ArrayList<>(path);
            p.add(sub.getCommandName());
            if (!sub.getCommandName().equals("help")) {
                walk(sub, p, checked);
            }
        }
    }

    private static boolean isSize(final CommandLine.Model.OptionSpec o) {
        for (final CommandLine.ITypeConverter<?> c : o.converters()) {
            if (c instanceof Converters.Size) {
                return true;
            }
        }
        return false;
    }
}
