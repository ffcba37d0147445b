package dev.swaplayer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swaplayer.cli.ParameterErrors;
import dev.swaplayer.device.TempFiles;
import dev.swaplayer.spec.Geometry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./swaplayer bench}: runs the JMH throughput benchmarks, the JOL memory measurement, the scale curve
 * (1 GiB to 1 TiB) and the exhaustive checker's run, then rewrites the performance report and prints a summary or, with
 * {@code --json}, the JSON. A {@code --quick} run's figures are indicative only: it writes a report only to a file
 * named with {@code --out} (marked as such), and its verdicts read "indicative: met" or "indicative: not met".
 *
 * <p>Thread safety: runs on the main thread.
 *
 * <p>Exit codes: 0 when the run completed (goals met or not: the report says which); 2 for bad usage or
 * input, as one line on stderr, before anything runs. A benchmark that fails is an internal error (exit 1
 * with its stack trace).
 */
@Command(name = "swaplayer bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures allocator throughput, the swap and compression paths, metadata memory, the cost of"
                + " a step on devices of 1 GiB to 1 TiB and the exhaustive checker's speed, as ratios against"
                + " baselines measured in the same run, and rewrites the report.",
            "Takes about 40 minutes on a quiet 2-core machine (the scale curve and check --depth 8 about 6 of"
                + " them); --quick under 3, without those two and without rewriting the report."})
public final class BenchMain implements Callable<Integer> {
    /** The report a full run rewrites when {@code --out} is not given, as {@code --help} names it. */
    static final String DEFAULT_REPORT = "docs/PERFORMANCE.md";
    /** {@link #DEFAULT_REPORT} as a path. */
    static final Path DEFAULT_OUT = Path.of(DEFAULT_REPORT);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The policies of the scale curve: the buddy allocator, the 6.12 cluster model it is measured against, and
     * the flat bitmap, whose step is a few word operations: its growth with the device is what the memory
     * hierarchy and the run's own random access to its live set cost every policy.
     */
    private static final List<String> SCALE_POLICIES = List.of("buddy", "cluster", "bitmap");
    private static final String QUICK_LOCKS = "--quick ran one fork of each lock pair with a short warm-up: a smoke"
            + " test of the harness. The JIT has not settled, so the locks' cost ratios are not a measurement.";

    @Option(names = "--quick", description = "short JMH iterations, one fork each (under 3 minutes): a smoke test"
            + " whose figures are indicative only and cannot decide a goal; prints the goals as \"indicative: met\""
            + " or \"indicative: not met\" and leaves the report alone unless --out is given")
    boolean quick;

    @Option(names = "--locks", description = "measure only what the locks cost one thread: buddy and the cluster"
            + " model with and without their locks, side by side in each of 10 forks, and alone (about 8 minutes;"
            + " with --quick, one fork each); prints the ratios and leaves the report alone")
    boolean locks;

    @Option(names = "--against", paramLabel = "JAR", description = "measure this build against another: buddy,"
            + " compound and the cluster model, each beside the same policy from JAR (that build's"
            + " benchmarks/target/swaplayer-bench.jar) in each of 10 forks, every stream (about 10 minutes; with"
            + " --quick, one fork each); prints this build's throughput over JAR's and leaves the report alone")
    Path against;

