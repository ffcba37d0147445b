package dev.swaplayer.allocator;

import java.util.Arrays;

/**
 * The maximal runs of free chunks of one cluster, as the compound placement reads them ({@link CompoundPlacement}):
 * {start, length} pairs in ascending address order, and how many runs have each length as {length, count} pairs,
 * longest first. {@link ClusterFreeBlocks#freeRuns} finds them from the free-block maps when they are stale, and a
 * compound placement's takes keep them current ({@link #cut}), so that the next placement does not find the runs
 * of the clusters it took its pieces from again.
 *
 * <p>Both arrays have room to spare: only the first {@link #runInts()} and {@link #lengthInts()} ints count, so
 * that a cut changes them in place. A cluster left with many holes by page-by-page swap-in has many runs but few
 * distinct lengths.
 *
 * <p>Thread safety: guarded by the owning allocator's device lock, as its cluster's maps are.
 */
final class FreeRuns {
    /** The chunk (2^minOrder slots) the runs are made of. */
    final int chunk;
    /** The version of the cluster's maps ({@code ClusterFreeBlocks.mapVersion}) these runs hold for. */
    int version;
    private int[] runs;
    private int runInts;
    private int[] lengths;
    private int lengthInts;

    /** No runs yet, of chunks of {@code chunk} slots: to be found with {@link #room} and {@link #found}. */
    FreeRuns(final int chunk) {
        this(chunk, -1, new int[0], 0);
    }

    /**
     * The runs found in the maps at {@code version}.
     *
     * @param found {start, length} pairs in ascending address order, the first {@code n} ints; kept, not copied
     */
    FreeRuns(final int chunk, final int version, final int[] found, final int n) {
        this.chunk = chunk;
        this.runs = found;
        this.lengths = new int[Math.max(8, n)];
        found(version, n);
    }

    /**
     * Room for the next finding of {@code ints} ints, written straight into the runs' array (grown when short, its
     * contents left to be overwritten), so that finding the runs of a cluster again allocates nothing; then
     * {@link #found}.
     */
    int[] room(final int ints) {
        if (runs.length < ints) {
            runs = new int[Math.max(ints, 2 * runs.length)];
        }
        return runs;
    }

    /**
     * The runs are now the first n ints of the runs' array, as found in the maps at {@code version}: counts their
     * lengths afresh.
     */
    void found(final int version, final int n) {
        this.version = version;
        this.runInts = n;
        countLengths();
    }

    /** The runs as {start, length} pairs; only the first {@link #runInts()} ints count; not to be changed. */
    int[] runs() {
        return runs;
    }

    int runInts() {
        return runInts;
    }

    /** The {length, count} pairs, longest first; only the first {@link #lengthInts()} ints count; not to be changed. */
    int[] lengths() {
        return lengths;
    }

    int lengthInts() {
        return lengthInts;
    }

    /** The longest run's length, 0 when there is none. */
    int longest() {
        return lengthInts == 0 ? 0 : lengths[0];
    }

    /**
     * Takes the free slots {@code [idx, idx + len)} out of the run holding them: what is left of it on either side
     * is still whole chunks when idx and len are multiples of the chunk, and no other run changed.
     *
     * @return false, changing nothing, when no single run holds them or they are not whole chunks: the caller
     *     then treats the runs as stale
     */
    boolean cut(final int idx, final int len) {
        final int i = runHolding(idx);
        if (i < 0 || idx + len > runs[i] + runs[i + 1] || ((idx | len) & chunk - 1) != 0) {
            return false;
        }
        final int start = runs[i];
        final int was = runs[i + 1];
        final int before = idx - start;
        final int after = start + was - (idx + len);
        if (before > 0 && after > 0) {
            openPair(i + 2);
            runs[i + 1] = before;
            runs[i + 2] = idx + len;
            runs[i + 3] = after;
        } else if (before > 0) {
            runs[i + 1] = before;
        } else if (after > 0) {
            runs[i] = idx + len;
            runs[i + 1] = after;
        } else {
            System.arraycopy(runs, i + 2, runs, i, runInts - i - 2);
            runInts -= 2;
        }
        count(was, -1);
        count(before, 1);
        count(after, 1);
        return true;
    }

