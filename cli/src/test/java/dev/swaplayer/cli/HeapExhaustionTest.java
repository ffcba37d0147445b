package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose data outgrows the heap is one line and exit 2, not an {@link OutOfMemoryError} stack trace with
 * exit 1: a separate JVM with a 128 MiB heap replays a script whose page tables, and the least its zram contents
 * can take, fit (the estimate lets it start: 88 MiB against about 113 MiB free) but whose zram contents, 163,840
 * pages written, swapped out and written again, do not (half as many need a heap of 144 to 160 MiB).
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class HeapExhaustionTest {
    @TempDir
    Path dir;

    @Test
    void replay_zramContentsLargerThanTheHeap_isOneLineAndExitTwo() throws IOException, InterruptedException {
        final Path script = dir.resolve("big.swl");
        Files.writeString(script, """
                swaplayer-workload 1
                swap 163840
                region r 163840
                write r 0 163840
                pageout r
                write r 0 163840
                """);
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Process p = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "replay", "--script", script.toString(), "--policy", "buddy", "--device", "zram")
                .redirectErrorStream(false).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished");
        assertEquals(ExitCode.USAGE, p.exitValue(), err);
        final List<String> lines = err.strip().lines().toList();
        assertEquals(List.of("swaplayer replay: " + Main.heapMessage(128L << 20)), lines.size() == 1
                ? List.of(lines.get(0).replaceAll("heap of \\d+ MiB", "heap of 128 MiB")) : lines, err);
        assertFalse(err.contains("OutOfMemoryError") || err.contains("\tat "), err);
        assertEquals("", out);
    }
}
