package dev.swaplayer.cli;

import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.simulator.Experiment;
import dev.swaplayer.simulator.PolicyRun;
import dev.swaplayer.simulator.RunResult;
import dev.swaplayer.simulator.Simulator;
import dev.swaplayer.simulator.SwapIn;
import dev.swaplayer.simulator.TextReport;
import dev.swaplayer.simulator.ThpMode;
import dev.swaplayer.simulator.Workload;
import dev.swaplayer.simulator.Workloads;
import dev.swaplayer.verify.Depth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * How the verified policy fragments next to the built-in ones, printed beside {@code verify}'s checks: the
 * simulator's workloads, each policy on a fresh device: the mean fallback of the workload's large folios and the
 * mean unusable index. It is measured here, not by the verify engine, so that the engine (and the test kit over it)
 * does not depend on the simulator.
 *
 * <p>Thread safety: immutable once measured.
 *
 * @param policies the columns: the verified policy first, then the built-in ones
 * @param rows one row per workload and swap-in mode
 * @param thpIterations iterations of thp-swap-test in each row (aging and adversarial run their defaults)
 */
record FragmentationTable(List<String> policies, List<Row> rows, int thpIterations) {

    /**
     * One workload's figures.
     *
     * @param workload e.g. {@code thp-swap-test none}
     * @param swapIn page or folio
     * @param largeOrder the order the figures are about (4: 64 KiB folios)
     * @param fallbackPercent per policy, the mean {@code swpout_fallback} share of large folios, in percent
     * @param unusableIndex per policy, the unusable free space index of the large order, mean over the measured
     *     phases (0: every free slot is in a free block of the large order; 1: none is)
     */
    record Row(String workload, String swapIn, int largeOrder, List<Double> fallbackPercent,
            List<Double> unusableIndex) {
    }

    /** Copies the lists. */
    public FragmentationTable {
        policies = List.copyOf(policies);
        rows = List.copyOf(rows);
    }

    /**
     * Runs every workload on the policy and on the built-in ones.
     *
     * @param registry where the policies are registered
     * @param policy the verified policy
     * @param depth how many iterations of each workload
     * @return the table
     */
    static FragmentationTable measure(final PolicyRegistry registry, final String policy, final Depth depth) {
        final LinkedHashSet<String> names = new LinkedHashSet<>();
        names.add(policy);
        names.addAll(registry.builtInNames());
        final List<String> columns = List.copyOf(names);
        final List<Row> rows = new ArrayList<>();
        final int iterations = depth.fragmentationIterations();
        for (final SwapIn swapIn : new SwapIn[] {SwapIn.PAGE, SwapIn.FOLIO}) {
            for (final ThpMode mode : ThpMode.values()) {
                rows.add(row(registry, columns, Workloads.thpSwapTest(mode, 1, iterations),
                        "thp-swap-test " + mode.label(), swapIn));
            }
        }
        rows.add(row(registry, columns, Workloads.aging(1, Workloads.defaultIterations("aging")), "aging",
                SwapIn.PAGE));
        rows.add(row(registry, columns, Workloads.adversarial(Workloads.defaultIterations("adversarial")),
                "adversarial", SwapIn.PAGE));
        return new FragmentationTable(columns, rows, iterations);
    }

    /** A simulation of the table that threw: the workload it ran, the exception as its cause. */
    static final class Fault extends RuntimeException {
        private static final long serialVersionUID = 1L;
        /** Which of the table's runs threw, e.g. {@code "workload aging, page swap-in"}. */
        final String where;

        Fault(final String where, final RuntimeException cause) {
            super(where + ": " + cause, cause);
            this.where = where;
        }
    }

    private static double meanUnusable(final RunResult r, final PolicyRun run, final int k) {
        double sum = 0;
        int n = 0;
        for (int i = r.firstMeasured(); i < run.phases().size(); i++) {
            final double u = run.phases().get(i).unusableIndex(k);
            if (!Double.isNaN(u)) {
                sum += u;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static Row row(final PolicyRegistry registry, final List<String> columns, final Workload w,
            final String label, final SwapIn swapIn) {
        final RunResult r;
        try {
            r = Experiment.run(registry, w, null, null, columns, new Simulator.Options(swapIn, 1, false), null);
        } catch (RuntimeException e) {
            throw new Fault("workload " + label + ", " + swapIn.name().toLowerCase(Locale.ROOT) + " swap-in", e);
        }
        final int k = r.largeOrder();
        final List<Double> fallback = new ArrayList<>();
        final List<Double> unusable = new ArrayList<>();
        for (final PolicyRun run : r.runs()) {
            fallback.add(TextReport.meanRatio(r, run, k));
            unusable.add(meanUnusable(r, run, k));
        }
        return new Row(label, swapIn.name().toLowerCase(Locale.ROOT), k, fallback, unusable);
    }
}
