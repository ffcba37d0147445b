package dev.swaplayer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.kernel.ClusterAllocator;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.testkit.PluginJar;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Param;

/**
 * The benchmarks' policies come from the policy registry, plug-ins included, through the same path a JMH fork
 * takes ({@link BenchPolicies#of} on the jars parameter); the baselines stay bench-local.
 */
class BenchPoliciesTest {
    private final Geometry g = Geometry.builder(1L << 12).clusterSlots(64).build();

    @TempDir
    Path dir;

    @Test
    void builtIns_areTheRegistrysPolicies_baselinesAreNot() {
        final BenchPolicies p = BenchPolicies.of("");
        assertEquals(List.of("legacy", "cluster", "buddy", "compound"), p.policies());
        assertEquals(List.of("legacy", "cluster", "buddy", "compound", "bestfit"), p.oneThreadPolicies(),
                "bestfit is measured on one thread beside buddy, for the cost of the grouped placement");
        final BenchAllocator bestfit = p.create("bestfit", g, 1);
        assertTrue(bestfit.metadata() instanceof BuddyAllocator);
        assertNotEquals(BenchAllocator.NONE, bestfit.allocate(4));
        assertEquals(16, bestfit.usedSlots());
        assertEquals(List.of("cluster", "buddy", "compound", "bitmap"),
                p.threadSafe(List.of("legacy", "cluster", "buddy", "compound", "bitmap", "buddy_unlocked",
                        "cluster_unlocked")));
        assertTrue(p.create("buddy", g, 1).metadata() instanceof BuddyAllocator);
        assertTrue(p.create("cluster_unlocked", g, 1).metadata() instanceof ClusterAllocator);
        assertTrue(p.create("bitmap", g, 2).metadata() instanceof AtomicFlatBitmap);
        assertEquals("threads: 2 (expected: 1 for buddy_unlocked, which is not thread-safe)",
                assertThrows(IllegalArgumentException.class, () -> p.create("buddy_unlocked", g, 2)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.create("slab", g, 1)).getMessage()
                .startsWith("--policy: slab (expected: legacy, cluster, buddy, compound, bestfit, cluster-612-slots"
                        + ", cluster-72 or all"));
    }

    @Test
    void theTimedSimulations_areTheBuiltIns_andTheJmhParameterListsThem() throws Exception {
        assertEquals(BenchPolicies.of("").policies(), SimulatorBench.POLICIES,
                "the whole simulation is timed for every built-in policy the allocator benchmarks measure");
        final Param param = SimulatorBench.class.getField("policy").getAnnotation(Param.class);
        assertEquals(SimulatorBench.POLICIES, List.of(param.value()), "@Param of SimulatorBench.policy");
    }

    @Test
    void compound_goesThroughTheFolioPath() {
        final BenchAllocator a = BenchPolicies.of("").create("compound", g, 1);
        final long h = a.allocate(4);
        assertNotEquals(BenchAllocator.NONE, h);
        assertEquals(16, a.usedSlots());
        a.free(h, 4);
        assertEquals(0, a.usedSlots());
    }

    @Test
    void plugin_isCreatedThroughTheForksPath_andChurns() throws Exception {
        final Path jar = PluginJar.build(dir, "firstfit.jar", Map.of("FirstFit", PluginJar.FIRST_FIT,
                "FirstFitProvider", PluginJar.provider("FirstFitProvider", "firstfit", true)),
                List.of("FirstFitProvider"));
        final String param = BenchPolicies.jarsParam(List.of(jar));
        final BenchPolicies p = BenchPolicies.of(param);
        assertEquals(List.of("legacy", "cluster", "buddy", "compound", "firstfit"), p.policies());
        assertEquals(List.of("legacy", "cluster", "buddy", "compound", "firstfit", "bestfit"), p.oneThreadPolicies());
        assertEquals(List.of("firstfit"), p.plugins());
        final BenchAllocator a = p.create("firstfit", g, 2);
        assertEquals("demo.FirstFit", a.metadata().getClass().getName());
        final long usable = g.totalSlots() - g.reservedSlots();
        final Churn churn = Churn.prepare(a, usable, Stream.of("mixed"), AllocatorBench.SEED);
        final long used = a.usedSlots();
        assertTrue(used > usable / 3 && used < usable * 2 / 3, "about half full: " + used);
        for (final int v : churn.victims(0, 1, 1024, AllocatorBench.SEED)) {
            churn.step(v);
        }
        assertTrue(Math.abs(a.usedSlots() - used) <= 16, "a step frees and allocates the same order: "
                + a.usedSlots() + " vs " + used);
    }

    @Test
    void badJar_isRefusedBeforeAnythingRuns() {
        final Path missing = dir.resolve("missing.jar");
        assertEquals("--jar: " + missing.toAbsolutePath() + " (expected: a readable jar file)",
                assertThrows(IllegalArgumentException.class,
                        () -> BenchPolicies.of(BenchPolicies.jarsParam(List.of(missing)))).getMessage());
        assertEquals("--jar: " + dir.toAbsolutePath() + " (expected: a readable jar file, not a directory)",
                assertThrows(IllegalArgumentException.class,
                        () -> BenchPolicies.of(BenchPolicies.jarsParam(List.of(dir)))).getMessage());
    }
}
