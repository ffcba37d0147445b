package dev.swaplayer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swaplayer.verify.CheckResult;
import dev.swaplayer.verify.Verdict;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The text and JSON forms of a {@link Verdict}.
 *
 * <p>Thread safety: stateless.
 */
final class VerifyReport {
    private VerifyReport() {
    }

    static void printRow(final PrintWriter w, final CheckResult r) {
        w.printf("  %-16s %-10s %5.1f  %s%n", r.name(), word(r), r.seconds(), r.message());
        if (r.failed()) {
            if (r.counterexample() != null && !r.counterexample().isEmpty()) {
                w.printf("    counterexample (%d step%s):%n", r.counterexample().size(),
                        r.counterexample().size() == 1 ? "" : "s");
                for (int i = 0; i < r.counterexample().size(); i++) {
                    w.printf("      %3d  %s%n", i + 1, r.counterexample().get(i));
                }
            }
            if (r.rerun() != null) {
                w.printf("    re-run: %s%n", r.rerun());
            }
        }
        w.flush();
    }

    /**
     * One policy's run of {@code verify}: the engine's verdict, the command's fragmentation table beside it, and
     * the time of both.
     *
     * <p>Thread safety: immutable.
     *
     * @param verdict the checks and their verdict
     * @param table the fragmentation table, or null when it was not run
     * @param seconds wall time of the checks and the table
     * @param tableFault why the table could not be drawn (the plug-in threw inside its simulation), or null
     */
    record Run(Verdict verdict, FragmentationTable table, double seconds, String tableFault) {
        /** Returns whether the run passed: every safety check, and a table without a fault of the plug-in's. */
        boolean pass() {
            return verdict.pass() && tableFault == null;
        }
    }

    static void printFragmentation(final PrintWriter w, final FragmentationTable t) {
        if (t == null) {
            return;
        }
        w.printf("fragmentation: mean fallback %% of the large folios [mean unusable index]; thp-swap-test %d "
                + "iterations, aging 100 hours, adversarial 10 rounds, seed 1%n", t.thpIterations());
        final StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-22s %-6s", "workload", "swapin"));
        t.policies().forEach(p -> head.append(String.format(Locale.ROOT, " %16s", p)));
        w.println(head);
        for (final FragmentationTable.Row r : t.rows()) {
            final StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-22s %-6s", r.workload(),
                    r.swapIn()));
            for (int i = 0; i < t.policies().size(); i++) {
                row.append(String.format(Locale.ROOT, " %7s [%5.3f]", percent(r.fallbackPercent().get(i)),
                        r.unusableIndex().get(i)));
            }
            w.println(row);
        }
        w.flush();
    }

    private static String percent(final double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * A check's result in its column: pass, fail, skipped, or incomplete for a failure that is only incompleteness
     * (which fails the verdict only with {@code --require complete}); the JSON keeps "fail" with {@code incomplete}.
     * The column is as wide as "incomplete" and the seconds' narrower, so that the rows keep their width.
     */
    static String word(final CheckResult r) {
        return onlyIncomplete(r) ? "incomplete" : r.result().word();
    }

    /** Whether a check failed on incompleteness alone. */
    private static boolean onlyIncomplete(final CheckResult r) {
        return r.failed() && r.incomplete();
    }

    static void printSummary(final PrintWriter w, final Run run) {
        final Verdict v = run.verdict();
        if (run.tableFault() != null) {
            w.printf("fragmentation: not drawn: %s%n", run.tableFault());
        }
        final boolean incomplete = v.checks().stream().anyMatch(VerifyReport::onlyIncomplete);
        w.printf("verdict %s: %s (%.1f s)%n", v.policy(), !run.pass() ? "fail" : incomplete
                ? "pass, but incomplete (--require complete fails it)" : "pass", run.seconds());
        w.flush();
    }

    /**
     * The first two lines of a verdict's text: what ran, with its depth and seed, then the column heads.
     *
     * @param note added after the first line's parenthesis (the expected time of a full run), or ""
     */
    static void printHeader(final PrintWriter w, final String policy, final String depth, final long seed,
            final String note) {
        w.printf("verify %s (%s, seed %d)%s%n", policy, depth, seed, note);
        w.printf("  %-16s %-7s %8s  %s%n", "check", "result", "seconds", "details");
        w.flush();
    }

    /**
     * The JSON form of a verdict, with what repeats the run: its depth, its seed and the command.
     *
     * @param depth {@code quick} or {@code full}
     * @param seed the seed of every random check
     * @param rerun the command that runs the same checks again
     */
    static ObjectNode json(final ObjectMapper m, final Run run, final String depth, final long seed,
            final String rerun) {
        final Verdict v = run.verdict();
        final FragmentationTable t = run.table();
        final ObjectNode o = m.createObjectNode();
        o.put("policy", v.policy());
        o.put("verdict", run.pass() ? "pass" : "fail");
        o.put("depth", depth);
        o.put("seed", seed);
        o.put("rerun", rerun);
        final ArrayNode checks = o.putArray("checks");
        for (final CheckResult r : v.checks()) {
            final ObjectNode c = checks.addObject();
            c.put("name", r.name());
            c.put("result", r.result().word());
            c.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
            if (r.counterexample() == null) {
                c.putNull("counterexample");
            } else {
                final ArrayNode steps = c.putArray("counterexample");
                r.counterexample().forEach(steps::add);
            }
            c.put("message", r.message());
            if (r.rerun() != null) {
                c.put("rerun", r.rerun());
            }
            if (r.failed()) {
                c.put("incomplete", r.incomplete());
            }
        }
        if (run.tableFault() != null) {
            o.put("fragmentation_fault", run.tableFault());
        }
        if (t == null) {
            o.putNull("fragmentation");
        } else {
            final ObjectNode f = o.putObject("fragmentation");
            f.put("thp_iterations", t.thpIterations());
            final ArrayNode cols = f.putArray("policies");
            t.policies().forEach(cols::add);
            final ArrayNode rows = f.putArray("rows");
            for (final FragmentationTable.Row r : t.rows()) {
                final ObjectNode row = rows.addObject();
                row.put("workload", r.workload());
                row.put("swapin", r.swapIn());
                row.put("order", r.largeOrder());
                final ArrayNode fb = row.putArray("fallback_percent");
                r.fallbackPercent().forEach(x -> {
                    if (Double.isNaN(x)) {
                        fb.addNull();
                    } else {
                        fb.add(Math.round(x * 100) / 100.0);
                    }
                });
                final ArrayNode ui = row.putArray("unusable_index");
                r.unusableIndex().forEach(x -> ui.add(Math.round(x * 1000) / 1000.0));
            }
        }
        o.put("seconds", Math.round(run.seconds() * 1000) / 1000.0);
        return o;
    }
}
