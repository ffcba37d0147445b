package dev.swaplayer.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks in this JVM through the {@link Runner} API (each benchmark in forked JVMs started
 * from this jar) and files their scores under the keys {@link Results} documents.
 *
 * <p>Thread safety: stateless.
 */
final class JmhRun {
    private JmhRun() {
    }

    /**
     * @param plan the iteration plan
     * @param image the image file, or "" for the synthetic image
     * @param jars plug-in jars whose policies are measured with the built-in ones
     * @param log where JMH's progress goes
     * @param results where scores go
     * @throws RunnerException when a benchmark fails
     */
    static void run(final Plan plan, final String image, final List<Path> jars, final PrintStream log,
            final Results results) throws RunnerException {
        final OutputFormat format = OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL);
        final String jarsParam = BenchPolicies.jarsParam(jars);
        final BenchPolicies registered = BenchPolicies.of(jarsParam);
        final List<String> measured = new ArrayList<>();
        measured.add(Baseline.BITMAP.key());
        measured.addAll(registered.policies());
        final List<String> oneThread = new ArrayList<>();
        oneThread.add(Baseline.BITMAP.key());
        oneThread.addAll(registered.oneThreadPolicies()); // bestfit too, one thread only: the placement's cost
        oneThread(plan, format, results, jarsParam, oneThread.toArray(String[]::new));
        PairCost.run(plan, format, results, PairCost.AGAINST_CLUSTER);
        PairCost.run(plan, format, results, PairCost.AGAINST_BITMAP, PairCost.AGAINST_BITMAP_STREAMS);
        PairCost.run(plan, format, results, PairCost.LOCKS);
        PairCost.run(plan, format, results, PairCost.PLACEMENT, PairCost.PLACEMENT_STREAMS);
        final String[] safe = registered.threadSafe(measured).toArray(String[]::new);
        collect(new Runner(withJars(base(plan).include(method(AllocatorBench.class, "twoThreads"))
                .param("policy", safe), jarsParam).build(), format).run(), results);
        PairCost.runTwoThreads(plan, format, results, PairCost.AGAINST_CLUSTER);
        final List<String> confined = new ArrayList<>(registered.policies());
        Arrays.stream(Baseline.values()).map(Baseline::key).forEach(confined::add);
        confined.removeAll(registered.threadSafe(confined));
        for (final String p : confined) {
            results.note("`" + p + "` has no two-thread figures: it is not thread-safe (confined to one"
                    + " thread by design, or built without its locks), so two threads would corrupt it.");
        }
        // whole simulations: one warm-up, then one timed run per iteration (the plan's iteration count)
        collect(new Runner(base(plan).include(method(SimulatorBench.class, "thpSwapTest")).warmupIterations(1)
                .build(), format).run(), results);
        collect(new Runner(base(plan).include(SwapBench.class.getName() + "\\.").param("image", image).build(),
                format).run(), results);
        collect(new Runner(base(plan).include(CompressBench.class.getName() + "\\.").param("image", image).build(),
                format).run(), results);
    }

    /**
     * Runs only {@link PairCost}, after the one-thread {@link AllocatorBench} runs of the locked policies that
     * give its solo speeds.
     *
     * @param plan the iteration plan
     * @param log where JMH's progress goes
     * @param results where scores go
     * @throws RunnerException when a benchmark fails
     */
    static void lockCost(final Plan plan, final PrintStream log, final Results results) throws RunnerException {
        final OutputFormat format = OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL);
        oneThread(plan, format, results, "", "buddy", "cluster");
        PairCost.run(plan, format, results, PairCost.LOCKS);
    }

    /** Runs {@link AllocatorBench#oneThread} for the given policies, every stream, and files the scores. */
    private static void oneThread(final Plan plan, final OutputFormat format, final Results results,
            final String jarsParam, final String... policies) throws RunnerException {
        collect(new Runner(withJars(base(plan).include(method(AllocatorBench.class, "oneThread"))
                .param("policy", policies), jarsParam).build(), format).run(), results);
    }

    /** Hands the plug-in jars to {@link AllocatorBench}'s forks; none: its default, the built-ins only. */
    private static ChainedOptionsBuilder withJars(final ChainedOptionsBuilder b, final String jarsParam) {
        return jarsParam.isEmpty() ? b : b.param("jars", jarsParam);
    }

    static String method(final Class<?> c, final String name) {
        return "^" + c.getName().replace(".", "\\.") + "\\." + name + "$";
    }

    /** Returns a fresh builder with the plan's settings (builders accumulate: one per run). */
    static ChainedOptionsBuilder base(final Plan p) {
        return new OptionsBuilder().forks(p.forks()).warmupIterations(p.warmups())
                .warmupTime(TimeValue.milliseconds(p.warmupMillis())).measurementIterations(p.iterations())
                .measurementTime(TimeValue.milliseconds(p.iterationMillis())).jvmArgs("-Xms1g", "-Xmx1g")
                .shouldFailOnError(true);
    }

    static void collect(final Collection<RunResult> runs, final Results results) {
        for (final RunResult run : runs) {
            final BenchmarkParams bp = run.getParams();
            final String bench = bp.getBenchmark();
            final String method = bench.substring(bench.lastIndexOf('.') + 1);
            final String key;
            if (bench.contains("AllocatorBench")) {
                key = Ratios.allocKey(bp.getParam("policy"), bp.getParam("stream"), bp.getThreads() + "t");
            } else if (bench.contains("SimulatorBench")) {
                key = "simulate." + bp.getParam("policy");
            } else if (bench.contains("SwapBench")) {
                key = "swap." + method;
            } else {
                key = "compress." + bp.getParam("algorithm") + "." + bp.getParam("unit") + "." + method;
            }
            results.put(key, score(run.getPrimaryResult()));
            final Result<?> fails = run.getSecondaryResults().get("fails");
            if (fails != null) {
                results.put(key + ".fails", score(fails));
            }
        }
    }

    private static Score score(final Result<?> r) {
        return new Score(r.getScore(), r.getScoreError(), r.getScoreUnit());
    }
}
