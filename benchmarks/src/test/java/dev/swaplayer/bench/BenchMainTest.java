package dev.swaplayer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.testkit.PluginJar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad usage exits 2 with one line and a hint, before any benchmark runs.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and gets its own output buffers and temporary directory.
 */
class BenchMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args) {
        return BenchMain.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args).execute(args);
    }

    private String firstErrorLine() {
        return err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }

    @Test
    void anUnknownOptionExitsTwo() {
        assertEquals(2, run("--fast"));
        assertEquals("swaplayer bench: argument: --fast (expected: one of the options in --help)", firstErrorLine());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Try './swaplayer bench --help'."));
    }

    @Test
    void aMissingImageExitsTwo(@TempDir final Path dir) {
        final Path missing = dir.resolve("core.none");
        assertEquals(2, run("--quick", "--image", missing.toString(), "--out", dir.resolve("p.md").toString()));
        assertEquals("swaplayer bench: --image: " + missing + " (expected: a readable file)", firstErrorLine());
        assertTrue(!Files.exists(dir.resolve("p.md")), "nothing was written");
    }

    @Test
    void anImageSmallerThanOneFolioExitsTwo(@TempDir final Path dir) throws Exception {
        final Path small = Files.write(dir.resolve("core.small"), new byte[4096]);
        assertEquals(2, run("--image", small.toString(), "--out", dir.resolve("p.md").toString()));
        assertEquals("swaplayer bench: --image: " + small + " (expected: a file of at least 65536 bytes)",
                firstErrorLine());
    }

    @Test
    void aBadPluginJarExitsTwo(@TempDir final Path dir) throws Exception {
        final Path text = Files.writeString(dir.resolve("x.jar"), "not a zip");
        assertEquals(2, run("--quick", "--jar", text.toString(), "--out", dir.resolve("p.md").toString()));
        assertEquals("swaplayer bench: --jar: " + text.toAbsolutePath() + " (expected: a jar (zip) file)",
                firstErrorLine());
        assertTrue(!Files.exists(dir.resolve("p.md")), "nothing was written");
    }

    @Test
    void aPluginThatCannotBuildItsAllocatorExitsTwoBeforeAnythingRuns(@TempDir final Path dir) throws Exception {
        final Path jar = PluginJar.build(dir, "broken.jar", Map.of("FirstFit", PluginJar.FIRST_FIT,
                "BrokenProvider", PluginJar.provider("BrokenProvider", "broken", true)
                        .replace("return new FirstFit(type, geometry);", "throw new IllegalStateException(\"no\");")),
                List.of("BrokenProvider"));
        assertEquals(2, run("--jar", jar.toString(), "--out", dir.resolve("p.md").toString()));
        assertEquals("swaplayer bench: --policy: broken (" + jar + ") (expected: a provider that builds an allocator;"
                + " it threw java.lang.IllegalStateException: no)", firstErrorLine());
        assertTrue(!Files.exists(dir.resolve("p.md")), "nothing was written");
    }

    @Test
    void aPluginWhoseAllocatorThrowsAtItsFirstAllocationExitsTwo(@TempDir final Path dir) throws Exception {
        final Path jar = PluginJar.build(dir, "nofree.jar", Map.of("FirstFit", PluginJar.FIRST_FIT
                .replace("public synchronized long allocate(int order) {",
                        "public synchronized long allocate(int order) { if (order >= 0) throw new "
                        + "UnsupportedOperationException(\"later\");"),
                "NoFreeProvider", PluginJar.provider("NoFreeProvider", "nofree", true)), List.of("NoFreeProvider"));
        assertEquals(2, run("--jar", jar.toString(), "--out", dir.resolve("p.md").toString()));
        assertEquals("swaplayer bench: --jar: policy nofree (expected: an allocator of an empty device of 262144 slots"
                + " that takes allocate(0) and its free; it threw java.lang.UnsupportedOperationException: later)",
                firstErrorLine());
    }

    @Test
    void anOutputInAMissingDirectoryExitsTwo(@TempDir final Path dir) {
        final Path out = dir.resolve("no/such/dir/PERFORMANCE.md");
        assertEquals(2, run("--out", out.toString()));
        assertEquals("swaplayer bench: --out: " + out + " (expected: a file in an existing directory)",
                firstErrorLine());
    }

    @Test
    void anOptionWithoutItsValueExitsTwo() {
        assertEquals(2, run("--out"));
        assertEquals("swaplayer bench: --out: no value (expected: FILE)", firstErrorLine());
    }

    @Test
    void anOptionGivenTwiceOrAnEmptyPathExitsTwoInTheLaunchersShape() {
        assertEquals(2, run("--out", "a.md", "--out", "b.md"));
        assertEquals("swaplayer bench: --out: given twice (expected: once)", firstErrorLine());
        err.reset();
        assertEquals(2, run("--image", ""));
        assertEquals("swaplayer bench: --image: (empty) (expected: a path; . for the current directory)",
                firstErrorLine());
        err.reset();
        assertEquals(2, run("--quick=maybe"));
        assertEquals("swaplayer bench: --quick: maybe (expected: no value, true or false)", firstErrorLine());
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing measured");
    }

    /**
     * {@code ./swaplayer bench --help} prints the stored copy of the help without building the benchmark jar
     * (minutes on a first run); it must be what the command itself prints, with the name a user types.
     */
    @Test
    void help_isTheStoredCopyThatTheLauncherPrints() throws Exception {
        assertEquals(0, run("--help"));
        final String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("Usage: swaplayer bench "), help);
        final Path stored = Path.of(System.getProperty("user.dir"), "src", "main", "help", "bench-help.txt");
        assertEquals(Files.readString(stored, StandardCharsets.UTF_8), help,
                "regenerate " + stored + " from 'java -jar benchmarks/target/swaplayer-bench.jar --help'");
    }

    @Test
    void helpExitsZeroAndNamesEveryOption() {
        assertEquals(0, run("--help"));
        final String help = out.toString(StandardCharsets.UTF_8);
        for (final String o : new String[] {"--quick", "--json", "--out", "--image", "--locks", "--against"}) {
            assertTrue(help.contains(o), o + " in " + help);
        }
    }

    @Test
    void aJarToMeasureAgainstIsCheckedBeforeAnythingRuns(@TempDir final Path dir) throws Exception {
        final Path missing = dir.resolve("old.jar");
        assertEquals(2, run("--against", missing.toString()));
        assertEquals("swaplayer bench: --against: " + missing
                + " (expected: another build's benchmarks/target/swaplayer-bench.jar)", firstErrorLine());
        err.reset();
        final Path jar = PairSideTest.jarOfThisBuild(dir.resolve("copy.jar"), name -> true);
        assertEquals(2, run("--against", jar.toString(), "--locks"));
        assertEquals("swaplayer bench: --against: " + jar + " (expected: without --locks, --jar and --image)",
                firstErrorLine());
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing measured");
    }
}
