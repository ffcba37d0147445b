package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swaplayer.spec.Fragmentation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UnusableOnset}: the first phase whose unusable index went above 0.9, with the occupancy then, in every report,
 * and none for a run without a free-block view.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own runs; the chart test writes into its own
 * temporary directory.
 */
class UnusableOnsetTest {
    @TempDir
    Path dir;

    /** A phase whose free blocks are {@code n0} order-0 blocks and {@code n4} order-4 blocks. */
    private static PhaseStats phase(final String label, final long n0, final long n4, final long used) {
        return new PhaseStats(label, new Counters(9), new Fragmentation(new long[] {n0, 0, 0, 0, n4}), used);
    }

    private static RunResult run(final PhaseStats... phases) {
        final PolicyRun run = new PolicyRun("p", List.of(phases), new Counters(9), 0);
        return new RunResult("w", null, SwapIn.PAGE, 1, 1L, 1001, 512, new int[] {4, 0}, List.of(run));
    }

    @Test
    void firstPhaseAboveTheThreshold_withTheOccupancyThen() {
        final RunResult r = run(phase("h0", 0, 1, 10), phase("h1", 16, 1, 20), phase("h2", 160, 1, 500),
                phase("h3", 0, 0, 1000));
        final UnusableOnset u = UnusableOnset.of(r, r.runs().get(0));
        assertTrue(u.crossed());
        assertEquals(4, u.order(), "the run's largest folio order");
        assertEquals(2, u.phase(), "h1 is at 0.5; h2 at 160/176 = 0.909 is the first above 0.9");
        assertEquals("h2", u.label());
        assertEquals(0.909, u.index(), 1e-9);
        assertEquals(500, u.usedSlots());
        assertEquals(1000, u.usableSlots(), "every slot but the header");
        assertEquals(0.5, u.occupancy(), 1e-9);
        assertEquals("h2 (index 0.909, 500 of 1,000 slots in use: 50.0%)", u.describe());
    }

    @Test
    void neverAboveTheThreshold_theHighestAndItsFirstPhase() {
        final RunResult r = run(phase("h0", 0, 1, 10), phase("h1", 16, 1, 20), phase("h2", 16, 1, 30),
                phase("h3", 144, 1, 40));
        final UnusableOnset u = UnusableOnset.of(r, r.runs().get(0));
        assertFalse(u.crossed());
        assertEquals(3, u.phase(), "144/160 = 0.9 exactly is not above the threshold, and is the highest");
        assertEquals("never (highest 0.900, h3)", u.describe());
        final RunResult flat = run(phase("h0", 16, 1, 10), phase("h1", 16, 1, 20));
        assertEquals("never (highest 0.500, h0)", UnusableOnset.of(flat, flat.runs().get(0)).describe(),
                "the first phase among equals");
    }

