package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swaplayer.spec.Fragmentation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The first phase whose 64 KiB fallback went above 1%, beside the first whose unusable index went above 0.9: the
 * two answer different questions and may lie far apart, so every report has both.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own runs.
 */
class FallbackOnsetTest {
    /** A phase with {@code swpout} whole and {@code fallback} split order-4 folios, half its free space unusable. */
    private static PhaseStats phase(final String label, final long swpout, final long fallback, final long used) {
        final Counters c = new Counters(9);
        c.countSwpout(4, swpout);
        fallBack(c, fallback);
        return new PhaseStats(label, c, new Fragmentation(new long[] {16, 0, 0, 0, 1}), used);
    }

    private static void fallBack(final Counters c, final long n) {
        for (long i = 0; i < n; i++) {
            c.countFallback(4);
        }
    }

    private static RunResult run(final PhaseStats... phases) {
        final PolicyRun run = new PolicyRun("p", List.of(phases), new Counters(9), 0);
        return new RunResult("w", null, SwapIn.PAGE, 1, 1L, 1001, 512, new int[] {4, 0}, List.of(run));
    }

    @Test
    void firstPhaseAboveOnePercent_withTheOccupancyThen() {
        final RunResult r = run(phase("h0", 0, 0, 10), phase("h1", 100, 1, 20), phase("h2", 98, 2, 500),
                phase("h3", 0, 50, 600));
        final FallbackOnset f = FallbackOnset.of(r, r.runs().get(0));
        assertTrue(f.crossed());
        assertEquals(4, f.order());
        assertEquals(2, f.phase(), "h0 swapped out nothing, h1 is at 0.99%: h2's 2% is the first above 1%");
        assertEquals(2.0, f.ratio(), 1e-12);
        assertEquals(500, f.usedSlots());
        assertEquals(1000, f.usableSlots(), "every slot but the header");
        assertEquals("h2 (2.00%, 500 of 1,000 slots in use: 50.0%)", f.describe());
    }

    @Test
    void never_theHighestOrNoneOrNothingSwappedOut() {
        final RunResult low = run(phase("h0", 100, 1, 10), phase("h1", 99, 1, 20), phase("h2", 99, 1, 30));
        final FallbackOnset f = FallbackOnset.of(low, low.runs().get(0));
        assertFalse(f.crossed());
        assertEquals(1, f.phase(), "exactly 1% is not above it; the first of the highest");
        assertEquals("never (highest 1.00%, h1)", f.describe());
        final RunResult zero = run(phase("h0", 5, 0, 10), phase("h1", 5, 0, 20));
        assertEquals("never (none fell back)", FallbackOnset.of(zero, zero.runs().get(0)).describe());
        final RunResult empty = run(phase("h0", 0, 0, 10));
        final FallbackOnset nothing = FallbackOnset.of(empty, empty.runs().get(0));
        assertEquals(-1, nothing.phase());
        assertEquals("never (no 64 KiB swap-out)", nothing.describe());
    }

    /**
     * aging with page swap-in, 12 hours: legacy (6.10) falls back on most 64 KiB folios while its unusable index is
     * still far below 0.9, because it takes 64 KiB runs only from wholly free clusters; the text, the JSON and
     * the index say so side by side.
     */
    @Test
    void legacyFallsBackLongBeforeItsUnusableIndexCrosses_everyReportHasBoth() throws Exception {
        final RunResult aging = Experiment.run(TestPolicies.REGISTRY, Workloads.aging(1, 12), null, 1L,
                List.of("legacy", "buddy"), new Simulator.Options(SwapIn.PAGE, 1, false), null);
        final PolicyRun legacy = aging.runs().get(0);
        final FallbackOnset f = FallbackOnset.of(aging, legacy);
        final UnusableOnset u = UnusableOnset.of(aging, legacy);
        assertTrue(f.crossed(), f.describe());
        assertFalse(u.crossed(), "the index stays under 0.9 in these hours: " + u.describe());
        assertTrue(legacy.phases().get(f.phase()).unusableIndex(4) < 0.6,
                "at the fallback onset the index reads most free space as usable: " + f.describe());
        assertEquals("never (none fell back)", FallbackOnset.of(aging, aging.runs().get(1)).describe());

        final StringWriter s = new StringWriter();
        TextReport.phaseTable(aging, new PrintWriter(s));
        assertTrue(s.toString().contains("\n64 KiB swpout_fallback (fb%) first above 1%:\n  legacy          "
                + f.describe() + "\n  buddy           never (none fell back)\n"), s.toString());
        assertTrue(s.toString().contains("\nunus counts free slots outside aligned free 64 KiB blocks, whatever a"
                + " policy can reach\n"), s.toString());

        final JsonNode o = new ObjectMapper().readTree(JsonReport.toJsonLine(aging)).at("/policies/0");
        final JsonNode j = o.get("fallback_onset");
        assertEquals(4, j.get("order").asInt());
        assertEquals(1.0, j.get("threshold").asDouble());
        assertTrue(j.get("crossed").asBoolean());
        assertEquals(f.label(), j.get("phase").asText());
        assertEquals(Math.round(f.ratio() * 10_000) / 10_000.0, j.get("fallback_ratio").asDouble());
        assertEquals(f.usedSlots(), j.get("used_slots").asLong());
        assertEquals(f.usableSlots(), j.get("usable_slots").asLong());
        assertFalse(o.get("unusable_onset").get("crossed").asBoolean(), "the old key is unchanged beside it");
    }

    /** A kernel run has no free-block view, so no unusable onset; its counters give it a fallback onset. */
    @Test
    void aKernelRun_hasAFallbackOnsetButNoUnusableOne() throws Exception {
        final Counters c = new Counters(9);
        c.countSwpout(4, 90);
        fallBack(c, 10);
        final PolicyRun kernel = new PolicyRun("6.12.0", List.of(new PhaseStats("it 1", c, null, 400)),
                new Counters(9), 0);
        final RunResult r = new RunResult("w", null, SwapIn.PAGE, 1, 1L, 1001, 512, new int[] {4, 0},
                List.of(kernel));
        final StringWriter s = new StringWriter();
        TextReport.phaseTable(r, new PrintWriter(s));
        assertTrue(s.toString().contains("  6.12.0          unknown (no free-block view: a kernel run)\n"),
                s.toString());
        assertTrue(s.toString().contains("  6.12.0          it 1 (10.00%, 400 of 1,000 slots in use: 40.0%)\n"),
                s.toString());
        final JsonNode p = new ObjectMapper().readTree(JsonReport.toJsonLine(r)).at("/policies/0");
        assertTrue(p.get("unusable_onset").isNull());
        assertEquals("it 1", p.at("/fallback_onset/phase").asText());
    }
}
