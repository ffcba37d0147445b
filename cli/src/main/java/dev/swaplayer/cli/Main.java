package dev.swaplayer.cli;

import dev.swaplayer.device.UserInput;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./swaplayer}: dispatches to the verbs. Thread safety: runs on the main thread.
 *
 * <p>Exit codes are those of {@link ExitCode}. A {@link UserError} or a picocli parameter error is one
 * line on stderr and exit 2; an {@link IllegalArgumentException} from the library (which carries a
 * {@code what: value (expected: ...)} message) is treated the same way.
 */
@Command(name = "swaplayer",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {"Reference implementation and verification suite of a swap abstraction layer.",
            "Every verb exits 0 when it did what was asked and every check passed, 1 when a check it ran failed, "
                    + "2 for bad usage or input (one line on stderr, nothing run half-way). Each verb's --help "
                    + "says how long its default run takes on a 2-core machine: from about a second (device "
                    + "inspect) to minutes (check, verify --full)."},
        footer = {"",
            "The launcher adds two verbs of its own:",
            "  test    install what the gate needs if missing, then run the whole gate",
            "  bench   JMH, JOL and scale benchmarks; rewrites docs/PERFORMANCE.md",
            "          (./swaplayer bench --help)"},
        subcommands = {
            CheckCommand.class,
            DeviceCommand.class,
            KernelRunCommand.class,
            SimulateCommand.class,
            ReplayCommand.class,
            StressCommand.class,
            VerifyCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    /** picocli's message for a flag given a value that is not a boolean: {@code 'yes' is not a boolean}. */
    private static final Pattern NOT_BOOLEAN = Pattern.compile("^'(.*)' is not a boolean$");

    /** picocli's message for a group of options given together: {@code Error: --a, --b are mutually exclusive}. */
    private static final Pattern EXCLUSIVE = Pattern.compile("^Error: (.+?) are mutually exclusive");

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing verb (expected: one of "
                + String.join(", ", spec.subcommands().keySet()) + ")");
    }

    /**
     * Builds the command line with the project's error handling, for {@link #main} and for tests.
     *
     * @param out where normal output goes
     * @param err where errors go
     * @return the configured command line
     */
    public static CommandLine commandLine(final PrintWriter out, final PrintWriter err) {
        final CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        Converters.register(cl);
        cl.setExecutionStrategy(Main::runOrExplainHeap);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            final String plugin = ex instanceof UserError ? null : PluginFault.describe(ex);
            if (plugin != null) {
                cmd.getErr().println(prefix(cmd) + UserInput.escapeControls(plugin));
                cmd.getErr().flush();
                return ExitCode.CHECK_FAILED;
            }
            if (ex instanceof UserError || ex instanceof IllegalArgumentException) {
                cmd.getErr().println(prefix(cmd) + UserInput.escapeControls(ex.getMessage()));
                cmd.getErr().flush();
                return ExitCode.USAGE;
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            final CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println(prefix(cmd) + parameterMessage(ex));
            cmd.getErr().println("Try './swaplayer " + (qualifiedName(cmd) + " --help").strip() + "'.");
            cmd.getErr().flush();
            return ExitCode.USAGE;
        });
        return cl;
    }

    /**
     * Runs the verb; a heap too small for the input is one line and exit 2, not an {@link OutOfMemoryError}
     * stack trace: by the time it is caught here the verb's data is unreachable, so printing is safe.
     */
    private static int runOrExplainHeap(final CommandLine.ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (OutOfMemoryError e) {
            CommandLine cmd = parsed.commandSpec().commandLine();
            while (cmd.getParseResult() != null && cmd.getParseResult().subcommand() != null) {
                cmd = cmd.getParseResult().subcommand().commandSpec().commandLine();
            }
            cmd.getErr().println(prefix(cmd) + heapMessage(Runtime.getRuntime().maxMemory()));
            cmd.getErr().flush();
            return ExitCode.USAGE;
        }
    }

    /** Returns the one line for a run that ran out of heap. */
    static String heapMessage(final long maxHeap) {
        return "memory: the input needs more than the Java heap of " + (maxHeap >> 20) + " MiB (expected: a smaller "
                + "input, or a larger heap, e.g. JAVA_TOOL_OPTIONS=-Xmx" + Math.max(2, 2 * (maxHeap >> 30)) + "g)";
    }

    /**
     * Returns picocli's message in the project's shape: a conversion error prefixed with the option's name, an.
     *
     * @return picocli's message in the project's shape: a conversion error prefixed with the option's name, an
     *     unknown argument shown {@linkplain UserInput#show cut and escaped}, any other message escaped
     */
    static String parameterMessage(final CommandLine.ParameterException ex) {
        final CommandLine.Model.ArgSpec arg = ex.getArgSpec();
        if (ex.getCause() instanceof CommandLine.TypeConversionException && arg != null) {
            final Matcher notBoolean = NOT_BOOLEAN.matcher(ex.getCause().getMessage());
            return nameOf(arg) + ": " + (notBoolean.matches() ? UserInput.show(notBoolean.group(1))
                    + " (expected: no value, true or false)" : UserInput.escapeControls(ex.getCause().getMessage()));
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            return unmatched(u);
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
        final String suggest = near.isEmpty() ? "" : "; did you mean "
                + UserInput.show(String.join(" or ", near.subList(0, Math.min(3, near.size())))) + "?";
        final CommandLine cmd = u.getCommandLine();
        final boolean takesVerb = !cmd.getSubcommands().isEmpty() && cmd.getParseResult() != null
                && cmd.getParseResult().subcommand() == null;
        final String expected = first.startsWith("-") ? "one of the options in --help" + suggest
                : takesVerb ? "one of " + String.join(", ", cmd.getSubcommands().keySet()) + suggest
                : "no more arguments";
        return "argument: " + UserInput.show(first) + " (expected: " + expected + ")";
    }

    private static String prefix(final CommandLine cmd) {
        final String name = qualifiedName(cmd);
        return name.isEmpty() ? "swaplayer: " : "swaplayer " + name + ": ";
    }

    private static String qualifiedName(final CommandLine cmd) {
        final String full = cmd.getCommandSpec().qualifiedName(" ");
        return full.startsWith("swaplayer ") ? full.substring("swaplayer ".length()) : "";
    }

    /**
     * Runs the verb named by {@code args} and exits with its code.
     *
     * @param args the command line
     */
    public static void main(final String[] args) {
        final PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true);
        final PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true);
        final int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            final String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"swaplayer " + (v == null ? "(development build)" : v)};
        }
    }
}