    /**
     * adversarial fills the device (a full device's index is 1) and punches it; aging's first hours keep most
     * of a 256 MiB device free in whole 64 KiB blocks.
     */
    @Test
    void smallRuns_reportedInTheTextTheJsonAndTheChart() throws Exception {
        final RunResult adv = Experiment.run(TestPolicies.REGISTRY, Workloads.adversarial(1), null, null,
                List.of("cluster", "buddy"), new Simulator.Options(SwapIn.PAGE, 1, false), null);
        for (final PolicyRun p : adv.runs()) {
            final UnusableOnset u = UnusableOnset.of(adv, p);
            assertEquals("fill", u.label(), p.policy());
            assertEquals(16383, u.usedSlots(), p.policy());
            assertEquals(1.0, u.occupancy(), 1e-12, p.policy());
        }
        final RunResult aging = Experiment.run(TestPolicies.REGISTRY, Workloads.aging(1, 2), null, 1L,
                List.of("buddy"), new Simulator.Options(SwapIn.PAGE, 1, false), null);
        final UnusableOnset buddy = UnusableOnset.of(aging, aging.runs().get(0));
        assertFalse(buddy.crossed(), buddy.describe());
        assertTrue(buddy.index() < 0.5, buddy.describe());

        final StringWriter s = new StringWriter();
        TextReport.phaseTable(adv, new PrintWriter(s));
        assertTrue(s.toString().contains("""
                order-4 unusable index (unus) first above 0.9:
                  cluster         fill (index 1.000, 16,383 of 16,383 slots in use: 100.0%)
                """), s.toString());
        final StringWriter t = new StringWriter();
        TextReport.phaseTable(aging, new PrintWriter(t));
        assertTrue(t.toString().contains("  buddy           " + buddy.describe() + "\n"), t.toString());
        final RunResult longName = Experiment.run(TestPolicies.REGISTRY, Workloads.aging(1, 2), null, 1L,
                List.of("buddy", "cluster-612-slots"), new Simulator.Options(SwapIn.PAGE, 1, false), null);
        final StringWriter u = new StringWriter();
        TextReport.phaseTable(longName, new PrintWriter(u));
        assertTrue(u.toString().contains("\n  buddy             never (") && u.toString().contains(
                "\n  cluster-612-slots never ("), "a name longer than the column keeps a space after it:\n" + u);

        final JsonNode o = new ObjectMapper().readTree(JsonReport.toJsonLine(adv)).get("policies").get(1)
                .get("unusable_onset");
        assertEquals(4, o.get("order").asInt());
        assertEquals(0.9, o.get("threshold").asDouble());
        assertTrue(o.get("crossed").asBoolean());
        assertEquals("fill", o.get("phase").asText());
        assertEquals(1.0, o.get("index").asDouble());
        assertEquals(16383, o.get("used_slots").asLong());
        assertEquals(16383, o.get("usable_slots").asLong());
        assertEquals(1.0, o.get("occupancy").asDouble());
        final JsonNode never = new ObjectMapper().readTree(JsonReport.toJsonLine(aging)).get("policies").get(0)
                .get("unusable_onset");
        assertFalse(never.get("crossed").asBoolean());
        assertEquals(buddy.label(), never.get("phase").asText());

        final var series = ChartReport.unusableChart(adv).getSeriesMap().keySet();
        assertTrue(series.containsAll(List.of("cluster", "buddy", "unusable above 0.9", "cluster: fill, 100.0% full",
                "buddy: fill, 100.0% full")), series.toString());
        assertFalse(ChartReport.unusableChart(aging).getSeriesMap().keySet().stream().anyMatch(n -> n.contains(":")),
                "nothing to mark when no policy went above the threshold");
        final List<Path> files = new ArrayList<>(ChartReport.write(dir, adv));
        final Path unusable = dir.resolve("adversarial-unusable.png");
        assertTrue(files.contains(unusable) && Files.size(unusable) > 0, files.toString());
    }

    /**
     * A run whose free blocks are not known (a kernel run) has no onset and no index in any report, where it once
     * read as an empty free map: index 1.0 from its first phase, "crossed" in the JSON, a marker on the chart.
     */
    @Test
    void aRunWithoutAFreeBlockView_hasNoIndexAndNoOnsetInAnyReport() throws Exception {
        final PhaseStats known = phase("h0", 160, 1, 500);
        final PhaseStats unknown = new PhaseStats("h0", new Counters(9), null, 500);
        final PolicyRun kernel = new PolicyRun("6.12.0", List.of(unknown), new Counters(9), 0);
        final PolicyRun model = new PolicyRun("cluster", List.of(known), new Counters(9), 0);
        final RunResult r = new RunResult("w", null, SwapIn.PAGE, 1, 1L, 1001, 512, new int[] {4, 0},
                List.of(kernel, model));
        assertEquals(null, UnusableOnset.of(r, kernel));
        assertTrue(Double.isNaN(unknown.unusableIndex(4)));
        final JsonNode p = new ObjectMapper().readTree(JsonReport.toJsonLine(r)).get("policies").get(0);
        assertTrue(p.get("unusable_onset").isNull(), p.toString());
        assertTrue(p.get("phases").get(0).get("free_blocks").isNull());
        assertEquals(0, p.get("phases").get(0).get("unusable_index").size());
        final StringWriter csv = new StringWriter();
        CsvReport.write(csv, r, kernel);
        final List<String> lines = csv.toString().lines().toList();
        assertTrue(lines.get(0).endsWith("o4_unusable_index,o0_swpout,o0_swpout_fallback,o0_swpout_compound,"
                + "o0_failed,o0_fallback_ratio,free_blocks_0,free_blocks_1,free_blocks_2,free_blocks_3,"
                + "free_blocks_4"), "the model's columns: " + lines.get(0));
        assertTrue(lines.get(1).endsWith(",0,0,0,0,,,,,,"), "the index and free blocks empty: " + lines.get(1));
        final StringWriter text = new StringWriter();
        TextReport.phaseTable(r, new PrintWriter(text, true));
        assertTrue(text.toString().contains("6.12.0          unknown (no free-block view: a kernel run)"),
                text.toString());
        assertTrue(text.toString().contains("cluster         h0 (index 0.909"), text.toString());
        final List<String> series = new ArrayList<>(ChartReport.unusableChart(r).getSeriesMap().keySet());
        assertEquals(List.of("cluster", "unusable above 0.9", "cluster: h0, 50.0% full"), series,
                "no line and no onset marker for the kernel");
    }
}
