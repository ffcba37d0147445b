package dev.swaplayer.cli;

import dev.swaplayer.device.UserInput;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
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
            final String name = arg instanceof CommandLine.Model.OptionSpec o ? o.longestName()
                    : ((CommandLine.Model.PositionalParamSpec) arg).paramLabel();
            return name + ": " + UserInput.escapeControls(ex.getCause().getMessage());
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            final String first = u.getUnmatched().get(0);
            final List<String> near = u.getSuggestions();
            return "argument: " + UserInput.show(first) + " (expected: " + (first.startsWith("-")
                    ? "one of the options in --help" + (near.isEmpty() ? "" : "; did you mean "
                    + UserInput.show(String.join(" or ", near.subList(0, Math.min(3, near.size())))) + "?")
                    : "no more arguments") + ")";
        }
        return UserInput.escapeControls(ex.getMessage());
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
