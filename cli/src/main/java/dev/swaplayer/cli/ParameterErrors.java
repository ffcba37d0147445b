package dev.swaplayer.cli;

import dev.swaplayer.device.UserInput;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The project's one-line parameter errors for every command line the launcher starts: {@code ./swaplayer}'s
 * verbs ({@link Main}) and {@code ./swaplayer bench}, whose benchmark jar has a command line of its own. A
 * mistake picocli finds while parsing (an unknown option or verb, an option without its value or given twice,
 * options that exclude each other, a value its converter refuses) is one line in the shape {@code what: value
 * (expected: ...)}, then a hint naming the command's {@code --help}, and exit 2 ({@link ExitCode#USAGE}).
 * Thread safety: stateless.
 */
public final class ParameterErrors {
    /** picocli's message for a flag given a value that is not a boolean: {@code 'yes' is not a boolean}. */
    private static final Pattern NOT_BOOLEAN = Pattern.compile("^'(.*)' is not a boolean$");

    /** the help verb's message for a verb it does not know ({@link HelpVerb}): {@code Unknown subcommand 'x'.} */
    private static final Pattern UNKNOWN_HELP_VERB = Pattern.compile("^Unknown subcommand '(.*)'\\.$");

    /**
     * The verbs {@code ./swaplayer} runs itself, without Java (the launcher script's {@code case}), each with what
     * it does: the one list of them, which {@link Main}'s footer prints, and where a mistyped one is named as a
     * verb too.
     */
    static final List<LauncherVerb> LAUNCHER_VERBS = List.of(
            new LauncherVerb("test", List.of("install what the gate needs if missing, then run the whole gate")),
            new LauncherVerb("bench", List.of("JMH, JOL and scale benchmarks; rewrites docs/PERFORMANCE.md",
                    "(./swaplayer bench --help)")));

    /** picocli's message for a group of options given together: {@code Error: --a, --b are mutually exclusive}. */
    private static final Pattern EXCLUSIVE = Pattern.compile("^Error: (.+?) are mutually exclusive");

    private ParameterErrors() {
    }

    /**
     * A verb of the launcher's own.
     *
     * @param name the verb, as the launcher script's {@code case} matches it
     * @param does what it does, a line of the footer each
     */
    record LauncherVerb(String name, List<String> does) {
        /** Copies the lines. */
        LauncherVerb {
            does = List.copyOf(does);
        }
    }

    /** Returns the names of {@link #LAUNCHER_VERBS}, in order. */
    static List<String> launcherVerbs() {
        return LAUNCHER_VERBS.stream().map(LauncherVerb::name).toList();
    }

    /** Returns {@code --help}'s footer: the launcher's own verbs, each with what it does. */
    static String[] launcherFooter() {
        final List<String> lines = new ArrayList<>(List.of("", "The launcher adds verbs of its own:"));
        for (final LauncherVerb v : LAUNCHER_VERBS) {
            for (int i = 0; i < v.does().size(); i++) {
                lines.add(String.format(Locale.ROOT, "  %-7s %s", i == 0 ? v.name() : "", v.does().get(i)));
            }
        }
        return lines.toArray(String[]::new);
    }

    /**
     * Installs the shared converters ({@link Converters}: numbers, sizes and paths mean the same in every option)
     * and the one-line parameter errors on a command line and its subcommands. The command's name must start
     * with {@code swaplayer}, as a user types it ({@code swaplayer}, {@code swaplayer bench}).
     *
     * @param cl the command line, before its subcommands parse anything
     */
    public static void install(final CommandLine cl) {
        Converters.register(cl);
        cl.setParameterExceptionHandler((ex, args) -> {
            final CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println(prefix(cmd) + message(ex));
            cmd.getErr().println("Try './swaplayer " + (qualifiedName(cmd) + " --help").strip() + "'.");
            cmd.getErr().flush();
            return ExitCode.USAGE;
        });
    }

