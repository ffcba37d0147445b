package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./swaplayer} launcher itself, run as a user runs it from the repository root.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    /** The flag that keeps the message and stack of an exception the JIT would otherwise throw preallocated. */
    private static final String STACKS = "-XX:-OmitStackTraceInFastThrow";
    /** The launcher's path as started (here absolute), for the re-run lines the tool prints ({@link Launcher}). */
    private static final String AS_STARTED = "-D" + Launcher.PROPERTY + "=" + ROOT.resolve("swaplayer");

    /**
     * {@code bench --help} answers at once from the stored help (BenchMainTest keeps it equal to what the
     * benchmark jar prints) instead of building the benchmark jar first, which takes minutes.
     */
    @Test
    void benchHelp_answersWithoutBuilding() throws Exception {
        final Process p = new ProcessBuilder("bash", ROOT.resolve("swaplayer").toString(), "bench", "--help")
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        final boolean ended = p.waitFor(20, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "answered within 20 s (no build)");
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("Usage: swaplayer bench "), out);
        assertEquals(Files.readString(ROOT.resolve("benchmarks/src/main/help/bench-help.txt"),
                StandardCharsets.UTF_8), out);
    }

    /**
     * Java ignores {@code $TMPDIR}; the launcher passes it on as {@code -Djava.io.tmpdir} to the java it runs for a
     * verb and for bench, unless the user's JVM options set that property already. {@code java} and {@code mvn} are
     * stand-ins on the PATH that print their arguments, so that no build or JVM runs. A verb's java also keeps the
     * stacks of exceptions thrown often ({@link #STACKS}: verify names a plug-in's line) and says how it was started
     * ({@link #AS_STARTED}); bench's needs neither.
     */
    @Test
    void tmpdir_isPassedToJavaUnlessTheJvmOptionsSetIt(@TempDir final Path bin) throws Exception {
        Files.writeString(bin.resolve("java"), "#!/bin/sh\nprintf 'java-arg: %s\\n' \"$@\"\n");
        Files.writeString(bin.resolve("mvn"), "#!/bin/sh\nexit 0\n");
        for (final String tool : List.of("java", "mvn")) {
            Files.setPosixFilePermissions(bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        final String tmp = "/tmp/some dir";
        assertEquals(List.of(STACKS, AS_STARTED, "-Djava.io.tmpdir=" + tmp, "-jar",
                ROOT.resolve("cli/target/swaplayer.jar").toString(), "simulate", "--quiet"),
                javaArgs(bin, Map.of("TMPDIR", tmp), "simulate", "--quiet"));
        assertEquals(List.of("-Djava.io.tmpdir=" + tmp, "-jar",
                ROOT.resolve("benchmarks/target/swaplayer-bench.jar").toString(), "--quick"),
                javaArgs(bin, Map.of("TMPDIR", tmp), "bench", "--quick"));
        assertEquals(List.of(STACKS, AS_STARTED, "-jar", ROOT.resolve("cli/target/swaplayer.jar").toString(), "check"),
                javaArgs(bin, Map.of(), "check"), "no TMPDIR: nothing added");
        for (final String options : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            final List<String> got = javaArgs(bin, Map.of("TMPDIR", tmp, options, "-Xmx1g -Djava.io.tmpdir=/elsewhere"),
                    "check");
            assertEquals(List.of(STACKS, AS_STARTED, "-jar", ROOT.resolve("cli/target/swaplayer.jar").toString(),
                    "check"), got, options + " sets it: left as the user set it");
        }
    }

    /** Runs the launcher with the stand-ins first on the PATH and returns the arguments its java was given. */
    private static List<String> javaArgs(final Path bin, final Map<String, String> env, final String... args)
            throws Exception {
        final List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("swaplayer").toString()));
        command.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        for (final String v : List.of("TMPDIR", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
            pb.environment().remove(v);
        }
        pb.environment().putAll(env);
        pb.environment().put("PATH", bin + ":" + pb.environment().get("PATH"));
        final Process p = pb.start();
        final boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "the launcher ended");
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("java-arg: ")).map(l -> l.substring("java-arg: ".length()))
                .toList();
    }
}
