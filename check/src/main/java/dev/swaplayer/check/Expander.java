package dev.swaplayer.check;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.spec.Invariant;
import dev.swaplayer.spec.InvariantChecker;
import dev.swaplayer.spec.Postconditions;
import dev.swaplayer.spec.Snapshot;
import dev.swaplayer.spec.SwapSpaceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Expands one state of the exploration: rebuilds it by replaying its path, applies every operation of the
 * alphabet to a copy of the implementation and of the specification, and checks each transition. What it
 * finds is a list of {@link Successors}, which {@link Explorer} merges into its state set in a fixed order,
 * so that the result does not depend on how many expanders ran or which one expanded what.
 *
 * <p>Thread safety: not thread-safe; each worker thread owns one expander (its own copies of the empty
 * device and specification). It reads the explorer's path arrays and state set while nobody writes them.
 */
final class Expander {
    private final BuddyAllocator root;
    private final SwapSpaceModel rootModel;
    private final List<Op> ops;
    private final int maxCount;

    Expander(final BuddyAllocator root, final SwapSpaceModel rootModel, final List<Op> ops, final int maxCount) {
        this.root = root;
        this.rootModel = rootModel;
        this.ops = ops;
        this.maxCount = maxCount;
    }

    /**
     * What expanding one state found, in the alphabet's order: each transition to a state not in the state set
     * when the expansion ran, and each problem. Transitions to states already known, and rejected operations
     * that changed nothing, leave no record.
     */
    static final class Successors {
        private final IntArrayList op = new IntArrayList();
        private final IntArrayList ordinal = new IntArrayList();
        private final List<String> key = new ArrayList<>();
        private final List<String> problem = new ArrayList<>();
        private final List<Boolean> conditional = new ArrayList<>();
        /** Transitions applied: every applicable operation, up to the first unconditional problem. */
        private int transitions;

        private void add(final int o, final int n, final String k, final String p, final boolean cond) {
            op.add(o);
            ordinal.add(n);
            key.add(k);
            problem.add(p);
            conditional.add(cond);
        }

        int size() {
            return op.size();
        }

        /** Returns the record's operation index in the alphabet. */
        int op(final int i) {
            return op.get(i);
        }

        /** Returns how many transitions of this state were applied up to and including the record's. */
        int ordinal(final int i) {
            return ordinal.get(i);
        }

        /** Returns the successor's canonical key, null for a rejected operation. */
        String key(final int i) {
            return key.get(i);
        }

        /** Returns the problem, or null. */
        String problem(final int i) {
            return problem.get(i);
        }

        /**
         * Returns whether the problem is one of the new state's own (invariants, audit), found only because the state
         * was new when the expansion ran: it counts only if the state is still new at the merge, as it would have been
         * checked then in a one-threaded breadth-first run.
         *
         * @return whether the problem is one of the new state's own (invariants, audit), found only because
         *     the state was new when the expansion ran: it counts only if the state is still new at the merge,
         *     as it would have been checked then in a one-threaded breadth-first run
         */
        boolean conditional(final int i) {
            return conditional.get(i);
        }

        int transitions() {
            return transitions;
        }
    }

    /**
     * Returns what the expansion found.
     *
     * @param id the state to expand
     * @param parent each state's parent
     * @param via each state's operation from its parent
     * @param seen the states known before this batch of expansions
     * @return what the expansion found
     */
    Successors expand(final int id, final IntArrayList parent, final IntArrayList via,
            final Map<String, Integer> seen) {
        final BuddyAllocator impl = root.copy();
        final SwapSpaceModel model = rootModel.copy();
        replay(id, parent, via, impl, model);
        final Snapshot before = Snapshot.of(impl.view());
        final Successors out = new Successors();
        for (int o = 0; o < ops.size(); o++) {
            final Op op = ops.get(o);
            if (!op.applicable(model, maxCount)) {
                continue;
            }
            final int n = ++out.transitions;
            final SwapSpaceModel m2 = model.copy();
            final String want = op.onSpec(m2);
            if (want.startsWith("Illegal")) {
                // A rejected call must change nothing, so it runs on the shared state itself.
                final String problem = rejected(op, want, before, impl);
                if (problem != null) {
                    out.add(o, n, null, problem, false);
                    return out;
                }
                continue;
            }
            final BuddyAllocator i2 = impl.copy();
            final String problem = step(op, want, before, i2);
            if (problem != null) {
                out.add(o, n, null, problem, false);
                return out;
            }
            final Snapshot spec = Snapshot.of(m2);
            final Snapshot got = Snapshot.of(i2.view());
            final String key = spec.canonicalKey();
            final String diff = spec.firstDifference(got);
            // Equal snapshots have equal keys: only a difference needs the implementation's own key.
            final boolean mismatch = diff != null && !key.equals(got.canonicalKey());
            if (mismatch || !seen.containsKey(key)) {
                final String violation = stateViolation(i2, got, diff);
                out.add(o, n, key, violation, !mismatch);
                if (violation != null && mismatch) {
                    return out;
                }
            }
        }
        return out;
    }

    /** Applies an accepted op to the implementation; returns a broken relational invariant, or null. */
    private static String step(final Op op, final String want, final Snapshot before, final BuddyAllocator impl) {
        final String got = applyChecked(op, impl);
        if (!got.equals(want)) {
            return mismatch(op, got, want);
        }
        if (op.kind() == Op.Kind.ALLOCATE_FOLIO && got.startsWith("COMPOUND")) {
            final long[] pages = parseSlots(got);
            final List<InvariantChecker.Violation> v = Postconditions.checkCompound(before, (int) op.slot(), pages,
                    op.failMetadata());
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
     *
     * @param impl the implementation in the state
     * @param got its snapshot
     * @param diff the first difference of the specification's snapshot of the same state from {@code got}
     *     ({@link Snapshot#firstDifference}), or null
     * @return the first problem, or null
     */
    static String stateViolation(final BuddyAllocator impl, final Snapshot got, final String diff) {
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

    private static long[] parseSlots(final String result) {
        final String inner = result.substring(result.indexOf('[') + 1, result.indexOf(']'));
        return Arrays.stream(inner.split(",\\s*")).mapToLong(Long::parseLong).toArray();
    }
}
