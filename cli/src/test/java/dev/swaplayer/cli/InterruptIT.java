package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.swaplayer.device.FileSwapDevice;
import dev.swaplayer.testkit.PluginJar;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) and SIGTERM in the middle of a real {@code swaplayer} process leave no file behind: the
 * temporary swap file of {@code simulate}/{@code replay --device file}, the half-written swap file of
 * {@code device create}, whose target must not exist afterwards (so that a re-run works), and the half-written
 * script of {@code simulate --emit-script}.
 *
 * <p>Thread safety: each test runs on JUnit's one thread; the {@code swaplayer} processes it starts are separate JVMs
 * that share only its temporary directories, and it waits for each to end (at most 120 s) before it asserts.
 *
 * <p>Runs in the integration-test phase against the shaded jar (system property {@code swaplayer.jar}, set by
 * cli/pom.xml); run alone with {@code -Dtest=InterruptIT} in the test phase, it starts the same main class
 * from this JVM's class path instead. Either way it is a separate JVM that receives a real signal.
 * The process must end by the signal (exit 128 + signal number), or the test proves nothing. A plug-in's own
 * {@code System.exit} is the one exit that must not keep its code ({@link PluginExitGuard}).
 */
class InterruptIT {
    private static final int SIGINT_EXIT = 130;
    private static final int SIGTERM_EXIT = 143;
    private static final long WAIT_SECONDS = 120;

    @TempDir
    Path tmp;

    @TempDir
    Path work;

    @TempDir
    Path logs;

    @Test
    void simulateDeviceFile_sigint_leavesNoTemporarySwapFile() throws Exception {
        final Process p = start(List.of("simulate", "--device", "file", "--quiet"));
        awaitFile(p, tmp);
        signal(p, "INT");
        assertEquals(SIGINT_EXIT, exit(p), "ended by SIGINT");
        assertEquals(List.of(), files(tmp), "left in java.io.tmpdir");
    }

    @Test
    void replayDeviceFile_sigterm_leavesNoTemporarySwapFile() throws Exception {
        final Path script = work.resolve("w.script");
        final Process emit = start(List.of("simulate", "--mode", "as", "--emit-script", script.toString()));
        assertEquals(0, exit(emit), "emit-script");
        final Process p = start(List.of("replay", "--script", script.toString(), "--device", "file", "--quiet"));
        awaitFile(p, tmp);
        p.destroy(); // SIGTERM
        assertEquals(SIGTERM_EXIT, exit(p), "ended by SIGTERM");
        assertEquals(List.of(), files(tmp), "left in java.io.tmpdir");
    }

    /** A script of 20,000 iterations takes seconds to write (400 MB): the signal comes while it is written. */
    @Test
    void emitScript_sigint_leavesNeitherScriptNorTemporaryFile() throws Exception {
        final Path script = work.resolve("w.script");
        final Process p = start(List.of("simulate", "--mode", "as", "--iterations", "20000", "--emit-script",
                script.toString()));
        awaitFile(p, work);
        signal(p, "INT");
        assertEquals(SIGINT_EXIT, exit(p), "ended by SIGINT");
        assertEquals(List.of(), files(work), "left beside the script");
    }

    @Test
    void deviceCreate_sigint_leavesNeitherTargetNorTemporaryFile_andARerunWorks() throws Exception {
        final Path target = work.resolve("big.swap");
        final Process p = start(List.of("device", "create", target.toString(), "--size", "4G"));
        awaitFile(p, work);
        signal(p, "INT");
        assertEquals(SIGINT_EXIT, exit(p), "ended by SIGINT");
        assertFalse(Files.exists(target), "the target does not exist");
        assertEquals(List.of(), files(work), "left beside the target");
        final Process again = start(List.of("device", "create", target.toString(), "--size", "64K"));
        assertEquals(0, exit(again), "a re-run creates the file");
        try (FileSwapDevice d = FileSwapDevice.open(target)) {
            assertEquals(16, d.capacity());
        }
        assertEquals(List.of(target), files(work), "only the target, no temporary file");
    }

    /**
     * A plug-in that calls {@code System.exit(0)} in the middle of {@code verify} must not end the run with exit
     * 0, which a CI gate would read as a pass: the run ends with exit 1 and names the plug-in's frame.
     */
    @Test
    void aPluginsSystemExit_endsTheRunWithExitOne() throws Exception {
        final String allocate = "public synchronized long allocate(int order) {";
        final Path jar = PluginJar.build(work, "exiting.jar", Map.of("FirstFit", PluginJar.FIRST_FIT
                .replace(allocate, allocate + "\n        if (order > 0) { System.exit(0); }"),
                "ExitingProvider", PluginJar.provider("ExitingProvider", "exiting", false)),
                List.of("ExitingProvider"));
        final Process p = start(List.of("verify", "--policy", "exiting", "--jar", jar.toString(),
                "--no-fragmentation"));
        assertEquals(ExitCode.CHECK_FAILED, exit(p), "a plug-in's exit(0) is not a pass");
        final String log = Files.readString(logs.resolve("swaplayer.log"));
        assertTrue(log.contains("swaplayer verify: the plug-in in exiting.jar called System.exit at "
                + "demo.FirstFit.allocate("), log);
    }

    /**
     * Starts swaplayer in its own JVM with {@code java.io.tmpdir} in {@link #tmp}; output goes to files. SIGINT
     * is reset to its default first ({@code env --default-signal=INT}, coreutils): a build started in the
     * background by a non-interactive shell runs with SIGINT ignored, the child would inherit that, and the JVM
     * leaves an ignored SIGINT ignored. A user at a terminal has it at its default, which is what this tests.
     */
    private Process start(final List<String> args) throws IOException {
        final List<String> cmd = new ArrayList<>();
        cmd.add("env");
        cmd.add("--default-signal=INT");
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.io.tmpdir=" + tmp);
        final String jar = System.getProperty("swaplayer.jar");
        if (jar != null && !jar.isEmpty()) {
            assertTrue(Files.isRegularFile(Path.of(jar)), "swaplayer.jar: " + jar + " (expected: the built jar)");
            cmd.add("-jar");
            cmd.add(jar);
        } else {
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Main.class.getName());
        }
        cmd.addAll(args);
        final File log = logs.resolve("swaplayer.log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    /** Waits until some regular file exists under {@code dir} while the process still runs. */
    private static void awaitFile(final Process p, final Path dir) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!filesWhileWritten(dir).isEmpty()) {
                assertTrue(p.isAlive(), "the process still runs when its file appears");
                return;
            }
            if (!p.isAlive()) {
                fail("the process ended (exit " + p.exitValue() + ") before any file appeared under " + dir);
            }
            Thread.sleep(10);
        }
        p.destroyForcibly();
        fail("no file appeared under " + dir + " within " + WAIT_SECONDS + " s");
    }

    private static void signal(final Process p, final String sig) throws Exception {
        final Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + sig);
    }

    private static int exit(final Process p) throws InterruptedException {
        if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the process did not end within " + WAIT_SECONDS + " s");
        }
        return p.exitValue();
    }

    /**
     * {@link #files} while the process still writes: a file it makes and deletes again at once (the probe that a
     * directory is writable) can vanish between the walk's listing and its look at the file, which is no failure
     * but a walk to make again; the listing is then empty.
     */
    private static List<Path> filesWhileWritten(final Path dir) throws IOException {
        try {
            return files(dir);
        } catch (final UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return List.of();
            }
            throw e;
        }
    }

    /** @return every regular file under {@code dir}, and every directory left in it */
    private static List<Path> files(final Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> !f.equals(dir)).toList();
        }
    }
}
