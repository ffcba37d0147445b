package dev.swaplayer.cli;

import dev.swaplayer.allocator.policy.PolicyRegistry;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * Keeps a plug-in's {@code System.exit} from passing for the verb's own exit code: {@code System.exit(0)} from
 * an allocator under {@code verify} would otherwise end the run with exit 0 and read as a pass in a CI gate. A
 * shutdown hook looks for the thread that asked the JVM to exit; when a plug-in's frame is on its stack, it
 * says so and ends the process with exit 1 instead. An exit asked for by a signal (Ctrl-C, SIGTERM) has no
 * plug-in frame and keeps its code; so does the verb's own exit.
 *
 * <p>Thread safety: the hook runs on its own thread at shutdown and only reads stacks and prints.
 */
final class PluginExitGuard {
    private PluginExitGuard() {
    }

    /**
     * Installs the guard when the command line loads plug-ins ({@code --jar}).
     *
     * @param args the command line
     * @param err where the report goes
     */
    static void installIfPlugins(final String[] args, final PrintWriter err) {
        if (List.of(args).stream().anyMatch(a -> a.equals("--jar") || a.startsWith("--jar="))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> check(err), "swaplayer-plugin-exit-guard"));
        }
    }

    private static void check(final PrintWriter err) {
        for (final Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
            final StackTraceElement plugin = exitingPlugin(t.getValue());
            if (plugin != null) {
                err.println("swaplayer: the plug-in in " + PolicyRegistry.jarOf(plugin) + " called System.exit at "
                        + PolicyRegistry.where(plugin) + " (expected: no exit from a plug-in; a bug in the plug-in):"
                        + " exit 1, whatever code it asked for");
                err.flush();
                Runtime.getRuntime().halt(ExitCode.CHECK_FAILED);
            }
        }
    }

    /** Returns the plug-in frame under a call of {@code Runtime.exit} on this stack, or null. */
    static StackTraceElement exitingPlugin(final StackTraceElement[] stack) {
        boolean exiting = false;
        for (final StackTraceElement f : stack) {
            exiting |= f.getClassName().equals("java.lang.Runtime") && f.getMethodName().equals("exit");
            if (exiting && PolicyRegistry.isPluginFrame(f)) {
                return f;
            }
        }
        return null;
    }
}