    /** Makes room for one more pair at index at of the runs, moving the pairs from there up. */
    private void openPair(final int at) {
        if (runInts + 2 > runs.length) {
            runs = Arrays.copyOf(runs, Math.max(8, 2 * runs.length));
        }
        System.arraycopy(runs, at, runs, at + 2, runInts - at);
        runInts += 2;
    }

    /** The index of the last run starting at or below idx (runs ascend by start), or a negative number. */
    private int runHolding(final int idx) {
        int lo = 0;
        int hi = runInts / 2 - 1;
        while (lo <= hi) {
            final int mid = (lo + hi) >>> 1;
            if (runs[2 * mid] <= idx) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return 2 * hi;
    }

    /**
     * Changes the count of runs of {@code length} by delta, in place: a pair whose count reaches 0 leaves, a new
     * length enters at its place in the order. Length 0 is no run.
     */
    private void count(final int length, final int delta) {
        if (length == 0) {
            return;
        }
        int k = 0;
        while (k < lengthInts && lengths[k] > length) {
            k += 2;
        }
        if (k < lengthInts && lengths[k] == length) {
            lengths[k + 1] += delta;
            if (lengths[k + 1] == 0) {
                System.arraycopy(lengths, k + 2, lengths, k, lengthInts - k - 2);
                lengthInts -= 2;
            }
            return;
        }
        assert delta > 0 : "a run of length " + length + " left but was not counted";
        if (lengthInts + 2 > lengths.length) {
            lengths = Arrays.copyOf(lengths, Math.max(8, 2 * lengths.length));
        }
        System.arraycopy(lengths, k, lengths, k + 2, lengthInts - k);
        lengths[k] = length;
        lengths[k + 1] = delta;
        lengthInts += 2;
    }

    /**
     * For the audit: whether these runs are {@code fresh}, the runs found in the maps now.
     *
     * @return null when they agree, else what disagrees
     */
    String mismatch(final FreeRuns fresh) {
        if (!Arrays.equals(fresh.runs, 0, fresh.runInts, runs, 0, runInts)
                || !Arrays.equals(fresh.lengths, 0, fresh.lengthInts, lengths, 0, lengthInts)) {
            return "runs " + Arrays.toString(Arrays.copyOf(runs, runInts)) + " with lengths "
                    + Arrays.toString(Arrays.copyOf(lengths, lengthInts)) + " cached, but the maps hold "
                    + Arrays.toString(Arrays.copyOf(fresh.runs, fresh.runInts));
        }
        return null;
    }

    /** Counts how many runs have each length into {length, count} pairs, longest first, in place. */
    private void countLengths() {
        if (lengths.length < runInts) {
            lengths = new int[runInts]; // at most one pair per run
        }
        final int[] pairs = lengths; // a linear search, as a cluster has few distinct lengths
        int distinct = 0;
        for (int i = 1; i < runInts; i += 2) {
            int k = 0;
            while (k < distinct && pairs[k] != runs[i]) {
                k += 2;
            }
            if (k == distinct) {
                pairs[k] = runs[i];
                pairs[k + 1] = 0;
                distinct += 2;
            }
            pairs[k + 1]++;
        }
        for (int i = 2; i < distinct; i += 2) { // insertion sort, longest first
            for (int k = i; k > 0 && pairs[k - 2] < pairs[k]; k -= 2) {
                final int length = pairs[k];
                final int count = pairs[k + 1];
                pairs[k] = pairs[k - 2];
                pairs[k + 1] = pairs[k - 1];
                pairs[k - 2] = length;
                pairs[k - 1] = count;
            }
        }
        lengthInts = distinct;
    }
}
