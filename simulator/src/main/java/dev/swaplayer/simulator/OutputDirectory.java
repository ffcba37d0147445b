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
        prepare(dir, List.of());
    }

    /**
     * Creates the directory (and its parents) when missing and checks that each file the run will write can be
     * written: not a directory, and writable when it exists. A bad path fails before anything runs.
     *
     * @param dir the directory
     * @param planned the files {@link #write} will write ({@link #planned})
     * @throws IOException when the directory cannot be created or is not writable, or a planned file cannot be
     *     written
     */
    public static void prepare(final Path dir, final List<Path> planned) throws IOException {
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new IOException(dir + " is not writable");
        }
        for (final Path f : planned) {
            final String why = unwritable(f);
            if (why != null) {
                throw new IOException(f + " " + why);
            }
        }
    }

    /**
     * Returns why a report file cannot be written at {@code f}, or null when it can (the directory itself being
     * writable): a directory in its place, or an existing file that is not writable.
     *
     * @param f where a report file goes
     */
    public static String unwritable(final Path f) {
        if (Files.isDirectory(f)) {
            return "is a directory, where a report file goes";
        }
        return Files.exists(f) && !Files.isWritable(f) ? "exists and is not writable" : null;
    }

    /**
     * Returns the files {@link #write} writes for runs of these workloads and modes on these policies.
     *
     * @param dir the directory
     * @param stems each run's {@linkplain RunResult#stem(String, String) stem}
     * @param policies the policies of every run
     */
    public static List<Path> planned(final Path dir, final List<String> stems, final List<String> policies) {
        final List<Path> files = new ArrayList<>();
        for (final String stem : stems) {
            for (final String policy : policies) {
                files.add(CsvReport.file(dir, stem, policy));
            }
            files.addAll(ChartReport.files(dir, stem));
        }
        return files;
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
