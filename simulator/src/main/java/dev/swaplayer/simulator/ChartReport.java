package dev.swaplayer.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The {@code --out} charts, PNG, all policies on one chart: {@code <stem>-fallback.png} (fallback ratio of the
 * largest folio order per phase) and {@code <stem>-unusable.png} (unusable free space index at that order at
 * the end of each phase). Rendered headless.
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
        save(files, dir.resolve(r.stem() + "-unusable.png"), chart(r, title(r) + ": unusable free space index at "
                + what, "unusable index", ph -> ph.unusableIndex(k)));
        return files;
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
