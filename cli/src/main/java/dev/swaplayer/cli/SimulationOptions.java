package dev.swaplayer.cli;

import dev.swaplayer.device.SwapDevice;
import dev.swaplayer.device.TempFiles;
import dev.swaplayer.device.UserInput;
import dev.swaplayer.simulator.DataIoException;
import dev.swaplayer.simulator.DataOptions;
import dev.swaplayer.simulator.Experiment;
import dev.swaplayer.simulator.JsonReport;
import dev.swaplayer.simulator.OutputDirectory;
import dev.swaplayer.simulator.PolicyRun;
import dev.swaplayer.simulator.Progress;
import dev.swaplayer.simulator.RunNotes;
import dev.swaplayer.simulator.RunResult;
import dev.swaplayer.simulator.Simulator;
import dev.swaplayer.simulator.SwapIn;
import dev.swaplayer.simulator.TextReport;
import dev.swaplayer.simulator.ThpTestLines;
import dev.swaplayer.simulator.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options {@code simulate} and {@code replay} share (a picocli mixin), and the run-and-report steps
 * both verbs end with: policies ({@link PolicyOptions}: {@code --policy}, {@code --jar}), swap-in, CPUs,
 * output, and data mode.
 *
 * <p>Thread safety: one command invocation owns it.
 */
final class SimulationOptions {
    @CommandLine.Mixin
    PolicyOptions policy;

    @Option(names = "--swapin", paramLabel = "G", description = "page: each faulted page comes back alone "
            + "(<= 6.11, and any device that is not SWP_SYNCHRONOUS_IO); folio: the whole folio when all of it is "
            + "still swapped out and it is smaller than 2 MiB (6.12+ on zram) (default: folio; page with --device "
            + "file)")
    String swapin;

    @Option(names = "--cpus", paramLabel = "N", description = "simulated CPUs; swap-outs are dealt to them in "
            + "batches of 32 (default: ${DEFAULT-VALUE})")
    int cpus = 1;

    @Option(names = "--device", paramLabel = "D", description = "none: allocation only; file: page contents go "
            + "through a Linux swap file (a temporary file of the workload's swap size); zram: through the "
            + "compressed RAM device (default: ${DEFAULT-VALUE})")
    String device = "none";

    @Option(names = "--algo", paramLabel = "A", description = "zram's compressor: lz4, zstd or deflate "
            + "(default: lz4)")
    String algo;

    @Option(names = "--verify-data", description = "with --device: compare every page read back at swap-in with "
            + "what was written; a mismatch fails the run (exit 1)")
    boolean verifyData;

    @Option(names = "--corrupt-write", paramLabel = "N", description = "with --device: flip one byte of the N-th "
            + "page written (N >= 1), to see --verify-data catch it. A run that never reads that page back (or "
            + "writes fewer pages) cannot catch it: a warning line on stderr says so, and the exit code stays 0")
    Long corruptWrite;

    @Option(names = "--min-order", paramLabel = "N", description = "minimum allocation order (Jan Kara's minimum "
            + "swap-out size): a smaller folio takes 2^N slots, the rest padding; a split folio goes out in pieces "
            + "of 2^N pages (default: ${DEFAULT-VALUE}; not with --device)")
    int minOrder;

    @Option(names = "--metadata-budget", paramLabel = "N", description = "hold each policy that creates metadata on "
            + "demand (buddy, compound, bestfit) to N clusters' metadata besides its one-cluster reserve: a refused "
            + "cluster degrades the allocation (clusters with metadata, a compound, a split folio) or fails it, and "
            + "the report counts how often; the kernel models preallocate and ignore it (default: no budget)")
    Integer metadataBudget;

    /** simulate's {@code --thp-test-lines}, set by it: the C program's lines instead of the tables. */
    boolean thpTestLines;

    @Option(names = "--json", description = "print JSON instead of the table: one line holding one object, every"
            + " policy's run of the workload (simulate prints one line per mode)")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", description = "also write a CSV per policy and PNG charts to DIR")
    Path out;

    @Option(names = "--quiet", description = "no progress on stderr (a bar on a terminal, else a line every 10 s)")
    boolean quiet;

    /** Returns the policy names, checked (the --jar files loaded). */
    List<String> policies() {
        return policy.names();
    }

