package dev.swaplayer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swaplayer.verify.CheckResult;
import dev.swaplayer.verify.Verdict;
import java.io.PrintWriter;

/**
 * The text and JSON forms of a {@link Verdict}.
 *
 * <p>Thread safety: stateless.
 */
final class VerifyReport {
    private VerifyReport() {
    }

    static void printRow(final PrintWriter w, final CheckResult r) {
        w.printf("  %-16s %-7s %8.1f  %s%n", r.name(), r.result().word(), r.seconds(), r.message());
        if (r.failed()) {
            if (r.counterexample() != null) {
                w.printf("    counterexample (%d steps):%n", r.counterexample().size());
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

    static void printSummary(final PrintWriter w, final Verdict v) {
        w.printf("verdict %s: %s (%.1f s)%n", v.policy(), v.pass() ? "pass" : "fail", v.seconds());
        w.flush();
    }

    static ObjectNode json(final ObjectMapper m, final Verdict v) {
        final ObjectNode o = m.createObjectNode();
        o.put("policy", v.policy());
        o.put("verdict", v.pass() ? "pass" : "fail");
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
        }
        o.putNull("fragmentation");
        o.put("seconds", Math.round(v.seconds() * 1000) / 1000.0);
        return o;
    }
}