    @Option(names = "--json", description = "print the results as JSON on stdout (JMH progress goes to stderr)")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "the Markdown report to rewrite (default: "
            + DEFAULT_REPORT + "; with --quick, none: a quick run writes its report, marked as indicative, only to"
            + " a FILE given here)")
    Path out;

    @Option(names = "--image", paramLabel = "FILE",
            description = "a memory image (e.g. a gcore core file) for the swap and compression benchmarks;"
                    + " default: a deterministic synthetic image")
    Path image;

    @Option(names = "--jar", paramLabel = "FILE", description = "a plug-in jar whose"
            + " META-INF/services/dev.swaplayer.allocator.AllocatorProvider names allocation policies: they are"
            + " measured with the built-in ones (throughput and memory); repeatable")
    List<Path> jars = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream stdout;
    private final PrintStream log;
    private String[] args = new String[0];

    BenchMain(final PrintStream stdout, final PrintStream log) {
        this.stdout = stdout;
        this.log = log;
    }

    @Override
    public Integer call() throws Exception {
        validate();
        final Plan plan = quick ? Plan.QUICK : Plan.FULL;
        final String imageArg = image == null ? "" : image.toAbsolutePath().toString();
        final Results r = new Results(Environment.current(command(), plan.describe(),
                image == null ? "synthetic (seeded; see ImageSource)" : image.toString()));
        if (quick) {
            r.markQuick();
        }
        if (against != null) {
            AgainstBuild.run(plan, log, r, against);
            if (json) {
                stdout.println(AgainstBuild.json(r, against));
            } else {
                stdout.println("This build's throughput over " + against + "'s, one thread, measured side by side in"
                        + " each fork: the median over forks and its 95% interval (" + named() + " is not rewritten):");
                AgainstBuild.summary(r).forEach(stdout::println);
            }
            return 0;
        }
        if (locks) {
            JmhRun.lockCost(plan, log, r);
            if (quick) {
                r.note(QUICK_LOCKS);
            }
            if (json) {
                stdout.println(JsonReport.render(r));
            } else {
                lockSummary(r);
            }
            return 0;
        }
        JmhRun.run(plan, imageArg, jars, log, r);
        simulatePair(r, quick, log);
        log.println("# memory: JOL, in a forked JVM");
        memory(r, quick, jars);
        if (quick) {
            r.note(QUICK_LOCKS);
            r.note("--quick measured the 64 GiB device empty only, and skipped the scale curve (1 GiB to 1 TiB,"
                    + " about 5 minutes) and the exhaustive checker's run (check --depth " + CheckRate.DEPTH
                    + "); run without --quick for those figures.");
        } else {
            log.println("# scale: 1 GiB to 1 TiB devices, buddy and cluster, in forked JVMs with -Xmx2g");
            scale(r);
            log.println("# check: ./swaplayer check --depth " + CheckRate.DEPTH + ", in a forked JVM");
            check(r);
        }
        finish(r);
        return 0;
    }

    /**
     * Returns the report this run rewrites: the one {@link #named} names; none (null) for a {@code --quick} run
     * without {@code --out}, whose figures would contradict the analysis kept in the committed report.
     */
    Path report() {
        return quick && out == null ? null : named();
    }

    /**
     * Returns the report {@code --out} names, else {@link #DEFAULT_OUT}: the one place of that rule, for the report
     * a run rewrites ({@link #report}) and for the one {@code --locks} and {@code --against} say they leave alone.
     */
    Path named() {
        return out != null ? out : DEFAULT_OUT;
    }

    /**
     * After the measurements: writes the report ({@link #report}), if any, then prints the JSON or the goal lines.
     *
     * @param r the run's results, {@linkplain Results#markQuick marked} when it was a {@code --quick} run
     * @throws IOException when the report cannot be written
     */
    void finish(final Results r) throws IOException {
        final Path report = report();
        if (report == null) {
            log.println("# --quick: no report written (its figures are indicative only; --out FILE writes one)");
        } else {
            write(r, report);
        }
        if (json) {
            stdout.println(JsonReport.render(r));
        } else {
            summary(r, report);
        }
    }

    /** Rewrites the report, keeping its hand-written analysis; the old file stays whole until the new one is. */
    private static void write(final Results r, final Path report) throws IOException {
        final String previous = Files.exists(report) ? Files.readString(report, StandardCharsets.UTF_8) : null;
        try (TempFiles.Staged temp = TempFiles.stage(report)) {
            Files.writeString(temp.file(), MarkdownReport.render(r, MarkdownReport.keptNotes(previous)),
                    StandardCharsets.UTF_8);
            temp.replace();
        }
    }

    /**
     * Rejects bad usage before anything runs: a report that cannot be written, a jar to measure against that is not
     * a benchmark jar, a plug-in that cannot build its allocator, an image that cannot be read.
     */
    void validate() {
        final Path report = report();
        final Path parent = report == null ? null : report.toAbsolutePath().getParent();
        final boolean writesReport = !locks && against == null && report != null;
        if (writesReport && (parent == null || !Files.isDirectory(parent) || Files.isDirectory(report))) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--out: " + report + " (expected: a file in an existing directory)");
        }
        if (against != null) {
            final String problem = locks || !jars.isEmpty() || image != null
                    ? "--against: " + against + " (expected: without --locks, --jar and --image)"
                    : AgainstBuild.problem(against);
            if (problem != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), problem);
            }
        }
        final BenchPolicies policies;
        try {
            policies = BenchPolicies.of(BenchPolicies.jarsParam(jars));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        for (final String plugin : policies.plugins()) {
            final String problem = pluginProblem(policies, plugin);
            if (problem != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), problem);
            }
        }
        if (image != null) {
            final String problem = ImageSource.problem(image);
            if (problem != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), problem);
            }
        }
    }

    /**
     * Whether a plug-in policy builds an allocator of the benchmarks' device and takes a first allocation and its
     * free, before forty minutes of forks start: null when it does, else what went wrong.
     */
    static String pluginProblem(final BenchPolicies policies, final String plugin) {
        try {
            final BenchAllocator a = policies.create(plugin, Geometry.builder(AllocatorBench.SLOTS).build(), 1);
            final long entry = a.allocate(0);
            if (entry == BenchAllocator.NONE) {
                return "--jar: policy " + plugin + " (expected: an allocator with a free slot on an empty device of "
                        + AllocatorBench.SLOTS + " slots; its first allocate(0) returned NONE)";
            }
            a.free(entry, 0);
            return null;
        } catch (final IllegalArgumentException e) {
            return e.getMessage(); // the registry's own account of a provider that could not build its allocator
        } catch (final RuntimeException e) {
            return "--jar: policy " + plugin + " (expected: an allocator of an empty device of " + AllocatorBench.SLOTS
                    + " slots that takes allocate(0) and its free; it threw " + e + ")";
        }
    }

    private String command() {
        return ("./swaplayer bench " + String.join(" ", args)).strip();
    }

    static void memory(final Results r, final boolean quick, final List<Path> jars)
            throws IOException, InterruptedException {
        final List<String> args = new ArrayList<>();
        if (quick) {
            args.add("--quick");
        }
        if (!jars.isEmpty()) {
            args.add(MemoryRun.JARS + BenchPolicies.jarsParam(jars));
        }
        final JsonNode rows = JSON.readTree(Forked.run(MemoryRun.class,
                List.of("-Xmx4g", "-Djdk.attach.allowAttachSelf=true"), args));
        for (final JsonNode n : rows) {
            r.add(new MemoryRow(n.get("policy").asText(), n.get("slots").asLong(), n.get("use").asDouble(),
                    n.get("used_slots").asLong(), n.get("heap_bytes").asLong()));
        }
    }

    /**
     * The whole simulation of compound and buddy in pairs ({@link SimulatorPair}): {@link SimulatorPair#FORKS}
     * forks of {@link SimulatorPair#RUNS} runs each; with {@code --quick} one fork of 3 runs, a smoke test.
     */
    static void simulatePair(final Results r, final boolean quick, final PrintStream log)
            throws IOException, InterruptedException {
        log.println("# simulate: compound and buddy in turn, in forked JVMs");
        final int forks = quick ? 1 : SimulatorPair.FORKS;
        final double[] compound = new double[forks];
        final double[] buddy = new double[forks];
        for (int f = 0; f < forks; f++) {
            final JsonNode o = JSON.readTree(Forked.run(SimulatorPair.class, SimulatorPair.JVM_FLAGS,
                    List.of("compound", "buddy", Integer.toString(quick ? 3 : SimulatorPair.RUNS))));
            compound[f] = o.get("compound_ms").asDouble();
            buddy[f] = o.get("buddy_ms").asDouble();
        }
        r.putSimulatePair(compound, buddy);
        if (quick) {
            r.note("--quick ran one fork of the whole simulation's pair, 3 runs each, one of them warm-up: a smoke"
                    + " test of the harness, not a measurement of simulate_ms.");
        }
    }

    static void scale(final Results r) throws IOException, InterruptedException {
        for (final String policy : SCALE_POLICIES) {
            final JsonNode o = JSON.readTree(Forked.run(ScaleRun.class, List.of("-Xmx2g"), List.of(policy)));
            for (final JsonNode p : o.get("points")) {
                r.add(new ScaleRow(policy, p.get("slots").asLong(), p.get("per_op_ns").asDouble(),
                        p.get("per_op_min_ns").asDouble(), p.get("per_op_max_ns").asDouble(),
                        p.get("fill_ms").asDouble(), p.get("metadata_bytes").asLong(),
                        p.get("peak_heap_bytes").asLong(), p.get("churn_fails").asLong()));
                if (policy.equals("buddy") && p.get("slots").asLong() == 1L << ScaleRun.LOG2_SLOTS) {
                    r.putScale("max_heap_bytes", o.get("max_heap_bytes").numberValue());
                    for (final Map.Entry<String, JsonNode> e : p.properties()) {
                        r.putScale(e.getKey(), e.getValue().numberValue());
                    }
                }
            }
        }
    }

    static void check(final Results r) throws IOException, InterruptedException {
        final JsonNode o = JSON.readTree(Forked.run(CheckRate.class, List.of("-Xmx2g"), List.of()));
        for (final Map.Entry<String, JsonNode> e : o.properties()) {
            r.putCheck(e.getKey(), e.getValue().numberValue());
        }
    }

    /**
     * Prints where the report went and the goal lines; for a {@code --quick} run, under a heading that says its
     * verdicts are indicative only, and followed by its run notes (what it skipped and why), which usually no report
     * holds.
     *
     * @param r the results
     * @param report the report written, or null
     */
    private void summary(final Results r, final Path report) {
        if (r.quick()) {
            stdout.println(report == null ? "No report written (--quick leaves " + DEFAULT_OUT + " alone; --out FILE"
                    + " writes this run's report there)." : "Report of this quick run written to " + report
                    + ", marked as indicative.");
            stdout.println(GoalLines.QUICK_HEADING);
        } else {
            stdout.println("Report written to " + report
                    + ". Goals (throughput, memory and scale; the locks' cost on one thread):");
        }
        GoalLines.of(Goal.all(r), r.quick()).forEach(stdout::println);
        if (r.quick()) {
            stdout.println("Run notes:");
            r.notes().forEach(n -> stdout.println("  * " + n));
        }
    }

    /**
     * Prints the locks' cost, pair by pair, with the goal's verdict ("indicative: " before it in a {@code --quick}
     * run), then the run notes.
     *
     * @param r the results of {@code --locks}
     */
    private void lockSummary(final Results r) {
        stdout.println("The locks' cost, one thread: throughput with the locks over without, measured side by side"
                + " in each fork; the median over forks and its 95% interval (" + named()
                + " is not rewritten):");
        final var intervals = Ratios.pairCost(r);
        for (final Goal g : Goal.all(r)) {
            final String name = g.key().substring(g.key().indexOf('.') + 1);
            final PairEstimate e = intervals.get(name);
            if (e != null) {
                stdout.printf("  %-27s %s %-18s %s (bound >= %s)%n", name, MarkdownReport.num(g.measured()),
                        MarkdownReport.interval(e.pair().forks(), e.low(), e.high()), g.verdict(r.quick()),
                        MarkdownReport.num(g.limit()));
            }
        }
        r.notes().forEach(stdout::println);
    }

    /**
     * Builds the command line with the project's error handling, for {@link #main} and for tests.
     *
     * @param stdout where the summary or JSON goes
     * @param log where progress and errors go
     * @param args the arguments, kept for the report's command line
     * @return the configured command line
     */
    static CommandLine commandLine(final PrintStream stdout, final PrintStream log, final String... args) {
        final BenchMain main = new BenchMain(stdout, log);
        main.args = args.clone();
        final CommandLine cl = new CommandLine(main);
        cl.setOut(new PrintWriter(stdout, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(log, true, StandardCharsets.UTF_8));
        ParameterErrors.install(cl);
        return cl;
    }

    /**
     * Runs the benchmarks and exits with the command's code.
     *
     * @param args the command line
     */
    public static void main(final String[] args) {
        System.exit(commandLine(System.out, System.err, args).execute(args));
    }
}
