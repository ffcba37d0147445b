package dev.swaplayer.cli;

import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.device.TempFiles;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Keeps a plug-in's {@code System.exit} from passing for the verb's own exit code: {@code System.exit(0)} from
 * an allocator under {@code verify} would otherwise end the run with exit 0 and read as a pass in a CI gate. A
 * shutdown hook looks for the thread that asked the JVM to exit; when a plug-in's frame is on its stack, it
 * says so, deletes the run's temporary files and ends the process with exit 1 instead. An exit asked for by a
 * signal (Ctrl-C, SIGTERM) has no plug-in frame and keeps its code; so does the verb's own exit.
 *
 * <p>Thread safety: the hook runs on its own thread at shutdown; it reads stacks, prints, and deletes the
 * temporary files under their own lock.
 */
final class PluginExitGuard {
    /** What the verb is doing with the plug-in, for the report: the policy, seed and re-run; null for nothing said. */
    private static volatile String during;

    private PluginExitGuard() {
    }

    /**
     * Says what the verb is doing with a plug-in from now on, so that an exit reported meanwhile can be reproduced
     * (verify: the policy, the seed and the re-run command).
     *
     * @param what e.g. "while verifying P at seed S (re-run: ...)"; null once done
     */
    static void during(final String what) {
        during = what;
    }

    /**
     * Installs the guard. It is installed whatever the command line says (plug-ins may come from an
     * {@code @argfile}); it only reads stacks when the JVM exits.
     *
     * @param args the command line, for the verb's name in the report
     * @param err where the report goes
     */
    static void install(final String[] args, final PrintWriter err) {
        final String prefix = "swaplayer" + (args.length > 0 && !args[0].startsWith("-") ? " " + args[0] : "") + ": ";
        Runtime.getRuntime().addShutdownHook(new Thread(() -> check(prefix, err), "swaplayer-plugin-exit-guard"));
    }

    private static void check(final String prefix, final PrintWriter err) {
        for (final Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
            final StackTraceElement plugin = exitingPlugin(t.getValue());
            if (plugin != null) {
                final String context = during;
                err.println(prefix + "the plug-in in " + PolicyRegistry.jarOf(plugin) + " called System.exit at "
                        + PolicyRegistry.where(plugin) + (context == null ? "" : " " + context) + " (expected: no exit"
                        + " from a plug-in; a bug in the plug-in): exit 1, whatever code it asked for");
                err.flush();
                TempFiles.deleteAll(); // halt does not wait for the other hooks, this one among them
                Runtime.getRuntime().halt(ExitCode.CHECK_FAILED);
            }
        }
    }

    /** Returns the plug-in frame under a call of {@code Runtime.exit} on this stack, or null. */
    static StackTraceElement exitingPlugin(final StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().equals("java.lang.Runtime") && stack[i].getMethodName().equals("exit")) {
                return PolicyRegistry.pluginFrame(stack, i + 1); // the caller of exit, or one further out
            }
        }
        return null;
    }
}
