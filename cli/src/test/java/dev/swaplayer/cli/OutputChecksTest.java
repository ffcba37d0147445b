package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output a verb writes is proved writable before the verb runs anything: {@code --out} of verify, simulate
 * and replay (kernel-run's goes through the same helper), and simulate's {@code --emit-script}. A directory where
 * no file can be created is exit 2 up front, with the reason in words, even for root, whom the permission bits let
 * through where the file system refuses (/proc, /sys).
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class OutputChecksTest {
    /** What creating a file in /proc answers: ENOENT for root (procfs has no such entry), EACCES for anyone else. */
    private static final List<String> PROC_REASONS = List.of("no such file or directory", "permission denied");

    @TempDir
    Path dir;

    /**
     * Asserts the one line of a refused output in /proc: {@code prefix}, then the kernel's reason, then ")".
     *
     * @param r the run
     * @param prefix the line up to the reason
     */
    static void assertNoFileInProc(final CliRun r, final String prefix) {
        r.assertUserError(prefix);
        final String line = r.err().strip();
        assertTrue(PROC_REASONS.stream().anyMatch(why -> line.equals(prefix + why + ")")), line);
    }

    @Test
    void verify_outWhereNoFileCanBeCreated_isRefusedBeforeAnyCheckRuns() {
        final CliRun r = CliRun.of("verify", "--policy", "buddy", "--seed", "1", "--no-fragmentation", "--out",
                "/proc");
        assertNoFileInProc(r, "swaplayer verify: --out: /proc (expected: a writable directory; cannot create a file"
                + " in it: ");
    }

    @Test
    void simulate_outWhereNoFileCanBeCreated_isRefusedBeforeTheRun() {
        final CliRun r = CliRun.of("simulate", "--json", "--out", "/proc");
        assertNoFileInProc(r, "swaplayer simulate: --out: /proc (expected: a writable directory; cannot create a file"
                + " in it: ");
    }

    @Test
    void outUnderARegularFile_namesTheFile() throws IOException {
        final Path f = Files.writeString(dir.resolve("file"), "x");
        CliRun.of("simulate", "--mode", "a", "--iterations", "1", "--out", f.resolve("report").toString())
                .assertUserError("swaplayer simulate: --out: " + f + "/report (expected: a writable directory; " + f
                        + " is not a directory)");
        CliRun.of("verify", "--policy", "buddy", "--out", f.resolve("a/b").toString())
                .assertUserError("swaplayer verify: --out: " + f + "/a/b (expected: a writable directory; " + f
                        + " is not a directory)");
        assertEquals("x", Files.readString(f), "nothing changed");
    }

    @Test
    void requireWritableDirectory_createsTheDirectoryAndLeavesNoProbeBehind() throws IOException {
        final Path out = dir.resolve("a/b/c");
        UserError.requireWritableDirectory("--out", out);
        assertTrue(Files.isDirectory(out));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(0, files.count(), "the probe file is deleted");
        }
    }

    @Test
    void reasons_areWordsNotBarePaths() throws IOException {
        final Path f = Files.writeString(dir.resolve("file"), "x");
        final Path p = Path.of("/x/y");
        assertEquals("permission denied: /x/y", UserError.reason(new AccessDeniedException("/x/y"), p));
        assertEquals("/x/y: no such file or directory", UserError.reason(new NoSuchFileException("/x/y"), p));
        assertEquals(f + " is not a directory", UserError.reason(new FileSystemException(f.resolve("a/b").toString(),
                null, "Not a directory"), p));
        assertEquals("/x/y: read-only file system", UserError.reason(new FileSystemException("/x/y", null,
                "Read-only file system"), p));
        assertEquals("no space left on device", UserError.words(new FileSystemException("/x/y", null,
                "No space left on device")));
        assertEquals("an I/O error", UserError.words(new IOException()));
        assertEquals("--out: /x/y (expected: a writable directory; permission denied: /x/y)",
                UserError.outDirectory(p, new AccessDeniedException("/x/y")).getMessage());
    }

    @Test
    void emitScript_whereNoFileCanBeCreated_givesTheReason() {
        assertNoFileInProc(CliRun.of("simulate", "--mode", "a", "--emit-script", "/proc/x.swl"),
                "swaplayer simulate: --emit-script: /proc/x.swl (expected: a writable file; cannot create a file in"
                        + " /proc: ");
    }

    @Test
    void emitScript_inADirectoryThatDoesNotExist_orUnderAFile_saysWhich() throws IOException {
        final Path missing = dir.resolve("missing");
        CliRun.of("simulate", "--mode", "a", "--emit-script", missing.resolve("x.swl").toString())
                .assertUserError("swaplayer simulate: --emit-script: " + missing + "/x.swl (expected: a writable file;"
                        + " no such directory: " + missing + ")");
        final Path f = Files.writeString(dir.resolve("file"), "x");
        CliRun.of("simulate", "--mode", "a", "--emit-script", f.resolve("x.swl").toString())
                .assertUserError("swaplayer simulate: --emit-script: " + f + "/x.swl (expected: a writable file; " + f
                        + " is not a directory)");
        assertFalse(Files.exists(missing), "nothing created");
    }

    @Test
    void emitScript_saysWhenItReplacesAnEarlierScript_andLeavesNoTemporaryFile() throws IOException {
        final Path script = dir.resolve("s.swl");
        final CliRun first = CliRun.of("simulate", "--mode", "a", "--iterations", "1", "--emit-script",
                script.toString());
        first.assertOk();
        assertTrue(first.out().startsWith("wrote " + script + ": thp-swap-test -a, "), first.out());
        final CliRun again = CliRun.of("simulate", "--mode", "s", "--iterations", "1", "--emit-script",
                script.toString());
        again.assertOk();
        assertTrue(again.out().startsWith("replaced " + script + ": thp-swap-test -s, "), again.out());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(script), files.toList(), "only the script");
        }
    }

    @Test
    void emitScript_throughALinkToAnEarlierScript_replacesTheScriptAndKeepsTheLink() throws IOException {
        final Path script = dir.resolve("s.swl");
        CliRun.of("simulate", "--mode", "a", "--iterations", "1", "--emit-script", script.toString()).assertOk();
        final Path link = Files.createSymbolicLink(dir.resolve("link.swl"), script);
        CliRun.of("simulate", "--mode", "s", "--iterations", "1", "--emit-script", link.toString()).assertOk();
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(script).contains("flags -s,"), "the script was replaced");
        Assertions.assertDoesNotThrow(() -> Files.readString(link));
    }
}
