package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./swaplayer} launcher itself, run as a user runs it from the repository root.
 */
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

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
}
