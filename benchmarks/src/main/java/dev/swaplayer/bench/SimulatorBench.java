package dev.swaplayer.bench;

import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.simulator.PolicySlots;
import dev.swaplayer.simulator.PolicyRun;
import dev.swaplayer.simulator.Simulator;
import dev.swaplayer.simulator.SwapIn;
import dev.swaplayer.simulator.ThpMode;
import dev.swaplayer.simulator.Workload;
import dev.swaplayer.simulator.Workloads;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One whole simulation of the kernel's {@code thp_swap_allocator_test} (mode none, 100 iterations, seed 1,
 * page-by-page swap-in as the published runs did) per policy, as {@code ./swaplayer simulate --mode none
 * --swapin page --policy P} runs it, without the JVM start. The target is at most 2 s per policy.
 *
 * <p>Thread safety: JMH runs it on one thread; each invocation builds its own policy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SimulatorBench {
    /**
     * The policies whose whole simulation is timed, in the reports' order; {@link #policy}'s parameter lists the
     * same names (an annotation takes only literals), which a test holds equal.
     */
    static final List<String> POLICIES = List.of("legacy", "cluster", "buddy", "compound");

    /** The policy, as the simulator names it: one of {@link #POLICIES}. */
    @Param({"legacy", "cluster", "buddy", "compound"})
    public String policy;

    private Workload workload;
    private PolicyRegistry registry;

    /** Builds the workload's operation list once: it is the same for every policy. */
    @Setup(Level.Trial)
    public void setUp() {
        workload = Workloads.thpSwapTest(ThpMode.NONE, 1, 100);
        registry = PolicyRegistry.builtIn();
    }

    /**
     * Returns the run, so that nothing is optimised away.
     */
    @Benchmark
    public PolicyRun thpSwapTest() {
        return Simulator.run(workload, PolicySlots.create(registry, policy, workload.geometry(), 1),
                new Simulator.Options(SwapIn.PAGE, 1, false), null);
    }
}
