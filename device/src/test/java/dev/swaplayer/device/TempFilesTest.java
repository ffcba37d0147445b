package dev.swaplayer.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TempFiles} in-process: temporary names beside the target, atomic publication, deletion. That the
 * shutdown hook deletes what is registered when a real process gets SIGINT or SIGTERM is the cli module's
 * InterruptIT.
 */
class TempFilesTest {
    @TempDir
    Path dir;

    @Test
    void sibling_isAHiddenRegisteredNameInTheTargetsDirectory() {
        final int before = TempFiles.registered();
        final Path t = TempFiles.sibling(dir.resolve("a.swap"));
        assertEquals(dir.toAbsolutePath(), t.getParent());
        assertTrue(t.getFileName().toString().startsWith(".a.swap."), t.toString());
        assertTrue(t.getFileName().toString().endsWith(".tmp"), t.toString());
        assertFalse(Files.exists(t), "named, not created");
        assertEquals(before + 1, TempFiles.registered());
        TempFiles.delete(t);
        assertEquals(before, TempFiles.registered());
    }

    @Test
    void publish_renamesTheCompleteFileOntoTheTarget_andForgetsIt() throws IOException {
        final Path target = dir.resolve("out.txt");
        final int before = TempFiles.registered();
        final Path t = TempFiles.sibling(target);
        Files.writeString(t, "complete", StandardCharsets.UTF_8);
        TempFiles.publish(t, target);
        assertEquals("complete", Files.readString(target, StandardCharsets.UTF_8));
        assertEquals(List.of(target), list(dir));
        assertEquals(before, TempFiles.registered(), "forgotten once published");
    }

    @Test
    void publish_refusesAnExistingTarget_andLeavesItAlone() throws IOException {
        final Path target = dir.resolve("out.txt");
        Files.writeString(target, "old", StandardCharsets.UTF_8);
        final Path t = TempFiles.sibling(target);
        Files.writeString(t, "new", StandardCharsets.UTF_8);
        assertThrows(FileAlreadyExistsException.class, () -> TempFiles.publish(t, target));
        assertEquals("old", Files.readString(target, StandardCharsets.UTF_8));
        TempFiles.delete(t);
        assertEquals(List.of(target), list(dir));
    }

    @Test
    void replace_swapsTheTargetForTheNewFile() throws IOException {
        final Path target = dir.resolve("report.md");
        Files.writeString(target, "old", StandardCharsets.UTF_8);
        final Path t = TempFiles.sibling(target);
        Files.writeString(t, "new", StandardCharsets.UTF_8);
        TempFiles.replace(t, target);
        assertEquals("new", Files.readString(target, StandardCharsets.UTF_8));
        assertEquals(List.of(target), list(dir));
    }

    /**
     * Once the shutdown hook has begun, a run's main thread still runs until the other hooks end and the JVM halts:
     * a directory it creates then, to be deleted again at once, would stay if the halt came between the two (as
     * a SIGINT in the middle of {@code simulate --device file} once left one). So nothing is created at all.
     */
    @Test
    void onceShutdownHasBegun_createDirectoryIsRefused_andCreatesNothingEvenForAMoment() throws Exception {
        final Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
                TempFilesShutdownProbe.class.getName()).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe ended");
        assertEquals("refused, nothing created\n", out);
        assertEquals(0, p.exitValue(), out);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void createDirectory_thenDelete_removesTheDirectoryWithItsFiles() throws IOException {
        final Path d = TempFiles.createDirectory("swaplayer-test-");
        Files.createDirectories(d.resolve("sub"));
        Files.writeString(d.resolve("sub").resolve("f"), "x", StandardCharsets.UTF_8);
        Files.writeString(d.resolve("g"), "y", StandardCharsets.UTF_8);
        TempFiles.delete(d);
        assertFalse(Files.exists(d));
    }

    /**
     * The race the shutdown hook meets: another thread creates a file in the directory after the walk listed it
     * and before the directory goes (the simulator creating its swap file when SIGTERM arrives). The first pass
     * cannot remove the directory; the next one must.
     */
    @Test
    void deleteTree_aFileCreatedAfterTheWalk_isDeletedWithItsDirectory() throws IOException {
        final Path d = Files.createDirectory(dir.resolve("swaplayer-sim-race"));
        final int[] walks = {0};
        TempFiles.deleteTree(d, () -> {
            if (walks[0]++ == 0) {
                try {
                    Files.writeString(d.resolve("swapfile"), "late", StandardCharsets.UTF_8);
                } catch (final IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        assertFalse(Files.exists(d), "the directory and the late file are gone");
        assertEquals(2, walks[0], "a second pass was needed, and one was enough");
    }

    @Test
    void deleteTree_givesUpAfterItsPasses_whenFilesKeepAppearing() throws IOException {
        final Path d = Files.createDirectory(dir.resolve("busy"));
        final int[] walks = {0};
        TempFiles.deleteTree(d, () -> {
            try {
                Files.writeString(d.resolve("f" + walks[0]++), "again", StandardCharsets.UTF_8);
            } catch (final IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(TempFiles.DELETE_PASSES, walks[0], "bounded: the hook must not spin at exit");
        assertTrue(Files.exists(d));
    }

    private static List<Path> list(final Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }
}
