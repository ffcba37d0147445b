package dev.swaplayer.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.verify.CheckResult;
import dev.swaplayer.verify.Depth;
import dev.swaplayer.verify.Verdict;
import dev.swaplayer.verify.Verifier;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./swaplayer verify} inside a JUnit 5 test: the same checks, a failed assertion with the report when
 * one fails.
 *
 * <p>Thread safety: stateless; each call runs its own checks.
 *
 * <pre>{@code
 * @Test
 * void myAllocatorPassesVerify() {
 *     VerifyAssertions.assertVerifies(new MyProvider());
 * }
 * }</pre>
 */
public final class VerifyAssertions {
    private VerifyAssertions() {
    }

    /**
     * Runs the quick checks (no fragmentation table) with a fixed seed, 1, and fails unless every safety check
     * passes: the same counterexample on every run. {@link #assertVerifies(AllocatorProvider, Depth, long,
     * boolean, String...)} takes another seed (the failure's re-run line names the call), {@link Depth#FULL},
     * completeness and a choice of checks.
     *
     * @param provider the allocator's provider
     * @return the verdict, for further assertions
     */
    public static Verdict assertVerifies(final AllocatorProvider provider) {
        return assertVerifies(provider, Depth.QUICK, 1L, false);
    }

    /**
     * The call that repeats one check of a run, as a user would write it in a test: limited to that check when the
     * run was limited (the checks draw from the seed each on its own, so one run alone fails the same way).
     */
    private static String rerun(final AllocatorProvider provider, final Depth depth, final long seed,
            final boolean requireComplete, final Set<String> only, final String check) {
        final Class<?> c = provider.getClass();
        final String canonical = c.getCanonicalName(); // Outer.Inner for a nested class; null for an anonymous one
        final String made = canonical == null ? "provider" : "new " + canonical.substring(
                c.getPackageName().isEmpty() ? 0 : c.getPackageName().length() + 1) + "()";
        return "VerifyAssertions.assertVerifies(" + made + ", Depth." + depth.label().toUpperCase(Locale.ROOT) + ", "
                + seed + "L, " + requireComplete + (only.isEmpty() ? "" : ", \"" + check + "\"") + ")"
                + (canonical == null ? " with the provider you passed (" + c.getName() + ", a class without a name)"
                : "");
    }

    /**
     * Runs the verifier on one provider: every check, or only those named.
     *
     * @param provider the allocator's provider
     * @param depth how deep
     * @param seed the seed of every random check
     * @param requireComplete whether completeness must pass too
     * @param checks the checks to run, names from {@link Verifier#CHECKS} ({@code "properties"},
     *     {@code "exhaustive"}, ...); none for all of them
     * @return the verdict
     * @throws IllegalArgumentException for a name that is not a check
     */
    public static Verdict assertVerifies(final AllocatorProvider provider, final Depth depth, final long seed,
            final boolean requireComplete, final String... checks) {
        final Set<String> only = new LinkedHashSet<>(Arrays.asList(checks));
        final Verifier.Options options = new Verifier.Options(registryWith(provider), provider.name(), depth, seed,
                requireComplete, c -> rerun(provider, depth, seed, requireComplete, only, c), only);
        Verifier.probe(provider);
        final Verdict v = new Verifier(options).run(r -> {
                });
        if (!v.pass()) {
            fail(report(v));
        }
        return v;
    }

    private static PolicyRegistry registryWith(final AllocatorProvider provider) {
        return PolicyRegistry.builtIn().with(provider);
    }

    /**
     * Formats a verdict for an assertion message.
     *
     * @param v a verdict
     * @return its checks, one per line, each failure with its counterexample
     */
    public static String report(final Verdict v) {
        final StringBuilder b = new StringBuilder("verify " + v.policy() + ": " + (v.pass() ? "pass" : "fail"));
        for (final CheckResult r : v.checks()) {
            b.append(System.lineSeparator()).append("  ").append(r.name()).append(": ").append(r.result().word())
                    .append(" - ").append(r.message());
            if (r.counterexample() != null) {
                for (int i = 0; i < r.counterexample().size(); i++) {
                    b.append(System.lineSeparator()).append("    ").append(i + 1).append(". ")
                            .append(r.counterexample().get(i));
                }
            }
            if (r.rerun() != null) {
                b.append(System.lineSeparator()).append("    re-run: ").append(r.rerun());
            }
        }
        return b.toString();
    }
}
