package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swaplayer.testkit.PluginJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plug-in jars through the verbs, as a user runs them: a jar built at test time ({@link PluginJar}) and
 * passed with {@code --jar}, its policy named with {@code --policy}.
 */
class PluginJarTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    /** A thread-safe first-fit policy, {@code firstfit}. */
    private static Path firstFit;

    @BeforeAll
    static void buildJars() throws Exception {
        firstFit = PluginJar.build(dir, "firstfit.jar", Map.of("FirstFit", PluginJar.FIRST_FIT,
                "FirstFitProvider", PluginJar.provider("FirstFitProvider", "firstfit", true)),
                List.of("FirstFitProvider"));
    }

    @Test
    void simulate_pluginPolicy_runsAndIsReported() throws Exception {
        final CliRun r = CliRun.of("simulate", "--mode", "a", "--iterations", "2", "--policy", "buddy,firstfit",
                "--jar", firstFit.toString(), "--json");
        r.assertOk();
        final JsonNode o = JSON.readTree(r.out());
        assertEquals(2, o.get("policies").size());
        assertEquals("firstfit", o.get("policies").get(1).get("policy").asText());
        assertTrue(o.get("policies").get(1).get("phases").size() > 0);
        final CliRun table = CliRun.of("simulate", "--iterations", "2", "--policy", "all", "--jar",
                firstFit.toString());
        table.assertOk();
        for (final String mode : List.of("none", "-a", "-s", "-as")) {
            assertEquals(1, table.out().lines().filter(l -> l.matches(mode + " +firstfit .*")).count(),
                    table.out());
        }
    }

    @Test
    void simulate_aPluginThatThrows_isOneLineNamingItsJarAndFrame_exitOne() throws Exception {
        final Path throwing = PluginJar.build(dir, "throwing.jar", Map.of("FirstFit", PluginJar.FIRST_FIT,
                "Throwing", """
                        package demo;

                        import dev.swaplayer.allocator.ForwardingSlotAllocator;
                        import dev.swaplayer.spec.Geometry;

                        public final class Throwing extends ForwardingSlotAllocator<FirstFit> {
                            private int calls;
                            private final String nothing = null;

                            public Throwing(int type, Geometry geometry) { super(new FirstFit(type, geometry)); }

                            @Override
                            public long allocate(int order) {
                                if (++calls > 50) {
                                    return nothing.length();
                                }
                                return super.allocate(order);
                            }
                        }
                        """,
                "ThrowingProvider", PluginJar.provider("ThrowingProvider", "throwing", false)
                        .replace("new FirstFit(type, geometry)", "new Throwing(type, geometry)")),
                List.of("ThrowingProvider"));
        for (final String device : List.of("none", "zram")) {
            final CliRun r = device.equals("none")
                    ? CliRun.of("simulate", "--mode", "none", "--iterations", "1", "--policy", "throwing", "--jar",
                            throwing.toString())
                    : CliRun.of("simulate", "--mode", "none", "--iterations", "1", "--policy", "throwing", "--jar",
                            throwing.toString(), "--device", device);
            assertEquals(ExitCode.CHECK_FAILED, r.code(), r.err());
            final long lines = r.err().lines().filter(l -> !l.isBlank() && !l.startsWith("swaplayer simulate: ["))
                    .count();
            assertEquals(1, lines, r.err());
            assertTrue(r.err().contains("swaplayer simulate: policy throwing (throwing.jar): its allocator threw "
                    + "java.lang.NullPointerException"), r.err());
            assertTrue(r.err().contains(" at demo.Throwing.allocate(Throwing.java:"), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void simulate_aPluginWithoutSwapCounts_runsThroughADevice() {
        final CliRun r = CliRun.of("simulate", "--mode", "a", "--iterations", "2", "--policy", "firstfit", "--jar",
                firstFit.toString(), "--device", "zram", "--verify-data");
        r.assertOk();
        assertTrue(r.out().lines().anyMatch(l -> l.matches("-a firstfit +\\d+ .* 0 .*")), r.out());
    }

    /**
     * A plug-in whose allocate returns an entry off its device, or recurses without end, stops the run at that
     * call: one line naming the policy, its jar and the call or frame, exit 1 (a failed check, not bad input).
     */
    @Test
    void simulate_aPluginThatReturnsGarbageOrOverflows_isOneLineNamingThePolicy_exitOne() throws Exception {
        final String allocate = "public synchronized long allocate(int order) {";
        final Path garbage = PluginJar.build(dir, "garbage.jar", Map.of("FirstFit", PluginJar.FIRST_FIT.replace(
                allocate, allocate + "\n if (order > 0) { return SwapEntry.of(type, geometry.totalSlots() + 7); }"),
                "GarbageProvider", PluginJar.provider("GarbageProvider", "garbage", false)),
                List.of("GarbageProvider"));
        final CliRun g = CliRun.of("simulate", "--mode", "a", "--iterations", "1", "--policy", "garbage", "--jar",
                garbage.toString());
        assertEquals(ExitCode.CHECK_FAILED, g.code(), g.err());
        assertEquals("swaplayer simulate: policy garbage (garbage.jar): allocate(4): swp(0:0x4007) (expected: NONE"
                + " or a slot entry of device type 0 with offset 1..16368 for a run of 16 slots); a bug in the plug-in",
                g.err().strip());
        final Path deep = PluginJar.build(dir, "deep.jar", Map.of("FirstFit", PluginJar.FIRST_FIT.replace(
                allocate, "private long deep(long n) { return n < 0 ? n : deep(n + 1) + 1; }\n" + allocate
                        + "\n if (inUse > 100) { return deep(0); }"),
                "DeepProvider", PluginJar.provider("DeepProvider", "deep", false)), List.of("DeepProvider"));
        final CliRun d = CliRun.of("simulate", "--mode", "a", "--iterations", "1", "--policy", "deep", "--jar",
                deep.toString());
        assertEquals(ExitCode.CHECK_FAILED, d.code(), d.err());
        assertTrue(d.err().startsWith("swaplayer simulate: policy deep (deep.jar): its allocator threw "
                + "java.lang.StackOverflowError at demo.FirstFit.deep(FirstFit.java:"), d.err());
        assertFalse(d.err().contains("\tat "), "no stack trace: " + d.err());
    }

    @Test
    void simulate_pluginNameWithoutItsJar_isAUserError() {
        CliRun.of("simulate", "--policy", "firstfit").assertUserError("--policy: firstfit (expected: legacy, cluster,"
                + " buddy, compound, bestfit, cluster-612-slots, cluster-72 or all; a plug-in's name needs its --jar)");
    }

    @Test
    void replay_pluginPolicy_runs() throws Exception {
        final Path script = Files.writeString(dir.resolve("s.swl"), """
                swaplayer-workload 1
                swap 64 cluster 16
                region a 32 folio-order 2
                phase fill
                write a 0 32
                pageout a
                """);
        final CliRun r = CliRun.of("replay", "--script", script.toString(), "--policy", "firstfit", "--jar",
                firstFit.toString());
        r.assertOk();
        assertTrue(r.out().contains("firstfit"), r.out());
    }

    @Test
    void stress_takesAThreadSafePlugin_andAllIncludesIt() throws Exception {
        final CliRun one = CliRun.of("stress", "--policy", "firstfit", "--jar", firstFit.toString(), "--threads", "2",
                "--ops", "5000", "--json");
        one.assertOk();
        final JsonNode o = JSON.readTree(one.out());
        assertEquals("firstfit", o.get("policy").asText());
        assertEquals(0, o.get("lost").asLong());
        assertEquals(0, o.get("duplicated").asLong());
        final CliRun all = CliRun.of("stress", "--jar", firstFit.toString(), "--threads", "2", "--ops", "2000");
        all.assertOk();
        for (final String p : List.of("cluster", "buddy", "compound", "firstfit")) {
            assertTrue(all.out().lines().anyMatch(l -> l.startsWith(p + " ") && l.endsWith("ok")), all.out());
        }
        assertTrue(all.out().lines().noneMatch(l -> l.startsWith("legacy ")), all.out());
    }

    @Test
    void stress_pluginThatIsNotThreadSafe_oneThreadOnly() throws Exception {
        final Path confined = PluginJar.build(dir, "confined.jar", Map.of("FirstFit", PluginJar.FIRST_FIT,
                "Confined", PluginJar.provider("Confined", "confined", false)), List.of("Confined"));
        CliRun.of("stress", "--policy", "confined", "--jar", confined.toString(), "--threads", "2")
                .assertUserError("swaplayer stress: --threads: 2 (expected: 1; confined is single-threaded: its"
                        + " provider does not say threadSafe())");
        CliRun.of("stress", "--policy", "confined", "--jar", confined.toString(), "--threads", "1", "--ops", "2000")
                .assertOk();
    }

    @Test
    void providerThatThrowsInItsConstructor_isOneLineAndExit2() throws Exception {
        // CHECKSTYLE.OFF: InlineQualifiedName (a plug-in's source, in a text block)
        final Path jar = PluginJar.build(dir, "throws.jar", Map.of("Broken", """
                package demo;

                public final class Broken implements dev.swaplayer.allocator.AllocatorProvider {
                    public Broken() {
                        throw new IllegalStateException("no licence\\nsecond line");
                    }
                    public String name() { return "broken"; }
                    public dev.swaplayer.allocator.SlotAllocator create(int type,
                            dev.swaplayer.spec.Geometry geometry) { return null; }
                }
                """), List.of("Broken"));
        // CHECKSTYLE.ON: InlineQualifiedName
        for (final String verb : List.of("simulate", "stress")) {
            final CliRun r = CliRun.of(verb, "--policy", "buddy", "--jar", jar.toString());
            r.assertUserError("swaplayer " + verb + ": --jar: " + jar + " (expected: providers that load; ");
            assertTrue(r.err().contains("no licence"), r.err());
        }
    }

    @Test
    void verify_withAJarAndNoPolicy_verifiesTheJarsPolicies_notTheBuiltInOnes() {
        // the test plug-in is not checked for a device type in its free, so exhaustive fails it: only who ran matters
        final CliRun r = CliRun.of("verify", "--jar", firstFit.toString(), "--check", "exhaustive", "--seed", "1");
        assertEquals(List.of("verify firstfit (quick, seed 1): only exhaustive"),
                r.out().lines().filter(l -> l.startsWith("verify ")).toList(), r.out());
    }

    @Test
    void providerWithoutANoArgumentConstructor_isNamedInWords() throws Exception {
        // CHECKSTYLE.OFF: InlineQualifiedName (a plug-in's source, in a text block)
        final Path jar = PluginJar.build(dir, "noctor.jar", Map.of("NoCtor", """
                package demo;

                public final class NoCtor implements dev.swaplayer.allocator.AllocatorProvider {
                    public NoCtor(int size) {
                    }
                    public String name() { return "noctor"; }
                    public dev.swaplayer.allocator.SlotAllocator create(int type,
                            dev.swaplayer.spec.Geometry geometry) { return null; }
                }
                """), List.of("NoCtor"));
        // CHECKSTYLE.ON: InlineQualifiedName
        CliRun.of("verify", "--jar", jar.toString()).assertUserError("swaplayer verify: --jar: " + jar + " (expected:"
                + " providers that load; demo.NoCtor has no public constructor without arguments, which the service"
                + " loader needs to make a provider)");
    }

    @Test
    void providerWhoseCreateReturnsNull_isSaidToReturnNull() throws Exception {
        // CHECKSTYLE.OFF: InlineQualifiedName (a plug-in's source, in a text block)
        final Path jar = PluginJar.build(dir, "null.jar", Map.of("Nothing", """
                package demo;

                public final class Nothing implements dev.swaplayer.allocator.AllocatorProvider {
                    public String name() { return "nothing"; }
                    public dev.swaplayer.allocator.SlotAllocator create(int type,
                            dev.swaplayer.spec.Geometry geometry) { return null; }
                }
                """), List.of("Nothing"));
        // CHECKSTYLE.ON: InlineQualifiedName
        CliRun.of("verify", "--jar", jar.toString()).assertUserError("swaplayer verify: --policy: nothing (expected:"
                + " a provider that builds an allocator for Geometry(slots=1024, cluster=64, orders=0..4); its create"
                + " returned null)");
    }

    @Test
    void providerWhoseCreateThrows_isOneLineAndExit2() throws Exception {
        // CHECKSTYLE.OFF: InlineQualifiedName (a plug-in's source, in a text block)
        final Path jar = PluginJar.build(dir, "create.jar", Map.of("Failing", """
                package demo;

                public final class Failing implements dev.swaplayer.allocator.AllocatorProvider {
                    public String name() { return "failing"; }
                    public dev.swaplayer.allocator.SlotAllocator create(int type,
                            dev.swaplayer.spec.Geometry geometry) {
                        throw new UnsupportedOperationException("not today");
                    }
                    public boolean threadSafe() { return true; }
                }
                """), List.of("Failing"));
        // CHECKSTYLE.ON: InlineQualifiedName
        CliRun.of("simulate", "--policy", "failing", "--jar", jar.toString()).assertUserError(
                "swaplayer simulate: --policy: failing (" + jar + ") (expected: a provider that builds an allocator;"
                        + " it threw java.lang.UnsupportedOperationException: not today)");
        CliRun.of("stress", "--policy", "failing", "--jar", jar.toString()).assertUserError(
                "swaplayer stress: --policy: failing (" + jar + ")");
    }

    @Test
    void aDirectoryAsAJar_isNamedAsADirectory_byEveryVerbWithJar() throws Exception {
        final Path d = Files.createDirectories(dir.resolve("plugins"));
        final String expected = "--jar: " + d + " (expected: a jar file, not a directory)";
        CliRun.of("simulate", "--jar", d.toString()).assertUserError("swaplayer simulate: " + expected);
        CliRun.of("stress", "--jar", d.toString()).assertUserError("swaplayer stress: " + expected);
        CliRun.of("verify", "--policy", "buddy", "--jar", d.toString()).assertUserError("swaplayer verify: "
                + expected);
        final Path script = Files.writeString(dir.resolve("dir-jar.swl"), "swaplayer-workload 1\nswap 64\n");
        CliRun.of("replay", "--script", script.toString(), "--jar", d.toString()).assertUserError(
                "swaplayer replay: " + expected);
    }

    @Test
    void badJars_areOneLineAndExit2() throws Exception {
        final Path missing = dir.resolve("missing.jar");
        CliRun.of("simulate", "--jar", missing.toString()).assertUserError(
                "swaplayer simulate: --jar: " + missing + " (expected: a readable jar file)");
        final Path text = Files.writeString(dir.resolve("text.jar"), "not a zip");
        CliRun.of("replay", "--script", text.toString(), "--jar", text.toString()).assertUserError(
                "swaplayer replay: --jar: " + text + " (expected: a jar (zip) file)");
        final Path empty = PluginJar.build(dir, "empty.jar", Map.of("FirstFit", PluginJar.FIRST_FIT), List.of());
        CliRun.of("stress", "--jar", empty.toString()).assertUserError("swaplayer stress: --jar: " + empty
                + " (expected: a jar that names an AllocatorProvider in " + PluginJar.SERVICE + ")");
    }

    @Test
    void help_listsTheBuiltInNamesAndJar() {
        for (final String verb : List.of("simulate", "replay", "stress")) {
            final CliRun r = CliRun.of(verb, "--help");
            assertEquals(ExitCode.OK, r.code());
            final String flat = r.out().replaceAll("\\s+", " ");
            assertTrue(flat.contains("--policy=P legacy, cluster, buddy, compound, bestfit, cluster-612-slots,"
                    + " cluster-72, a plug-in's name (with --jar)"), r.out());
            assertTrue(flat.contains("--jar=FILE a plug-in jar"), r.out());
        }
    }
}
