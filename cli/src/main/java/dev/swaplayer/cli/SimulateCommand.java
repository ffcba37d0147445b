package dev.swaplayer.cli;

import dev.swaplayer.simulator.Experiment;
import dev.swaplayer.simulator.GlibcRandom;
import dev.swaplayer.simulator.JsonReport;
import dev.swaplayer.simulator.OutputDirectory;
import dev.swaplayer.simulator.Policies;
import dev.swaplayer.simulator.Progress;
import dev.swaplayer.simulator.RunResult;
import dev.swaplayer.simulator.Simulator;
import dev.swaplayer.simulator.SwapIn;
import dev.swaplayer.simulator.TextReport;
import dev.swaplayer.simulator.ThpMode;
import dev.swaplayer.simulator.Workload;
import dev.swaplayer.simulator.Workloads;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./swaplayer simulate}: runs a built-in workload on the allocation policies and compares them. With
 * no arguments: thp-swap-test (tools/mm/thp_swap_allocator_test.c) in its four modes on all four policies.
 *
 * <p>Thread safety: runs on the calling thread.
 */
@Command(name = "simulate",
        header = "Compare allocation policies on a built-in workload (default: thp-swap-test).",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run a built-in workload against the allocation policies, each on a fresh",
            "simulated swap device, and compare how large folios were swapped out: whole,",
            "split (fallback), under a compound descriptor, or not at all. With no",
            "arguments: thp-swap-test in all four modes on all four policies.",
            "Exit 0: done. Exit 2: bad arguments (nothing was run)."})
