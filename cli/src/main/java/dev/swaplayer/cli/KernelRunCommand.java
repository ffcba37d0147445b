package dev.swaplayer.cli;

import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.device.UserInput;
import dev.swaplayer.lab.KernelFacts;
import dev.swaplayer.lab.KernelLab;
import dev.swaplayer.lab.KernelResults;
import dev.swaplayer.lab.KernelSpec;
import dev.swaplayer.lab.LabException;
import dev.swaplayer.lab.Tools;
import dev.swaplayer.lab.VmException;
import dev.swaplayer.simulator.Experiment;
import dev.swaplayer.simulator.GlibcRandom;
import dev.swaplayer.simulator.OutputDirectory;
import dev.swaplayer.simulator.PolicyRun;
import dev.swaplayer.simulator.RunResult;
import dev.swaplayer.simulator.ScriptException;
import dev.swaplayer.simulator.ScriptParser;
import dev.swaplayer.simulator.Simulator;
import dev.swaplayer.simulator.SwapIn;
import dev.swaplayer.simulator.TextReport;
import dev.swaplayer.simulator.ThpMode;
import dev.swaplayer.simulator.Workload;
import dev.swaplayer.simulator.Workloads;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./swaplayer kernel-run}: replays a workload on a real Linux kernel booted in QEMU and reports the
 * kernel's own per-size counters in {@code replay}'s schema, optionally beside the models (lab/README.md).
 *
 * <p>Thread safety: runs on the calling thread.
 */
@Command(name = "kernel-run", header = "Replay a workload on a real Linux kernel in a VM, beside the models.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Boot a real kernel in QEMU (a fresh boot per run) with a zram swap device of the "
                    + "workload's size, perform the workload with a static C runner, and read the kernel's "
                    + "per-size counters (hugepages-*kB/stats/swpout, swpout_fallback, ...) at every phase. The "
                    + "kernel's release is the policy name; --compare runs the models on the same workload "
                    + "beside it. Without KVM one boot of thp-swap-test takes about 2 minutes (TCG). Exit 0: "
                    + "done. Exit 1: the VM did not complete the workload, or --swapin page did not take "
                    + "effect. Exit 2: bad arguments (a kernel before 6.10, a --qemu that is no QEMU), or QEMU, "
                    + "busybox-static, cpio or apt missing (nothing was run)."})
final class KernelRunCommand implements Callable<Integer> {
    /** The models that --compare runs: the built-in policies. */
    private static final PolicyRegistry REGISTRY = PolicyRegistry.builtIn();
    /** The smallest guest that boots a Debian kernel with the lab's initramfs (64M does not; 96M does). */
    private static final long MIN_MEMORY_MIB = 128;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--kernel", paramLabel = "K", required = true, description = "debian:SUITE (debian:trixie, "
            + "debian:sid: Debian's linux-image-amd64, fetched with apt) or a bzImage file; Linux 6.10 or later, "
            + "which has the per-size swap counters")
    private String kernel;

    @Option(names = "--modules", paramLabel = "DIR", description = "with a bzImage: its module directory "
            + "(lib/modules/<release>) when zram is a module")
    private Path modules;

    @Option(names = "--script", paramLabel = "FILE", description = "a workload script (format v1)")
    private Path script;

    @Option(names = "--workload", paramLabel = "W", description = "a built-in workload: thp-swap-test")
    private String workload;

    @Option(names = "--mode", paramLabel = "M", description = "thp-swap-test flags: none, a, s or as")
    private String mode;

    @Option(names = "--seed", paramLabel = "S", description = "thp-swap-test's srand() seed (default: 1)")
    private long seed = GlibcRandom.DEFAULT_SEED;

    @Option(names = "--iterations", paramLabel = "N", description = "thp-swap-test iterations (default: 100)")
    private Integer iterations;

