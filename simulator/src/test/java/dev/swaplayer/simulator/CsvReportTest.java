package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code --out} CSV: a phase label from a script cannot become a spreadsheet formula, text with commas or
 * quotes survives a round trip, and numbers stay numbers.
 *
 * <p>Thread safety: JUnit runs it on one thread; the run that the tests share is made once, before them, and only read
 * afterwards.
 */
class CsvReportTest {
    private static final List<String> LABELS = List.of("=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)",
            "a, \"quoted\" label", "\tTAB", "plain");
    private static RunResult result;

    @BeforeAll
    static void runOnce() {
        final RunResult r = Experiment.run(TestPolicies.REGISTRY, Workloads.thpSwapTest(ThpMode.NONE, 1,
                LABELS.size() - 1), "none", 1L, List.of("buddy"), new Simulator.Options(SwapIn.PAGE, 1, false), null);
        final PolicyRun run = r.runs().get(0);
        final List<PhaseStats> phases = new ArrayList<>();
        for (int i = 0; i < run.phases().size(); i++) {
            final PhaseStats p = run.phases().get(i);
            phases.add(new PhaseStats(LABELS.get(i), p.counters(), p.fragmentation(), p.usedSlots()));
        }
        result = new RunResult(r.workload(), r.mode(), r.swapIn(), r.cpus(), r.seed(), r.device(), r.clusterSlots(),
                r.orders(), List.of(new PolicyRun(run.policy(), phases, run.totals(), run.seconds())));
    }

    private static List<List<String>> rows() throws Exception {
        final StringWriter w = new StringWriter();
        CsvReport.write(w, result, result.runs().get(0));
        final CsvMapper m = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        final List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = m.readerForListOf(String.class).readValues(w.toString())) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void labels_thatASpreadsheetWouldEvaluate_arePrefixedWithAQuote() throws Exception {
        final List<List<String>> rows = rows();
        assertEquals(LABELS.size() + 1, rows.size(), "a header and a row per phase");
        assertEquals("label", rows.get(0).get(1));
        assertEquals("'=HYPERLINK(\"http://x\",\"y\")", rows.get(1).get(1));
        assertEquals("'+1+1", rows.get(2).get(1));
        assertEquals("'-2+3", rows.get(3).get(1));
        assertEquals("'@SUM(A1)", rows.get(4).get(1));
        assertEquals("a, \"quoted\" label", rows.get(5).get(1), "commas and quotes survive");
        assertEquals("'\tTAB", rows.get(6).get(1));
        assertEquals("plain", rows.get(7).get(1));
        for (final List<String> row : rows) {
            assertEquals(rows.get(0).size(), row.size(), "every row has every column: " + row);
        }
    }

    @Test
    void numbers_stayNumbers_unquotedAndUnprefixed() throws Exception {
        final StringWriter w = new StringWriter();
        CsvReport.write(w, result, result.runs().get(0));
        final String plain = w.toString().lines().filter(l -> l.startsWith("6,plain,")).findFirst().orElseThrow(
                () -> new AssertionError(w.toString()));
        final String[] cells = plain.split(",", -1);
        final List<String> head = rows().get(0);
        assertEquals(head.size(), cells.length, plain);
        for (int i = 2; i < cells.length; i++) {
            final String decimals = head.get(i).endsWith("_unusable_index") ? "3" : "4";
            assertTrue(cells[i].isEmpty() || cells[i].matches("[0-9]+(\\.[0-9]{" + decimals + "})?"),
                    head.get(i) + ": " + cells[i]);
        }
        assertEquals(String.valueOf(result.runs().get(0).phases().get(6).usedSlots()), cells[2]);
        assertEquals("extents_mean", head.get(4));
        assertEquals("", cells[4], "buddy made no compound descriptor: the mean is undefined, an empty field");
    }

    /** The index is in thousandths, as the kernel prints it: the CSV has the JSON's number, not 0.0140 for 0.014. */
    @Test
    void unusableIndex_hasTheJsonsThreeDecimals() throws Exception {
        final List<List<String>> rows = rows();
        final int column = rows.get(0).indexOf("o4_unusable_index");
        final JsonNode phases = new ObjectMapper().readTree(JsonReport.toJsonLine(result)).at("/policies/0/phases");
        boolean nonZero = false;
        for (int i = 1; i < rows.size(); i++) {
            final String cell = rows.get(i).get(column);
            assertTrue(cell.matches("[01]\\.[0-9]{3}"), "phase " + (i - 1) + ": " + cell);
            final double json = phases.get(i - 1).at("/unusable_index/4").asDouble();
            assertEquals(String.format(Locale.ROOT, "%.3f", json), cell, "phase " + (i - 1));
            nonZero |= json > 0;
        }
        assertTrue(nonZero, "page swap-in fragments the device: some index is above 0");
    }
}