final class SimulateCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--workload", paramLabel = "W", description = "thp-swap-test, aging or adversarial "
            + "(default: ${DEFAULT-VALUE})")
    private String workload = "thp-swap-test";

    @Option(names = "--mode", paramLabel = "M", description = "thp-swap-test flags: none, a (-a), s (-s), as "
            + "(-a -s) or all (default: all)")
    private String mode;

    @Option(names = "--policy", paramLabel = "P", description = "legacy, cluster, buddy, compound, a comma-"
            + "separated list, or all (default: ${DEFAULT-VALUE})")
    private String policy = "all";

    @Option(names = "--swapin", paramLabel = "G", description = "page: each faulted page comes back alone "
            + "(<= 6.11); folio: the whole folio when all of it is still swapped out (default: ${DEFAULT-VALUE})")
    private String swapin = "folio";

    @Option(names = "--seed", paramLabel = "S", description = "srand() seed for thp-swap-test and aging "
            + "(default: ${DEFAULT-VALUE}, the C program's)")
    private long seed = GlibcRandom.DEFAULT_SEED;

    @Option(names = "--cpus", paramLabel = "N", description = "simulated CPUs; swap-outs are dealt to them in "
            + "batches of 32 (default: ${DEFAULT-VALUE})")
    private int cpus = 1;

    @Option(names = "--iterations", paramLabel = "N", description = "iterations (thp-swap-test), hours (aging) "
            + "or rounds (adversarial) (default: 100; adversarial 10)")
    private Integer iterations;

    @Option(names = "--json", description = "print one JSON object per mode, one per line, instead of the table")
    private boolean json;

    @Option(names = "--out", paramLabel = "DIR", description = "also write a CSV per policy and PNG charts to DIR")
    private Path out;

    @Option(names = "--quiet", description = "no progress bar")
    private boolean quiet;

    @Option(names = "--emit-script", paramLabel = "FILE", description = "write the workload as a v1 script for "
            + "'replay' instead of running it (needs one mode)")
    private Path emitScript;

    @Override
    public Integer call() {
        final List<ThpMode> modes = modes();
        final int n = iterations();
        checkSeed(seed);
        final List<String> policies = policies(policy);
        final Simulator.Options options = options(swapin, cpus);
        if (emitScript != null) {
            return emit(modes, n);
        }
        final List<Workload> workloads = new ArrayList<>();
        for (final ThpMode m : modes) {
            workloads.add(Workloads.byName(workload, m, seed, n));
        }
        final List<String> labels = modes.stream().map(m -> isThp() ? m.label() : null).toList();
        final Long shownSeed = workload.equals("adversarial") ? null : seed;
        final List<RunResult> results = run(spec, workloads, labels, shownSeed, policies, options, out, quiet);
        report(spec, results, json, out);
        return ExitCode.OK;
    }

    private boolean isThp() {
        return workload.equals("thp-swap-test");
    }

    private List<ThpMode> modes() {
        if (!Workloads.NAMES.contains(workload)) {
            throw new UserError("--workload: " + workload + " (expected: " + String.join(", ", Workloads.NAMES) + ")");
        }
        if (!isThp()) {
            if (mode != null) {
                throw new UserError("--mode: " + mode + " (expected: no --mode; only thp-swap-test has modes)");
            }
            return List.of(ThpMode.NONE);
        }
        if (mode == null || mode.equals("all")) {
            return List.of(ThpMode.values());
        }
        try {
            return List.of(ThpMode.parse(mode));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private int iterations() {
        final int n = iterations == null ? Workloads.defaultIterations(workload) : iterations;
        if (n < 1 || n > Workloads.MAX_ITERATIONS) {
            throw new UserError("--iterations: " + n + " (expected: 1.." + Workloads.MAX_ITERATIONS + ")");
        }
        return n;
    }

    private static void checkSeed(final long s) {
        if (s < 0 || s > GlibcRandom.MAX_SEED) {
            throw new UserError("--seed: " + s + " (expected: 0.." + GlibcRandom.MAX_SEED + ", an unsigned int)");
        }
    }

    private Integer emit(final List<ThpMode> modes, final int n) {
        if (modes.size() != 1) {
            throw new UserError("--mode: " + (mode == null ? "all (the default)" : mode) + " (expected: one of none,"
                    + " a, s, as with --emit-script)");
        }
        if (json || out != null) {
            throw new UserError("--emit-script: " + emitScript + " (expected: without --json or --out; it writes the "
                    + "script and runs nothing)");
        }
        final Workload w = Workloads.byName(workload, modes.get(0), seed, n);
        try (Writer wr = Files.newBufferedWriter(emitScript, StandardCharsets.UTF_8)) {
            w.writeScript(wr);
        } catch (IOException e) {
            throw new UserError("--emit-script: " + emitScript + " (expected: a writable file; " + e.getMessage() + ")");
        }
        spec.commandLine().getOut().printf("wrote %s: %s%s, %,d operations in %d phases%n", emitScript, w.name(),
                isThp() ? " " + modes.get(0).flags() : "", w.size() - w.labels().size(), w.labels().size());
        return ExitCode.OK;
    }

    // ------------------------------------------------------------------------ shared with ReplayCommand

    static List<String> policies(final String value) {
        try {
            return Policies.resolve(value);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    static Simulator.Options options(final String swapinValue, final int cpuCount) {
        try {
            return new Simulator.Options(SwapIn.parse(swapinValue), cpuCount, false);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /**
     * Builds every policy for every workload and prepares --out before the first operation runs, then runs.
     */
    static List<RunResult> run(final CommandLine.Model.CommandSpec spec, final List<Workload> workloads,
            final List<String> modeLabels, final Long seed, final List<String> policies,
            final Simulator.Options options, final Path out, final boolean quiet) {
        long total = 0;
        for (final Workload w : workloads) {
            try {
                Simulator.policies(w, policies, options.cpus());
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            total += (long) w.size() * policies.size();
        }
        if (out != null) {
            try {
                OutputDirectory.prepare(out);
            } catch (IOException e) {
                throw new UserError("--out: " + out + " (expected: a writable directory; " + e.getMessage() + ")");
            }
        }
        final List<RunResult> results = new ArrayList<>();
        try (Progress progress = new Progress(spec.name(), total, !quiet && System.console() != null)) {
            for (int i = 0; i < workloads.size(); i++) {
                results.add(Experiment.run(workloads.get(i), modeLabels.get(i), seed, policies, options, progress));
            }
        }
        return results;
    }

    static void report(final CommandLine.Model.CommandSpec spec, final List<RunResult> results, final boolean json,
            final Path out) {
        final PrintWriter pw = spec.commandLine().getOut();
        if (json) {
            results.forEach(r -> pw.println(JsonReport.toJsonLine(r)));
        } else if (results.size() > 1) {
            TextReport.comparisonTable(results, pw);
        } else {
            TextReport.phaseTable(results.get(0), pw);
        }
        if (out != null) {
            try {
                final List<Path> files = OutputDirectory.write(out, results);
                if (!json) {
                    pw.printf("wrote %d files to %s%n", files.size(), out);
                }
            } catch (IOException e) {
                throw new UserError("--out: " + out + " (expected: a writable directory; " + e.getMessage() + ")");
            }
        }
        pw.flush();
    }
}
