package dev.swaplayer.cli;

import dev.swaplayer.device.UserInput;
import dev.swaplayer.simulator.PluginPolicyFailure;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./swaplayer}: dispatches to the verbs. Thread safety: runs on the main thread.
 *
 * <p>Exit codes are those of {@link ExitCode}. A {@link UserError} or a picocli parameter error is one
 * line on stderr and exit 2; an {@link IllegalArgumentException} from the library (which carries a
 * {@code what: value (expected: ...)} message) is treated the same way. A plug-in's failure, thrown from its
 * code ({@link PluginFault}) or caught by the simulator ({@link PluginPolicyFailure}), is one line and exit 1.
 */
@Command(name = "swaplayer",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {"Reference implementation and verification suite of a swap abstraction layer.",
            "Every verb exits 0 when it did what was asked and every check passed, 1 when a check it ran failed, "
                    + "2 for bad usage or input (one line on stderr, nothing run half-way). Each verb's --help "
                    + "says how long its default run takes on a 2-core machine: from about a second (device "
                    + "inspect) to about 15 seconds (check), a minute per policy (verify) and about 8 minutes per "
                    + "policy (verify --full)."},
        subcommands = {
            CheckCommand.class,
            DeviceCommand.class,
            KernelRunCommand.class,
            SimulateCommand.class,
            ReplayCommand.class,
            StressCommand.class,
            VerifyCommand.class,
            HelpVerb.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing verb (expected: one of "
                + String.join(", ", ParameterErrors.verbsOf(spec.commandLine())) + ")");
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
        printVersionFromEveryVerb(cl, new Version());
        cl.getCommandSpec().usageMessage().footer(ParameterErrors.launcherFooter()); // one list of those verbs
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionStrategy(Main::runOrExplainHeap);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            final String plugin = ex instanceof PluginPolicyFailure ? ex.getMessage()
                    : ex instanceof UserError ? null : PluginFault.describe(ex);
            if (plugin != null) {
                cmd.getErr().println(ParameterErrors.prefix(cmd) + UserInput.escapeControls(plugin));
                cmd.getErr().flush();
                return ExitCode.CHECK_FAILED;
            }
            if (ex instanceof UserError || ex instanceof IllegalArgumentException) {
                cmd.getErr().println(ParameterErrors.prefix(cmd) + UserInput.escapeControls(ex.getMessage()));
                cmd.getErr().flush();
                return ExitCode.USAGE;
            }
            throw ex;
        });
        ParameterErrors.install(cl);
        return cl;
    }

    /**
     * Gives every verb, at any depth, the top level's version provider: each verb's {@code -V} and {@code --version}
     * (from its standard help options) print what {@code ./swaplayer -V} prints, not an empty line. Set here rather
     * than in each verb's annotation so that a verb added later cannot miss it.
     */
    private static void printVersionFromEveryVerb(final CommandLine cl, final CommandLine.IVersionProvider version) {
        cl.getCommandSpec().versionProvider(version);
        cl.getSubcommands().values().forEach(sub -> printVersionFromEveryVerb(sub, version));
    }

    /**
     * Runs the verb; a heap too small for the input is one line and exit 2, not an {@link OutOfMemoryError}
     * stack trace: by the time it is caught here the verb's data is unreachable, so printing is safe.
     */
    private static int runOrExplainHeap(final CommandLine.ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (OutOfMemoryError e) {
            return oneLine(parsed, heapMessage(Runtime.getRuntime().maxMemory()), ExitCode.USAGE);
        } catch (StackOverflowError | LinkageError | AssertionError e) {
            final String plugin = PluginFault.describe(e);
            if (plugin == null) {
                throw e;
            }
            return oneLine(parsed, plugin, ExitCode.CHECK_FAILED);
        }
    }

    /** Prints one line under the verb's name and returns the exit code. */
    private static int oneLine(final CommandLine.ParseResult parsed, final String line, final int code) {
        CommandLine cmd = parsed.commandSpec().commandLine();
        while (cmd.getParseResult() != null && cmd.getParseResult().subcommand() != null) {
            cmd = cmd.getParseResult().subcommand().commandSpec().commandLine();
        }
        cmd.getErr().println(ParameterErrors.prefix(cmd) + UserInput.escapeControls(line));
        cmd.getErr().flush();
        return code;
    }

    /** Returns the one line for a run that ran out of heap. */
    static String heapMessage(final long maxHeap) {
        return "memory: the input needs more than the Java heap of " + (maxHeap >> 20) + " MiB (expected: a smaller "
                + "input, or a larger heap, e.g. JAVA_TOOL_OPTIONS=-Xmx" + Math.max(2, 2 * (maxHeap >> 30)) + "g)";
    }

    /**
     * Runs the verb named by {@code args} and exits with its code.
     *
     * @param args the command line
     */
    public static void main(final String[] args) {
        final PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true);
        final PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true);
        PluginExitGuard.install(args, err);
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
