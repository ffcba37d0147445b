package dev.swaplayer.simulator;

import dev.swaplayer.allocator.AllocatorContractException;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import java.nio.file.Path;

/**
 * A plug-in policy broke down during a run: its allocator threw, or returned what the simulator refuses (an
 * entry off its device, say: {@link AllocatorContractException}), or the run stopped on something else while it
 * ran, which may be a consequence of its bug. The message is one line naming the policy, its jar and what went
 * wrong, with the plug-in's own stack frame when there is one, and blames the plug-in only when that is certain.
 * The command line reports it as a failed check (exit 1), neither as bad input nor as a stack trace.
 * {@code ./swaplayer verify} is where a plug-in's placements are checked call by call; the simulator stops at the
 * first thing it cannot use.
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
        final String head = "policy " + policy + " (" + jar + "): ";
        if (f != null) {
            return head + "its allocator threw " + cause + " at " + PolicyRegistry.where(f) + " (expected: no "
                    + "exception from the plug-in's allocator); a bug in the plug-in";
        }
        if (cause instanceof AllocatorContractException) {
            return head + cause.getMessage() + "; a bug in the plug-in";
        }
        return head + "the run stopped: " + cause + " (expected: none; the plug-in may have broken its contract, "
                + "e.g. handed out a slot in use, which ./swaplayer verify checks call by call)";
    }
}
