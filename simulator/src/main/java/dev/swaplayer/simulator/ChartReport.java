package dev.swaplayer.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The {@code --out} charts, PNG, all policies on one chart: {@code <stem>-fallback.png} (fallback ratio of the
 * largest folio order per phase) and {@code <stem>-unusable.png} (unusable free space index at that order at
 * the end of each phase, with the threshold of {@link UnusableOnset} drawn and each policy's first phase above it
 * marked). Rendered headless.
 *
 * <p>Thread safety: stateless; XChart renders on the calling thread.
 */
public final class ChartReport {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private ChartReport() {
    }

    /**
     * Writes the two charts of a run.
     *
     * @param dir an existing directory
     * @param r the run
     * @return the files written
     * @throws IOException when a file cannot be written
     */
    public static List<Path> write(final Path dir, final RunResult r) throws IOException {
        System.setProperty("java.awt.headless", "true");
        final int k = r.largeOrder();
        final String what = RunResult.size(k) + " (order " + k + ")";
        final List<Path> files = new ArrayList<>();
        save(files, dir.resolve(r.stem() + "-fallback.png"), chart(r, title(r) + ": fallback ratio of " + what
                + " swap-outs", "fallback %", ph -> ph.counters().fallbackRatio(k)));
        save(files, dir.resolve(r.stem() + "-unusable.png"), unusableChart(r));
        return files;
    }

    /** @return the unusable index chart of a run, its onsets marked ({@link #markOnsets}) */
    static XYChart unusableChart(final RunResult r) {
        final int k = r.largeOrder();
        final XYChart chart = chart(r, title(r) + ": unusable free space index at " + RunResult.size(k)
                + " (order " + k + ")", "unusable index", ph -> ph.unusableIndex(k));
        markOnsets(chart, r);
        return chart;
    }

    /**
     * On the unusable chart: the threshold as a line, and per policy whose index went above it a marker at the
     * first such phase, its legend naming the phase and how full the device was ({@link UnusableOnset}).
     */
    private static void markOnsets(final XYChart chart, final RunResult r) {
        if (chart.getSeriesMap().isEmpty()) {
            return;
        }
        final int last = r.runs().get(0).phases().size() - 1;
        chart.addSeries("unusable above " + UnusableOnset.THRESHOLD, new double[] {0, Math.max(last, 1)},
                new double[] {UnusableOnset.THRESHOLD, UnusableOnset.THRESHOLD}).setMarker(SeriesMarkers.NONE);
        for (final PolicyRun run : r.runs()) {
            final UnusableOnset u = UnusableOnset.of(r, run);
            if (u.crossed()) {
                chart.addSeries(String.format(Locale.ROOT, "%s: %s, %.1f%% full", run.policy(), u.label(),
                        100 * u.occupancy()), new double[] {u.phase()}, new double[] {u.index()})
                        .setMarker(SeriesMarkers.DIAMOND);
            }
        }
    }

    private static String title(final RunResult r) {
        return r.mode() == null ? r.workload() : r.workload() + " mode " + r.mode() + ", swap-in " + r.swapIn()
                .label();
    }

    private static XYChart chart(final RunResult r, final String title, final String yTitle,
            final ToDoubleFunction<PhaseStats> value) {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("phase")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        for (final PolicyRun run : r.runs()) {
            final List<Double> xs = new ArrayList<>();
            final List<Double> ys = new ArrayList<>();
            for (int i = 0; i < run.phases().size(); i++) {
                final double v = value.applyAsDouble(run.phases().get(i));
                if (!Double.isNaN(v)) {
                    xs.add((double) i);
                    ys.add(v);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            chart.addSeries(run.policy(), xs, ys).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** Saves a chart that has at least one series (XChart cannot draw an empty one). */
    private static void save(final List<Path> files, final Path file, final XYChart chart) throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            return;
        }
        final String name = file.toString();
        BitmapEncoder.saveBitmap(chart, name.substring(0, name.length() - ".png".length()),
                BitmapEncoder.BitmapFormat.PNG);
        files.add(file);
    }
}
