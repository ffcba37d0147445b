package dev.swaplayer.simulator;

import dev.swaplayer.allocator.policy.PolicyRegistry;
import java.nio.file.Path;

/**
 * A plug-in policy broke down during a run: its allocator threw, or returned what the simulator refuses (an
 * entry off its device, say). The message is one line naming the policy, its jar and what went wrong, with the
 * plug-in's own stack frame when there is one; the command line reports it as a failed check (exit 1), neither
 * as bad input nor as a stack trace. {@code ./swaplayer verify} is where a plug-in's placements are checked call
 * by call; the simulator stops at the first thing it cannot use.
 *
 * <p>Thread safety: immutable.
 */
public final class PluginPolicyFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param policy the policy's name
     * @param origin where it came from (the jar's path)
     * @param cause what went wrong
     */
    PluginPolicyFailure(final String policy, final String origin, final Throwable cause) {
        super(message(policy, origin, cause), cause);
    }

    private static String message(final String policy, final String origin, final Throwable cause) {
        final StackTraceElement f = PolicyRegistry.pluginFrame(cause);
        final String jar = f != null ? PolicyRegistry.jarOf(f) : Path.of(origin).getFileName().toString();
        final String what = f != null ? "its allocator threw " + cause + " at " + PolicyRegistry.where(f)
                + " (expected: no exception from the plug-in's allocator)"
                : cause instanceof IllegalStateException || cause instanceof IllegalArgumentException
                ? cause.getMessage() : "the run stopped: " + cause;
        return "policy " + policy + " (" + jar + "): " + what + "; a bug in the plug-in";
    }
}
