package dev.swaplayer.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
 * Ratios and means have 4 decimals, the unusable index 3 (thousandths, as the kernel prints it and as
 * {@code --json} has it). An undefined ratio or mean is an empty field. Written by Jackson's CSV module (RFC 4180
 * quoting); a text cell that a spreadsheet would take for a formula is prefixed with {@code '} ({@link #safe}).
 */
public final class CsvReport {
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();

    private CsvReport() {
    }

    /** The CSV of one policy in a run with this stem. */
    static Path file(final Path dir, final String stem, final String policy) {
        return dir.resolve(stem + "-" + policy + ".csv");
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
            final Path f = file(dir, r.stem(), run.policy());
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
        final int maxOrder = maxOrder(r);
        final CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\n");
        for (final String c : List.of("phase", "label", "used_slots", "extents_max", "extents_mean")) {
            schema.addColumn(c);
        }
        for (final int k : r.orders()) {
            for (final String c : List.of("swpout", "swpout_fallback", "swpout_compound", "failed", "fallback_ratio")) {
                schema.addColumn("o" + k + "_" + c);
            }
            if (k > 0) {
                schema.addColumn("o" + k + "_unusable_index");
            }
        }
        for (int j = 0; j <= maxOrder; j++) {
            schema.addColumn("free_blocks_" + j);
        }
        try (SequenceWriter out = CSV.writer(schema.build()).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValues(w)) {
            for (int i = 0; i < run.phases().size(); i++) {
                out.write(row(i, run.phases().get(i), r.orders(), maxOrder));
            }
        }
    }

    /** One phase's cells: numbers as numbers, the label made safe, an undefined ratio or mean empty. */
    private static List<Object> row(final int i, final PhaseStats ph, final int[] orders, final int maxOrder) {
        final Counters c = ph.counters();
        final List<Object> row = new ArrayList<>(List.of(i, safe(ph.label()), ph.usedSlots(), c.extentsMax()));
        row.add(num(c.extentsMean(), 4));
        for (final int k : orders) {
            row.addAll(List.of(c.swpout(k), c.swpoutFallback(k), c.swpoutCompound(k), c.failed(k)));
            row.add(num(c.fallbackRatio(k), 4));
            if (k > 0) {
                row.add(num(ph.unusableIndex(k), 3));
            }
        }
        if (ph.hasFreeBlocks()) {
            for (final long n : ph.fragmentation().toArray()) {
                row.add(n);
            }
        } else {
            for (int j = 0; j <= maxOrder; j++) {
                row.add("");
            }
        }
        return row;
    }

    /**
     * The free-block columns' largest order: that of the first policy whose free blocks are known, so that every
     * policy's file of one run has the same columns; the largest reported order when none is (a kernel run alone).
     */
    private static int maxOrder(final RunResult r) {
        for (final PolicyRun run : r.runs()) {
            if (!run.phases().isEmpty() && run.phases().get(0).hasFreeBlocks()) {
                return run.phases().get(0).fragmentation().maxOrder();
            }
        }
        return Arrays.stream(r.orders()).max().orElse(0);
    }

    /**
     * Returns the value with that many decimals, or "" (an empty field) when undefined.
     *
     * @param v a value
     * @param decimals 4 for ratios and means, as in {@code --json}; 3 for the unusable index, which is in
     *     thousandths as the kernel prints it (and as {@code --json} and the table print it)
     * @return the value with that many decimals, or "" (an empty field) when undefined
     */
    private static Object num(final double v, final int decimals) {
        return Double.isNaN(v) ? "" : BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN);
    }

    /**
     * A text cell a spreadsheet will not evaluate: one that starts with {@code = + - @}, a tab or a carriage
     * return gets a leading {@code '} (OWASP's advice against CSV injection). Only text cells: numbers stay
     * numbers.
     *
     * @param s the text
     * @return the text, prefixed when needed
     */
    static String safe(final String s) {
        return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }
}
