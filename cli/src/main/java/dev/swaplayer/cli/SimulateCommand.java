package dev.swaplayer.cli;

import dev.swaplayer.device.TempFiles;
import dev.swaplayer.device.UserInput;
import dev.swaplayer.simulator.GlibcRandom;
import dev.swaplayer.simulator.ThpMode;
import dev.swaplayer.simulator.Workload;
import dev.swaplayer.simulator.Workloads;
import java.io.BufferedReader;
import java.io.IOException;
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
            "Run a built-in workload against the allocation policies, each on a fresh simulated swap "
                    + "device, and compare how large folios were swapped out: whole, split (fallback), under a "
                    + "compound descriptor, or not at all. With no arguments: thp-swap-test in all four modes "
                    + "on all four policies.",
            "With --device file|zram, page contents go through a real swap device too.",
            "The default run (thp-swap-test in its four modes on the four built-in policies) takes about 5 seconds"
                    + " on a 2-core machine.",
            "Exit 0: done; a warning line on stderr (swaplayer simulate: warning: ...) does not change it: "
                    + "--verify-data that compared no page, or a --corrupt-write page the run never read back. "
                    + "Exit 1: --verify-data found a page read back wrong, or the device failed. "
                    + "Exit 2: bad arguments (nothing was run)."})