    @Option(names = "--swapin", paramLabel = "G", description = "folio: the kernel's default (6.12+ swaps whole "
            + "folios in from zram); page: zswap enabled then disabled before swapon, so order 0 "
            + "(default: ${DEFAULT-VALUE})")
    private String swapin = "folio";

    @Option(names = "--runs", paramLabel = "N", description = "fresh boots (default: ${DEFAULT-VALUE})")
    private int runs = 1;

    @Option(names = "--memory", paramLabel = "SIZE", converter = Converters.Size.class, defaultValue = "2G",
            description = "guest memory, a whole number of MiB with an optional K, M, G or T suffix, 128M up"
                    + " to the host's memory (default: ${DEFAULT-VALUE}); a guest that must reclaim for itself "
                    + "swaps out more than the workload asks, and its counts are not comparable with the models'")
    private long memory;

    @Option(names = "--compare", paramLabel = "P", description = "also run these models on the same workload: "
            + "legacy, cluster, buddy, compound, bestfit, cluster-612-slots (6.12's allocator as the kernel runs "
            + "it), cluster-72 (7.2's), a list, or all (legacy, cluster, buddy, compound)")
    private String compare;

    @Option(names = "--json", description = "print JSON: one object per boot, one per line (replay's schema, "
            + "plus a 'kernel' object)")
    private boolean json;

    @Option(names = "--out", paramLabel = "DIR", description = "also write the JSON, a CSV per policy and charts "
            + "to DIR")
    private Path out;

    @Option(names = "--accel", paramLabel = "A", description = "auto, tcg or kvm (default: ${DEFAULT-VALUE}: "
            + "KVM only when it is usable)")
    private String accel = "auto";

    @Option(names = "--qemu", paramLabel = "FILE", description = "the QEMU binary (default: qemu-system-x86_64 "
            + "on the PATH)")
    private Path qemu;

