package dev.swaplayer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What {@code ./swaplayer bench} does with a run's results, without running a benchmark: a {@code --quick} run
 * leaves the report alone unless {@code --out} names one, marks what it writes as indicative, and prints its goals
 * as indicative; a full run rewrites the report as before.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and gets its own output buffers and temporary directory.
 */
class QuickRunTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Returns the command with these arguments parsed, as picocli hands it over to {@code call()}. */
    private BenchMain unchecked(final String... args) {
        final CommandLine cl = BenchMain.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        cl.parseArgs(args);
        return cl.getCommand();
    }

    /** Returns the command with these arguments parsed and validated, as {@code call()} has it before measuring. */
    private BenchMain parsed(final String... args) {
        final BenchMain main = unchecked(args);
        main.validate();
        return main;
    }

    private static Results quickResults() {
        final Results r = ReportTest.fixed();
        r.markQuick();
        return r;
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aQuickRunWithoutOutWritesNoReportAndPrintsItsGoalsAsIndicative() throws Exception {
        assertFalse(Files.exists(BenchMain.DEFAULT_OUT), "the tests run where there is no docs/ to write to");
        final BenchMain main = parsed("--quick");
        assertNull(main.report(), "nothing to rewrite, so no existing directory is needed either");
        main.finish(quickResults());
        assertFalse(Files.exists(BenchMain.DEFAULT_OUT));
        final List<String> lines = stdout().lines().toList();
        assertEquals("No report written (--quick leaves docs/PERFORMANCE.md alone; --out FILE writes this run's"
                + " report there).", lines.get(0));
        assertEquals(GoalLines.QUICK_HEADING, lines.get(1));
        final List<String> goals = lines.subList(2, 2 + Goal.all(quickResults()).size());
        for (final String g : goals) {
            assertTrue(g.startsWith("  indicative: met ") || g.startsWith("  indicative: not met ")
                    || g.startsWith("  not measured "), g);
        }
        assertTrue(stdout().contains("  indicative: not met  compound vs the cluster model, order 4, one thread"),
                stdout());
        assertTrue(stdout().contains("Run notes:\n  * legacy has no two-thread figures\n"), stdout());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no report written"));
    }

    @Test
    void aQuickRunWithOutWritesThatFileMarkedAsIndicative(@TempDir final Path dir) throws Exception {
        final Path report = dir.resolve("quick.md");
        Files.writeString(report, "# old\n" + MarkdownReport.NOTES_BEGIN + "\nA full run's analysis.\n"
                + MarkdownReport.NOTES_END + "\n", StandardCharsets.UTF_8);
        final BenchMain main = parsed("--quick", "--out", report.toString());
        assertEquals(report, main.report());
        main.finish(quickResults());
        final String md = Files.readString(report, StandardCharsets.UTF_8);
        assertTrue(md.startsWith("# Performance, memory and scale\n\n" + MarkdownReport.QUICK_WARNING
                + "\n\nThis file is written by"), md);
        assertTrue(md.contains("`throughput_ratio.compound_vs_cluster_order4` | 0.600 | ≥ 1.200 | indicative: not"
                + " met |"), md);
        assertTrue(md.contains("`throughput_ratio.buddy_vs_bitmap_order0` | 0.900 | ≥ 0.250 | indicative: met |"), md);
        assertTrue(md.contains("A full run's analysis."), "the analysis is kept, and the warning says whose it is");
        assertTrue(stdout().startsWith("Report of this quick run written to " + report + ", marked as indicative.\n"
                + GoalLines.QUICK_HEADING + "\n"), stdout());
    }

    @Test
    void aFullRunRewritesTheReportWithoutTheCaveat(@TempDir final Path dir) throws Exception {
        final BenchMain full = unchecked();
        assertEquals(BenchMain.DEFAULT_OUT, full.report(), "without --out, a full run rewrites the default");
        assertThrows(CommandLine.ParameterException.class, full::validate, "and needs its directory, as before");
        final Path report = dir.resolve("full.md");
        parsed("--out", report.toString()).finish(ReportTest.fixed());
        final String md = Files.readString(report, StandardCharsets.UTF_8);
        assertFalse(md.contains("indicative") || md.contains("quick run"), md);
        assertTrue(md.contains("`throughput_ratio.compound_vs_cluster_order4` | 0.600 | ≥ 1.200 | not met |"), md);
        assertTrue(stdout().startsWith("Report written to " + report + ". Goals"), stdout());
        assertFalse(stdout().contains("indicative") || stdout().contains("Run notes"), stdout());
        assertTrue(stdout().contains("  not met       compound vs the cluster model, order 4, one thread"), stdout());
    }

    @Test
    void theDefaultReportIsDocsPerformanceMd_andOutReplacesItForEveryKindOfRun(@TempDir final Path dir) {
        assertEquals(Path.of("docs", "PERFORMANCE.md"), BenchMain.DEFAULT_OUT);
        for (final String[] kind : List.of(new String[0], new String[] {"--quick"}, new String[] {"--locks"},
                new String[] {"--quick", "--locks"})) {
            final String what = String.join(" ", kind);
            assertEquals(BenchMain.DEFAULT_OUT, unchecked(kind).named(), "without --out: " + what);
            final Path report = dir.resolve("named.md");
            final String[] withOut = Stream.concat(Arrays.stream(kind), Stream.of("--out", report.toString()))
                    .toArray(String[]::new);
            final BenchMain main = unchecked(withOut);
            assertEquals(report, main.named(), "with --out: " + what);
            assertEquals(report, main.report(), "--out names the report of every kind of run: " + what);
        }
        assertEquals(BenchMain.DEFAULT_OUT, unchecked("--locks").report(), "the default, which --locks leaves alone");
        assertNull(unchecked("--quick", "--locks").report(), "a quick run without --out has no report");
        final String help = unchecked().spec.findOption("--out").description()[0];
        assertTrue(help.contains("(default: " + BenchMain.DEFAULT_OUT + ";"), "--help names the same default: " + help);
    }

    @Test
    void theJsonSaysWhetherTheRunWasQuick() throws Exception {
        parsed("--quick", "--json").finish(quickResults());
        final JsonNode quick = new ObjectMapper().readTree(stdout());
        assertTrue(quick.get("quick").asBoolean(), "stdout is the JSON alone");
        assertEquals("not met", quick.at("/goals/7/verdict").asText(), "the verdicts keep their values; quick says"
                + " how far they go");
        out.reset();
        final JsonNode full = new ObjectMapper().readTree(JsonReport.render(ReportTest.fixed()));
        assertTrue(full.get("quick").isBoolean() && !full.get("quick").asBoolean(), full.toString());
    }

    @Test
    void goalLinesKeepEveryLabelApartFromItsFigure() {
        final List<Goal> goals = Goal.all(ReportTest.fixed());
        final List<String> lines = GoalLines.of(goals, true);
        final int bound = lines.get(0).indexOf("(bound");
        for (int i = 0; i < goals.size(); i++) {
            final String line = lines.get(i);
            final int label = line.indexOf(goals.get(i).text());
            assertTrue(label > 0 && line.startsWith("  ", label + goals.get(i).text().length()), line);
            assertEquals(bound, line.indexOf("(bound"), "the bounds line up: " + line);
        }
        assertTrue(lines.contains("  indicative: not met  buddy (grouped placement) vs its best-fit variant, order 4"
                + "          0.800  (bound >= 0.900)"), String.join("\n", lines));
        assertEquals("met", goals.get(2).verdict(false));
        assertEquals("indicative: met", goals.get(2).verdict(true));
        assertEquals("not measured", goals.get(8).verdict(true), "nothing measured: nothing to call indicative");
    }
}
