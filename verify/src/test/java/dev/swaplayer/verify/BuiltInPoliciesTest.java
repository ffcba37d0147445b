package dev.swaplayer.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.policy.PolicyRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuiltInPoliciesTest {
    @ParameterizedTest
    @ValueSource(strings = {"buddy", "compound", "cluster", "legacy"})
    void builtInPolicyPassesEverySafetyCheck(final String policy) {
        final PolicyRegistry r = PolicyRegistry.builtIn();
        final Verdict v = new Verifier(new Verifier.Options(policy, r.provider(policy), Depth.QUICK, 42, false, false,
                "rerun")).run(c -> System.out.println(policy + " " + c));
        assertTrue(v.pass(), () -> v.toString());
    }
}
