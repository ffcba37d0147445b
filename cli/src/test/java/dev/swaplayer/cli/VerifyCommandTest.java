package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./swaplayer verify}: the README's plug-in, compiled from the README itself, passes; bad usage is one
 * line and exit 2.
 */
class VerifyCommandTest {
    private static final String MARKER = "<!-- plugin-example: example/MyPolicy.java -->";

    @TempDir
    Path dir;

    @Test
    void theReadmePluginCompilesAndPassesVerify() throws Exception {
        final Path jar = pluginJar(readmeExample(), "example.MyPolicy", "example/MyPolicy.java");
        final CliRun r = CliRun.of("verify", "--policy", "mypolicy", "--jar", jar.toString(), "--quick", "--seed", "1",
                "--no-fragmentation", "--json");
        assertEquals(ExitCode.OK, r.code(), r.out() + r.err());
        final JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals("mypolicy", o.get("policy").asText());
        assertEquals("pass", o.get("verdict").asText());
        final List<String> names = o.get("checks").findValuesAsText("name");
        assertEquals(List.of("properties", "completeness", "exhaustive", "stress", "linearizability", "swap-path"),
                names);
        assertEquals("skipped", o.get("checks").get(3).get("result").asText(), "not thread-safe: no stress");
        assertEquals("quick", o.get("depth").asText());
        assertEquals(1, o.get("seed").asLong());
        assertEquals("./swaplayer verify --policy mypolicy --jar " + jar + " --quick --seed 1 --no-fragmentation",
                o.get("rerun").asText(), "a passing run records how to repeat it");
    }

    @Test
    void theFilesOfOutSayWhatRanAndHowToRepeatIt() throws Exception {
        final Path out = dir.resolve("out");
        final CliRun ok = CliRun.of("verify", "--policy", "buddy", "--seed", "7", "--no-fragmentation", "--out",
                out.toString());
        assertEquals(ExitCode.OK, ok.code(), ok.out() + ok.err());
        final JsonNode o = new ObjectMapper().readTree(Files.readString(out.resolve("verify-buddy.json")));
        assertEquals(7, o.get("seed").asLong());
        assertEquals("quick", o.get("depth").asText());
        assertTrue(o.get("rerun").asText().endsWith(" --quick --seed 7 --no-fragmentation"), o.toString());
        final String text = Files.readString(out.resolve("verify-buddy.txt"));
        assertTrue(text.startsWith("verify buddy (quick, seed 7)\n  check            result   seconds  details\n"),
                text);
    }

    @Test
    void aFailedChecksReRunRunsThatCheckAloneAndFailsTheSameWay() throws Exception {
        final String src = "package bad; public class Lax implements dev.swaplayer.allocator.AllocatorProvider {"
                + " public String name() { return \"lax\"; }"
                + " public dev.swaplayer.allocator.SlotAllocator create(int t, dev.swaplayer.spec.Geometry g) {"
                + " return new dev.swaplayer.allocator.ForwardingSlotAllocator<>("
                + " new dev.swaplayer.allocator.BuddyAllocator(t, g)) {"
                + " @Override public void free(long e, long n) {" // a double free accepted: the planted defect
                + " try { delegate().free(e, n); } catch (IllegalStateException | IllegalArgumentException x) { } } };"
                + " } }";
        final Path jar = pluginJar(src, "bad.Lax", "bad/Lax.java");
        final CliRun first = CliRun.of("verify", "--policy", "lax", "--jar", jar.toString(), "--seed", "3", "--check",
                "swap-path,properties");
        assertEquals(ExitCode.CHECK_FAILED, first.code(), first.out() + first.err());
        final List<String> lines = first.out().lines().toList();
        assertEquals("verify lax (quick, seed 3): only properties, swap-path", lines.get(0));
        assertTrue(lines.get(2).startsWith("  properties       fail"), first.out());
        assertTrue(first.out().contains("  exhaustive       skipped      0.0  not selected: the run was limited to"
                + " properties, swap-path\n"), first.out());
        assertTrue(first.out().contains("  swap-path        pass"), first.out());
        assertTrue(!first.out().contains("fragmentation"), "no table with --check: " + first.out());
        final String rerun = lines.stream().filter(l -> l.startsWith("    re-run: ")).findFirst().orElseThrow()
                .substring("    re-run: ".length());
        assertEquals("./swaplayer verify --policy lax --jar " + jar + " --quick --seed 3 --check properties", rerun);
        final CliRun again = CliRun.of(rerun.substring("./swaplayer ".length()).split(" "));
        assertEquals(ExitCode.CHECK_FAILED, again.code(), again.out() + again.err());
        final String failure = lines.get(2).substring(lines.get(2).indexOf("fail") + 4).replaceAll("^ +[0-9.]+ ", "");
        assertTrue(again.out().contains(failure), "the same counterexample, alone: " + failure + "\n" + again.out());
    }

