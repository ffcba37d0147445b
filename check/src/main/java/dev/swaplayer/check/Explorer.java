package dev.swaplayer.check;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Invariant;
import dev.swaplayer.spec.InvariantChecker;
import dev.swaplayer.spec.Postconditions;
import dev.swaplayer.spec.Snapshot;
import dev.swaplayer.spec.SwapSpaceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Bounded exhaustive exploration: drives the real {@link BuddyAllocator} through every sequence of operations
 * up to a depth, breadth first, on a small geometry, next to the specification; deduplicates states by their
 * canonical snapshot; and checks every state invariant on every new state and refinement, rejection purity
 * and the compound postconditions on every transition.
 *
 * <p>Thread safety: not thread-safe; one exploration per instance at a time.
 *
 * <p>States are stored as a parent pointer and an operation index; a state is rebuilt by replaying its path
 * from the empty device, so memory is a few dozen bytes per state plus its key. Breadth-first order makes the
 * first violation found a shortest counterexample.
 */
public final class Explorer {
    /** Default device size for {@code ./swaplayer check}, and the CI gate's. */
    public static final long DEFAULT_SLOTS = 16;
    /** Default cluster size. */
    public static final int DEFAULT_CLUSTER = 4;
    /** Default largest order. */
    public static final int DEFAULT_MAX_ORDER = 2;
    /** Default depth: with the defaults above, about 2.2 * 10^5 distinct states. */
    public static final int DEFAULT_DEPTH = 7;
    /** Default bound on explored swap counts. */
    public static final int DEFAULT_MAX_COUNT = 2;
    /** How many live descriptors the page-freeing operations can name. */
    public static final int MAX_DESCRIPTORS = 2;

    private final Geometry geometry;
    private final int depth;
    private final int maxCount;
    private final Function<Geometry, BuddyAllocator> factory;
    private final List<Op> ops;

    /**
     * @param geometry the small device to explore
     * @param depth the longest operation sequence
     * @param maxCount dup is explored only below this swap count (bounds the state space)
     * @param maxDescriptors how many live descriptors the page-freeing operations can name
     * @param factory makes the allocator under test (the real one, or one with a planted fault)
     */
    public Explorer(final Geometry geometry, final int depth, final int maxCount, final int maxDescriptors,
            final Function<Geometry, BuddyAllocator> factory) {
        this.geometry = geometry;
        this.depth = depth;
        this.maxCount = maxCount;
        this.factory = factory;
        this.ops = Op.alphabet(geometry, maxDescriptors);
    }

    /**
     * The outcome of an exploration.
     *
     * @param states distinct states reached (the empty device included)
     * @param transitions operations applied
     * @param depth the deepest level whose states were all expanded, or where the violation was found
     * @param violations 0 or 1: exploration stops at the first
     * @param seconds wall time
     * @param counterexample the shortest operation sequence reaching the violation, empty when none
     * @param violation what was broken, or null
     */
    public record Result(long states, long transitions, int depth, int violations, double seconds,
            List<String> counterexample, String violation) {
    }

    /** Receives progress after each level. */
    @FunctionalInterface
    public interface Progress {
        /**
         * Called when a level of the breadth-first search is done.
         *
         * @param level the level just finished
         * @param states distinct states so far
         * @param transitions transitions so far
         */
        void levelDone(int level, long states, long transitions);
    }

    /**
     * Explores.
     *
     * @param progress told after each level
     * @return the result
     */
    public Result run(final Progress progress) {
        final long start = System.nanoTime();
        final Map<String, Integer> seen = new HashMap<>();
        final IntArrayList parent = new IntArrayList();
        final IntArrayList via = new IntArrayList();
        final BuddyAllocator root = factory.apply(geometry);
        final SwapSpaceModel rootModel = new SwapSpaceModel(geometry);
        seen.put(Snapshot.of(rootModel).canonicalKey(), 0);
        parent.add(-1);
        via.add(-1);
        final String rootViolation = stateViolation(root, rootModel);
        if (rootViolation != null) {
            return new Result(1, 0, 0, 1, seconds(start), List.of(), rootViolation);
        }
        IntArrayList frontier = IntArrayList.newListWith(0);
        long transitions = 0;
        int level = 0;
        while (level < depth && !frontier.isEmpty()) {
            final IntArrayList next = new IntArrayList();
            for (int f = 0; f < frontier.size(); f++) {
                final int id = frontier.get(f);
                final BuddyAllocator impl = root.copy();
                final SwapSpaceModel model = rootModel.copy();
                replay(id, parent, via, impl, model);
                final Snapshot before = Snapshot.of(impl.view());
                for (int o = 0; o < ops.size(); o++) {
                    final Op op = ops.get(o);
                    if (!op.applicable(model, maxCount)) {
                        continue;
                    }
                    transitions++;
                    final Transition t = transition(op, model, impl, before, seen);
                    if (t.problem() != null) {
                        final List<String> path = path(id, parent, via);
                        path.add(op.toString());
                        return new Result(seen.size(), transitions, level + 1, 1, seconds(start), path, t.problem());
                    }
                    if (t.key() == null || seen.containsKey(t.key())) {
                        continue;
                    }
                    seen.put(t.key(), parent.size());
                    parent.add(id);
                    via.add(o);
                    next.add(parent.size() - 1);
                }
            }
            level++;
            progress.levelDone(level, seen.size(), transitions);
            frontier = next;
        }
        return new Result(seen.size(), transitions, level, 0, seconds(start), List.of(), null);
    }

