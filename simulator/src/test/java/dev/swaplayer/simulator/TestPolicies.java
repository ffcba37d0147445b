package dev.swaplayer.simulator;

import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import java.util.List;

/**
 * The built-in policies for the simulator's tests: the registry of swaplayer's own class path.
 *
 * <p>Thread safety: immutable.
 */
final class TestPolicies {
    /** The built-in policies (legacy, cluster, buddy, compound). */
    static final PolicyRegistry REGISTRY = PolicyRegistry.builtIn();
    /** Every built-in name, in report order. */
    static final List<String> ALL = REGISTRY.all();

    private TestPolicies() {
    }

    /** Returns the named built-in policy on an empty device. */
    static PolicySlots create(final String name, final Geometry geometry, final int cpus) {
        return PolicySlots.create(REGISTRY, name, geometry, cpus);
    }
}
