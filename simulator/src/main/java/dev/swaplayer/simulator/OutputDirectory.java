package dev.swaplayer.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --out DIR} report: per run, a CSV per policy ({@link CsvReport}) and the two charts
 * ({@link ChartReport}).
 *
 * <p>Thread safety: stateless.
 */
public final class OutputDirectory {
    private OutputDirectory() {
    }

    /**
     * Creates the directory (and its parents) when missing, so that a bad path fails before anything runs.
     *
     * @param dir the directory
     * @throws IOException when it cannot be created or is not a writable directory
     */
    public static void prepare(final Path dir) throws IOException {
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new IOException(dir + " is not writable");
        }
    }

    /**
     * Writes every file of every run.
     *
     * @param dir an existing directory
     * @param results the runs
     * @return the files written, in order
     * @throws IOException when a file cannot be written
     */
    public static List<Path> write(final Path dir, final List<RunResult> results) throws IOException {
        final List<Path> files = new ArrayList<>();
        for (final RunResult r : results) {
            files.addAll(CsvReport.write(dir, r));
            files.addAll(ChartReport.write(dir, r));
        }
        return files;
    }
}
