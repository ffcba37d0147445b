package dev.swaplayer.verify;

import java.util.List;

/**
 * What {@code ./swaplayer verify} concluded about one policy.
 *
 * <p>Thread safety: immutable.
 *
 * @param policy the policy name
 * @param pass whether every safety check passed (and completeness, when it was required)
 * @param checks every check, in the order run
 * @param hung the check in which the allocator did not return, or null: the checks after it were not run, and
 *     nothing more should run on the allocator (its thread is still inside it)
 * @param seconds wall time of the whole run
 */
public record Verdict(String policy, boolean pass, List<CheckResult> checks, String hung, double seconds) {
    /** Copies the list. */
    public Verdict {
        checks = List.copyOf(checks);
    }
}
