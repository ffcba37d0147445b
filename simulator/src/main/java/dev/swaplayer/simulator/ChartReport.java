package dev.swaplayer.simulator;

import java.awt.BasicStroke;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The {@code --out} charts, PNG, all policies on one chart: {@code <stem>-fallback.png} (fallback ratio of the
 * largest folio order per phase) and {@code <stem>-unusable.png} (unusable free space index at that order at
 * the end of each phase, with the threshold of {@link UnusableOnset} drawn and each policy's first phase above it
 * marked). Rendered headless. Each policy has its own marker and dash style, so identical series (named in the
 * title, "all policies identical" when every one is) and single points stay visible; the y axis starts at 0 (and
 * ends at 100% or an index of 1 when every value is 0) and the x axis says what it counts (iteration, hour;
 * 0 = warm-up).
 *
 * <p>Thread safety: stateless; XChart renders on the calling thread.
 */
public final class ChartReport {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;
    private static final int MARKER_SIZE = 6;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
        SeriesMarkers.TRIANGLE_UP, SeriesMarkers.CROSS, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.PLUS,
        SeriesMarkers.OVAL};
    private static final BasicStroke[] LINES = {SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT,
        SeriesLines.DASH_DOT};
    private static final Pattern NUMBERED = Pattern.compile("(.*\\D) ([0-9]+)");
    /** The fallback chart's y axis top when every value is 0: 100%, the whole scale. */
    static final double FLAT_FALLBACK_TOP = 100;
    /** The unusable chart's y axis top when every value is 0: an index of 1, the whole scale. */
    static final double FLAT_INDEX_TOP = 1;

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
        final List<Path> files = new ArrayList<>();
        final List<Path> names = files(dir, r.stem());
        save(files, names.get(0), fallbackChart(r));
        save(files, names.get(1), unusableChart(r));
        return files;
    }

    /** The two charts of a run with this stem: fallback, then unusable index. */
    static List<Path> files(final Path dir, final String stem) {
        return List.of(dir.resolve(stem + "-fallback.png"), dir.resolve(stem + "-unusable.png"));
    }

    /** Returns the fallback ratio of the largest order per phase, a series per policy. */
    static XYChart fallbackChart(final RunResult r) {
        final int k = r.largeOrder();
        return chart(r, title(r) + ": fallback % of " + what(k) + " swap-outs", "fallback %", FLAT_FALLBACK_TOP,
                ph -> ph.counters().fallbackRatio(k));
    }

    /** Returns the unusable index chart of a run, its onsets marked ({@link #markOnsets}). */
    static XYChart unusableChart(final RunResult r) {
        final int k = r.largeOrder();
        final XYChart chart = chart(r, title(r) + ": unusable index at " + what(k), "unusable free space index",
                FLAT_INDEX_TOP, ph -> ph.unusableIndex(k));
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
            if (u != null && u.crossed()) {
                chart.addSeries(String.format(Locale.ROOT, "%s: %s, %.1f%% full", run.policy(), u.label(),
                        100 * u.occupancy()), new double[] {u.phase()}, new double[] {u.index()})
                        .setMarker(SeriesMarkers.DIAMOND);
            }
        }
    }


    private static String what(final int k) {
        return RunResult.size(k) + " (order " + k + ")";
    }

    private static String title(final RunResult r) {
        return (r.mode() == null ? r.workload() : r.workload() + " " + TextReport.flags(r.mode())) + ", swap-in "
                + r.swapIn().label();
    }

    /**
     * Every series has its own marker and dash style, so that series lying on top of each other stay
     * distinguishable and a single point shows; the title says which policies drew identical series. The y
     * axis starts at 0, and when every value is 0 it ends at {@code flatTop} (XChart would otherwise centre a
     * range of one value on it, showing negative ratios); the x axis is named by what a phase is.
     */
    private static XYChart chart(final RunResult r, final String title, final String yTitle, final double flatTop,
            final ToDoubleFunction<PhaseStats> value) {
        final List<String> names = new ArrayList<>();
        final List<List<Double>> xss = new ArrayList<>();
        final List<List<Double>> yss = new ArrayList<>();
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
            if (!xs.isEmpty()) {
                names.add(run.policy());
                xss.add(xs);
                yss.add(ys);
            }
        }
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title + identical(names, xss, yss)).xAxisTitle(xTitle(r)).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisMin(0.0);
        if (yss.stream().flatMap(List::stream).allMatch(y -> y == 0)) {
            chart.getStyler().setYAxisMax(flatTop);
        }
        chart.getStyler().setChartTitleFont(TITLE_FONT);
        chart.getStyler().setMarkerSize(MARKER_SIZE);
        for (int i = 0; i < names.size(); i++) {
            final XYSeries s = chart.addSeries(names.get(i), xss.get(i), yss.get(i));
            s.setMarker(MARKERS[i % MARKERS.length]);
            s.setLineStyle(LINES[i % LINES.length]);
        }
        return chart;
    }

    /**
     * Returns {@code " (all policies identical)"}, or {@code " (a = b; c = d)"} naming the groups of policies with
     * identical series, or "" when all differ.
     *
     * @return {@code " (all policies identical)"}, or {@code " (a = b; c = d)"} naming the groups of policies
     *     with identical series, or "" when all differ
     */
    static String identical(final List<String> names, final List<List<Double>> xss, final List<List<Double>> yss) {
        if (names.size() < 2) {
            return "";
        }
        final List<String> groups = new ArrayList<>();
        final boolean[] done = new boolean[names.size()];
        for (int i = 0; i < names.size(); i++) {
            if (done[i]) {
                continue;
            }
            final List<String> same = new ArrayList<>(List.of(names.get(i)));
            for (int j = i + 1; j < names.size(); j++) {
                if (!done[j] && xss.get(j).equals(xss.get(i)) && yss.get(j).equals(yss.get(i))) {
                    same.add(names.get(j));
                    done[j] = true;
                }
            }
            if (same.size() > 1) {
                groups.add(String.join(" = ", same));
            }
        }
        if (groups.size() == 1 && groups.get(0).split(" = ").length == names.size()) {
            return " (all policies identical)";
        }
        return groups.isEmpty() ? "" : " (" + String.join("; ", groups) + ")";
    }

    /**
     * Returns what the x axis counts: the noun of the numbered phases ("iteration 3" is at x = 3) with the.
     *
     * @return what the x axis counts: the noun of the numbered phases ("iteration 3" is at x = 3) with the
     *     phases before them, e.g. {@code iteration (0 = warm-up)}; {@code phase} when phases are not so numbered
     */
    static String xTitle(final RunResult r) {
        final List<PhaseStats> phases = r.runs().isEmpty() ? List.of() : r.runs().get(0).phases();
        String noun = null;
        int offset = -1;
        final List<String> before = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            final Matcher m = NUMBERED.matcher(phases.get(i).label());
            if (m.matches() && (noun == null || noun.equals(m.group(1)))
                    && (offset < 0 || offset == i - Integer.parseInt(m.group(2)))) {
                noun = m.group(1);
                offset = i - Integer.parseInt(m.group(2));
            } else if (noun == null) {
                before.add(i + " = " + phases.get(i).label());
            } else {
                return "phase (0-based)";
            }
        }
        if (noun == null) {
            return "phase (0-based)";
        }
        if (offset != 0) {
            return "phase (" + String.join(", ", before) + "; " + noun + " N is phase N"
                    + (offset > 0 ? " + " + offset : " - " + -offset) + ")";
        }
        return before.isEmpty() ? noun : noun + " (" + String.join(", ", before) + ")";
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
