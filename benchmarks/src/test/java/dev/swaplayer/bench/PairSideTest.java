package dev.swaplayer.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntToLongFunction;
import java.util.function.LongBinaryOperator;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two sides of a pair are separate classes with the same workload, named by the pair.
 *
 * <p>Thread safety: each test builds its own sides on JUnit's one thread, except the two-thread test, which starts two
 * threads that step one shared side, each on its own share, and joins them before it asserts.
 */
class PairSideTest {
    @Test
    void eachSideHasItsOwnCopyOfTheAllocatorClasses() throws Exception {
        final IntToLongFunction locked = PairSide.isolated("buddy", "order0", null);
        final IntToLongFunction unlocked = PairSide.isolated("buddy_unlocked", "order0", null);
        assertTrue(locked.getClass().getClassLoader() instanceof IsolatingLoader);
        assertNotSame(locked.getClass(), unlocked.getClass(), "one class per side");
        assertNotSame(PairSide.class, locked.getClass());
        final ClassLoader l = locked.getClass().getClassLoader();
        assertNotSame(Class.forName("dev.swaplayer.allocator.BuddyAllocator", false, l),
                Class.forName("dev.swaplayer.allocator.BuddyAllocator", false, unlocked.getClass().getClassLoader()));
        assertEquals(Object.class, Class.forName("java.lang.Object", false, l), "the JDK is shared");
    }

    @Test
    void bothSidesRunTheSameStepsToTheSameHandles() throws Exception {
        for (final String stream : new String[] {"order0", "mixed"}) {
            final IntToLongFunction locked = PairSide.isolated("cluster", stream, null);
            final IntToLongFunction unlocked = PairSide.isolated("cluster_unlocked", stream, null);
            for (int batch = 0; batch < 3; batch++) {
                assertEquals(unlocked.applyAsLong(1000), locked.applyAsLong(1000), stream + " batch " + batch);
            }
        }
    }