    @Test
    void repeatRunsTheRacyChecksAgain_saysSoInItsHeader_andKeepsItInTheReRun() {
        final CliRun run = CliRun.of("verify", "--policy", "buddy", "--seed", "4", "--check",
                "linearizability,swap-path", "--repeat", "2");
        assertEquals(ExitCode.OK, run.code(), run.out() + run.err());
        final List<String> lines = run.out().lines().toList();
        assertEquals("verify buddy (quick, seed 4): only linearizability, swap-path; linearizability up to 2 runs"
                + " until one fails", lines.get(0), "the header names the racy checks that run, not stress");
        assertTrue(run.out().matches("(?s).*\n  linearizability  pass +[0-9.]+  2 runs passed, each: 2,000 histories"
                + ".*"), run.out());
        assertTrue(run.out().matches("(?s).*\n  swap-path        pass +[0-9.]+  (?!2 runs).*"), "run once: "
                + run.out());
        final CliRun json = CliRun.of("verify", "--policy", "buddy", "--seed", "4", "--check",
                "linearizability,swap-path", "--repeat", "2", "--json");
        assertTrue(json.out().contains("\"rerun\":\"./swaplayer verify --policy buddy --quick --seed 4 --repeat 2"
                + " --check linearizability,swap-path\""), json.out());
        CliRun.of("verify", "--policy", "buddy", "--repeat", "0").assertUserError("--repeat: 0 (expected: 1..100000)");
    }

    /** The JSON says whether a failure is only incompleteness, which the verdict counts only when it is required. */
    @Test
    void anIncompleteness_isMarkedInTheJson_andFailsTheVerdictOnlyWhenRequired() throws Exception {
        final CliRun optional = CliRun.of("verify", "--policy", "cluster-72", "--seed", "1", "--check", "completeness",
                "--json");
        assertEquals(ExitCode.OK, optional.code(), optional.out() + optional.err());
        final JsonNode o = new ObjectMapper().readTree(optional.out());
        assertEquals("pass", o.get("verdict").asText());
        final JsonNode completeness = o.get("checks").get(1);
        assertEquals("completeness", completeness.get("name").asText());
        assertEquals("fail", completeness.get("result").asText());
        assertTrue(completeness.get("incomplete").asBoolean(), completeness.toString());
        assertFalse(o.get("checks").get(0).has("incomplete"), "only a failure says it");
        final CliRun required = CliRun.of("verify", "--policy", "cluster-72", "--seed", "1", "--check",
                "completeness", "--require", "complete", "--json");
        assertEquals(ExitCode.CHECK_FAILED, required.code(), required.out() + required.err());
        assertEquals("fail", new ObjectMapper().readTree(required.out()).get("verdict").asText());
    }

    /** A plug-in that passes every check but throws in the table's simulations still gets a whole report. */
    @Test
    void aPluginThatThrowsInTheFragmentationTable_failsItsVerdict_andKeepsItsReport() throws Exception {
        final String src = "package bad; public class Big implements dev.swaplayer.allocator.AllocatorProvider {"
                + " public String name() { return \"big\"; }"
                + " public dev.swaplayer.allocator.SlotAllocator create(int t, dev.swaplayer.spec.Geometry g) {"
                + " return new dev.swaplayer.allocator.ForwardingSlotAllocator<>("
                + " new dev.swaplayer.allocator.BuddyAllocator(t, g)) {"
                + " @Override public long allocate(int order) {" // planted: throws on the table's devices only
                + " if (geometry().totalSlots() > 4096 && geometry().clusterSlots() == 512)"
                + " throw new IllegalStateException(\"too large\");"
                + " return delegate().allocate(order); } }; } }";
        final Path jar = pluginJar(src, "bad.Big", "bad/Big.java");
        final CliRun run = CliRun.of("verify", "--policy", "big", "--jar", jar.toString(), "--seed", "5", "--json",
                "--out", dir.resolve("out").toString());
        assertEquals(ExitCode.CHECK_FAILED, run.code(), run.out() + run.err());
        final String fault = "workload thp-swap-test none, page swap-in: the plug-in in " + jar.getFileName()
                + " threw java.lang.IllegalStateException: too large at bad.Big$1.allocate(Big.java";
        assertTrue(run.out().contains("\"verdict\":\"fail\"") && run.out().contains("\"fragmentation_fault\":\""
                + fault), run.out());
        assertTrue(run.out().contains("\"name\":\"properties\",\"result\":\"pass\""), "the checks pass: " + run.out());
        final String text = Files.readString(dir.resolve("out").resolve("verify-big.txt"));
        assertTrue(text.contains("fragmentation: not drawn: " + fault) && text.contains("verdict big: fail"), text);
    }