    @Option(names = "--cache", paramLabel = "DIR", description = "apt state and kernels (default: "
            + "$XDG_CACHE_HOME/swaplayer or ~/.cache/swaplayer)")
    private Path cache;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "per boot (default: ${DEFAULT-VALUE})")
    private long timeout = 1800;

    @Option(names = "--quiet", description = "no progress lines")
    private boolean quiet;

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        final KernelLab.Request request;
        final List<String> models;
        final KernelLab lab = new KernelLab(Tools.fromEnvironment(), line -> {
            if (!quiet) {
                err.println("kernel-run: " + line);
                err.flush();
            }
        });
        try {
            refuseDirectories();
            final KernelSpec k = KernelSpec.parse(kernel, modules);
            final SwapIn swapIn = swapIn();
            final Workload w = workload();
            models = compare == null ? List.of() : PolicyOptions.resolve(REGISTRY, "--compare", compare, false);
            request = new KernelLab.Request(k, w, script == null ? ModeOption.one(mode).label() : null,
                    script == null ? seed : null, swapIn, runs, memoryMiB(), accel, qemu, cacheDir(), timeout,
                    commandLine());
            lab.preflight(request);
            prepareOut();
        } catch (LabException e) {
            throw new UserError(e.getMessage());
        }
        final List<KernelLab.Run> runsDone;
        try {
            runsDone = lab.run(request);
        } catch (LabException e) {
            throw new UserError(e.getMessage());
        } catch (VmException e) {
            err.println("swaplayer kernel-run: " + e.getMessage());
            err.flush();
            return ExitCode.CHECK_FAILED;
        }
        final RunResult modelRuns = models.isEmpty() ? null : Experiment.run(REGISTRY, request.workload(),
                request.mode(),
                request.seed(), models, new Simulator.Options(request.swapIn(), 1, false), null);
        return report(runsDone, modelRuns, err);
    }

    private int report(final List<KernelLab.Run> runsDone, final RunResult modelRuns, final PrintWriter err) {
        final PrintWriter pw = spec.commandLine().getOut();
        final List<RunResult> results = new ArrayList<>();
        final List<String> lines = new ArrayList<>();
        int code = ExitCode.OK;
        for (final KernelLab.Run run : runsDone) {
            final RunResult r = merge(run.result(), modelRuns);
            results.add(r);
            lines.add(KernelResults.toJsonLine(r, Map.of(run.facts().report().release(), run.facts())));
            if (run.facts().swapInProblem() != null) {
                err.println("swaplayer kernel-run: " + run.facts().swapInProblem());
                code = ExitCode.CHECK_FAILED;
            }
        }
        if (json) {
            lines.forEach(pw::println);
        } else {
            for (int i = 0; i < results.size(); i++) {
                if (results.size() > 1) {
                    pw.printf(Locale.ROOT, "%sboot %d of %d:%n", i == 0 ? "" : "\n", i + 1, results.size());
                }
                // thp-swap-test's iterations side by side, as simulate prints them; a script's phases by label,
                // as replay prints them
                if (results.get(i).mode() != null) {
                    TextReport.comparisonTable(List.of(results.get(i)), pw);
                } else {
                    TextReport.phaseTable(results.get(i), pw);
                }
            }
            pw.println("The kernel has no counter of folios that found no slot, and no compound descriptors: 0 in its");
            pw.println("rows. A model's failed large folios are in its fallbacks too, as the kernel counts a split");
            pw.println("after any failed add_to_swap().");
            for (final KernelLab.Run run : runsDone) {
                final KernelFacts f = run.facts();
                pw.printf(Locale.ROOT, "%s (%s): boot %.0f s (%s), runner %.1f s; swap-in %s: %s%n",
                        f.report().release(), f.source(), f.seconds(), f.accel(), f.report().seconds(),
                        run.result().swapIn().label(), KernelResults.swapInEvidence(f.report()));
            }
        }
        if (out != null) {
            writeOut(results, lines, pw);
        }
        pw.flush();
        err.flush();
        return code;
    }

    private static RunResult merge(final RunResult kernelRun, final RunResult models) {
        if (models == null) {
            return kernelRun;
        }
        final List<PolicyRun> all = new ArrayList<>(kernelRun.runs());
        all.addAll(models.runs());
        return new RunResult(kernelRun.workload(), kernelRun.mode(), kernelRun.swapIn(), kernelRun.cpus(),
                kernelRun.seed(), kernelRun.device(), kernelRun.clusterSlots(), kernelRun.orders(), all);
    }

    private void writeOut(final List<RunResult> results, final List<String> lines, final PrintWriter pw) {
        try {
            final List<Path> files = new ArrayList<>(OutputDirectory.write(out, results));
            final Path jsonFile = out.resolve(results.get(0).stem() + "-kernel.json");
            Files.write(jsonFile, lines, StandardCharsets.UTF_8);
            files.add(jsonFile);
            if (!json) {
                pw.printf("wrote %d files to %s%n", files.size(), UserInput.escape(out.toString()));
            }
        } catch (IOException e) {
            throw UserError.outDirectory(out, e);
        }
    }

    private void prepareOut() {
        if (out != null) {
            UserError.requireWritableDirectory("--out", out);
            try {
                OutputDirectory.prepare(out);
            } catch (IOException e) {
                throw UserError.outDirectory(out, e);
            }
        }
    }

    /**
     * Returns --memory as QEMU's -m takes it, in MiB: whole MiB, at least {@value #MIN_MEMORY_MIB} (a Debian kernel
     * and the lab's initramfs do not boot in 64M: the console stays empty) and at most the host's memory (QEMU
     * cannot set up more), so that neither is found only after three boot attempts.
     */
    private String memoryMiB() {
        if (memory % (1 << 20) != 0) {
            throw new UserError("--memory: " + memory + " bytes (expected: a whole number of MiB)");
        }
        final long mib = memory >> 20;
        if (mib < MIN_MEMORY_MIB) {
            throw new UserError("--memory: " + mib + "M (expected: at least " + MIN_MEMORY_MIB + "M; a smaller "
                    + "guest does not boot)");
        }
        final long most = Math.min(hostMemoryMib(), 999_999);
        if (mib > most) {
            throw new UserError("--memory: " + mib + "M (expected: at most " + most + "M, the host's memory)");
        }
        return mib + "M";
    }

    /** Returns MemTotal of /proc/meminfo in MiB, or {@link Long#MAX_VALUE} when the host does not say. */
    private static long hostMemoryMib() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (final IOException | NumberFormatException e) {
            return Long.MAX_VALUE; // QEMU says it when it cannot set the memory up
        }
        return Long.MAX_VALUE;
    }

    /**
     * A directory given as {@code --kernel}, {@code --qemu} or {@code --script} is named as one, not as a file that
     * is missing, unreadable or not executable.
     */
    private void refuseDirectories() {
        if (kernel != null && !kernel.startsWith("debian:") && kernel.indexOf('\0') < 0) {
            UserError.refuseDirectory("--kernel", Path.of(kernel), "a bzImage file");
        }
        if (qemu != null) {
            UserError.refuseDirectory("--qemu", qemu, "an executable qemu-system-x86_64");
        }
        if (script != null) {
            UserError.refuseDirectory("--script", script, "a workload script file");
        }
    }

    private SwapIn swapIn() {
        try {
            return SwapIn.parse(swapin);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private Workload workload() {
        if ((script == null) == (workload == null)) {
            throw new UserError("--script/--workload: " + (script == null ? "neither" : "both") + " (expected: "
                    + "one of --script FILE or --workload thp-swap-test --mode M)");
        }
        if (script != null) {
            if (mode != null || iterations != null) {
                throw new UserError("--mode/--iterations: with --script (expected: only with --workload)");
            }
            if (!Files.isRegularFile(script) || !Files.isReadable(script)) {
                throw new UserError("--script: " + UserInput.escape(script.toString()) + " (expected: a readable"
                        + " file)");
            }
            try {
                return ScriptParser.parse(script, script.toString());
            } catch (ScriptException e) {
                throw new UserError(e.getMessage());
            } catch (UncheckedIOException e) {
                throw new UserError("--script: " + UserInput.escape(script.toString()) + " (expected: a readable"
                        + " file)");
            }
        }
        if (!workload.equals("thp-swap-test")) {
            throw new UserError("--workload: " + UserInput.show(workload)
                    + " (expected: thp-swap-test; other workloads as "
                    + "--script, from 'simulate --emit-script')");
        }
        if (mode == null) {
            throw new UserError("--mode: missing (expected: " + ModeOption.ONE + " with --workload thp-swap-test)");
        }
        final ThpMode m = ModeOption.one(mode);
        final int n = iterations == null ? Workloads.defaultIterations(workload) : iterations;
        if (n < 1 || n > Workloads.MAX_ITERATIONS) {
            throw new UserError("--iterations: " + n + " (expected: 1.." + Workloads.MAX_ITERATIONS + ")");
        }
        if (seed < 0 || seed > GlibcRandom.MAX_SEED) {
            throw new UserError("--seed: " + seed + " (expected: 0.." + GlibcRandom.MAX_SEED + ", an unsigned int)");
        }
        return Workloads.byName(workload, m, seed, n);
    }

    /** @return the command as typed, for the record: picocli's original arguments start with the verb */
    private String commandLine() {
        final List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals(spec.name())) {
            args.remove(0);
        }
        return Launcher.command() + " " + spec.name() + " " + String.join(" ", args.stream().map(UserInput::shellWord)
                .toList());
    }

    private Path cacheDir() {
        if (cache != null) {
            return cache;
        }
        final String xdg = System.getenv("XDG_CACHE_HOME");
        final Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"),
                ".cache");
        return base.resolve("swaplayer");
    }
}
