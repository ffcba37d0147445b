package dev.swaplayer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.check.Stress;
import dev.swaplayer.simulator.Progress;
import dev.swaplayer.spec.Geometry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
            "T threads share one allocator on a 1 GiB device (262,144 slots, 512-slot clusters) and "
                    + "run N operations in total: folios of order 0, 2 and 4, partial and whole frees, dup/put "
                    + "on a thread's own pages, and forks, unmaps and swap-cache pins on 8 slots all threads "
                    + "share (every other one from count 62, the most the kernel's swap_map byte holds alone, so "
                    + "that forks carry into a continuation digit and unmaps borrow back). Each thread claims the "
                    + "slots it gets in a shared owner table, so a slot handed to two threads at once is counted "
                    + "as duplicated; at the end every thread frees what it holds, "
                    + "slots still in use count as lost (with swap counts that read back wrong), the allocator's "
                    + "invariant audit runs (for a plug-in without one, the owner table and the slots left in use "
                    + "are the audit), each shared slot must read its starting count and uncached, and "
                    + "usedSlots() and freeSlots() must read an empty device. With more than one thread, 2,000 "
                    + "contested rounds "
                    + "follow: two threads make a call each on one slot at once (both free its folio, drop its "
                    + "last reference or swap-cache pin, dup it, cacheAdd it, free half its folio each; or dup "
                    + "against put, the last put against cacheDel, cacheAdd against the last put, dup against "
                    + "cacheDel), and the answers and the slot's state after them must be those of the two calls "
                    + "made one after the other, in one order or the other; or both allocate on a device just "
                    + "created, and must get two runs that share no slot; or each dups a slot of its own, two "
                    + "slots of one cluster at count 62 on a device just created, and each count must rise by one.",
            "'all' is what it is for every verb (legacy, cluster, buddy, compound and the plug-ins; the "
                    + "reference variants such as bestfit run when named). With more than one thread only "
                    + "thread-safe policies run: 'all', alone or in a list, leaves out the single-threaded ones "
                    + "(legacy, our model of 6.10, and a plug-in whose provider does not say threadSafe()), and "
                    + "naming one of them is refused (exit 2). With --threads 1 any policy runs.",
            "The default run (1,000,000 operations, 2 threads, 3 thread-safe policies) takes about 9 "
                    + "seconds on a 2-core machine, 1.5 to 5 seconds per million operations per policy (the 6.12 "
                    + "model the slowest; each worker pauses up to 64 spin-waits between calls). More "
                    + "than 30,000,000 operations over all policies is refused unless --force; --ops is at most "
                    + "1,000,000,000.",
            "Exit 0: nothing lost or duplicated, and every check after the workers held. Exit 1: something was "
                    + "lost or duplicated, or the audit, a contested round, the compound churn, the shared slots, the "
                    + "counters or the drain found a fault. Exit 2: bad arguments, or a "
                    + "run too large without --force."},
        sortOptions = false)