    /**
     * Returns picocli's message for a parameter error in the project's shape.
     *
     * @param ex the error picocli raised while parsing
     * @return picocli's message in the project's shape: a conversion error prefixed with the option's name, an
     *     unknown argument shown {@linkplain UserInput#show cut and escaped}, any other message escaped
     */
    public static String message(final CommandLine.ParameterException ex) {
        final CommandLine.Model.ArgSpec arg = ex.getArgSpec();
        if (ex.getCause() instanceof CommandLine.TypeConversionException && arg != null) {
            final Matcher notBoolean = NOT_BOOLEAN.matcher(ex.getCause().getMessage());
            return nameOf(arg) + ": " + (notBoolean.matches() ? UserInput.show(notBoolean.group(1))
                    + " (expected: no value, true or false)" : UserInput.escapeControls(ex.getCause().getMessage()));
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            return unmatched(u);
        }
        final Matcher helpVerb = UNKNOWN_HELP_VERB.matcher(String.valueOf(ex.getMessage()));
        final boolean topLevel = ex.getCommandLine().getParent() == null;
        if (helpVerb.matches() && topLevel && launcherVerbs().contains(helpVerb.group(1))) {
            return "help: " + helpVerb.group(1) + " (expected: a verb of the command line; " + helpVerb.group(1)
                    + " is the launcher's own: ./swaplayer --help says what it does)";
        }
        if (helpVerb.matches()) { // 'help x': the same line as the verb x alone, whose help was asked for
            return "argument: " + UserInput.show(helpVerb.group(1)) + " (expected: " + verbs(ex.getCommandLine(),
                    helpVerb.group(1), List.of()) + ")"; // the help verb makes no suggestions: verbs() does
        }
        if (ex instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()) {
            final CommandLine.Model.ArgSpec missing = m.getMissing().get(0);
            final String name = nameOf(missing);
            final String message = String.valueOf(ex.getMessage());
            return message.startsWith("Missing required parameter for option")
                    ? name + ": no value (expected: " + missing.paramLabel() + ")"
                    : name + ": missing (expected: " + (missing.isOption() ? name + "=" + missing.paramLabel()
                            : "a " + missing.paramLabel()) + ")";
        }
        if (ex instanceof CommandLine.OverwrittenOptionException o && o.getOverwritten() != null) {
            return nameOf(o.getOverwritten()) + ": given twice (expected: once)";
        }
        final Matcher exclusive = EXCLUSIVE.matcher(String.valueOf(ex.getMessage()));
        if (ex instanceof CommandLine.MutuallyExclusiveArgsException && exclusive.find()) {
            return exclusive.group(1).replace(", ", "/") + ": together (expected: one of them)";
        }
        return UserInput.escapeControls(ex.getMessage());
    }

    private static String nameOf(final CommandLine.Model.ArgSpec arg) {
        return arg instanceof CommandLine.Model.OptionSpec o ? o.longestName() : arg.paramLabel();
    }

    /** An argument no option or verb took: an unknown option, a mistyped verb, or one argument too many. */
    private static String unmatched(final CommandLine.UnmatchedArgumentException u) {
        final String first = u.getUnmatched().get(0);
        final List<String> near = u.getSuggestions();
        final CommandLine cmd = u.getCommandLine();
        final boolean takesVerb = !cmd.getSubcommands().isEmpty() && cmd.getParseResult() != null
                && cmd.getParseResult().subcommand() == null;
        final String expected = first.startsWith("-") ? "one of the options in --help" + shown(near)
                : takesVerb ? verbs(cmd, first, near)
                : "no more arguments";
        return "argument: " + UserInput.show(first) + " (expected: " + expected + ")";
    }

    /**
     * "one of" the verbs of {@code cmd} (with the launcher's own at the top level), and the likeliest ones for
     * {@code given}: those near it ({@link Suggestions}), then picocli's own suggestions.
     */
    private static String verbs(final CommandLine cmd, final String given, final List<String> picocliNear) {
        final List<String> all = verbsOf(cmd);
        final LinkedHashSet<String> near = new LinkedHashSet<>(Suggestions.near(given, all));
        near.addAll(picocliNear);
        return "one of " + String.join(", ", all) + shown(List.copyOf(near));
    }

    /**
     * Returns the verbs {@code cmd} takes, in order: its subcommands, and at the top level of {@code ./swaplayer}
     * the launcher's own ({@link #LAUNCHER_VERBS}) before {@code help}, so that every list of verbs names them all.
     *
     * @param cmd a command line or one of its verbs
     * @return the verbs that may follow it
     */
    static List<String> verbsOf(final CommandLine cmd) {
        final List<String> all = new ArrayList<>(cmd.getSubcommands().keySet());
        if (cmd.getParent() == null && cmd.getCommandName().equals("swaplayer")) {
            all.addAll(all.indexOf("help") < 0 ? all.size() : all.indexOf("help"), launcherVerbs());
        }
        return all;
    }

    /** The suggestions clause, each name shown as typed input is shown (picocli's come from the input too). */
    private static String shown(final List<String> near) {
        return Suggestions.clause(near.stream().map(UserInput::show).toList());
    }

    /**
     * Returns what starts every error line of a command: {@code "swaplayer: "} for the launcher itself,
     * {@code "swaplayer check: "} for a verb, {@code "swaplayer device inspect: "} for a verb's verb.
     *
     * @param cmd the command (or subcommand) the error is about
     * @return the prefix, ending in a colon and a space
     */
    public static String prefix(final CommandLine cmd) {
        final String name = qualifiedName(cmd);
        return name.isEmpty() ? "swaplayer: " : "swaplayer " + name + ": ";
    }

    private static String qualifiedName(final CommandLine cmd) {
        final String full = cmd.getCommandSpec().qualifiedName(" ");
        return full.startsWith("swaplayer ") ? full.substring("swaplayer ".length()) : "";
    }
}
