package dev.swaplayer.simulator;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * A thp-swap-test run printed line for line as the kernel's own {@code tools/mm/thp_swap_allocator_test.c} prints
 * it, so that a model's run and a kernel's can be put side by side with {@code diff}: per iteration,
 * {@code Iteration N: swpout inc: X, swpout fallback inc: Y, Fallback percentage: Z%}, the increments of
 * {@code hugepages-64kB/stats/swpout} and {@code swpout_fallback} over the iteration, the warm-up before the loop
 * not printed (the C program reads its baseline after it).
 *
 * <p>A folio a policy stores under a compound descriptor is swapped out whole, as a kernel with compound
 * descriptors would count it: in {@code swpout}. Each policy's lines follow a comment line that names the mode,
 * the policy and the setting ({@code # thp-swap-test -a, buddy, swap-in page, 1 CPU, seed 1}), which the C program
 * does not print. An iteration without a 64 KiB swap-out prints the percentage as the C program does on x86-64,
 * where 0.0 / 0.0 is a negative NaN: {@code -nan%}.
 *
 * <p>Thread safety: stateless.
 */
public final class ThpTestLines {
    private ThpTestLines() {
    }

    /**
     * Prints every run's iterations, policy by policy.
     *
     * @param results the runs of the thp-swap-test workload, one per mode
     * @param out where to print
     */
    public static void print(final List<RunResult> results, final PrintWriter out) {
        for (final RunResult r : results) {
            final int k = r.largeOrder();
            for (final PolicyRun run : r.runs()) {
                out.printf(Locale.ROOT, "# %s %s, %s, swap-in %s, %d %s%s%n", r.workload(),
                        r.mode() == null ? "" : TextReport.flags(r.mode()), run.policy(), r.swapIn().label(), r.cpus(),
                        r.cpus() == 1 ? "CPU" : "CPUs", r.seed() == null ? "" : ", seed " + r.seed());
                final List<PhaseStats> phases = run.phases();
                for (int i = r.firstMeasured(); i < phases.size(); i++) {
                    out.println(line(i - r.firstMeasured() + 1, phases.get(i).counters(), k));
                }
            }
        }
    }

    /**
     * Returns one iteration's line, as the C program's {@code printf} writes it.
     *
     * @param iteration the iteration, from 1
     * @param c the iteration's counters
     * @param order the folio order the C program's counters are of (4: {@code hugepages-64kB})
     * @return e.g. {@code Iteration 1: swpout inc: 222, swpout fallback inc: 0, Fallback percentage: 0.00%}
     */
    static String line(final int iteration, final Counters c, final int order) {
        final long whole = c.swpout(order) + c.swpoutCompound(order);
        final long fallback = c.swpoutFallback(order);
        final String percentage = whole + fallback == 0 ? "-nan"
                : String.format(Locale.ROOT, "%.2f", 100.0 * fallback / (fallback + whole));
        return "Iteration " + iteration + ": swpout inc: " + whole + ", swpout fallback inc: " + fallback
                + ", Fallback percentage: " + percentage + "%";
    }
}
