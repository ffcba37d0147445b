package dev.swaplayer.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The {@code --json} output: one object with the keys of the performance goals (a figure not measured is {@code null}),
 * plus the environment, the goals, every raw score and the memory and scale rows; {@code quick} is true for a
 * {@code --quick} run, one short fork of each benchmark, whose figures and verdicts are indicative only.
 *
 * <p>Thread safety: stateless.
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    private static void environment(final ObjectNode root, final Environment e) {
        root.put("date", e.date());
        root.put("command", e.command());
        final ObjectNode machine = root.putObject("machine");
        machine.put("cpu", e.cpu());
        machine.put("cores", e.cores());
        machine.put("memory", e.memory());
        machine.put("os", e.os());
        root.put("jvm", e.jvm());
        root.put("jmh", e.settings());
        root.put("image", e.image());
    }

    private static void scale(final ObjectNode scale, final Results r) {
        r.scale().forEach((k, v) -> scale.put(k, v.doubleValue()));
        Ratios.scale(r).forEach((k, v) -> put(scale, k, v));
        final var curve = scale.putArray("curve");
        for (final ScaleRow s : r.scaleCurve()) {
            final ObjectNode row = curve.addObject();
            row.put("policy", s.policy());
            row.put("slots", s.slots());
            put(row, "per_op_ns", s.perOpNanos());
            put(row, "per_op_min_ns", s.perOpMinNanos());
            put(row, "per_op_max_ns", s.perOpMaxNanos());
            put(row, "fill_ms", s.fillMillis());
            row.put("metadata_bytes", s.metadataBytes());
            row.put("peak_heap_bytes", s.peakHeapBytes());
            row.put("fails", s.fails());
        }
    }

    /**
     * Returns the JSON tree.
     *
     * @param r the results
     */
    public static ObjectNode tree(final Results r) {
        final ObjectNode root = MAPPER.createObjectNode();
        environment(root, r.environment());
        root.put("quick", r.quick()); // one short fork per benchmark: the verdicts below are indicative only

        final ObjectNode memory = root.putObject("memory");
        put(memory, "static_bytes_per_slot", Ratios.staticBytesPerSlot(r));
        put(memory, "bytes_per_used_slot", Ratios.bytesPerUsedSlot(r));
        final var rows = memory.putArray("rows");
        for (final MemoryRow m : r.memory()) {
            final ObjectNode row = rows.addObject();
            row.put("policy", m.policy());
            row.put("slots", m.slots());
            row.put("use", m.use());
            row.put("used_slots", m.usedSlots());
            row.put("heap_bytes", m.heapBytes());
        }

        final ObjectNode tr = root.putObject("throughput_ratio");
        Ratios.throughput(r).forEach((k, v) -> put(tr, k, v));
        for (final PairCost.Kind kind : PairCost.Kind.values()) {
            pairs(root.putObject(kind.jsonKey), r, kind);
        }
        Ratios.io(r).forEach((k, v) -> put(root, k, v));

        simulate(root.putObject("simulate_ms"), r);

        scale(root.putObject("scale"), r);

        final Number states = r.check().get("states_per_s");
        put(root, "check_states_per_s", states == null ? Double.NaN : states.doubleValue());
        put(root, "check_states_per_s_vs_baseline", Ratios.checkVsBaseline(r));
        final ObjectNode check = root.putObject("check");
        r.check().forEach((k, v) -> check.put(k, v.doubleValue()));

        final var goals = root.putArray("goals");
        for (final Goal g : Goal.all(r)) {
            final ObjectNode o = goals.addObject();
            o.put("key", g.key());
            o.put("goal", g.text());
            put(o, "measured", g.measured());
            o.put("limit", g.limit());
            o.put("at_least", g.atLeast());
            o.put("verdict", g.verdict());
        }

        final ObjectNode scores = root.putObject("scores");
        for (final Map.Entry<String, Score> s : r.scores().entrySet()) {
            final ObjectNode o = scores.putObject(s.getKey());
            put(o, "score", s.getValue().score());
            put(o, "error", s.getValue().error());
            o.put("unit", s.getValue().unit());
        }
        final var notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        return root;
    }

    /**
     * Returns the JSON text, indented.
     *
     * @param r the results
     */
    public static String render(final Results r) {
        try {
            return MAPPER.writeValueAsString(tree(r));
        } catch (final JsonProcessingException ex) {
            throw new IllegalStateException("cannot render the results as JSON", ex);
        }
    }

    /** The whole simulation's JMH scores, the goal's ratio and, when measured, its pairs ({@link SimulatorPair}). */
    private static void simulate(final ObjectNode simulate, final Results r) {
        for (final String p : SimulatorBench.POLICIES) {
            final Score s = r.score("simulate." + p);
            if (s != null) {
                put(simulate, p, s.score());
            }
        }
        put(simulate, "compound_vs_buddy", Ratios.simulateCompoundOverBuddy(r));
        final MedianRatio pair = r.simulatePair();
        if (pair != null) {
            putMedianRatio(simulate.putObject("pair"), pair, "forks_compound_ms", "forks_buddy_ms");
        }
    }

    /**
     * Each pair ({@link PairBench}) of one kind: the median of the per-fork ratios and its 95% interval (what the
     * goals use), how much faster the measured side ran alone ({@link PairEstimate#factor}, not applied), and both
     * sides' fork throughputs.
     */
    private static void pairs(final ObjectNode into, final Results r, final PairCost.Kind kind) {
        Ratios.pairCost(r).forEach((name, e) -> {
            if (PairCost.Kind.of(name) != kind) {
                return;
            }
            final ObjectNode o = into.putObject(name);
            putMedianRatio(o, e.pair(), "forks_measured", "forks_baseline");
            put(o, "solo_factor", e.factor());
        });
    }

    /**
     * Writes a median of per-fork ratios: {@code ratio}, {@code low}, {@code high} and each side's fork figures.
     *
     * @param o where to write
     * @param m the measurement
     * @param numeratorKey the key of the numerator side's forks
     * @param denominatorKey the key of the denominator side's forks
     */
    static void putMedianRatio(final ObjectNode o, final MedianRatio m, final String numeratorKey,
            final String denominatorKey) {
        put(o, "ratio", m.ratio());
        put(o, "low", m.low());
        put(o, "high", m.high());
        putForks(o, numeratorKey, m.numerator());
        putForks(o, denominatorKey, m.denominator());
    }

    private static void putForks(final ObjectNode o, final String key, final double[] forks) {
        final var a = o.putArray(key);
        for (final double x : forks) {
            a.add(x);
        }
    }

    private static void put(final ObjectNode o, final String key, final double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }
}
