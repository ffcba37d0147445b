package dev.swaplayer.cli;

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
 * {@code what: value (expected: ...)} message) is treated the same way.
 */
@Command(name = "swaplayer",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Reference implementation and verification suite of a swap abstraction layer.",
        footer = {"",
            "The launcher adds two verbs of its own:",
            "  test    install what the gate needs if missing, then run the whole gate (Maven)",
            "  bench   JMH, JOL and scale benchmarks; rewrites docs/PERFORMANCE.md (./swaplayer bench --help)"},
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
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UserError || ex instanceof IllegalArgumentException) {
                cmd.getErr().println(prefix(cmd) + ex.getMessage());
                cmd.getErr().flush();
                return ExitCode.USAGE;
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            final CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println(prefix(cmd) + ex.getMessage());
            cmd.getErr().println("Try './swaplayer " + (qualifiedName(cmd) + " --help").strip() + "'.");
            cmd.getErr().flush();
            return ExitCode.USAGE;
        });
        return cl;
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
