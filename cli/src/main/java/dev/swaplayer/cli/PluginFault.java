package dev.swaplayer.cli;

import dev.swaplayer.allocator.policy.PolicyRegistry;

/**
 * An exception thrown from a plug-in's own code, told apart by the class loader of its stack frames
 * ({@link PolicyRegistry#PLUGIN_LOADER}): a bug in the plug-in the user loaded, reported as one line naming the jar,
 * the exception and the plug-in's frame, with exit 1, where a failure of the project's own code keeps its stack
 * trace.
 *
 * <p>Thread safety: stateless.
 */
final class PluginFault {
    private PluginFault() {
    }

    /**
     * Returns the one-line report of a failure in a plug-in's code, or null when no frame of the exception or its
     * causes belongs to a plug-in.
     *
     * @param e what a verb threw
     */
    static String describe(final Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            final StackTraceElement f = PolicyRegistry.pluginFrame(t.getStackTrace(), 0);
            if (f != null) {
                return "the plug-in in " + PolicyRegistry.jarOf(f) + " threw " + t + " at "
                        + PolicyRegistry.where(f) + " (expected: no exception from the plug-in's allocator; a bug"
                        + " in the plug-in)";
            }
        }
        return null;
    }
}
