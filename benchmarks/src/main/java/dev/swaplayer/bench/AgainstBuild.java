package dev.swaplayer.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * This build against another build ({@code ./swaplayer bench --against JAR}): each policy of this build beside the
 * same policy of the other build's bench jar, in {@link PairBench} pairs (alternating batches in one JVM, each side's
 * classes its own), so that what a change did to an allocator's speed is measured with the machine's drift
 * cancelled. The ratio is this build's throughput over the other's, the median over forks with its 95% interval
 * ({@link MedianRatio}). In a pair both devices share the core's caches, which adds the same time to every step
 * of both sides: a ratio in a pair lies between 1 and the ratio alone, so a change never looks larger than it is.
 *
 * <p>Thread safety: stateless.
 */
final class AgainstBuild {
    /** The policies compared: the buddy allocator, its compound variant and the 6.12 cluster model. */
    static final List<String> POLICIES = List.of("buddy", "compound", "cluster");
    /** A class every bench jar that can be measured against has (the side of a pair). */
    private static final String SIDE = PairSide.class.getName().replace('.', '/') + ".class";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AgainstBuild() {
    }

    /**
     * Returns why a file cannot be measured against, or null when it can.
     *
     * @param jar the other build's bench jar
     */
    static String problem(final Path jar) {
        final String expected = " (expected: another build's benchmarks/target/swaplayer-bench.jar)";
        if (!Files.isRegularFile(jar) || !Files.isReadable(jar)) {
            return "--against: " + jar + expected;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(SIDE) == null ? "--against: " + jar + ": no " + SIDE + expected : null;
        } catch (IOException e) {
            return "--against: " + jar + ": not a jar (" + e.getMessage() + ")" + expected;
        }
    }

    /** Returns the {@link PairBench#pair} values: each policy against itself from the jar. */
    static String[] pairs(final Path jar) {
        final String at = "@" + jar.toAbsolutePath();
        return POLICIES.stream().map(p -> p + "_vs_" + p + at).toArray(String[]::new);
    }

    /**
     * Runs the pairs on every stream, {@link Plan#pairForks()} forks each, and files them in the results.
     *
     * @param plan the iteration plan
     * @param log where JMH's progress goes
     * @param results where the forks' throughputs go
     * @param jar the other build's bench jar, checked with {@link #problem}
     * @throws RunnerException when a benchmark fails
     */
    static void run(final Plan plan, final PrintStream log, final Results results, final Path jar)
            throws RunnerException {
        PairCost.run(plan, OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL), results, pairs(jar));
    }

    /** Returns one line per policy and stream: the ratio, its interval and the forks, in the order measured. */
    static List<String> summary(final Results r) {
        final List<String> lines = new ArrayList<>();
        for (final Map.Entry<String, MedianRatio> e : ratios(r).entrySet()) {
            final MedianRatio m = e.getValue();
            lines.add(String.format("  %-16s %s %-18s %d fork(s)", e.getKey(), MarkdownReport.ratio(m.ratio()),
                    MarkdownReport.interval(m.forks(), m.low(), m.high()), m.forks()));
        }
        return lines;
    }

    /**
     * Returns the JSON of a run: the jar, and per policy and stream the ratio, its interval and each fork's
     * throughput on both sides (ops/µs).
     *
     * @param r the results of {@link #run}
     * @param jar the jar measured against
     */
    static String json(final Results r, final Path jar) {
        final ObjectNode root = JSON.createObjectNode();
        root.put("command", r.environment().command());
        root.put("against", jar.toAbsolutePath().toString());
        final ObjectNode ratios = root.putObject("this_build_vs_against");
        ratios(r).forEach((name, m) -> {
            JsonReport.putMedianRatio(ratios.putObject(name), m, "forks_this_build", "forks_against");
        });
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pairs' ratios by {@code <policy>_<stream>}. */
    private static Map<String, MedianRatio> ratios(final Results r) {
        final Map<String, MedianRatio> m = new LinkedHashMap<>();
        r.pairs().forEach((name, sides) -> {
            m.put(Ratios.pairPolicy(name) + "_" + Ratios.pairStream(name), MedianRatio.ofPairs(sides[0], sides[1]));
        });
        return m;
    }
}
