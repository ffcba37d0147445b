package dev.swaplayer.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run measured, keyed as the report reads it.
 *
 * <p>Thread safety: not thread-safe; filled by one thread, then read.
 *
 * <h2>Score keys</h2>
 * <ul>
 *   <li>{@code alloc.<policy>.<stream>.<threads>t}, e.g. {@code alloc.buddy.order0.1t}, in ops/us; the same
 *       key plus {@code .fails} is the rate of allocations that returned NONE;</li>
 *   <li>{@code swap.<method>}: swapOut, rawWrite, rawWritePages, swapIn, rawRead, in 64 KiB ops/ms;</li>
 *   <li>{@code compress.<algorithm>.<unitBytes>.<compress|decompress>}, in 64 KiB ops/ms.</li>
 * </ul>
 */
public final class Results {
    private final Environment environment;
    private final Map<String, Score> scores = new LinkedHashMap<>();
    private final Map<String, double[][]> pairs = new LinkedHashMap<>();
    private final List<MemoryRow> memory = new ArrayList<>();
    private final Map<String, Number> scale = new LinkedHashMap<>();
    private final List<ScaleRow> scaleCurve = new ArrayList<>();
    private final Map<String, Number> check = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private MedianRatio simulatePair;
    private boolean quick;

    /**
     * @param environment where and how the run was made
     */
    public Results(final Environment environment) {
        this.environment = environment;
    }

    /** Returns where and how the run was made. */
    public Environment environment() {
        return environment;
    }

    /**
     * Records a score.
     *
     * @param key a score key (see the class comment)
     * @param score the score
     */
    public void put(final String key, final Score score) {
        scores.put(key, score);
    }

    /**
     * Returns the score, or null when not measured.
     *
     * @param key a score key
     */
    public Score score(final String key) {
        return scores.get(key);
    }

    /** Returns every score, in the order measured. */
    public Map<String, Score> scores() {
        return Collections.unmodifiableMap(scores);
    }

    /**
     * Files a locked/unlocked pair measured fork by fork ({@link PairBench}).
     *
     * @param name the pair's name, e.g. {@code buddy_vs_unlocked_order0}
     * @param locked each fork's throughput of the locked side, ops/µs
     * @param unlocked the same forks' throughput of the unlocked side
     */
    public void putPair(final String name, final double[] locked, final double[] unlocked) {
        pairs.put(name, new double[][] {locked.clone(), unlocked.clone()});
    }

    /** Returns every pair by name: {locked forks, unlocked forks}, in the order measured. */
    public Map<String, double[][]> pairs() {
        return Collections.unmodifiableMap(pairs);
    }

    /** Records a memory measurement. */
    public void add(final MemoryRow row) {
        memory.add(row);
    }

    /** Returns the memory measurements. */
    public List<MemoryRow> memory() {
        return Collections.unmodifiableList(memory);
    }

    /**
     * Records a scale figure.
     *
     * @param key a scale figure's name
     * @param value its value
     */
    public void putScale(final String key, final Number value) {
        scale.put(key, value);
    }

    /** Returns the scale figures. */
    public Map<String, Number> scale() {
        return Collections.unmodifiableMap(scale);
    }

    /** Records a point of the scale curve. */
    public void add(final ScaleRow row) {
        scaleCurve.add(row);
    }

    /** Returns the scale curve's points, in the order measured. */
    public List<ScaleRow> scaleCurve() {
        return Collections.unmodifiableList(scaleCurve);
    }

    /**
     * Returns that point of the scale curve, or null when not measured.
     *
     * @param policy a policy's key
     * @param slots a device size
     * @return that point of the scale curve, or null when not measured
     */
    public ScaleRow scalePoint(final String policy, final long slots) {
        for (final ScaleRow row : scaleCurve) {
            if (row.policy().equals(policy) && row.slots() == slots) {
                return row;
            }
        }
        return null;
    }

    /**
     * Records a figure of the exhaustive checker's run.
     *
     * @param key a figure of the exhaustive checker's run ({@link CheckRate}): states, seconds, states_per_s...
     * @param value its value
     */
    public void putCheck(final String key, final Number value) {
        check.put(key, value);
    }

    /** Returns the exhaustive checker's figures. */
    public Map<String, Number> check() {
        return Collections.unmodifiableMap(check);
    }

    /**
     * Files the whole simulation measured fork by fork in pairs ({@link SimulatorPair}): compound's milliseconds
     * over buddy's.
     *
     * @param compoundMs each fork's median time of compound's simulation, ms
     * @param buddyMs the same forks' median time of buddy's, ms
     */
    public void putSimulatePair(final double[] compoundMs, final double[] buddyMs) {
        simulatePair = MedianRatio.ofPairs(compoundMs, buddyMs);
    }

    /** Returns the whole simulation's pair (compound's time over buddy's), or null when not measured. */
    public MedianRatio simulatePair() {
        return simulatePair;
    }

    /**
     * Marks these results as those of a {@code --quick} run: one short fork of each benchmark, whose figures are
     * indicative only and cannot decide a goal.
     */
    public void markQuick() {
        quick = true;
    }

    /** Returns whether these are the results of a {@code --quick} run ({@link #markQuick}). */
    public boolean quick() {
        return quick;
    }

    /** Records a line the report prints under "Run notes" (something skipped, and why). */
    public void note(final String note) {
        notes.add(note);
    }

    /** Returns the run notes. */
    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /**
     * Returns the ratio of the two scores, or NaN when either is missing.
     *
     * @param numerator a score key
     * @param denominator a score key
     */
    public double ratio(final String numerator, final String denominator) {
        final Score n = scores.get(numerator);
        final Score d = scores.get(denominator);
        return n == null || d == null ? Double.NaN : n.over(d);
    }
}
