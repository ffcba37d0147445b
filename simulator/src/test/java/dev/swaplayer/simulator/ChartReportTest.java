package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.spec.Fragmentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What a person sees in the {@code --out} charts, checked on the chart model before it is rendered.
 *
 * <p>Thread safety: JUnit runs it on one thread; the run that the tests share is made once, before them, and only read
 * afterwards.
 */
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

    /**
     * The y axis that XChart drew, read after rendering ({@code Chart.getYAxis()} and {@code Axis.getMin/getMax}
     * are package-private: XChart exposes the range only to its own package).
     */
    private static double[] drawnYRange(final XYChart c) throws Exception {
        BitmapEncoder.getBufferedImage(c);
        final Method yAxis = Chart.class.getDeclaredMethod("getYAxis");
        yAxis.setAccessible(true);
        final Object axis = yAxis.invoke(c);
        final Method min = axis.getClass().getDeclaredMethod("getMin");
        final Method max = axis.getClass().getDeclaredMethod("getMax");
        min.setAccessible(true);
        max.setAccessible(true);
        return new double[] {(double) min.invoke(axis), (double) max.invoke(axis)};
    }

    /** Mode -a with folio swap-in: nothing falls back, and the axis is 0..100%, not centred on 0. */
    @Test
    void everyValueZero_yAxisFromZeroToTheWholeScale() throws Exception {
        final RunResult zero = Experiment.run(TestPolicies.REGISTRY, Workloads.thpSwapTest(ThpMode.A, 1, 2), "a", 1L,
                List.of("buddy", "cluster"), new Simulator.Options(SwapIn.FOLIO, 1, false), null);
        final XYChart fallback = ChartReport.fallbackChart(zero);
        for (final XYSeries s : fallback.getSeriesMap().values()) {
            for (final double y : s.getYData()) {
                assertEquals(0.0, y, s.getName() + ": the case under test is a chart of zeros");
            }
        }
        assertTrue(fallback.getTitle().startsWith("thp-swap-test -a, swap-in folio: "),
                "the mode as the text output names it: " + fallback.getTitle());
        assertEquals(ChartReport.FLAT_FALLBACK_TOP, fallback.getStyler().getYAxisMax());
        assertArrayEquals(new double[] {0, 100}, drawnYRange(fallback), 1e-9, "0 to 100%");
        final double[] threshold = drawnYRange(ChartReport.unusableChart(zero));
        assertEquals(0.0, threshold[0], 1e-9, "the threshold line at 0.9 keeps the index chart's range open");
        assertTrue(threshold[1] >= UnusableOnset.THRESHOLD, Arrays.toString(threshold));

        final PhaseStats whole = new PhaseStats("h0", new Counters(9), new Fragmentation(new long[] {0, 0, 0, 0, 4}),
                8);
        final PolicyRun flat = new PolicyRun("p", List.of(whole, whole), new Counters(9), 0);
        final XYChart unusable = ChartReport.unusableChart(new RunResult("w", null, SwapIn.PAGE, 1, 1L, 65, 64,
                new int[] {4, 0}, List.of(flat)));
        assertEquals(ChartReport.FLAT_INDEX_TOP, unusable.getStyler().getYAxisMax(), "every index 0");
        assertArrayEquals(new double[] {0, 1}, drawnYRange(unusable), 1e-9, "an index from 0 to 1");

        final XYChart some = ChartReport.fallbackChart(result);
        assertNull(some.getStyler().getYAxisMax(), "a chart with values keeps XChart's own top");
        final double[] range = drawnYRange(some);
        assertEquals(0.0, range[0], 1e-9);
        assertTrue(range[1] > 0, Arrays.toString(range));
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