final class SimulateCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--workload", paramLabel = "W", description = "thp-swap-test, aging or adversarial "
            + "(default: ${DEFAULT-VALUE})")
    private String workload = "thp-swap-test";

    @Option(names = "--mode", paramLabel = "M", description = "thp-swap-test flags: none, a (-a), s (-s), as "
            + "(-a -s) or all (default: all)")
    private String mode;

    @CommandLine.Mixin
    private SimulationOptions shared;

    @Option(names = "--thp-test-lines", description = "print each policy's iterations as "
            + "tools/mm/thp_swap_allocator_test prints them ('Iteration N: swpout inc: X, swpout fallback inc: Y, "
            + "Fallback percentage: Z%%'), after a '#' line naming the mode and policy, to diff against the C "
            + "program's own output; a compound swap-out counts as a whole one. thp-swap-test only; not with --json")
    private boolean thpTestLines;

    @Option(names = "--seed", paramLabel = "S", description = "srand() seed for thp-swap-test and aging "
            + "(default: " + GlibcRandom.DEFAULT_SEED + ", the C program's)")
    private Long givenSeed;

    /** The seed: the one given, else the C program's; set in {@link #call()} once checked. */
    private long seed = GlibcRandom.DEFAULT_SEED;

    @Option(names = "--iterations", paramLabel = "N", description = "iterations (thp-swap-test), hours (aging) "
            + "or rounds (adversarial) (default: 100; adversarial 10)")
    private Integer iterations;

    /**
     * The options of a run, not of the workload: a script carries none of them, so {@code --emit-script} refuses
     * them rather than drop them ({@code replay} takes them).
     */
    private static final List<String> RUN_OPTIONS = List.of("--policy", "--jar", "--swapin", "--cpus", "--device",
            "--algo", "--verify-data", "--corrupt-write", "--min-order", "--metadata-budget", "--json", "--out",
            "--thp-test-lines");

    @Option(names = "--emit-script", paramLabel = "FILE", description = "write the workload as a v1 script for "
            + "'replay' instead of running it (needs one mode; a run's options go to replay). FILE is new, or a "
            + "workload script, which is replaced; any other existing file is refused (exit 2)")
    private Path emitScript;

    @Override
    public Integer call() {
        final List<ThpMode> modes = modes();
        final int n = iterations();
        if (givenSeed != null) {
            checkSeed(givenSeed);
            if (workload.equals("adversarial")) {
                throw new UserError("--seed: " + givenSeed + " (expected: no --seed; the adversarial workload draws"
                        + " no random numbers)");
            }
            seed = givenSeed;
        }
        shared.policies();
        shared.options();
        if (thpTestLines && !isThp()) {
            throw new UserError("--thp-test-lines: with --workload " + UserInput.show(workload) + " (expected:"
                    + " --workload thp-swap-test, the C program whose lines these are)");
        }
        if (thpTestLines && shared.json) {
            throw new UserError("--thp-test-lines: with --json (expected: one of them; --json has the same counts)");
        }
        shared.thpTestLines = thpTestLines;
        if (emitScript != null) {
            return emit(modes, n);
        }
        final List<Workload> workloads = new ArrayList<>();
        for (final ThpMode m : modes) {
            workloads.add(Workloads.byName(workload, m, seed, n));
        }
        final List<String> labels = modes.stream().map(m -> isThp() ? m.label() : null).toList();
        final Long shownSeed = workload.equals("adversarial") ? null : seed;
        return shared.runAndReport(spec, workloads, labels, shownSeed);
    }

    private boolean isThp() {
        return workload.equals("thp-swap-test");
    }

    private List<ThpMode> modes() {
        if (!Workloads.NAMES.contains(workload)) {
            throw new UserError("--workload: " + UserInput.show(workload) + " (expected: " + String.join(", ",
                    Workloads.NAMES) + ")");
        }
        if (!isThp()) {
            if (mode != null) {
                throw new UserError("--mode: " + UserInput.show(mode)
                        + " (expected: no --mode; only thp-swap-test has modes)");
            }
            return List.of(ThpMode.NONE);
        }
        return mode == null ? List.of(ThpMode.values()) : ModeOption.oneOrAll(mode);
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
            throw new UserError("--mode: " + (mode == null ? "all (the default)" : UserInput.show(mode))
                    + " (expected: one of none,"
                    + " a, s, as with --emit-script)");
        }
        final List<String> runOptions = RUN_OPTIONS.stream()
                .filter(spec.commandLine().getParseResult()::hasMatchedOption).toList();
        if (!runOptions.isEmpty()) {
            throw new UserError("--emit-script: " + UserInput.escape(emitScript.toString()) + " (expected: without "
                    + String.join(", ", runOptions) + "; it writes the workload and runs nothing: give the options of"
                    + " a run to replay)");
        }
        final boolean replacing = refuseToReplaceOtherFiles();
        final Path target = target();
        try (TempFiles.Staged tmp = stage(target)) { // closed: a script written half-way is not left behind
            final Workload w = Workloads.byName(workload, modes.get(0), seed, n);
            try (Writer wr = Files.newBufferedWriter(tmp.file(), StandardCharsets.UTF_8)) {
                w.writeScript(wr);
            }
            tmp.replace();
            spec.commandLine().getOut().printf("%s %s: %s%s, %,d operations in %d phases%n",
                    replacing ? "replaced" : "wrote", UserInput.escape(emitScript.toString()), w.name(),
                    isThp() ? " " + modes.get(0).flags() : "", w.size() - w.labels().size(), w.labels().size());
        } catch (IOException e) {
            throw new UserError("--emit-script: " + UserInput.escape(emitScript.toString()) + " (expected: a writable"
                    + " file; writing it: " + UserError.words(e) + ")");
        }
        return ExitCode.OK;
    }

    /**
     * Returns where the script goes, its directory checked: the file the path names (through a symbolic link to an
     * earlier script), in a directory that exists.
     */
    private Path target() {
        final Path target;
        try {
            target = Files.isSymbolicLink(emitScript) && Files.exists(emitScript) ? emitScript.toRealPath()
                    : emitScript.toAbsolutePath();
        } catch (IOException e) {
            throw new UserError("--emit-script: " + UserInput.escape(emitScript.toString()) + " (expected: a writable"
                    + " file; " + UserError.reason(e, emitScript) + ")");
        }
        final Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            throw new UserError("--emit-script: " + UserInput.escape(emitScript.toString()) + " (expected: a writable"
                    + " file; " + (Files.exists(dir) ? UserInput.escape(dir.toString()) + " is not a directory"
                            : "no such directory: " + UserInput.escape(dir.toString())) + ")");
        }
        return target;
    }

    /**
     * Creates the file the script is written to before it replaces {@code target} in one rename
     * ({@link TempFiles#stage}), so that a write that fails half-way, or a Ctrl-C, leaves no partial script: the
     * proof, before the workload is built, that a file can be created beside the target (a directory where the
     * permission bits allow it, such as /proc or /sys for root, may still refuse every new file).
     */
    private TempFiles.Staged stage(final Path target) {
        TempFiles.Staged tmp = null;
        try {
            tmp = TempFiles.stage(target);
            Files.createFile(tmp.file());
            return tmp;
        } catch (IOException e) {
            if (tmp != null) {
                tmp.close();
            }
            throw new UserError("--emit-script: " + UserInput.escape(emitScript.toString()) + " (expected: a writable"
                    + " file; cannot create a file in " + UserInput.escape(target.getParent().toString()) + ": "
                    + UserError.words(e) + ")");
        }
    }

    /**
     * --emit-script writes a new file or replaces a workload script (emitting again is common, and the same command
     * writes the same script again); any other file in its place (a swap image, a report, a special file) is
     * refused, so that a mistyped name loses nothing.
     *
     * @return whether an earlier script is replaced
     */
    private boolean refuseToReplaceOtherFiles() {
        if (!Files.exists(emitScript)) {
            return false;
        }
        final String shown = UserInput.escape(emitScript.toString());
        if (!Files.isRegularFile(emitScript)) {
            throw new UserError("--emit-script: " + shown + " (expected: a file to write; this exists and is not a"
                    + " regular file)");
        }
        try (BufferedReader r = Files.newBufferedReader(emitScript, StandardCharsets.ISO_8859_1)) {
            final String first = r.readLine();
            if (first != null && !first.startsWith(Workload.MAGIC + " ")) {
                throw new UserError("--emit-script: " + shown + " (expected: a new file or a workload script to"
                        + " replace; this file exists and does not start with '" + Workload.MAGIC + "')");
            }
        } catch (IOException e) {
            throw new UserError("--emit-script: " + shown + " (expected: a readable file to replace; "
                    + UserError.words(e) + ")");
        }
        return true;
    }
}