    /** A run that could check nothing would pass: a CI gate limited to the racy checks must not go green that way. */
    @Test
    void onlyRacyChecksOnAPolicyThatIsNotThreadSafe_isAUsageError() {
        CliRun.of("verify", "--policy", "legacy", "--check", "stress,linearizability").assertUserError("swaplayer"
                + " verify: --check: stress,linearizability (expected: a check that runs on legacy; stress and"
                + " linearizability run only for a provider whose threadSafe() answers true, and legacy's does not:"
                + " nothing would be checked)");
    }

    /** --repeat with only checks it does not repeat would change nothing: said, rather than accepted silently. */
    @Test
    void repeatWithOnlyChecksThatRepeatTheirRunExactly_isAUsageError() {
        CliRun.of("verify", "--policy", "buddy", "--check", "exhaustive", "--repeat", "3").assertUserError("swaplayer"
                + " verify: --repeat: 3 (expected: 1 with --check exhaustive; --repeat runs stress and"
                + " linearizability again, and the other checks repeat their run exactly)");
    }

    @Test
    void anUnknownCheckIsAUsageErrorThatNamesTheNearest() {
        CliRun.of("verify", "--policy", "buddy", "--check", "properties,linearisability").assertUserError(
                "--check: properties,linearisability (expected: a comma-separated list of properties, completeness,"
                + " exhaustive, stress, linearizability, swap-path; did you mean linearizability?)");
    }

    @Test
    void aProviderThatThrowsIsAUsageError() throws Exception {
        final String src = "package bad; public class Throws implements dev.swaplayer.allocator.AllocatorProvider {"
                + " public String name() { return \"throws\"; }"
                + " public dev.swaplayer.allocator.SlotAllocator create(int t, dev.swaplayer.spec.Geometry g) {"
                + " throw new UnsupportedOperationException(\"not yet\"); } }";
        final Path jar = pluginJar(src, "bad.Throws", "bad/Throws.java");
        CliRun.of("verify", "--policy", "throws", "--jar", jar.toString()).assertUserError(
                "--policy: throws (expected: a provider that builds an allocator");
    }

    @Test
    void badUsageIsOneLine() throws IOException {
        CliRun.of("verify", "--policy", "slab").assertUserError("--policy: slab (expected: ");
        CliRun.of("verify", "--policy", "buddy", "--jar", dir.resolve("missing.jar").toString())
                .assertUserError("(expected: a readable jar file)");
        final Path notAJar = Files.writeString(dir.resolve("x.jar"), "not a zip");
        CliRun.of("verify", "--policy", "buddy", "--jar", notAJar.toString()).assertUserError("(expected: a jar");
        CliRun.of("verify", "--policy", "buddy", "--require", "fast").assertUserError("--require: fast (expected: "
                + "complete)");
        CliRun.of("verify", "--policy", "buddy", "--quick", "--full")
                .assertUsageError("--quick/--full: together (expected: one of them)");
    }

    static String readmeExample() throws IOException {
        final String readme = Files.readString(Path.of("..", "README.md"));
        final int at = readme.indexOf(MARKER);
        assertTrue(at >= 0, "the README names its plug-in example");
        final int start = readme.indexOf("```java\n", at) + "```java\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private Path pluginJar(final String source, final String provider, final String path) throws IOException {
        final Path src = dir.resolve("src").resolve(path);
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        final Path classes = Files.createDirectories(dir.resolve("classes"));
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final int rc = javac.run(null, null, null, "-cp", System.getProperty("java.class.path"), "-d",
                classes.toString(), src.toString());
        assertEquals(0, rc, "the plug-in compiles");
        final Path jar = dir.resolve(provider + ".jar");
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
            j.putNextEntry(new JarEntry("META-INF/services/dev.swaplayer.allocator.AllocatorProvider"));
            j.write((provider + "\n").getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> files = Files.walk(classes)) {
                for (final Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, j);
                }
            }
        }
        return jar;
    }
}
