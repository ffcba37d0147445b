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
 * @param fragmentation the fragmentation table, or null when it was not run
 * @param seconds wall time of the whole run
 */
public record Verdict(String policy, boolean pass, List<CheckResult> checks, FragmentationTable fragmentation,
        double seconds) {
    /** Copies the list. */
    public Verdict {
        checks = List.copyOf(checks);
    }
}
