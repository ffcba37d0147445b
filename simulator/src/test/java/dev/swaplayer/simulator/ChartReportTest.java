package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** What a person sees in the {@code --out} charts, checked on the chart model before it is rendered. */
class ChartReportTest {
    private static RunResult result;

    @BeforeAll
    static void runOnce() {
        result = Experiment.run(TestPolicies.REGISTRY, Workloads.thpSwapTest(ThpMode.NONE, 1, 3), "none", 1L,
                TestPolicies.ALL, new Simulator.Options(SwapIn.PAGE, 1, false), null);
    }

    /** The run with every policy's figures replaced by policy 0's. */
    private static RunResult allLike(final RunResult r, final int phases) {
        final PolicyRun first = r.runs().get(0);
        final List<PolicyRun> runs = new ArrayList<>();
        for (final PolicyRun run : r.runs()) {
            runs.add(new PolicyRun(run.policy(), first.phases().subList(0, phases), first.totals(), 0));
        }
        return new RunResult(r.workload(), r.mode(), r.swapIn(), r.cpus(), r.seed(), r.device(), r.clusterSlots(),
                r.orders(), runs);
    }

    @Test
    void everySeries_hasItsOwnMarkerAndLineStyle() {
        final XYChart c = ChartReport.fallbackChart(result);
        final Set<Object> markers = new HashSet<>();
        final Set<Object> lines = new HashSet<>();
        for (final XYSeries s : c.getSeriesMap().values()) {
            assertNotEquals(SeriesMarkers.NONE, s.getMarker(), s.getName());
            markers.add(s.getMarker());
            lines.add(s.getLineStyle());
        }
        assertEquals(c.getSeriesMap().size(), markers.size(), "one marker shape per policy");
        assertEquals(c.getSeriesMap().size(), lines.size(), "one dash style per policy");
    }

    @Test
    void axes_yFromZero_xNamedByWhatAPhaseIs() {
        for (final XYChart c : List.of(ChartReport.fallbackChart(result), ChartReport.unusableChart(result))) {
            assertEquals(0.0, c.getStyler().getYAxisMin(), c.getTitle());
            assertEquals("iteration (0 = warm-up)", c.getXAxisTitle());
        }
        final RunResult aging = Experiment.run(TestPolicies.REGISTRY, Workloads.byName("aging", ThpMode.NONE, 1, 2),
                null, 1L, List.of("buddy"), new Simulator.Options(SwapIn.PAGE, 1, false), null);
        assertEquals("hour (0 = warm-up)", ChartReport.fallbackChart(aging).getXAxisTitle());
    }

    @Test
    void identicalSeries_titleSaysSo() {
        final XYChart same = ChartReport.fallbackChart(allLike(result, result.runs().get(0).phases().size()));
        assertTrue(same.getTitle().contains("all policies identical"), same.getTitle());
        final XYChart differ = ChartReport.fallbackChart(result);
        assertFalse(differ.getTitle().contains("all policies identical"), differ.getTitle());
    }

    @Test
    void singlePoint_isDrawnAsAMarker() {
        final RunResult one = allLike(result, 1);
        for (final XYChart c : List.of(ChartReport.fallbackChart(one), ChartReport.unusableChart(one))) {
            for (final XYSeries s : c.getSeriesMap().values()) {
                if (s.getName().startsWith("unusable above")) {
                    continue; // the threshold, a line across the chart by design
                }
                assertEquals(1, s.getXData().length, s.getName());
                assertNotEquals(SeriesMarkers.NONE, s.getMarker(), "a single point without a marker is invisible");
            }
        }
    }
}
