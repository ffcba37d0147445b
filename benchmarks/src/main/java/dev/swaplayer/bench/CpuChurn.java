package dev.swaplayer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.swaplayer.spec.Geometry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The one-thread allocator step of {@link AllocatorBench} (the same 1 GiB device, setup, seed and victim
 * sequence), timed in the thread's CPU time instead of by JMH's wall clock: for a machine so loaded that
 * wall-clock throughput says more about the other processes than about the allocator. Not part of
 * {@code ./swaplayer bench}; run by hand:
 * {@code java -cp benchmarks/target/swaplayer-bench.jar dev.swaplayer.bench.CpuChurn buddy,cluster order0,mixed}.
 * Prints a JSON array, one object per policy and stream, in CPU nanoseconds per step.
 *
 * <p>Thread safety: runs on the main thread.
 */
public final class CpuChurn {
    /** Untimed steps before the timed ones (the JIT settles). */
    static final int WARMUP = 1 << 20;
    /** Timed steps. */
    static final int STEPS = 1 << 21;
    private static final int VICTIMS = 1 << 16;

    private CpuChurn() {
    }

    /**
     * Times the churn step in CPU time and prints one JSON object.
     *
     * @param args comma-separated policies, comma-separated streams (order0, order4, mixed), and optionally
     *     the number of timed steps
     */
    public static void main(final String[] args) {
        final int steps = args.length > 2 ? Integer.parseInt(args[2]) : STEPS;
        System.out.println(run(args[0].split(","), args[1].split(","), AllocatorBench.SLOTS, steps));
    }

    static ArrayNode run(final String[] policies, final String[] streams, final long slots, final int steps) {
        final ArrayNode out = new ObjectMapper().createArrayNode();
        final BenchPolicies registry = BenchPolicies.of("");
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (final String stream : streams) {
            for (final String policy : policies) {
                final Geometry g = Geometry.builder(slots).build();
                final Churn churn = Churn.prepare(registry.create(policy, g, 1), g.totalSlots() - g.reservedSlots(),
                        Stream.of(stream), AllocatorBench.SEED);
                final int[] victims = churn.victims(0, 1, VICTIMS, AllocatorBench.SEED);
                run(churn, victims, WARMUP);
                final long cpu = threads.getCurrentThreadCpuTime();
                final long fails = run(churn, victims, steps);
                final long nanos = threads.getCurrentThreadCpuTime() - cpu;
                out.addObject().put("policy", policy).put("stream", stream).put("cpu_ns_per_step",
                        (double) nanos / steps).put("fails", fails);
            }
        }
        return out;
    }

    private static long run(final Churn churn, final int[] victims, final int steps) {
        long fails = 0;
        for (int k = 0; k < steps; k++) {
            fails += churn.step(victims[k & VICTIMS - 1]) == BenchAllocator.NONE ? 1 : 0;
        }
        return fails;
    }
}
