package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compile-time half of the lock discipline, shown to fail: ErrorProne's {@code GuardedBy} check (as the build
 * runs it) compiles {@code BuddyView}'s real source again, against the module's built classes, once as it stands
 * and once with the device lock taken out of {@code fragmentation()}, a planted defect. The first must compile
 * without a finding and the second must fail at the unguarded read, naming the lock: so the
 * {@code @GuardedBy("space.deviceLock")} notes are checked facts and the build would refuse the defect. The
 * {@code dev.swaplayer.allocator.core} package comment says what the check covers and what it cannot.
 *
 * <p>Thread safety: JUnit runs it on one thread; each test compiles on that thread into its own temporary directory.
 *
 * <p>Runs ErrorProne inside the test's JVM, which needs the compiler's internals opened (the module's surefire
 * {@code argLine}); not run under PIT, whose mutants are in the built classes, not in the source compiled here.
 */
class GuardedByCheckTest {
    private static final Path SOURCE = Path.of("src/main/java/dev/swaplayer/allocator/BuddyView.java");
    /** {@code fragmentation()}'s body as it stands: the device lock around the read of the block counts. */
    private static final String LOCKED = """
                    space.deviceLock.lock();
                    try {
                        return new Fragmentation(withHeld(space.blocks));
                    } finally {
                        space.deviceLock.unlock();
                    }
            """;
    /** The planted defect: the same read without the lock. */
    private static final String UNLOCKED = """
                    return new Fragmentation(withHeld(space.blocks));
            """;

    @Test
    void theSourceAsItStandsHasNoFinding(@TempDir final Path out) throws IOException {
        final List<Diagnostic<? extends JavaFileObject>> errors = compile(read(), out);
        assertEquals(List.of(), errors.stream().map(GuardedByCheckTest::describe).toList());
    }

    @Test
    void withoutTheDeviceLockTheBuildFailsAtTheUnguardedRead(@TempDir final Path out) throws IOException {
        final String source = read();
        final String planted = source.replace(LOCKED, UNLOCKED);
        assertNotEquals(source, planted, "fragmentation() no longer reads as the plant expects: update LOCKED");
        final List<Diagnostic<? extends JavaFileObject>> errors = compile(planted, out);
        assertEquals(1, errors.size(), () -> "one finding: " + errors.stream().map(GuardedByCheckTest::describe)
                .toList());
        final String message = errors.get(0).getMessage(Locale.ROOT);
        assertTrue(message.contains("[GuardedBy]") && message.contains("'this.space.deviceLock'")
                && message.contains("not currently held"), message);
        final long line = errors.get(0).getLineNumber();
        assertTrue(planted.lines().skip(line - 1).findFirst().orElseThrow().contains("space.blocks"),
                "the finding is at the read of the block counts, line " + line);
    }

    private static String read() throws IOException {
        return Files.readString(SOURCE, StandardCharsets.UTF_8);
    }

    /** Compiles one source file of this package as the build does (ErrorProne on), returning its errors. */
    private static List<Diagnostic<? extends JavaFileObject>> compile(final String source, final Path out)
            throws IOException {
        final Path dir = out.resolve("src/dev/swaplayer/allocator");
        Files.createDirectories(dir);
        final Path file = Files.writeString(dir.resolve("BuddyView.java"), source, StandardCharsets.UTF_8);
        final Path classes = Files.createDirectories(out.resolve("classes"));
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        final String classPath = System.getProperty("java.class.path");
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            final List<String> options = List.of("-d", classes.toString(), "-classpath", classPath,
                    "-processorpath", classPath, "-proc:none", "-XDcompilePolicy=simple",
                    "--should-stop=ifError=FLOW", "-Xplugin:ErrorProne");
            javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(file)).call();
        }
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
    }

    private static String describe(final Diagnostic<? extends JavaFileObject> d) {
        return "line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT);
    }
}
