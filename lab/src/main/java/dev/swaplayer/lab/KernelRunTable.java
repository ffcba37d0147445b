package dev.swaplayer.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.simulator.PhaseStats;
import dev.swaplayer.simulator.PolicySlots;
import dev.swaplayer.simulator.Simulator;
import dev.swaplayer.simulator.SwapIn;
import dev.swaplayer.simulator.ThpMode;
import dev.swaplayer.simulator.Workloads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables of docs/FIDELITY.md section 4, made from the JSON of {@code ./swaplayer kernel-run --json} (one
 * line per boot): per kernel release and swap-in, per thp-swap-test mode, the kernel's 64 KiB fallback
 * percentage in iterations 1 to N over its boots, their mean, and the spread between boots, with the models
 * beside it, replayed here on the same workload (seed and iterations of the run, one CPU).
 *
 * <pre>
 * java -cp cli/target/swaplayer.jar dev.swaplayer.lab.KernelRunTable [--columns N] [--models P,...] FILE...
 * </pre>
 *
 * <p>A kernel cell is the value every boot gave, or {@code min-max} when the boots differ. {@code mean} is
 * the mean over iterations 1 to 100 of the fallback percentage (boots: the mean of the boots' means, with
 * their range when they differ); {@code spread} is the largest difference between two boots in any
 * iteration, 0 when every boot gave the same counts. A phase without a 64 KiB swap-out prints {@code -}.
 *
 * <p>Thread safety: stateless; {@link #render} runs on the calling thread.
 */
public final class KernelRunTable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> MODES = ThpMode.labels();
    private static final int ORDER = 4;

    private KernelRunTable() {
    }

    /**
     * Prints the tables to stdout; a bad argument or an unreadable file is one stderr line and exit 2.
     *
     * @param args {@code [--columns N] [--models P,...] FILE...}
     */
    public static void main(final String[] args) {
        int columns = 20;
        List<String> models = List.of("legacy", "cluster");
        final List<Path> files = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--columns") && i + 1 < args.length) {
                    columns = Integer.parseInt(args[++i]);
                } else if (args[i].equals("--models") && i + 1 < args.length) {
                    models = Arrays.asList(args[++i].split(","));
                } else {
                    files.add(Path.of(args[i]));
                }
            }
            System.out.print(render(files, columns, models, PolicyRegistry.builtIn()));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("KernelRunTable: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Returns the markdown tables, one per kernel release and swap-in, in the order first met.
     *
     * @param files JSON-lines files of {@code kernel-run --json}, thp-swap-test only
     * @param columns how many iterations get a column, 1..100
     * @param models the models to replay beside each kernel
     * @param registry where the models are registered
     * @return the markdown tables, one per kernel release and swap-in, in the order first met
     * @throws IllegalArgumentException for no file, a bad column count, an unknown model, or a file that is
     *     not thp-swap-test JSON of a kernel run
     */
    public static String render(final List<Path> files, final int columns, final List<String> models,
            final PolicyRegistry registry) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("FILE: none (expected: kernel-run --json files)");
        }
        final Map<String, Map<String, List<JsonNode>>> groups = new LinkedHashMap<>();
        for (final Path f : files) {
            for (final JsonNode run : read(f)) {
                final JsonNode kernel = run.path("policies").path(0);
                if (!"thp-swap-test".equals(run.path("workload").asText()) || !kernel.has("kernel")) {
                    throw new IllegalArgumentException("FILE: " + f + " (expected: kernel-run --json of"
                            + " thp-swap-test, the kernel's policy first)");
                }
                final String key = kernel.path("policy").asText() + "|" + run.path("swapin").asText();
                groups.computeIfAbsent(key, k -> new LinkedHashMap<>())
                        .computeIfAbsent(run.path("mode").asText(), m -> new ArrayList<>()).add(run);
            }
        }
        final StringBuilder out = new StringBuilder();
        for (final Map.Entry<String, Map<String, List<JsonNode>>> g : groups.entrySet()) {
            table(out, g.getKey(), g.getValue(), checkColumns(columns), models, registry);
        }
        return out.toString();
    }

    private static int checkColumns(final int columns) {
        if (columns < 1 || columns > 100) {
            throw new IllegalArgumentException("--columns: " + columns + " (expected: 1..100)");
        }
        return columns;
    }

    private static List<JsonNode> read(final Path f) {
        try {
            final List<JsonNode> runs = new ArrayList<>();
            for (final String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    runs.add(MAPPER.readTree(line));
                }
            }
            return runs;
        } catch (IOException e) {
            throw new UncheckedIOException("FILE: " + f + " (expected: a readable JSON-lines file; "
                    + e.getMessage() + ")", e);
        }
    }

    private static void table(final StringBuilder out, final String key, final Map<String, List<JsonNode>> byMode,
            final int columns, final List<String> models, final PolicyRegistry registry) {
        final String[] k = key.split("\\|", -1);
        final JsonNode any = byMode.values().iterator().next().get(0);
        out.append(String.format(Locale.ROOT, "#### %s, swap-in %s: 64 KiB fallback %% per iteration (%s)%n%n",
                k[0], k[1], describeBoots(byMode)));
        out.append("| Mode | Policy |");
        for (int i = 1; i <= columns; i++) {
            out.append(" it ").append(i).append(" |");
        }
        out.append(" mean | spread |\n|---|---|");
        out.append("---|".repeat(columns + 2)).append('\n');
        for (final String mode : MODES) {
            final List<JsonNode> boots = byMode.get(mode);
            if (boots == null) {
                continue;
            }
            final List<double[]> kernel = new ArrayList<>();
            for (final JsonNode b : boots) {
                kernel.add(ratios(b.path("policies").path(0).path("phases")));
            }
            row(out, mode, "**" + k[0] + "**", kernel, columns);
            for (final String m : models) {
                row(out, mode, "`" + m + "`", List.of(model(registry, m, any, mode, k[1])), columns);
            }
        }
        out.append('\n');
    }

    private static String describeBoots(final Map<String, List<JsonNode>> byMode) {
        final List<String> parts = new ArrayList<>();
        for (final String mode : MODES) {
            if (byMode.containsKey(mode)) {
                parts.add(mode + ": " + byMode.get(mode).size());
            }
        }
        return "boots per mode " + String.join(", ", parts);
    }

    /** Returns the fallback percentage of iterations 1..N (phase 0 is the warm-up), NaN where none swapped out. */
    static double[] ratios(final JsonNode phases) {
        final double[] r = new double[phases.size() - 1];
        for (int i = 1; i < phases.size(); i++) {
            final JsonNode v = phases.get(i).path("orders").path(String.valueOf(ORDER)).path("fallback_ratio");
            r[i - 1] = v.isNumber() ? v.asDouble() : Double.NaN;
        }
        return r;
    }

    private static double[] model(final PolicyRegistry registry, final String name, final JsonNode run,
            final String mode, final String swapIn) {
        final int iterations = run.path("policies").path(0).path("phases").size() - 1;
        final var w = Workloads.thpSwapTest(ThpMode.parse(mode), run.path("seed").asLong(1), iterations);
        final PolicySlots p = PolicySlots.create(registry, name, w.geometry(), 1);
        final List<PhaseStats> phases = Simulator.run(w, p, new Simulator.Options(SwapIn.parse(swapIn), 1, false),
                null).phases();
        final double[] r = new double[phases.size() - 1];
        for (int i = 1; i < phases.size(); i++) {
            r[i - 1] = phases.get(i).counters().fallbackRatio(ORDER);
        }
        return r;
    }

    private static void row(final StringBuilder out, final String mode, final String policy,
            final List<double[]> boots, final int columns) {
        out.append("| ").append(mode.equals("none") ? "none" : "`-" + String.join(" -", mode.split("")) + "`")
                .append(" | ").append(policy).append(" |");
        double spread = 0;
        final int n = boots.get(0).length;
        for (int i = 0; i < n; i++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (final double[] b : boots) {
                lo = Math.min(lo, b[i]);
                hi = Math.max(hi, b[i]);
            }
            if (!Double.isNaN(lo) && !Double.isNaN(hi)) {
                spread = Math.max(spread, hi - lo);
            }
            if (i < columns) {
                out.append(' ').append(range(lo, hi)).append(" |");
            }
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (final double[] b : boots) {
            final double m = mean(b);
            lo = Math.min(lo, m);
            hi = Math.max(hi, m);
        }
        out.append(' ').append(range(lo, hi)).append(" | ")
                .append(boots.size() > 1 ? String.format(Locale.ROOT, "%.1f", spread) : "").append(" |\n");
    }

    /** Returns the mean over the iterations that swapped a 64 KiB folio out; NaN when none did. */
    static double mean(final double[] r) {
        double sum = 0;
        int n = 0;
        for (final double v : r) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static String range(final double lo, final double hi) {
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            return "-";
        }
        final String a = String.format(Locale.ROOT, "%.1f", lo);
        final String b = String.format(Locale.ROOT, "%.1f", hi);
        return a.equals(b) ? a : a + "-" + b;
    }
}