final class StressCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: ${DEFAULT-VALUE}; 1..1024)")
    private int threads = 2;

    @Option(names = "--ops", paramLabel = "N", description = "operations in total, over all threads "
            + "(default: ${DEFAULT-VALUE})")
    private long ops = 1_000_000;

    @CommandLine.Mixin
    private PolicyOptions policy;

    @Option(names = "--seed", paramLabel = "S", description = "the workers' seed (default: ${DEFAULT-VALUE}); the "
            + "interleaving is the scheduler's, so a run does not replay exactly")
    private long seed = 1;

    @Option(names = "--json", description = "print JSON: one object for one policy, an array of them for all")
    private boolean json;

    @Option(names = "--quiet", description = "no progress on stderr (a bar on a terminal, else a line every 10 s)")
    private boolean quiet;

    @Option(names = "--force", description = "run even when operations times policies exceed "
            + "30,000,000 (about a minute)")
    private boolean force;

    /** Most operations, over all policies, run without --force: about a minute at 0.5 to 1 million a second. */
    static final long MAX_WORK = 30_000_000L;
    /** Most operations of one run, even with --force: about half an hour per policy. */
    static final long MAX_OPS = 1_000_000_000L;

    @Override
    public Integer call() throws InterruptedException {
        if (threads < 1 || threads > 1024) {
            throw new UserError("--threads: " + threads + " (expected: 1..1024)");
        }
        final PolicyRegistry registry = policy.registry();
        final List<String> policies = policies(registry);
        if (ops < 1 || ops > MAX_OPS) {
            throw new UserError("--ops: " + ops + " (expected: 1.." + MAX_OPS + ")");
        }
        if (ops * policies.size() > MAX_WORK && !force) {
            throw new UserError("--ops: " + ops + " on " + policies.size() + " policies: " + ops * policies.size()
                    + " operations (expected: at most " + MAX_WORK + " in all, about a minute, or --force)");
        }
        final Geometry geometry = Stress.defaultGeometry();
        final PrintWriter out = spec.commandLine().getOut();
        final int width = Math.max(9, policies.stream().mapToInt(String::length).max().orElse(0));
        if (!json) {
            out.printf("stress: %d thread%s, %,d operations, %s%n", threads, threads == 1 ? "" : "s", ops, geometry);
            out.printf("%-" + width + "s %8s %14s %6s %11s %8s %12s  %s%n", "policy", "threads", "ops", "lost",
                    "duplicated", "seconds", "ops/s", "result");
        }
        final List<Stress.Result> results = new ArrayList<>();
        for (final String p : policies) {
            final Stress.Result r;
            try (Progress progress = Progress.onStderr("swaplayer stress " + p, ops, "operations", quiet)) {
                r = Stress.run(registry, p, geometry, threads, ops, seed, progress);
            }
            results.add(r);
            if (!json) {
                out.printf("%-" + width + "s %8d %,14d %6d %11d %8.2f %,12.0f  %s%n", r.policy(), r.threads(), r.ops(),
                        r.lost(), r.duplicated(), r.seconds(), r.ops() / r.seconds(), result(r));
                out.flush();
            }
        }
        if (json) {
            printJson(out, results);
        }
        return results.stream().allMatch(Stress.Result::passed) ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    /**
     * @return the policies to run: {@code all}, alone or in a list, adds every thread-safe one (every one with
     *     {@code --threads 1}); a single-threaded policy named explicitly is refused with more than one thread,
     *     before any runs
     */
    private List<String> policies(final PolicyRegistry registry) {
        final List<String> given = Arrays.stream(policy.policy.split(",", -1)).map(String::strip).toList();
        final List<String> all = Stress.all(registry, threads);
        final List<String> names = policy.names().stream()
                .filter(n -> !given.contains("all") || given.contains(n) || all.contains(n)).toList();
        for (final String n : names) {
            if (threads > 1 && !registry.provider(n).threadSafe()) {
                throw new UserError("--threads: " + threads + " (expected: 1; " + singleThreaded(n) + ")");
            }
            try { // a provider that cannot build its allocator fails here, before the first run prints
                registry.create(n, 0, Stress.defaultGeometry(), threads);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        return names;
    }

    /**
     * Says why a policy runs on one thread only. The kernel's own allocators are all thread-safe; legacy, our model
     * of 6.10's, is single-threaded (its scan state is unguarded), and so is a plug-in whose provider does not say
     * {@code threadSafe()}.
     */
    static String singleThreaded(final String policy) {
        return policy.equals("legacy") ? "the model of 6.10, legacy, is single-threaded"
                : policy + " is single-threaded: its provider does not say threadSafe()";
    }

    /**
     * The last column: ok, or each reason the run failed. A run can lose or duplicate slots and still leave a
     * state the allocator's own audit accepts (a swap count that drifted, say), so the audit's verdict alone is
     * not the run's.
     */
    static String result(final Stress.Result r) {
        if (r.passed()) {
            return "ok";
        }
        final List<String> why = new ArrayList<>();
        if (r.lost() > 0) {
            why.add(r.lost() + " lost");
        }
        if (r.duplicated() > 0) {
            why.add(r.duplicated() + " duplicated");
        }
        why.add(r.failure() == null ? "the audit passed" : r.failure());
        return "FAILED: " + String.join(", ", why);
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
            o.put("passed", r.passed());
        }
        out.println(results.size() == 1 ? all.get(0).toString() : all.toString());
    }
}
