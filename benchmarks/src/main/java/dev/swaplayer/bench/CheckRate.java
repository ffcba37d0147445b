package dev.swaplayer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.Fault;
import dev.swaplayer.check.Explorer;
import dev.swaplayer.spec.Geometry;
import java.lang.management.ManagementFactory;

/**
 * The exhaustive checker's speed, run in a JVM of its own: one exploration as {@code ./swaplayer check
 * --depth 8} runs it (the default device of 16 slots, clusters of 4, orders 0..2, swap counts below 2, the
 * real buddy allocator), timed by the explorer itself, without the JVM start. Prints one JSON object: the
 * states per second of wall time (the figure of the goal) and per second of the JVM's CPU time, which on a
 * shared machine says more about the work per state than the wall time does.
 *
 * <p>Thread safety: runs on the main thread.
 */
public final class CheckRate {
    /** The depth {@code ./swaplayer bench} measures. */
    static final int DEPTH = 8;
    /**
     * States per second of {@code ./swaplayer check --depth 8} before the checker was made faster (measured on
     * this 2-core machine; docs/PERFORMANCE.md names the run): the baseline of {@code check_states_per_s}.
     */
    static final double BASELINE_STATES_PER_S = 6800;

    private CheckRate() {
    }

    /**
     * Runs the explorer once and prints its figures as one JSON object.
     *
     * @param args optionally the depth (default {@value #DEPTH})
     */
    public static void main(final String[] args) {
        System.out.println(run(args.length > 0 ? Integer.parseInt(args[0]) : DEPTH));
    }

    /**
     * Returns {@code {depth, states, transitions, violations, seconds, states_per_s, cpu_seconds, states_per_cpu_s,
     * threads}}.
     *
     * @param depth the longest operation sequence
     * @return {@code {depth, states, transitions, violations, seconds, states_per_s, cpu_seconds,
     *     states_per_cpu_s, threads}}
     */
    static ObjectNode run(final int depth) {
        final Geometry g = Geometry.builder(Explorer.DEFAULT_SLOTS).clusterSlots(Explorer.DEFAULT_CLUSTER)
                .maxOrder(Explorer.DEFAULT_MAX_ORDER).build();
        final Explorer e = new Explorer(g, depth, Explorer.DEFAULT_MAX_COUNT, Explorer.MAX_DESCRIPTORS,
                geometry -> BuddyAllocator.withFault(0, geometry, Fault.NONE));
        final long cpu0 = processCpuNanos();
        final Explorer.Result r = e.run((level, states, transitions) -> { });
        final double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        final ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("depth", r.depth());
        out.put("states", r.states());
        out.put("transitions", r.transitions());
        out.put("violations", r.violations());
        out.put("seconds", r.seconds());
        out.put("states_per_s", r.states() / r.seconds());
        out.put("cpu_seconds", cpuSeconds);
        out.put("states_per_cpu_s", r.states() / cpuSeconds);
        out.put("threads", Runtime.getRuntime().availableProcessors());
        return out;
    }

    /** @return the CPU time of this JVM so far (every thread, the JIT and the collector included) */
    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
