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
import java.util.List;

/**
 * {@link SimulatorBench}'s whole simulation (thp_swap_allocator_test, mode none, 100 iterations, seed 1, page
 * swap-in) of two policies in one JVM, in turn: one fork of the pair behind {@code simulate_ms.compound_vs_buddy}.
 * Both sides share the JIT's state, the machine's load and its drift, where JMH's separate forks of each policy
 * differ by 10–30% on this machine, and a single shot per iteration after one warm-up still carries the JIT's
 * late compilations. The first {@link #WARMUP_SHARE third} of each policy's runs are warm-up; the figure of a side
 * is the median of its other runs. {@code ./swaplayer bench} runs {@link #FORKS} forks of {@link #RUNS} runs and
 * takes the median of the per-fork ratios ({@link MedianRatio}); by hand: {@code java -Xms1g -Xmx1g -cp
 * benchmarks/target/swaplayer-bench.jar dev.swaplayer.bench.SimulatorPair compound buddy 24}. Prints one JSON
 * object.
 *
 * <p>The figure is wall time: a policy's garbage costs collector pauses, which stop the main thread without
 * using its CPU time, and they are part of what the policy costs a simulation. The main thread's CPU time is
 * printed beside it ({@code <policy>_cpu_ms}).
 *
 * <p>Thread safety: runs on the main thread.
 */
public final class SimulatorPair {
    /** Forks of the pair in a full {@code ./swaplayer bench} run. */
    static final int FORKS = 7;
    /** Runs of each policy per fork, the warm-up included. */
    static final int RUNS = 24;
    /** One in this many runs of each side is warm-up, the first ones. */
    static final int WARMUP_SHARE = 3;
    /** The JVM flags of a fork: a fixed heap, so that both sides see the same collector. */
    static final List<String> JVM_FLAGS = List.of("-Xms1g", "-Xmx1g");

    private SimulatorPair() {
    }

    /**
     * Runs both policies in turn and prints their median milliseconds and the ratio.
     *
     * @param args the measured policy, the baseline policy, and the runs of each (at least 3)
     */
    public static void main(final String[] args) {
        if (args.length != 3 || !args[2].matches("[0-9]{1,6}") || Integer.parseInt(args[2]) < 3) {
            throw new IllegalArgumentException("usage: SimulatorPair <policy> <baseline policy> <runs, at least 3>");
        }
        System.out.println(run(args[0], args[1], Integer.parseInt(args[2])));
    }

    /**
     * Runs each policy's simulation {@code runs} times, alternating, and returns {@code {runs, warmup,
     * <policy>_ms, <policy>_cpu_ms, ratio}}: the medians of the timed runs and the measured side's wall time over
     * the baseline's.
     *
     * @param measured the measured policy, as the simulator names it
     * @param baseline the baseline policy
     * @param runs runs of each, at least 3
     */
    static ObjectNode run(final String measured, final String baseline, final int runs) {
        final Workload workload = Workloads.thpSwapTest(ThpMode.NONE, 1, 100);
        final PolicyRegistry registry = PolicyRegistry.builtIn();
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final String[] policies = {measured, baseline};
        final double[][] wall = new double[2][runs];
        final double[][] cpu = new double[2][runs];
        for (int r = 0; r < runs; r++) {
            for (int p = 0; p < 2; p++) {
                final long cpu0 = threads.getCurrentThreadCpuTime();
                final long t0 = System.nanoTime();
                Simulator.run(workload, PolicySlots.create(registry, policies[p], workload.geometry(), 1),
                        new Simulator.Options(SwapIn.PAGE, 1, false), null);
                wall[p][r] = (System.nanoTime() - t0) / 1e6;
                cpu[p][r] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
            }
        }
        final int warmup = runs / WARMUP_SHARE;
        final ObjectNode out = new ObjectMapper().createObjectNode().put("runs", runs).put("warmup", warmup);
        final double[] median = new double[2];
        for (int p = 0; p < 2; p++) {
            median[p] = MedianRatio.median(Arrays.copyOfRange(wall[p], warmup, runs));
            out.put(policies[p] + "_ms", median[p]);
            out.put(policies[p] + "_cpu_ms", MedianRatio.median(Arrays.copyOfRange(cpu[p], warmup, runs)));
        }
        return out.put("ratio", median[0] / median[1]);
    }
}
