package dev.swaplayer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swaplayer.spec.Geometry;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jol.info.GraphLayout;

/**
 * The memory measurement, run in a JVM of its own ({@code -Djdk.attach.allowAttachSelf=true}): heap bytes of
 * each policy's metadata, by JOL's {@link GraphLayout}, on a 1 GiB (2^18 slots) and a 64 GiB (2^24 slots)
 * device at 0%, 25%, 50% and 100% use with the mixed-order stream. Prints one JSON array.
 *
 * <p>Thread safety: runs on the main thread.
 *
 * <p>Per device and policy, one allocator is filled step by step; at each step {@link LiveSet#churn} frees
 * and refills a tenth of the live allocations before the graph is measured. The handles the benchmark keeps
 * are outside the measured graph (a kernel keeps them in page tables).
 */
public final class MemoryRun {
    static final double[] USES = {0, 0.25, 0.5, 1.0};
    static final int[] DEVICE_ORDERS = {18, 24};
    /** The argument that carries the plug-in jars. */
    static final String JARS = "--jars=";

    private MemoryRun() {
    }

    /**
     * Measures the heap per slot of the named policies and prints it.
     *
     * @param args {@code [--quick] [--jars=JARS] [name...]}: {@code --quick} measures the 64 GiB device empty
     *     only; {@code --jars} the plug-in jars, as {@link BenchPolicies#jarsParam} joined them; the policies or
     *     baselines to measure. When none is named, every registered policy, plug-ins included, but no
     *     baseline: the bitmap's size is known without measuring (one bit per slot) and its full-device scans
     *     make filling it to 100% slow, and the unlocked baselines differ from their policies by no heap per slot.
     */
    public static void main(final String[] args) {
        final List<String> list = Arrays.asList(args);
        final boolean quick = list.contains("--quick");
        final String jars = list.stream().filter(a -> a.startsWith(JARS)).map(a -> a.substring(JARS.length()))
                .findFirst().orElse("");
        final BenchPolicies policies = BenchPolicies.of(jars);
        final List<String> named = list.stream().filter(a -> !a.startsWith("--")).toList();
        final ObjectMapper json = new ObjectMapper();
        final ArrayNode rows = json.createArrayNode();
        for (final int log2 : DEVICE_ORDERS) {
            for (final String p : named.isEmpty() ? policies.policies() : named) {
                measure(policies, p, log2, quick && log2 > DEVICE_ORDERS[0] ? new double[] {0} : USES, rows);
            }
        }
        System.out.println(rows);
    }

    static void measure(final BenchPolicies policies, final String policy, final int log2, final double[] uses,
            final ArrayNode rows) {
        final Geometry g = Geometry.builder(1L << log2).build();
        final long usable = g.totalSlots() - g.reservedSlots();
        final BenchAllocator a = policies.create(policy, g, 1);
        final LiveSet set = new LiveSet(a, usable, AllocatorBench.SEED);
        for (final double use : uses) {
            set.fillTo(use);
            set.churn(set.size() / 10);
            final long t0 = System.nanoTime();
            final long bytes = GraphLayout.parseInstance(a.metadata()).totalSize();
            System.err.printf("# memory: %s, 2^%d slots, %.0f%% use: %d bytes (JOL %.1f s)%n", policy, log2,
                    use * 100, bytes, (System.nanoTime() - t0) / 1e9);
            final ObjectNode row = rows.addObject();
            row.put("policy", policy);
            row.put("slots", g.totalSlots());
            row.put("use", use);
            row.put("used_slots", a.usedSlots());
            row.put("heap_bytes", bytes);
        }
    }
}
