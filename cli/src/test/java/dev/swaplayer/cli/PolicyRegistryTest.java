package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.allocator.PerCpu;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.testkit.PluginJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one policy registry, where every built-in provider is on the class path (the allocator's and the
 * kernel's service files, as the shaded jar merges them), and with plug-in jars.
 *
 * <p>Thread safety: each test runs on JUnit's one thread in its own temporary directory; the built-in registry shared
 * by every test is immutable once built.
 */
class PolicyRegistryTest {
    private static final PolicyRegistry BUILT_IN = PolicyRegistry.builtIn();
    private final Geometry g = Geometry.builder(1024).clusterSlots(16).build();

    @TempDir
    Path dir;

    @Test
    void names_areInReportOrder_kernelBaselinesFirst() {
        assertEquals(List.of("legacy", "cluster", "buddy", "compound", "bestfit", "cluster-612-slots", "cluster-72"),
                BUILT_IN.names());
        assertEquals(BUILT_IN.names(), BUILT_IN.builtInNames());
        assertEquals(List.of("legacy", "cluster", "buddy", "compound"), BUILT_IN.all(),
                "bestfit, cluster-612-slots and cluster-72 are named, not in all");
        assertEquals(List.of(), BUILT_IN.pluginNames());
        assertTrue(BUILT_IN.entry("buddy").builtIn());
    }

    /** The gate verifies every built-in policy, and the examples' correct plug-in: the script's list keeps up. */
    @Test
    void theVerifyGate_verifiesEveryBuiltInPolicy() throws IOException {
        final String script = Files.readString(Path.of("src", "test", "gate", "verify-gate"));
        final Matcher m = Pattern.compile("(?m)^policies=(.*)$").matcher(script);
        assertTrue(m.find(), script);
        final List<String> expected = new ArrayList<>(BUILT_IN.builtInNames());
        expected.add("firstfit");
        assertEquals(expected, List.of(m.group(1).split(",")));
    }

    @Test
    void resolve_keepsTheGivenOrder_onceEach_andAllIsReportOrder() {
        assertEquals(List.of("buddy", "legacy"), BUILT_IN.resolve("buddy,legacy,buddy"));
        assertEquals(List.of("compound"), BUILT_IN.resolve(" compound "));
        assertEquals(BUILT_IN.all(), BUILT_IN.resolve("all"));
        assertEquals(List.of("buddy", "legacy", "cluster", "compound"), BUILT_IN.resolve("buddy,all"));
        assertEquals(List.of("bestfit", "buddy"), BUILT_IN.resolve("bestfit,buddy"));
    }

    @Test
    void aMisspelledName_namesTheNearestPolicy_withinTwoEdits_ignoringCase() {
        final String known = "legacy, cluster, buddy, compound, bestfit, cluster-612-slots, cluster-72 or all; a"
                + " plug-in's name needs its --jar";
        assertEquals("--policy: budy (expected: " + known + "; did you mean buddy?)",
                assertThrows(UserError.class, () -> PolicyOptions.resolve(BUILT_IN, "--policy", "budy")).getMessage());
        assertEquals("--compare: Cluster-27 (expected: " + known + "; did you mean cluster-72?)",
                assertThrows(UserError.class, () -> PolicyOptions.resolve(BUILT_IN, "--compare", "buddy,Cluster-27"))
                        .getMessage());
        assertEquals("--policy: al (expected: " + known + "; did you mean all?)",
                assertThrows(UserError.class, () -> PolicyOptions.resolve(BUILT_IN, "--policy", "al")).getMessage());
        assertEquals("--policy: zswap (expected: " + known + ")", // three edits from any name: no guess
                assertThrows(UserError.class, () -> PolicyOptions.resolve(BUILT_IN, "--policy", "zswap")).getMessage());
        assertEquals(List.of("buddy"), PolicyOptions.resolve(BUILT_IN, "--policy", "buddy"));
    }

    @Test
    void forAVerbWithoutJar_theMessageNamesNoJar() {
        assertEquals("--compare: budy (expected: legacy, cluster, buddy, compound, bestfit, cluster-612-slots,"
                + " cluster-72 or all; did you mean buddy?)", assertThrows(UserError.class,
                        () -> PolicyOptions.resolve(BUILT_IN, "--compare", "budy", false)).getMessage());
        assertEquals("--compare: zswap (expected: legacy, cluster, buddy, compound, bestfit, cluster-612-slots,"
                + " cluster-72 or all)", assertThrows(IllegalArgumentException.class,
                        () -> BUILT_IN.resolve("--compare", "zswap", false)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BUILT_IN.resolve("zswap")).getMessage()
                .endsWith("; a plug-in's name needs its --jar)"), "a verb with --jar keeps the hint");
    }

    @Test
    void unknownOrEmptyName_namesTheChoices() {
        assertEquals("--policy: zswap (expected: legacy, cluster, buddy, compound, bestfit, cluster-612-slots,"
                + " cluster-72 or all; a plug-in's name needs its --jar)",
                assertThrows(IllegalArgumentException.class, () -> BUILT_IN.resolve("zswap")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BUILT_IN.resolve("buddy,")).getMessage()
                .startsWith("--policy: (empty) (expected: "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BUILT_IN.provider("slab")).getMessage()
                .startsWith("--policy: slab (expected: "));
    }

    @Test
    void builtInProviders_sayWhatTheSimulatorAndStressRelyOn() {
        assertEquals(FolioPolicy.COMPOUND, BUILT_IN.provider("compound").folioPolicy());
        for (final String n : List.of("legacy", "cluster", "buddy")) {
            assertEquals(FolioPolicy.SPLIT, BUILT_IN.provider(n).folioPolicy(), n);
            assertFalse(BUILT_IN.provider(n).description().isEmpty(), n);
        }
        assertEquals(List.of(false, true, true, true, true, false, true), BUILT_IN.names().stream()
                .map(n -> BUILT_IN.provider(n).threadSafe()).toList());
        assertEquals(List.of(false, false, false, false, false, false, true), BUILT_IN.names().stream()
                .map(n -> BUILT_IN.provider(n).splitTailsLastFirst()).toList(), "only 7.2's reclaim reverses");
        assertEquals(3, ((PerCpu) BUILT_IN.create("cluster", 0, g, 3)).cpus());
        assertEquals(2, ((PerCpu) BUILT_IN.create("legacy", 0, g, 2)).cpus());
        assertTrue(BUILT_IN.create("compound", 0, g, 4) instanceof BuddyAllocator);
    }

    @Test
    void plugin_joinsAfterTheBuiltIns_andAllIncludesIt() throws Exception {
        final Path jar = PluginJar.build(dir, "p.jar", Map.of("FirstFit", PluginJar.FIRST_FIT,
                "Zeta", PluginJar.provider("Zeta", "zeta", true), "Alpha", PluginJar.provider("Alpha", "alpha", false)),
                List.of("Zeta", "Alpha"));
        final PolicyRegistry r = PolicyRegistry.withJars(List.of(jar));
        assertEquals(List.of("legacy", "cluster", "buddy", "compound", "bestfit", "cluster-612-slots", "cluster-72",
                "alpha", "zeta"), r.names());
        assertEquals(List.of("alpha", "zeta"), r.pluginNames());
        assertEquals(jar.toString(), r.entry("zeta").origin());
        assertEquals(List.of("legacy", "cluster", "buddy", "compound", "alpha", "zeta"), r.resolve("all"));
        assertEquals(0, r.create("alpha", 0, g, 1).usedSlots());
    }

    @Test
    void duplicateName_isRefused_evenAgainstABuiltIn() throws Exception {
        final Path jar = PluginJar.build(dir, "dup.jar", Map.of("FirstFit", PluginJar.FIRST_FIT,
                "Buddy", PluginJar.provider("Buddy", "buddy", true)), List.of("Buddy"));
        final String m = assertThrows(IllegalArgumentException.class, () -> PolicyRegistry.withJars(List.of(jar)))
                .getMessage();
        assertTrue(m.startsWith("policy name: buddy from " + jar + " (expected: a name not already taken; buddy is a"
                + " built-in policy)"), m);
        final Path other = PluginJar.build(dir, "same.jar", Map.of("FirstFit", PluginJar.FIRST_FIT,
                "Mine", PluginJar.provider("Mine", "mine", true)), List.of("Mine"));
        final Path again = PluginJar.build(dir, "again.jar", Map.of("FirstFit", PluginJar.FIRST_FIT,
                "Mine", PluginJar.provider("Mine", "mine", true)), List.of("Mine"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PolicyRegistry.withJars(List.of(other, again)))
                .getMessage().startsWith("policy name: mine from " + again + " (expected: a name not already taken;"
                        + " mine comes from " + other + ")"));
        assertEquals(List.of("mine"), PolicyRegistry.withJars(List.of(other, other.getParent().resolve(".")
                .resolve(other.getFileName()))).pluginNames(), "one jar under two spellings is loaded once");
    }

    @Test
    void badName_isRefused() throws Exception {
        final Path jar = PluginJar.build(dir, "bad.jar", Map.of("FirstFit", PluginJar.FIRST_FIT,
                "Upper", PluginJar.provider("Upper", "Upper Case", true)), List.of("Upper"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PolicyRegistry.withJars(List.of(jar)))
                .getMessage().startsWith("policy name of demo.Upper: Upper Case (expected: 1-32 of a-z"));
    }
}
