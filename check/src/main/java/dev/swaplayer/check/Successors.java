package dev.swaplayer.check;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.collections.impl.list.mutable.primitive.BooleanArrayList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * What expanding one state found ({@link Expander#expand}), in the alphabet's order: each transition to a
 * state that was new to the expansion (not in the state set before the batch, nor reached earlier in the
 * batch by the same expander), and each problem. Transitions to states already known, and rejected
 * operations that changed nothing, leave no record: the merge would skip them.
 *
 * <p>Thread safety: not thread-safe; written by one expander, then read by the merging thread after the
 * executor's hand-off.
 */
final class Successors {
    private final IntArrayList op = new IntArrayList();
    private final IntArrayList ordinal = new IntArrayList();
    private final List<byte[]> key = new ArrayList<>();
    private final IntArrayList hash = new IntArrayList();
    private final List<String> problem = new ArrayList<>();
    private final BooleanArrayList conditional = new BooleanArrayList();
    /** Transitions applied: every applicable operation, up to the first unconditional problem. */
    private int transitions;

    /** Counts one more applied transition; returns how many so far. */
    int applied() {
        return ++transitions;
    }

    void add(final int o, final int n, final byte[] k, final int h, final String p, final boolean cond) {
        op.add(o);
        ordinal.add(n);
        key.add(k);
        hash.add(h);
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

    /** Returns the successor's state key ({@link Observation#key()}), null for a problem without a state. */
    byte[] key(final int i) {
        return key.get(i);
    }

    /** Returns the key's {@link StateSet#hash}. */
    int hash(final int i) {
        return hash.get(i);
    }

    /** Returns the problem, or null. */
    String problem(final int i) {
        return problem.get(i);
    }

    /**
     * Returns whether the problem is one of the new state's own (invariants, audit), found only because the
     * state was new when the expansion ran: it counts only if the state is still new at the merge, as it
     * would have been checked then in a one-threaded breadth-first run.
     *
     * @param i the record
     * @return whether the record's problem counts only for a state still new at the merge
     */
    boolean conditional(final int i) {
        return conditional.get(i);
    }

    /** Returns how many transitions were applied. */
    int transitions() {
        return transitions;
    }
}
