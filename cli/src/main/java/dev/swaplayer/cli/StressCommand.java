package dev.swaplayer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swaplayer.check.Stress;
import dev.swaplayer.spec.Geometry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./swaplayer stress}: many threads on one allocator, then a full audit.
 *
 * <p>Thread safety: runs on the calling thread, which starts and joins the workers.
 */
@Command(name = "stress", header = "Many threads allocating and freeing on one allocator, then a full audit.",
        mixinStandardHelpOptions = true,
        description = {
            "T threads share one allocator on a 1 GiB device (262,144 slots, 512-slot clusters) and run N",
            "operations in total: folios of order 0, 2 and 4, partial and whole frees, dup/put and swap-cache",
            "calls. Each thread claims the slots it gets in a shared owner table, so a slot handed to two",
            "threads at once is counted as duplicated; at the end every thread frees what it holds, slots",
            "still in use count as lost (with swap counts that read back wrong), and the allocator's",
            "invariant audit runs.",
            "Exit 0: nothing lost or duplicated. Exit 1: something was. Exit 2: bad arguments."},
        sortOptions = false)
final class StressCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: ${DEFAULT-VALUE}; 1..1024)")
    private int threads = 2;

    @Option(names = "--ops", paramLabel = "N", description = "operations in total, over all threads "
            + "(default: ${DEFAULT-VALUE})")
    private long ops = 1_000_000;

    @Option(names = "--policy", paramLabel = "P", description = "buddy, compound, cluster, or all "
            + "(default: ${DEFAULT-VALUE})")
    private String policy = "all";

    @Option(names = "--seed", paramLabel = "S", description = "the workers' seed (default: ${DEFAULT-VALUE}); the "
            + "interleaving is the scheduler's, so a run does not replay exactly")
    private long seed = 1;

    @Option(names = "--json", description = "print JSON: one object for one policy, an array of them for all")
    private boolean json;

    @Override
    public Integer call() throws InterruptedException {
        final List<Stress.Policy> policies = policies();
        if (threads < 1 || threads > 1024) {
            throw new UserError("--threads: " + threads + " (expected: 1..1024)");
        }
        if (ops < 1) {
            throw new UserError("--ops: " + ops + " (expected: >= 1)");
        }
        final Geometry geometry = Stress.defaultGeometry();
        final PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.printf("stress: %d threads, %,d operations, %s%n", threads, ops, geometry);
            out.printf("%-9s %8s %14s %6s %11s %8s %12s  %s%n", "policy", "threads", "ops", "lost", "duplicated",
                    "seconds", "ops/s", "audit");
        }
        final List<Stress.Result> results = new ArrayList<>();
        for (final Stress.Policy p : policies) {
            final Stress.Result r = Stress.run(p, geometry, threads, ops, seed);
            results.add(r);
            if (!json) {
                out.printf("%-9s %8d %,14d %6d %11d %8.2f %,12.0f  %s%n", r.policy(), r.threads(), r.ops(), r.lost(),
                        r.duplicated(), r.seconds(), r.ops() / r.seconds(), r.failure() == null ? "ok" : r.failure());
                out.flush();
            }
        }
        if (json) {
            printJson(out, results);
        }
        return results.stream().allMatch(Stress.Result::passed) ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    private List<Stress.Policy> policies() {
        final String p = policy.toLowerCase(Locale.ROOT);
        if (p.equals("all")) {
            return List.of(Stress.Policy.values());
        }
        for (final Stress.Policy v : Stress.Policy.values()) {
            if (v.label().equals(p)) {
                return List.of(v);
            }
        }
        throw new UserError("--policy: " + policy + " (expected: buddy, compound, cluster or all)");
    }

    private void printJson(final PrintWriter out, final List<Stress.Result> results) {
        final ObjectMapper m = new ObjectMapper();
        final ArrayNode all = m.createArrayNode();
        for (final Stress.Result r : results) {
            final ObjectNode o = all.addObject();
            o.put("policy", r.policy());
            o.put("threads", r.threads());
            o.put("ops", r.ops());
            o.put("lost", r.lost());
            o.put("duplicated", r.duplicated());
            o.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
            o.put("audit", r.failure() == null ? "ok" : r.failure());
        }
        out.println(results.size() == 1 ? all.get(0).toString() : all.toString());
    }
}
