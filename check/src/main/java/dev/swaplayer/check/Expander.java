package dev.swaplayer.check;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.spec.Invariant;
import dev.swaplayer.spec.InvariantChecker;
import dev.swaplayer.spec.Postconditions;
import dev.swaplayer.spec.Snapshot;
import dev.swaplayer.spec.SwapSpaceModel;
import java.util.Arrays;
import java.util.List;
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
    /** The state being expanded, as read before any operation. */
    private final Observation before;
    /** The implementation after a rejected operation. */
    private final Observation after;
    /** The specification after an accepted operation. */
    private final Observation spec;
    /** The implementation after an accepted operation. */
    private final Observation got;
    /** States this expander recorded as new since {@link #newBatch()}: the merge would skip them again. */
    private final StateSet recorded = new StateSet();
    /** The expanded state's snapshot, made when a compound postcondition first needs it; else null. */
    private Snapshot beforeSnapshot;

    Expander(final BuddyAllocator root, final SwapSpaceModel rootModel, final List<Op> ops, final int maxCount) {
        this.root = root;
        this.rootModel = rootModel;
        this.ops = ops;
        this.maxCount = maxCount;
        this.before = new Observation(rootModel.geometry());
        this.after = new Observation(rootModel.geometry());
        this.spec = new Observation(rootModel.geometry());
        this.got = new Observation(rootModel.geometry());
    }

    /**
     * Starts a batch: the states recorded so far are in the state set now, or were not new after all. Called
     * before the batch's expansions, on the thread that hands them out.
     */
    void newBatch() {
        recorded.clear();
    }

    /**
     * Returns what the expansion found. A successor is recorded, with its own checks (refinement, state
     * invariants, audit), when it is not in {@code seen} and this expander has not recorded it since the
     * batch began: a state recorded earlier in the batch is merged, in frontier order, before this one, so
     * that the merge would skip this record.
     *
     * @param id the state to expand
     * @param parent each state's parent
     * @param via each state's operation from its parent
     * @param seen the states known before this batch of expansions
     * @return what the expansion found
     */
    Successors expand(final int id, final IntArrayList parent, final IntArrayList via, final StateSet seen) {
        final BuddyAllocator impl = root.copy();
        final SwapSpaceModel model = rootModel.copy();
        replay(id, parent, via, impl, model);
        impl.observe(before::read);
        beforeSnapshot = null;
        final Successors out = new Successors();
        for (int o = 0; o < ops.size(); o++) {
            final Op op = ops.get(o);
            if (!op.applicable(model, maxCount)) {
                continue;
            }
            final int n = out.applied();
            final SwapSpaceModel m2 = model.copy();
            final String want = op.onSpec(m2);
            if (want.startsWith("Illegal")) {
                // A rejected call must change nothing, so it runs on the shared state itself.
                final String problem = rejected(op, want, impl, id, parent, via);
                if (problem != null) {
                    out.add(o, n, null, 0, problem, false);
                    return out;
                }
                continue;
            }
            final BuddyAllocator i2 = impl.copy();
            final String problem = step(op, want, impl, i2);
            if (problem != null) {
                out.add(o, n, null, 0, problem, false);
                return out;
            }
            if (successor(o, n, m2, i2, seen, out)) {
                return out;
            }
        }
        return out;
    }

    /**
     * Compares the specification and the implementation after an accepted operation and records the
     * successor if it is new; returns whether the expansion must stop (a refinement failure that no state
     * key hides).
     */
    private boolean successor(final int o, final int n, final SwapSpaceModel m2, final BuddyAllocator i2,
            final StateSet seen, final Successors out) {
        spec.read(m2);
        i2.observe(got::read);
        final byte[] key = spec.key();
        final int hash = StateSet.hash(key);
        final boolean same = spec.sameAs(got);
        // Equal observations have equal keys: only a difference needs the implementation's own key.
        final boolean mismatch = !same && !Arrays.equals(key, got.key());
        if (!mismatch && (seen.find(key, hash) >= 0 || recorded.find(key, hash) >= 0)) {
            return false;
        }
        final Snapshot gotSnapshot = i2.observe(Snapshot::of);
        final String diff = same ? null : difference(Snapshot.of(m2), gotSnapshot);
        final String violation = stateViolation(i2, gotSnapshot, diff);
        out.add(o, n, key, hash, violation, !mismatch);
        if (mismatch) {
            return true;
        }
        recorded.add(key, hash);
        return false;
    }

    /** Returns the first difference of two snapshots whose observations differ: never null. */
    private static String difference(final Snapshot want, final Snapshot have) {
        final String diff = want.firstDifference(have);
        if (diff == null) {
            throw new IllegalStateException("the observations differ but the snapshots do not:\n" + want + "\n"
                    + have);
        }
        return diff;
    }

    /** Returns the expanded state's snapshot, made from {@code impl} while it still observes as that state. */
    private Snapshot beforeSnapshot(final BuddyAllocator impl) {
        if (beforeSnapshot == null) {
            beforeSnapshot = impl.observe(Snapshot::of);
        }
        return beforeSnapshot;
    }

    /** Applies an accepted op to the implementation; returns a broken relational invariant, or null. */
    private String step(final Op op, final String want, final BuddyAllocator base, final BuddyAllocator impl) {
        final String result = applyChecked(op, impl);
        if (!result.equals(want)) {
            return mismatch(op, result, want);
        }
        if (op.kind() == Op.Kind.ALLOCATE_FOLIO && result.startsWith("COMPOUND")) {
            final long[] pages = parseSlots(result);
            final List<InvariantChecker.Violation> v = Postconditions.checkCompound(beforeSnapshot(base),
                    (int) op.slot(), pages, op.failMetadata());
            if (!v.isEmpty()) {
                return v.get(0).toString();
            }
        }
        return null;
    }

    /**
     * Applies an op the spec rejected: the implementation must reject it too and change nothing (INV-13). The
     * state before is rebuilt by replaying its path only to name a change.
     */
    private String rejected(final Op op, final String want, final BuddyAllocator impl, final int id,
            final IntArrayList parent, final IntArrayList via) {
        final String result = applyChecked(op, impl);
        if (!result.equals(want)) {
            return mismatch(op, result, want);
        }
        if (impl.observe(after::read).sameAs(before)) {
            return null;
        }
        final BuddyAllocator unchanged = root.copy();
        replay(id, parent, via, unchanged, rootModel.copy());
        return Invariant.INV_13 + ": rejected " + op + " changed "
                + difference(Snapshot.of(unchanged.view()), Snapshot.of(impl.view()));
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
