package dev.swaplayer.simulator;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --out} CSV files: one per policy and run, {@code <workload>[-<mode>]-<policy>.csv}, a row per
 * phase.
 *
 * <p>Thread safety: stateless.
 *
 * <p>Columns: {@code phase} (0-based index), {@code label}, {@code used_slots}, {@code extents_max},
 * {@code extents_mean}; then for each reported order k, largest first: {@code o<k>_swpout},
 * {@code o<k>_swpout_fallback}, {@code o<k>_swpout_compound}, {@code o<k>_failed}, {@code o<k>_fallback_ratio}
 * and, for k &gt; 0, {@code o<k>_unusable_index}; then {@code free_blocks_0} .. {@code free_blocks_<maxOrder>}.
 * An undefined ratio or mean is an empty field.
 */
public final class CsvReport {
    private CsvReport() {
    }

    /**
     * Writes one CSV per policy.
     *
     * @param dir an existing directory
     * @param r the run
     * @return the files written
     * @throws IOException when a file cannot be written
     */
    public static List<Path> write(final Path dir, final RunResult r) throws IOException {
        final List<Path> files = new ArrayList<>();
        for (final PolicyRun run : r.runs()) {
            final Path f = dir.resolve(r.stem() + "-" + run.policy() + ".csv");
            try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
                write(w, r, run);
            }
            files.add(f);
        }
        return files;
    }

    /**
     * Writes one policy's CSV.
     *
     * @param w where to write
     * @param r the run
     * @param run the policy's run
     * @throws IOException when w fails
     */
    public static void write(final Writer w, final RunResult r, final PolicyRun run) throws IOException {
        final int maxOrder = run.phases().isEmpty() ? 0 : run.phases().get(0).fragmentation().maxOrder();
        final StringBuilder head = new StringBuilder("phase,label,used_slots,extents_max,extents_mean");
        for (final int k : r.orders()) {
            head.append(String.format(Locale.ROOT, ",o%1$d_swpout,o%1$d_swpout_fallback,o%1$d_swpout_compound"
                    + ",o%1$d_failed,o%1$d_fallback_ratio", k));
            if (k > 0) {
                head.append(",o").append(k).append("_unusable_index");
            }
        }
        for (int j = 0; j <= maxOrder; j++) {
            head.append(",free_blocks_").append(j);
        }
        w.write(head.append('\n').toString());
        for (int i = 0; i < run.phases().size(); i++) {
            final PhaseStats ph = run.phases().get(i);
            final Counters c = ph.counters();
            final StringBuilder row = new StringBuilder().append(i).append(',').append(quote(ph.label())).append(',')
                    .append(ph.usedSlots()).append(',').append(c.extentsMax()).append(',').append(num(c.extentsMean()));
            for (final int k : r.orders()) {
                row.append(',').append(c.swpout(k)).append(',').append(c.swpoutFallback(k)).append(',')
                        .append(c.swpoutCompound(k)).append(',').append(c.failed(k)).append(',')
                        .append(num(c.fallbackRatio(k)));
                if (k > 0) {
                    row.append(',').append(num(ph.unusableIndex(k)));
                }
            }
            for (final long n : ph.fragmentation().toArray()) {
                row.append(',').append(n);
            }
            w.write(row.append('\n').toString());
        }
    }

    private static String num(final double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String quote(final String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