    @Test
    void aPairNamesItsMeasuredSideAndItsBaseline() {
        assertEquals(new PairBench.Sides("buddy", "buddy_unlocked", null), PairBench.sides("buddy_vs_unlocked"));
        assertEquals(new PairBench.Sides("cluster", "cluster_unlocked", null), PairBench.sides("cluster_vs_unlocked"));
        assertEquals(new PairBench.Sides("buddy", "bestfit", null), PairBench.sides("buddy_vs_bestfit"));
        assertEquals(new PairBench.Sides("buddy", "cluster", null), PairBench.sides("buddy_vs_cluster"));
        assertEquals(new PairBench.Sides("compound", "cluster", null), PairBench.sides("compound_vs_cluster"));
        assertEquals(new PairBench.Sides("buddy", "bitmap", null), PairBench.sides("buddy_vs_bitmap"));
        assertEquals(new PairBench.Sides("compound", "compound", Path.of("/tmp/old_vs_new.jar")),
                PairBench.sides("compound_vs_compound@/tmp/old_vs_new.jar"));
        for (final String bad : new String[] {"buddy", "legacy_vs_unlocked", "cluster_vs_bestfit",
            "buddy_vs_cluster@old.jar", "buddy_vs_buddy@", "_vs_@old.jar", "buddy_vs_unlocked@old.jar",
            "compound_vs_unlocked", "cluster_vs_cluster", "legacy_vs_cluster", "buddy_vs_legacy"}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PairBench.sides(bad));
            assertTrue(e.getMessage().startsWith("pair: " + bad + " (expected: "), e.getMessage());
        }
    }

    @Test
    void aOneThreadSideStepsTheSameThroughEitherEntryPoint() {
        final PairSide byInt = new PairSide("buddy", "mixed");
        final PairSide byThread = new PairSide("buddy", "mixed", 1);
        for (int batch = 0; batch < 3; batch++) {
            assertEquals(byInt.applyAsLong(1000), byThread.applyAsLong(0L, 1000L), "batch " + batch);
        }
    }

    @Test
    void twoThreadsStepOneSharedSideEachOnItsOwnShare() throws Exception {
        final LongBinaryOperator shared = PairSide.isolatedShared("buddy", "order4", 2);
        assertTrue(shared.getClass().getClassLoader() instanceof IsolatingLoader);
        final long[] sums = new long[2];
        final Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            final int index = t;
            threads[t] = new Thread(() -> {
                for (int batch = 0; batch < 20; batch++) {
                    sums[index] += shared.applyAsLong(index, 256);
                }
            });
            threads[t].start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        // a failed allocation returns 0: sums of 5120 handles each, none failing, are far from 0
        assertTrue(sums[0] > 5120 && sums[1] > 5120, sums[0] + " " + sums[1]);
        assertEquals(new PairBench.Sides("compound", "cluster", null), TwoThreadPairBench.sides("compound_vs_cluster"));
        for (final String bad : new String[] {"buddy_vs_unlocked", "buddy_vs_bitmap", "buddy_vs_bestfit"}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TwoThreadPairBench.sides(bad));
            assertTrue(e.getMessage().startsWith("pair: " + bad + " (expected: buddy_vs_cluster, compound_vs_cluster"),
                    e.getMessage());
        }
    }

    @Test
    void aSideFromAnotherBuildsJarRunsThatBuildsClasses(@TempDir final Path dir) throws Exception {
        // a copy of this build as "another build": the same classes, so the same handles as this build's side
        final Path copy = jarOfThisBuild(dir.resolve("copy.jar"), name -> true);
        final IntToLongFunction ours = PairSide.isolated("buddy", "mixed", null);
        final IntToLongFunction theirs = PairSide.isolated("buddy", "mixed", copy);
        final ClassLoader l = theirs.getClass().getClassLoader();
        assertTrue(l instanceof IsolatingLoader, l.toString());
        assertNotSame(ours.getClass(), theirs.getClass());
        assertEquals(l, Class.forName("dev.swaplayer.allocator.BuddyAllocator", false, l).getClassLoader());
        for (int batch = 0; batch < 3; batch++) {
            assertEquals(ours.applyAsLong(1000), theirs.applyAsLong(1000), "batch " + batch);
        }
        // the classes come from the jar, not from this build's class path: a jar without the allocator fails
        final Path noBuddy = jarOfThisBuild(dir.resolve("nobuddy.jar"),
                name -> !name.startsWith("dev/swaplayer/allocator/BuddyAllocator"));
        final Throwable missing = assertThrows(InvocationTargetException.class,
                () -> PairSide.isolated("buddy", "order0", noBuddy)).getCause();
        assertTrue(String.valueOf(missing).contains("dev/swaplayer/allocator/BuddyAllocator")
                || String.valueOf(missing).contains("dev.swaplayer.allocator.BuddyAllocator"), String.valueOf(missing));
        // and so do the service files that name the policies: without them the registry knows none
        final Path noServices = jarOfThisBuild(dir.resolve("noservices.jar"), name -> !name.startsWith("META-INF"));
        final Throwable unknown = assertThrows(InvocationTargetException.class,
                () -> PairSide.isolated("buddy", "order0", noServices)).getCause();
        assertTrue(unknown instanceof IllegalArgumentException && unknown.getMessage().contains("buddy"),
                String.valueOf(unknown));
    }

    @Test
    void aJarToMeasureAgainstMustBeABenchJar(@TempDir final Path dir) throws Exception {
        final String expected = " (expected: another build's benchmarks/target/swaplayer-bench.jar)";
        final Path missing = dir.resolve("none.jar");
        assertEquals("--against: " + missing + expected, AgainstBuild.problem(missing));
        final Path text = Files.writeString(dir.resolve("text.jar"), "not a zip");
        assertTrue(AgainstBuild.problem(text).startsWith("--against: " + text + ": not a jar ("),
                AgainstBuild.problem(text));
        final Path noSide = jarOfThisBuild(dir.resolve("noside.jar"), name -> !name.contains("PairSide"));
        assertEquals("--against: " + noSide + ": no dev/swaplayer/bench/PairSide.class" + expected,
                AgainstBuild.problem(noSide));
        final Path good = jarOfThisBuild(dir.resolve("good.jar"), name -> true);
        assertEquals(null, AgainstBuild.problem(good));
        assertArrayEquals(new String[] {"buddy_vs_buddy@" + good.toAbsolutePath(),
            "compound_vs_compound@" + good.toAbsolutePath(), "cluster_vs_cluster@" + good.toAbsolutePath()},
                AgainstBuild.pairs(good));
    }

    /**
     * Writes a jar of this build's swaplayer classes and service files (from the test class path, directories and
     * jars), those whose entry name passes the filter.
     */
    static Path jarOfThisBuild(final Path jar, final Predicate<String> keep) throws IOException {
        final Set<String> written = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator, -1)) {
                final Path p = Path.of(entry);
                if (Files.isDirectory(p)) {
                    try (Stream<Path> files = Files.walk(p)) {
                        for (final Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                            final String name = p.relativize(f).toString().replace(File.separatorChar, '/');
                            try (InputStream in = Files.newInputStream(f)) {
                                copy(out, name, in, keep, written);
                            }
                        }
                    }
                } else if (p.toString().endsWith(".jar") && Files.isRegularFile(p)) {
                    try (JarFile j = new JarFile(p.toFile())) {
                        for (final JarEntry e : (Iterable<JarEntry>) j.stream()::iterator) {
                            try (InputStream in = j.getInputStream(e)) {
                                copy(out, e.getName(), in, keep, written);
                            }
                        }
                    }
                }
            }
        }
        return jar;
    }

    private static void copy(final JarOutputStream out, final String name, final InputStream in,
            final Predicate<String> keep, final Set<String> written) throws IOException {
        final boolean own = (name.startsWith("dev/swaplayer/") && name.endsWith(".class"))
                || name.startsWith("META-INF/services/dev.swaplayer.");
        if (own && keep.test(name) && written.add(name)) {
            out.putNextEntry(new JarEntry(name));
            in.transferTo((OutputStream) out);
            out.closeEntry();
        }
    }
}
