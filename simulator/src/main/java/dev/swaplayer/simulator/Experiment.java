package dev.swaplayer.simulator;

import dev.swaplayer.allocator.policy.PolicyRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Runs one workload on several policies, each on a fresh device, and gathers a {@link RunResult}. Every
 * policy is built before the first runs, so a policy that cannot be built fails the whole experiment up
 * front.
 *
 * <p>Thread safety: stateless.
 */
public final class Experiment {
    private Experiment() {
    }

    /**
     * Returns the result.
     *
     * @param registry where the policies are registered
     * @param w the workload
     * @param mode the thp-swap-test mode label, or null
     * @param seed the seed, or null when the workload draws nothing
     * @param policyNames the policies, in report order
     * @param options how to run
     * @param progress hears operations as they are done (may be null)
     * @throws IllegalArgumentException when a policy is unknown or rejects the device
     */
    public static RunResult run(final PolicyRegistry registry, final Workload w, final String mode, final Long seed,
            final List<String> policyNames, final Simulator.Options options, final LongConsumer progress) {
        final List<PolicySlots> policies = Simulator.policies(registry, w, policyNames, options);
        final List<PolicyRun> runs = new ArrayList<>();
        for (final PolicySlots p : policies) {
            runs.add(runOne(registry, w, p, options, progress));
        }
        return new RunResult(w.name(), mode, options.swapIn(), options.cpus(), seed, w.swapPages(), w.clusterSlots(),
                w.reportedOrders(), runs);
    }

    /**
     * Runs one policy; a plug-in's failure becomes a {@link PluginPolicyFailure} naming it. The device's own I/O
     * failures ({@link DataIoException}) are not the plug-in's and pass unchanged.
     */
    private static PolicyRun runOne(final PolicyRegistry registry, final Workload w, final PolicySlots p,
            final Simulator.Options options, final LongConsumer progress) {
        try {
            return Simulator.run(w, p, options, progress);
        } catch (DataIoException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
            final PolicyRegistry.Entry entry = registry.entry(p.name());
            if (entry.builtIn()) {
                throw e; // a built-in policy's failure is this project's bug: its stack trace is wanted
            }
            throw new PluginPolicyFailure(p.name(), entry.origin(), e);
        }
    }
}
