package dev.swaplayer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swaplayer.spec.Geometry;
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

    private MemoryRun() {
    }

    /**
     * @param args {@code [--quick] [policy...]}: {@code --quick} measures the 64 GiB device empty only; the policies to measure; when none, all but the bitmap, whose size is
     *     known without measuring (one bit per slot) and whose full-device scans make filling it to 100% slow
     */
    public static void main(final String[] args) {
        final java.util.List<String> list = java.util.Arrays.asList(args);
        final boolean quick = list.contains("--quick");
        final ObjectMapper json = new ObjectMapper();
        final ArrayNode rows = json.createArrayNode();
        for (final int log2 : DEVICE_ORDERS) {
            for (final Policy p : Policy.values()) {
                final boolean chosen = list.stream().anyMatch(a -> !a.startsWith("--")) ? list.contains(p.key())
                        : p != Policy.BITMAP && p != Policy.BUDDY_UNLOCKED && p != Policy.CLUSTER_UNLOCKED; // locks cost no heap per slot
                if (chosen) {
                    measure(p, log2, quick && log2 > DEVICE_ORDERS[0] ? new double[] {0} : USES, rows);
                }
            }
        }
        System.out.println(rows);
    }

    static void measure(final Policy policy, final int log2, final double[] uses, final ArrayNode rows) {
        final Geometry g = Geometry.builder(1L << log2).build();
        final long usable = g.totalSlots() - g.reservedSlots();
        final BenchAllocator a = policy.create(g, 1);
        final LiveSet set = new LiveSet(a, usable, AllocatorBench.SEED);
        for (final double use : uses) {
            set.fillTo(use);
            set.churn(set.size() / 10);
            final long t0 = System.nanoTime();
            final long bytes = GraphLayout.parseInstance(a.metadata()).totalSize();
            System.err.printf("# memory: %s, 2^%d slots, %.0f%% use: %d bytes (JOL %.1f s)%n", policy.key(), log2,
                    use * 100, bytes, (System.nanoTime() - t0) / 1e9);
            final ObjectNode row = rows.addObject();
            row.put("policy", policy.key());
            row.put("slots", g.totalSlots());
            row.put("use", use);
            row.put("used_slots", a.usedSlots());
            row.put("heap_bytes", bytes);
        }
    }
}