    /** Returns the simulator options, data mode included, checked. */
    Simulator.Options options() {
        if (corruptWrite != null && corruptWrite < 1) {
            throw new UserError("--corrupt-write: " + corruptWrite + " (expected: >= 1, the page write to corrupt)");
        }
        if (metadataBudget != null && metadataBudget < 0) {
            throw new UserError("--metadata-budget: " + metadataBudget + " (expected: >= 0, the clusters' metadata a"
                    + " policy may create on demand)");
        }
        try {
            return new Simulator.Options(SwapIn.parse(swapin != null ? swapin : device.equals("file") ? "page"
                    : "folio"), cpus, false,
                    DataOptions.of(device, algo, verifyData, corruptWrite == null ? 0 : corruptWrite), minOrder,
                    metadataBudget == null ? Simulator.Options.NO_BUDGET : metadataBudget);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /**
     * Builds every policy for every workload and prepares --out before the first operation runs, then runs
     * and reports.
     *
     * @return {@link ExitCode#OK}, or {@link ExitCode#CHECK_FAILED} when data mode found a wrong page or a
     *     device operation failed (one stderr line each)
     */
    @SuppressWarnings("SystemConsoleNull") // Java 17, the project's release: console() is null off a terminal
    int runAndReport(final CommandLine.Model.CommandSpec spec, final List<Workload> workloads,
            final List<String> modeLabels, final Long seed) {
        final List<String> names = policies();
        final Simulator.Options options = options();
        long total = 0;
        for (final Workload w : workloads) {
            final Runtime rt = Runtime.getRuntime();
            checkResources(w, options, rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()),
                    Path.of(System.getProperty("java.io.tmpdir")));
            try {
                Simulator.policies(policy.registry(), w, names, options);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            total += (long) w.size() * names.size();
        }
        if (out != null) {
            UserError.requireWritableDirectory("--out", out);
            try {
                final List<String> stems = new ArrayList<>();
                for (int i = 0; i < workloads.size(); i++) {
                    stems.add(RunResult.stem(workloads.get(i).name(), modeLabels.get(i)));
                }
                OutputDirectory.prepare(out, OutputDirectory.planned(out, stems, names));
            } catch (IOException e) {
                throw UserError.outDirectory(out, e);
            }
        }
        final List<RunResult> results = new ArrayList<>();
        final PrintWriter err = spec.commandLine().getErr();
        try (Progress progress = Progress.onStderr("swaplayer " + spec.name(), total, "operations", quiet)) {
            for (int i = 0; i < workloads.size(); i++) {
                results.add(Experiment.run(policy.registry(), workloads.get(i), modeLabels.get(i), seed, names, options,
                        progress));
            }
        } catch (DataIoException e) {
            err.println("swaplayer " + spec.name() + ": " + e.getMessage());
            err.flush();
            return ExitCode.CHECK_FAILED;
        }
        report(spec, results);
        return dataVerdict(spec.name(), results, err);
    }

    /** The data checks' notes and verdict: exit 1 when a page read back differed from what was written. */
    private int dataVerdict(final String verb, final List<RunResult> results, final PrintWriter err) {
        int code = ExitCode.OK;
        for (final RunResult r : results) {
            for (final PolicyRun run : r.runs()) {
                if (verifyData && run.data() != null && run.data().pagesVerified() == 0) {
                    err.println(warning(verb) + "--verify-data: " + run.policy() + ": 0 pages compared"
                            + " (nothing was swapped back in: no write, or no page fault, touched a swapped-out page)");
                }
                if (run.data() != null && run.data().unreadCorruption() != null) {
                    err.println(warning(verb) + "--corrupt-write: " + run.policy() + ": "
                            + run.data().unreadCorruption() + "; the data check compares only pages read back, so it"
                            + " could not catch this corruption (a later page write, or another workload, is read"
                            + " back)");
                }
                if (run.dataMismatch()) {
                    err.println("swaplayer " + verb + ": data check failed: " + run.data().mismatches()
                            + " page(s) read back wrong; first: " + run.data().firstMismatch());
                    code = ExitCode.CHECK_FAILED;
                }
            }
        }
        err.flush();
        return code;
    }

    /**
     * Starts a line that reports what only the finished run could tell and that does not change its exit code:
     * {@code swaplayer VERB: warning: }, so that no such line reads like an error (those are exit 2 or 1).
     */
    static String warning(final String verb) {
        return "swaplayer " + verb + ": warning: ";
    }

    /**
     * Heap bytes a run needs per page of the swap device and per page of the regions, measured: thp-swap-test's
     * largest script form (2^24 swap pages, 2^24 region pages) on all four policies runs in a 640 MiB heap and not
     * in 320 MiB, so 20 bytes a page, with a margin.
     */
    static final long HEAP_BYTES_PER_PAGE = 24;

    /**
     * Heap bytes the zram device keeps per swapped-out page, at least, on average: 30% of written page versions
     * are random bytes ({@code PageContent}), which zram keeps whole (4096 bytes), so about 1229; the measured
     * figure is higher still (81,920 pages written and swapped out need a heap between 144 and 160 MiB). Less than
     * half of the lower bound is taken, so that the estimate refuses only what surely cannot fit; a run that
     * passes it and runs out anyway is {@link Main}'s one line ({@code HeapExhaustionTest}).
     */
    static final long ZRAM_BYTES_PER_PAGE_AT_LEAST = 512;

    /**
     * Refuses, before anything runs, a workload whose pages cannot fit in the heap (allocator and page tables,
     * and with --device zram its compressed pages, at least as many as may be swapped out at once; a heap that
     * runs out anyway is reported by {@link Main}) or whose swap file (--device file) the temporary directory has
     * no room for.
     */
    static void checkResources(final Workload w, final Simulator.Options options, final long free,
            final Path tmp) {
        final long pages = w.swapPages() + w.regions().stream().mapToLong(Workload.Region::pages).sum();
        final long need = pages * HEAP_BYTES_PER_PAGE;
        if (need > free) {
            throw new UserError("workload: " + pages + " pages of swap and regions, about " + (need >> 20) + " MiB of"
                    + " heap (expected: at most the " + (free >> 20)
                            + " MiB free; a smaller workload, or a larger heap,"
                    + " e.g. JAVA_TOOL_OPTIONS=-Xmx" + Math.max(2, (need >> 30) * 2 + 2) + "g)");
        }
        if (options.data().device() == DataOptions.Device.ZRAM) {
            final long stored = pagesStoredAtMost(w);
            final long withZram = need + stored * ZRAM_BYTES_PER_PAGE_AT_LEAST;
            if (withZram > free) {
                throw new UserError("--device: zram for up to " + stored + " swapped-out pages, with the workload's "
                        + "own at least " + (withZram >> 20) + " MiB of heap (expected: at most the " + (free >> 20)
                        + " MiB free; --device none or file, a smaller workload, or a larger heap, e.g. "
                        + "JAVA_TOOL_OPTIONS=-Xmx" + Math.max(2, (withZram >> 30) * 2 + 2) + "g)");
            }
        }
        if (options.data().device() == DataOptions.Device.FILE) {
            final long bytes = (long) w.swapPages() * SwapDevice.DEFAULT_PAGE_SIZE;
            if (!Files.isDirectory(tmp) || TempFiles.probe(tmp) != null) {
                throw new UserError("java.io.tmpdir: " + UserInput.show(tmp.toString()) + " (expected: a writable "
                        + "directory for --device file's temporary swap file; another one: TMPDIR=DIR ./swaplayer ...,"
                        + " or JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=DIR)");
            }
            try {
                final long usable = Files.getFileStore(tmp).getUsableSpace();
                if (bytes > usable) {
                    throw new UserError("--device: file for " + w.swapPages() + " swap pages, " + bytes + " bytes "
                            + "(expected: at most the " + usable + " bytes free in " + UserInput.escape(tmp.toString())
                            + "; --device zram or none, or another directory: TMPDIR=DIR ./swaplayer ..., or "
                            + "JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=DIR)");
                }
            } catch (IOException e) {
                // the device itself will report what is wrong with the directory
            }
        }
    }

    /**
     * The most pages the workload can have swapped out at once: in each region no more than it writes (only a
     * written page is resident to be paged out) nor than its pageouts cover, and no more than the device's usable
     * slots in all.
     */
    static long pagesStoredAtMost(final Workload w) {
        final long[] written = new long[w.regions().size()];
        final long[] pagedOut = new long[written.length];
        for (int i = 0; i < w.size(); i++) {
            if (w.kind(i) == Workload.Kind.WRITE) {
                written[w.region(i)] += w.count(i);
            } else if (w.kind(i) == Workload.Kind.PAGEOUT) {
                pagedOut[w.region(i)] += w.count(i);
            }
        }
        long stored = 0;
        for (int r = 0; r < written.length; r++) {
            stored += Math.min(w.regions().get(r).pages(), Math.min(written[r], pagedOut[r]));
        }
        return Math.min(stored, w.swapPages() - 1L);
    }

    private void report(final CommandLine.Model.CommandSpec spec, final List<RunResult> results) {
        final PrintWriter pw = spec.commandLine().getOut();
        if (json) {
            results.forEach(r -> pw.println(JsonReport.toJsonLine(r)));
        } else if (thpTestLines) {
            ThpTestLines.print(results, pw);
        } else if (results.size() > 1) {
            TextReport.comparisonTable(results, pw);
        } else {
            TextReport.phaseTable(results.get(0), pw);
        }
        if (!json && !thpTestLines) { // the C program's lines stay diffable
            RunNotes.metadataBudget(results, pw);
        }
        if (out != null) {
            try {
                final List<Path> files = OutputDirectory.write(out, results);
                if (!json) {
                    pw.printf("wrote %d files to %s%n", files.size(), UserInput.escape(out.toString()));
                }
            } catch (IOException e) {
                throw UserError.outDirectory(out, e);
            }
        }
        pw.flush();
    }
}
