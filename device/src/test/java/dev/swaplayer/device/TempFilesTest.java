package dev.swaplayer.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 *
 * <p>Thread safety: each test runs on JUnit's one thread in its own temporary directory. {@link TempFiles}' registry is
 * static, one per JVM, so each test counts what it adds rather than expect it empty; the shutdown test runs in a child
 * JVM, which it waits for.
 */
class TempFilesTest {
    @TempDir
    Path dir;

    @Test
    void stage_isAHiddenRegisteredDirectoryBesideTheTarget_withTheFileNamedInside() throws IOException {
        final int before = TempFiles.registered();
        final Path t;
        try (TempFiles.Staged s = TempFiles.stage(dir.resolve("a.swap"))) {
            t = s.file();
            assertEquals("a.swap", t.getFileName().toString());
            assertEquals(dir.toAbsolutePath(), t.getParent().getParent());
            assertTrue(t.getParent().getFileName().toString().startsWith(".a.swap."), t.toString());
            assertTrue(t.getParent().getFileName().toString().endsWith(".tmp"), t.toString());
            assertTrue(Files.isDirectory(t.getParent()), "its directory is created");
            assertFalse(Files.exists(t), "the file is named, not created");
            assertEquals(before + 1, TempFiles.registered());
            Files.writeString(t, "half", StandardCharsets.UTF_8);
        }
        assertEquals(before, TempFiles.registered());
        assertEquals(List.of(), list(dir), "closed unpublished: nothing left, the file written half-way included");
    }

    @Test
    void publish_renamesTheCompleteFileOntoTheTarget_andLeavesNothingElse() throws IOException {
        final Path target = dir.resolve("out.txt");
        final int before = TempFiles.registered();
        try (TempFiles.Staged s = TempFiles.stage(target)) {
            Files.writeString(s.file(), "complete", StandardCharsets.UTF_8);
            s.publish();
        }
        assertEquals("complete", Files.readString(target, StandardCharsets.UTF_8));
        assertEquals(List.of(target), list(dir));
        assertEquals(before, TempFiles.registered(), "forgotten once closed");
    }

    @Test
    void publish_refusesAnExistingTarget_andLeavesItAlone() throws IOException {
        final Path target = dir.resolve("out.txt");
        Files.writeString(target, "old", StandardCharsets.UTF_8);
        try (TempFiles.Staged s = TempFiles.stage(target)) {
            Files.writeString(s.file(), "new", StandardCharsets.UTF_8);
            assertThrows(FileAlreadyExistsException.class, s::publish);
        }
        assertEquals("old", Files.readString(target, StandardCharsets.UTF_8));
        assertEquals(List.of(target), list(dir));
    }

    @Test
    void replace_swapsTheTargetForTheNewFile() throws IOException {
        final Path target = dir.resolve("report.md");
        Files.writeString(target, "old", StandardCharsets.UTF_8);
        try (TempFiles.Staged s = TempFiles.stage(target)) {
            Files.writeString(s.file(), "new", StandardCharsets.UTF_8);
            s.replace();
        }
        assertEquals("new", Files.readString(target, StandardCharsets.UTF_8));
        assertEquals(List.of(target), list(dir));
    }

    @Test
    void stage_inADirectoryThatDoesNotExist_throws_andRegistersNothing() {
        final int before = TempFiles.registered();
        assertThrows(IOException.class, () -> TempFiles.stage(dir.resolve("missing/a.swap")));
        assertEquals(before, TempFiles.registered());
    }

    @Test
    void createFile_isAnEmptyRegisteredFileInTheTemporaryDirectory() throws IOException {
        final int before = TempFiles.registered();
        final Path f = TempFiles.createFile("swaplayer-test-", ".txt");
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(), f.toAbsolutePath().getParent());
        assertEquals(0, Files.size(f));
        assertEquals(before + 1, TempFiles.registered());
        TempFiles.delete(f);
        assertFalse(Files.exists(f));
        assertEquals(before, TempFiles.registered());
    }

    @Test
    void probe_saysWhetherAFileCanBeCreated_andLeavesNone() throws IOException {
        assertEquals(null, TempFiles.probe(dir));
        assertEquals(List.of(), list(dir));
        assertTrue(TempFiles.probe(dir.resolve("missing")) instanceof NoSuchFileException);
    }

    /**
     * Once the shutdown hook has begun, a run's main thread still runs until the other hooks end and the JVM halts:
     * a directory it creates then, to be deleted again at once, would stay if the halt came between the two (as
     * a SIGINT in the middle of {@code simulate --device file} once left one). So nothing is created at all, by any
     * of the ways this class creates a path.
     */
    @Test
    void onceShutdownHasBegun_everyCreatorIsRefused_andCreatesNothingEvenForAMoment() throws Exception {
        final Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
                TempFilesShutdownProbe.class.getName()).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe ended");
        assertEquals("createDirectory refused, createFile refused, stage refused, probe refused; nothing created\n",
                out);
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