    /**
     * Where an op leads from a state.
     *
     * @param problem what it broke, or null
     * @param key the canonical key of the state it reached; null when the call was rejected or misbehaved
     */
    private record Transition(String problem, String key) {
    }

    /** Applies op to copies of the state's model and implementation; audits a new state or one unlike the model's. */
    private static Transition transition(final Op op, final SwapSpaceModel model, final BuddyAllocator impl,
            final Snapshot before, final Map<String, Integer> seen) {
        final SwapSpaceModel m2 = model.copy();
        final String want = op.onSpec(m2);
        if (want.startsWith("Illegal")) {
            // A rejected call must change nothing, so it runs on the shared state itself.
            return new Transition(rejected(op, want, before, impl), null);
        }
        final BuddyAllocator i2 = impl.copy();
        final String problem = step(op, want, before, i2);
        if (problem != null) {
            return new Transition(problem, null);
        }
        final String key = Snapshot.of(m2).canonicalKey();
        final boolean check = !key.equals(Snapshot.of(i2.view()).canonicalKey()) || !seen.containsKey(key);
        return new Transition(check ? stateViolation(i2, m2) : null, key);
    }

    /** Applies an accepted op to the implementation; returns a broken relational invariant, or null. */
    private static String step(final Op op, final String want, final Snapshot before, final BuddyAllocator impl) {
        final String got = applyChecked(op, impl);
        if (!got.equals(want)) {
            return mismatch(op, got, want);
        }
        if (op.kind() == Op.Kind.ALLOCATE_FOLIO && got.startsWith("COMPOUND")) {
            final long[] pages = parseSlots(got);
            final List<InvariantChecker.Violation> v = Postconditions.checkCompound(before, (int) op.slot(), pages);
            if (!v.isEmpty()) {
                return v.get(0).toString();
            }
        }
        return null;
    }

    /** Applies an op the spec rejected: the implementation must reject it too and change nothing (INV-13). */
    private static String rejected(final Op op, final String want, final Snapshot before, final BuddyAllocator impl) {
        final String got = applyChecked(op, impl);
        if (!got.equals(want)) {
            return mismatch(op, got, want);
        }
        final String diff = before.firstDifference(Snapshot.of(impl.view()));
        return diff == null ? null : Invariant.INV_13 + ": rejected " + op + " changed " + diff;
    }

    private static String applyChecked(final Op op, final BuddyAllocator impl) {
        try {
            return op.onImpl(impl);
        } catch (AssertionError e) {
            return "assertion in the implementation: " + e.getMessage();
        }
    }

    private static String mismatch(final Op op, final String got, final String want) {
        return Invariant.INV_12 + ": " + op + " returned \"" + got + "\" but the spec says \"" + want + "\"";
    }

    /**
     * Checks a state: refinement and the state invariants first (the specification's view), then the
     * implementation's own audit of its internal structures.
     */
    private static String stateViolation(final BuddyAllocator impl, final SwapSpaceModel model) {
        final Snapshot got = Snapshot.of(impl.view());
        final String diff = Snapshot.of(model).firstDifference(got);
        if (diff != null) {
            return Invariant.INV_12 + ": spec vs implementation differ at " + diff;
        }
        final List<InvariantChecker.Violation> v = InvariantChecker.check(got);
        if (!v.isEmpty()) {
            return v.get(0).toString();
        }
        try {
            impl.checkConsistency();
            return null;
        } catch (AssertionError e) {
            return "internal audit: " + e.getMessage();
        }
    }

    private void replay(final int id, final IntArrayList parent, final IntArrayList via, final BuddyAllocator impl,
            final SwapSpaceModel model) {
        final IntArrayList steps = new IntArrayList();
        for (int s = id; parent.get(s) >= 0; s = parent.get(s)) {
            steps.add(via.get(s));
        }
        for (int i = steps.size() - 1; i >= 0; i--) {
            final Op op = ops.get(steps.get(i));
            op.onImpl(impl);
            op.onSpec(model);
        }
    }

    private List<String> path(final int id, final IntArrayList parent, final IntArrayList via) {
        final List<String> out = new ArrayList<>();
        for (int s = id; parent.get(s) >= 0; s = parent.get(s)) {
            out.add(0, ops.get(via.get(s)).toString());
        }
        return out;
    }

    private static long[] parseSlots(final String result) {
        final String inner = result.substring(result.indexOf('[') + 1, result.indexOf(']'));
        return Arrays.stream(inner.split(",\\s*")).mapToLong(Long::parseLong).toArray();
    }

    private static double seconds(final long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Returns the number of operations in the alphabet. */
    public int alphabetSize() {
        return ops.size();
    }
}
