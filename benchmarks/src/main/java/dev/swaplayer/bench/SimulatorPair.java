package dev.swaplayer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.simulator.PolicySlots;
import dev.swaplayer.simulator.Simulator;
import dev.swaplayer.simulator.SwapIn;
import dev.swaplayer.simulator.ThpMode;
import dev.swaplayer.simulator.Workload;
import dev.swaplayer.simulator.Workloads;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link SimulatorBench}'s whole simulation (thp_swap_allocator_test, mode none, 100 iterations, seed 1, page
 * swap-in) of two policies in one JVM, in turn, each run timed in the thread's CPU time: the ratio of their medians
 * is {@code simulate_ms} of one over the other with the same JIT, machine state and load on both sides, where
 * JMH's separate forks of each policy differ by 10–30% on this machine from fork to fork. Not part of
 * {@code ./swaplayer bench}; run by hand: {@code java -Xms1g -Xmx1g -cp benchmarks/target/swaplayer-bench.jar
 * dev.swaplayer.bench.SimulatorPair compound buddy 30}.
 * The first third of the runs of each policy are warm-up. Prints one JSON object.
 *
 * <p>Thread safety: runs on the main thread.
 */
public final class SimulatorPair {
    private SimulatorPair() {
    }

    /**
     * Runs both policies in turn and prints their median CPU milliseconds and the ratio.
     *
     * @param args the measured policy, the baseline policy, and the runs of each (at least 3)
     */
    public static void main(final String[] args) {
        if (args.length != 3 || !args[2].matches("[0-9]{1,6}") || Integer.parseInt(args[2]) < 3) {
            throw new IllegalArgumentException("usage: SimulatorPair <policy> <baseline policy> <runs, at least 3>");
        }
        final int runs = Integer.parseInt(args[2]);
        final Workload workload = Workloads.thpSwapTest(ThpMode.NONE, 1, 100);
        final PolicyRegistry registry = PolicyRegistry.builtIn();
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final String[] policies = {args[0], args[1]};
        final double[][] ms = new double[2][runs];
        for (int r = 0; r < runs; r++) {
            for (int p = 0; p < 2; p++) {
                final long cpu = threads.getCurrentThreadCpuTime();
                Simulator.run(workload, PolicySlots.create(registry, policies[p], workload.geometry(), 1),
                        new Simulator.Options(SwapIn.PAGE, 1, false), null);
                ms[p][r] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
            }
        }
        final ObjectNode out = new ObjectMapper().createObjectNode().put("runs", runs).put("warmup", runs / 3);
        final double[] median = new double[2];
        for (int p = 0; p < 2; p++) {
            final double[] timed = Arrays.copyOfRange(ms[p], runs / 3, runs);
            Arrays.sort(timed);
            median[p] = timed[timed.length / 2];
            out.put(policies[p] + "_cpu_ms", median[p]);
        }
        System.out.println(out.put(policies[0] + "_over_" + policies[1], median[0] / median[1]));
    }
}
